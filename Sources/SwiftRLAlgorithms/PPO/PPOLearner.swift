import SwiftRLCore
import SwiftRLNN

/// The learning half of PPO (Schulman et al., 2017, "Proximal Policy Optimization Algorithms"): the
/// actor and critic, the distribution's free parameters, Adam, and the normalization statistics. It
/// takes ``RolloutBatch``es and publishes ``PolicyParameters``.
///
/// Implementation details, in CleanRL's manner:
/// 1. Separate actor and critic networks, each with its own Adam moments, one learning rate.
/// 2. Values and GAE(λ) computed once per rollout; truncated steps bootstrap with γ·V(final observation).
/// 3. Each epoch shuffles the rollout (the learner's generator) into minibatches of `batch_size`;
///    a remainder smaller than a minibatch is left out of that epoch.
/// 4. Advantages standardized per minibatch (unbiased std + 1e-8) when `normalize_advantages`.
/// 5. Clipped surrogate objective; value loss mean((V − R)²), optionally clipped around the rollout's
///    values; entropy bonus; total loss = policy − c_ent·H + c_v·value.
/// 6. One gradient norm over both networks and the log std, clipped to `max_grad_norm`.
/// 7. `target_kl` with the approximate KL mean((r − 1) − log r) per minibatch: early stop (checked
///    before the step, as Stable-Baselines3) or an adaptive learning rate.
/// 8. Observation statistics updated from each rollout's raw observations after its update, so the
///    rollout and its update see the same normalization; reward scaling as `VecNormalize`.
public final class PPOLearner: @unchecked Sendable {
    /// The hyperparameters.
    public let configuration: PPOConfiguration
    /// The action distribution.
    public let distribution: any ActionDistribution
    /// The policy network.
    public let actor: TrainableMLP
    /// The value network.
    public let critic: TrainableMLP
    /// The distribution's state-independent parameters (log std) and their optimizer.
    public internal(set) var free: [Float]
    var freeOptimizer: Adam
    /// The learning rate in force (changes with annealing or the adaptive KL rule).
    public internal(set) var learningRate: Float
    /// The version of the parameters published last.
    public internal(set) var version = 0
    /// Observation statistics (nil unless `normalize_observations`).
    public internal(set) var observationStatistics: RunningStatistics?
    /// Discounted-return statistics and each environment's running discounted return (reward scaling).
    public internal(set) var returnStatistics: RunningStatistics?
    var discountedReturns: [Double]
    /// Its random stream (minibatch shuffling).
    public internal(set) var generator: RandomGenerator
    /// Updates applied (one per rollout).
    public internal(set) var updates = 0

    private let pool: ThreadPool
    private let rollout: RolloutAdvantages
    private let minibatch: PPOMinibatch
    private var freeGradients: [Float]
    private var accumulated: (actor: [Float], critic: [Float], free: [Float])
    private var scaledRewards: [Float]
    private var permutation: [Int]

    init(configuration: PPOConfiguration, distribution: any ActionDistribution, observationDimension: Int,
         pool: ThreadPool, generator: inout RandomGenerator) {
        self.configuration = configuration
        self.distribution = distribution
        self.pool = pool
        let c = configuration
        let adam = c.optimizer.adam(learningRate: c.learningRate)
        let actorShape = MLPArchitecture(inputSize: observationDimension, hiddenSizes: c.actor.hiddenSizes,
                                         outputSize: distribution.inputDimension, hiddenActivation: c.actor.activation)
        let criticShape = MLPArchitecture(inputSize: observationDimension, hiddenSizes: c.critic.hiddenSizes,
                                          outputSize: 1, hiddenActivation: c.critic.activation)
        actor = TrainableMLP(architecture: actorShape, batchCapacity: c.batchSize, optimizer: adam, generator: &generator)
        critic = TrainableMLP(architecture: criticShape, batchCapacity: c.batchSize, optimizer: adam, generator: &generator)
        free = distribution.initialFreeParameters()
        freeOptimizer = Adam(parameterCount: free.count, configuration: adam)
        freeGradients = .init(repeating: 0, count: free.count)
        learningRate = c.learningRate
        observationStatistics = c.normalizeObservations ? RunningStatistics(dimension: observationDimension) : nil
        returnStatistics = c.normalizeRewards ? RunningStatistics(dimension: 1) : nil
        discountedReturns = .init(repeating: 0, count: c.numEnvs)
        self.generator = generator.split()
        rollout = RolloutAdvantages(capacity: c.rolloutSize, environments: c.numEnvs,
                                    observationDimension: observationDimension, critic: criticShape)
        minibatch = PPOMinibatch(capacity: c.batchSize, observationDimension: observationDimension,
                                 actionDimension: distribution.actionDimension, distributionInputs: distribution.inputDimension)
        accumulated = ([], [], [])
        scaledRewards = .init(repeating: 0, count: c.rolloutSize)
        permutation = Array(0..<c.rolloutSize)
    }

