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
/// 8. With `recurrent`, an LSTM or GRU layer in front of each network (rl8's `RecurrentTrainer`):
///    each environment's rollout is cut into `seq_len`-step chunks, minibatches are whole chunks, each
///    learned from the state it started with, with backpropagation through time within it. The
///    critic's state carries over from rollout to rollout in the learner (``criticStates``). With
///    `shared_memory`, the critic reads the actor's layer instead (rl8's models), which then learns
///    from the sum of both networks' gradients, and the critic has no state of its own.
/// 9. Observation statistics updated from each rollout's raw observations after its update, so the
///    rollout and its update see the same normalization; reward scaling as `VecNormalize`.
public final class PPOLearner: @unchecked Sendable {
    /// The hyperparameters.
    public let configuration: PPOConfiguration
    /// The action distribution.
    public let distribution: any ActionDistribution
    /// The policy network (the configuration's MLP, or a ``PPOModel``'s actor).
    public let actor: TrainableSequential
    /// The value network (the configuration's MLP, or a ``PPOModel``'s critic).
    public let critic: TrainableSequential
    /// The recurrent layers in front of the actor and the critic (nil unless `recurrent`; the
    /// critic's nil too with `shared_memory`, the critic then reading the actor's).
    public let actorMemory: TrainableRecurrentLayer?
    public let criticMemory: TrainableRecurrentLayer?
    /// The critic's recurrent state per environment after the last rollout (`environments × stateWidth`;
    /// empty unless the critic has its own recurrent layer).
    public internal(set) var criticStates: [Float]
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
    private let sequences: RolloutSequences?
    private var freeGradients: [Float]
    private var accumulated: (trainables: [[Float]], free: [Float])
    private var scaledRewards: [Float]
    private var permutation: [Int]

    /// A learner with `model`'s networks, or the configuration's MLPs when it is nil.
    /// - Throws: ``SwiftRLNN/NetworkShapeError`` when `model` does not fit the observations and the distribution.
    init(configuration: PPOConfiguration, distribution: any ActionDistribution, model: PPOModel?, observationDimension: Int,
         pool: ThreadPool, generator: inout RandomGenerator) throws(NetworkShapeError) {
        self.configuration = configuration
        self.distribution = distribution
        self.pool = pool
        let c = configuration
        let adam = c.optimizer.adam(learningRate: c.learningRate)
        let memory = c.memoryShape(observationDimension: observationDimension)
        let features = memory?.hiddenSize ?? observationDimension
        actorMemory = memory.map { TrainableRecurrentLayer(shape: $0, capacity: c.batchSize, optimizer: adam, generator: &generator) }
        let actorNetwork = if let model {
            try model.makeActor(inputs: features, outputs: distribution.inputDimension, generator: &generator)
        } else {
            Sequential(MLP(architecture: c.actorArchitecture(observationDimension: observationDimension, distribution: distribution),
                           generator: &generator))
        }
        actor = TrainableSequential(actorNetwork, capacity: c.batchSize, optimizer: adam)
        let criticMemoryShape = c.sharedMemory ? nil : memory
        criticMemory = criticMemoryShape.map {
            TrainableRecurrentLayer(shape: $0, capacity: c.batchSize, optimizer: adam, generator: &generator)
        }
        let criticNetwork = if let model {
            try model.makeCritic(inputs: features, generator: &generator)
        } else {
            Sequential(MLP(architecture: MLPArchitecture(inputSize: features, hiddenSizes: c.critic.hiddenSizes, outputSize: 1,
                                                         hiddenActivation: c.critic.activation),
                           generator: &generator))
        }
        critic = TrainableSequential(criticNetwork, capacity: c.batchSize, optimizer: adam)
        criticStates = .init(repeating: 0, count: c.numEnvs * (criticMemoryShape?.stateWidth ?? 0))
        sequences = memory.map {
            RolloutSequences(shape: $0, separateCritic: criticMemoryShape != nil, environments: c.numEnvs, steps: c.stepsPerEnv,
                             sequenceLength: c.seqLen)
        }
        free = distribution.initialFreeParameters()
        freeOptimizer = Adam(parameterCount: free.count, configuration: adam)
        freeGradients = .init(repeating: 0, count: free.count)
        learningRate = c.learningRate
        observationStatistics = c.normalizeObservations ? RunningStatistics(dimension: observationDimension) : nil
        returnStatistics = c.normalizeRewards ? RunningStatistics(dimension: 1) : nil
        discountedReturns = .init(repeating: 0, count: c.numEnvs)
        self.generator = generator.split()
        rollout = RolloutAdvantages(capacity: c.rolloutSize, environments: c.numEnvs,
                                    observationDimension: observationDimension, critic: criticNetwork,
                                    threads: pool.threadCount)
        minibatch = PPOMinibatch(capacity: c.batchSize, observationDimension: observationDimension,
                                 actionDimension: distribution.actionDimension, distributionInputs: distribution.inputDimension,
                                 memory: memory, criticMemory: criticMemoryShape)
        accumulated = ([], [])
        scaledRewards = .init(repeating: 0, count: c.rolloutSize)
        permutation = Array(0..<(sequences?.chunkCount ?? c.rolloutSize))
    }