    /// The policy a collector should act with now.
    public var parameters: PolicyParameters {
        PolicyParameters(version: version, actor: actor.network.parameters, free: free,
                         normalization: observationStatistics?.normalization())
    }

    /// Learns from one rollout collected with the current ``parameters``, then publishes the next version.
    /// - Parameter fractionRemaining: the share of the run still to come, for learning-rate annealing.
    /// - Returns: the update's losses and monitors.
    /// - Throws: ``TrainingError/invalidRollout(reason:)`` for a batch of another shape or policy
    ///   version (PPO learns on-policy) or with impossible values, before anything changes;
    ///   ``TrainingError/nonFiniteLoss(step:loss:)`` (with `step` 0; the caller knows the step) when a
    ///   loss becomes NaN or infinite, the networks then left as before that minibatch.
    public func learn(from batch: RolloutBatch, fractionRemaining: Float) throws(TrainingError) -> NamedMetrics {
        guard batch.policyVersion == version else {
            throw .invalidRollout(reason: "collected with policy version \(batch.policyVersion), the learner is at \(version)")
        }
        guard batch.environments == configuration.numEnvs, batch.steps == configuration.stepsPerEnv,
              batch.observationDimension == actor.architecture.inputSize,
              batch.actionDimension == distribution.actionDimension else {
            throw .invalidRollout(reason: "\(batch.environments) environments × \(batch.steps) steps of "
                + "\(batch.observationDimension) observations and \(batch.actionDimension) actions, expected "
                + "\(configuration.numEnvs) × \(configuration.stepsPerEnv) of \(actor.architecture.inputSize) and "
                + "\(distribution.actionDimension)")
        }
        try batch.validate(distribution: distribution)
        let c = configuration
        if c.annealLearningRate { learningRate = c.learningRate * max(fractionRemaining, 0) }
        scaleRewards(batch)
        rollout.compute(from: batch, rewards: scaledRewards, critic: critic.network,
                        normalization: observationStatistics?.normalization(), gamma: c.gamma, lambda: c.gaeLambda, pool: pool)
        var statistics = PPOUpdateStatistics()
        let minibatchCount = batch.transitionCount / c.batchSize
        epochs: for _ in 0..<c.epochs {
            shuffle()
            if c.accumulateGradients { resetAccumulation() }
            for index in 0..<minibatchCount {
                let rows = permutation[(index * c.batchSize)..<((index + 1) * c.batchSize)]
                let result = try step(rows: rows, batch: batch)
                statistics.add(result)
                if let target = c.targetKL, c.klMode == .earlyStop, result.approximateKL > 1.5 * Double(target) {
                    break epochs
                }
                if c.accumulateGradients { accumulate() } else { try applyGradients(scale: 1) }
                if let target = c.targetKL, c.klMode == .adaptiveLearningRate { adapt(to: result.approximateKL, target: target) }
            }
            if c.accumulateGradients { try applyAccumulated(minibatches: minibatchCount) }
        }
        batch.observations.withUnsafeBufferPointer {
            observationStatistics?.update($0.baseAddress!, rows: batch.transitionCount)
        }
        version += 1
        updates += 1
        return statistics.metrics(learningRate: learningRate, free: free, distribution: distribution,
                                  explainedVariance: rollout.explainedVariance(count: batch.transitionCount))
    }

    /// Rewards divided by the running std of the discounted return, clipped to ±10 (or as they are).
    private func scaleRewards(_ batch: RolloutBatch) {
        guard var statistics = returnStatistics else {
            scaledRewards = batch.rewards
            return
        }
        let environments = batch.environments
        var returns = [Float](repeating: 0, count: environments)
        for t in 0..<batch.steps {
            for e in 0..<environments {
                discountedReturns[e] = discountedReturns[e] * Double(configuration.gamma) + Double(batch.rewards[t * environments + e])
                returns[e] = Float(discountedReturns[e])
            }
            returns.withUnsafeBufferPointer { statistics.update($0.baseAddress!, rows: environments) }
            let scale = Float((statistics.variance[0] + 1e-8).squareRoot())
            for e in 0..<environments {
                let index = t * environments + e
                scaledRewards[index] = min(max(batch.rewards[index] / scale, -10), 10)
                if batch.terminated[index] || batch.truncated[index] { discountedReturns[e] = 0 }
            }
        }
        returnStatistics = statistics
    }