    /// The policy a collector should act with now.
    public var parameters: PolicyParameters {
        PolicyParameters(version: version, actor: actor.network.parameters, free: free,
                         normalization: observationStatistics?.normalization(), memory: actorMemory?.layer.parameters ?? [])
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
              batch.observationDimension == observationDimension,
              batch.actionDimension == distribution.actionDimension else {
            throw .invalidRollout(reason: "\(batch.environments) environments × \(batch.steps) steps of "
                + "\(batch.observationDimension) observations and \(batch.actionDimension) actions, expected "
                + "\(configuration.numEnvs) × \(configuration.stepsPerEnv) of \(observationDimension) and "
                + "\(distribution.actionDimension)")
        }
        try batch.validate(distribution: distribution, stateWidth: actorMemory?.shape.stateWidth ?? 0)
        let c = configuration
        if c.annealLearningRate { learningRate = c.learningRate * max(fractionRemaining, 0) }
        let clipRange = c.annealClipRange ? c.clipRange * max(fractionRemaining, 0) : c.clipRange
        scaleRewards(batch)
        rollout.compute(from: batch, rewards: scaledRewards, critic: critic.network, memories: memories,
                        criticStates: &criticStates, normalization: observationStatistics?.normalization(),
                        gamma: c.gamma, lambda: c.gaeLambda, pool: pool)
        var statistics = PPOUpdateStatistics()
        // Minibatches of transitions, or of whole chunks for a recurrent learner.
        let perMinibatch = sequences == nil ? c.batchSize : c.batchSize / c.seqLen
        let minibatchCount = permutation.count / perMinibatch
        epochs: for _ in 0..<c.epochs {
            shuffle()
            if c.accumulateGradients { resetAccumulation() }
            for index in 0..<minibatchCount {
                let result = try step(permutation[(index * perMinibatch)..<((index + 1) * perMinibatch)], batch: batch,
                                      clipRange: clipRange)
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
        let environments = batch.environments, steps = batch.steps, gamma = Double(configuration.gamma)
        var returns = [Float](repeating: 0, count: environments)
        // The learner's own arrays through pointers: each element access to them cost an exclusivity check.
        discountedReturns.withUnsafeMutableBufferPointer { discounted in
            scaledRewards.withUnsafeMutableBufferPointer { scaled in
                for t in 0..<steps {
                    for e in 0..<environments {
                        discounted[e] = discounted[e] * gamma + Double(batch.rewards[t * environments + e])
                        returns[e] = Float(discounted[e])
                    }
                    returns.withUnsafeBufferPointer { statistics.update($0.baseAddress!, rows: environments) }
                    let scale = Float((statistics.variance[0] + 1e-8).squareRoot())
                    for e in 0..<environments {
                        let index = t * environments + e
                        scaled[index] = min(max(batch.rewards[index] / scale, -10), 10)
                        if batch.terminated[index] || batch.truncated[index] { discounted[e] = 0 }
                    }
                }
            }
        }
        returnStatistics = statistics
    }

    /// A fresh permutation of the rollout's indices (Fisher–Yates from the identity, so that it
    /// depends on the generator alone).
    private func shuffle() {
        var generator = self.generator
        permutation.withUnsafeMutableBufferPointer { permutation in
            for index in permutation.indices { permutation[index] = index }
            for index in stride(from: permutation.count - 1, to: 0, by: -1) {
                permutation.swapAt(index, generator.index(below: index + 1))
            }
        }
        self.generator = generator
    }

    /// Values per observation.
    var observationDimension: Int { rollout.observationDimension }

    /// The recurrent layers and their passes over the rollout (nil for feed-forward networks).
    private var memories: RolloutAdvantages.Memories? {
        guard let actorMemory, let sequences else { return nil }
        return .init(actor: actorMemory.layer, critic: criticMemory?.layer, sequences: sequences)
    }

    /// Every parameter set with its own optimizer: networks and recurrent layers.
    private var trainables: [any Trainable] { [actor, critic] + [actorMemory, criticMemory].compactMap { $0 } }

    /// Forward and backward passes of one minibatch (transitions `members`, or a recurrent learner's
    /// chunks `members`); leaves the gradients in the networks.
    private func step(_ members: ArraySlice<Int>, batch: RolloutBatch, clipRange: Float) throws(TrainingError) -> PPOMinibatch.Result {
        var rows: PPOMinibatch.Rows?
        if let sequences {
            minibatch.gather(chunks: members, batch: batch, rollout: rollout, sequences: sequences,
                             normalizeAdvantages: configuration.normalizeAdvantages)
        } else {
            rows = .init(indices: members, batch: batch, rollout: rollout, normalizeAdvantages: configuration.normalizeAdvantages)
        }
        let memories = actorMemory.map { (actor: $0, critic: criticMemory) }
        let result = free.withUnsafeBufferPointer { free in
            freeGradients.withUnsafeMutableBufferPointer { freeGradients in
                minibatch.backward(rows: rows, actor: actor, critic: critic, memories: memories, distribution: distribution,
                                   free: free.baseAddress!, clipRange: clipRange,
                                   freeGradients: freeGradients.baseAddress!, configuration: configuration, pool: pool)
            }
        }
        guard result.policyLoss.isFinite else { throw .nonFiniteLoss(step: 0, loss: "policy loss") }
        guard result.valueLoss.isFinite else { throw .nonFiniteLoss(step: 0, loss: "value loss") }
        return result
    }

    private func resetAccumulation() {
        accumulated = (trainables.map { .init(repeating: 0, count: $0.gradients.count) }, .init(repeating: 0, count: free.count))
    }

    private func accumulate() {
        for (set, trainable) in trainables.enumerated() {
            let gradients = trainable.gradients
            for i in accumulated.trainables[set].indices { accumulated.trainables[set][i] += gradients[i] }
        }
        for i in accumulated.free.indices { accumulated.free[i] += freeGradients[i] }
    }

    /// One step with the mean of the accumulated minibatch gradients.
    private func applyAccumulated(minibatches: Int) throws(TrainingError) {
        guard minibatches > 0 else { return }
        for (set, trainable) in trainables.enumerated() { trainable.gradients = accumulated.trainables[set] }
        freeGradients = accumulated.free
        try applyGradients(scale: 1 / Float(minibatches))
    }

    /// Scales the gradients, clips their joint norm, and takes one Adam step for each parameter set.
    /// - Throws: ``TrainingError/nonFiniteLoss(step:loss:)`` (step 0) before any step is taken when
    ///   a gradient is NaN or infinite.
    private func applyGradients(scale: Float) throws(TrainingError) {
        let trainables = self.trainables
        var squares = 0.0
        for gradients in trainables.map(\.gradients) + [freeGradients] {
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
            for trainable in trainables { trainable.scaleGradients(by: factor) }
            for index in freeGradients.indices { freeGradients[index] *= factor }
        }
        freeOptimizer.configuration.learningRate = learningRate
        for trainable in trainables {
            trainable.optimizer.configuration.learningRate = learningRate
            trainable.applyGradients()
        }
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

extension PPOConfiguration {
    /// The recurrent layer in front of each network (nil unless `recurrent`).
    func memoryShape(observationDimension: Int) -> RecurrentShape? {
        recurrent.cell.map { RecurrentShape(cell: $0, inputSize: observationDimension, hiddenSize: hiddenSize) }
    }

    /// The actor network's shape: from the observation (or the recurrent layer's output) to the
    /// inputs of `distribution`.
    package func actorArchitecture(observationDimension: Int, distribution: any ActionDistribution) -> MLPArchitecture {
        MLPArchitecture(inputSize: memoryShape(observationDimension: observationDimension)?.hiddenSize ?? observationDimension,
                        hiddenSizes: actor.hiddenSizes, outputSize: distribution.inputDimension,
                        hiddenActivation: actor.activation)
    }
}