    /// A fresh permutation of the rollout's indices (Fisher–Yates from the identity, so that it
    /// depends on the generator alone).
    private func shuffle() {
        for index in permutation.indices { permutation[index] = index }
        for index in stride(from: permutation.count - 1, to: 0, by: -1) {
            permutation.swapAt(index, generator.index(below: index + 1))
        }
    }

    /// Forward and backward passes of one minibatch; leaves the gradients in the networks.
    private func step(rows: ArraySlice<Int>, batch: RolloutBatch) throws(TrainingError) -> PPOMinibatch.Result {
        minibatch.gather(rows: rows, batch: batch, rollout: rollout, normalizeAdvantages: configuration.normalizeAdvantages)
        let result = free.withUnsafeBufferPointer { free in
            freeGradients.withUnsafeMutableBufferPointer { freeGradients in
                minibatch.backward(actor: actor, critic: critic, distribution: distribution, free: free.baseAddress!,
                                   freeGradients: freeGradients.baseAddress!, configuration: configuration, pool: pool)
            }
        }
        guard result.policyLoss.isFinite else { throw .nonFiniteLoss(step: 0, loss: "policy loss") }
        guard result.valueLoss.isFinite else { throw .nonFiniteLoss(step: 0, loss: "value loss") }
        return result
    }

    private func resetAccumulation() {
        accumulated = (.init(repeating: 0, count: actor.gradients.count),
                       .init(repeating: 0, count: critic.gradients.count), .init(repeating: 0, count: free.count))
    }

    private func accumulate() {
        for i in accumulated.actor.indices { accumulated.actor[i] += actor.gradients[i] }
        for i in accumulated.critic.indices { accumulated.critic[i] += critic.gradients[i] }
        for i in accumulated.free.indices { accumulated.free[i] += freeGradients[i] }
    }

    /// One step with the mean of the accumulated minibatch gradients.
    private func applyAccumulated(minibatches: Int) throws(TrainingError) {
        guard minibatches > 0 else { return }
        actor.gradients = accumulated.actor
        critic.gradients = accumulated.critic
        freeGradients = accumulated.free
        try applyGradients(scale: 1 / Float(minibatches))
    }

    /// Scales the gradients, clips their joint norm, and takes one Adam step for each parameter set.
    /// - Throws: ``TrainingError/nonFiniteLoss(step:loss:)`` (step 0) before any step is taken when
    ///   a gradient is NaN or infinite.
    private func applyGradients(scale: Float) throws(TrainingError) {
        var squares = 0.0
        for gradients in [actor.gradients, critic.gradients, freeGradients] {
            for value in gradients {
                let scaled = Double(value * scale)
                squares += scaled * scaled
            }
        }
        guard squares.isFinite else { throw .nonFiniteLoss(step: 0, loss: "gradient of the PPO loss") }
        var factor = scale
        if let maximum = configuration.maxGradNorm {
            let norm = Float(squares.squareRoot())
            if norm > maximum { factor *= maximum / (norm + 1e-6) }
        }
        if factor != 1 {
            for index in actor.gradients.indices { actor.gradients[index] *= factor }
            for index in critic.gradients.indices { critic.gradients[index] *= factor }
            for index in freeGradients.indices { freeGradients[index] *= factor }
        }
        actor.optimizer.configuration.learningRate = learningRate
        critic.optimizer.configuration.learningRate = learningRate
        freeOptimizer.configuration.learningRate = learningRate
        actor.applyGradients()
        critic.applyGradients()
        if !free.isEmpty { freeGradients.withUnsafeBufferPointer { freeOptimizer.update(&free, gradients: $0.baseAddress!) } }
    }

    private func adapt(to kl: Double, target: Float) {
        if kl > 2 * Double(target) {
            learningRate = max(learningRate / 1.5, 1e-5)
        } else if kl < Double(target) / 2 {
            learningRate = min(learningRate * 1.5, 1e-2)
        }
    }
}
