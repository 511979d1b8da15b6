import SwiftRLCore
import SwiftRLNN

/// The learner of Twin Delayed DDPG (Fujimoto et al., 2018, "Addressing Function Approximation Error
/// in Actor-Critic Methods", arXiv:1802.09477).
///
/// Implementation details, in the order of an update:
/// 1. Critics: `y = r + γ(1 − terminated) min Q′ᵢ(s′, a′)`, with target policy smoothing
///    `a′ = clip(μ′(s′) + clip(N(0, σ), −c, c), −1, 1)`; each critic takes one Adam step on
///    ½·mean((Qᵢ(s, a) − y)²).
/// 2. Every `policy_delay` updates: one Adam step of the actor on −mean Q₁(s, μ(s)), then Polyak
///    averaging of the target actor and both target critics.
/// Exploration adds noise to μ(s) (Gaussian with standard deviation `exploration_noise` by default,
/// or Ornstein–Uhlenbeck) and clips to [-1, 1].
///
/// With two or more threads an update runs in parallel phases of two jobs, job `i` touching critic
/// `i` so that each critic stays in one core's cache: (1) the target actor at s′ with the smoothing
/// noise, beside the actor at s when it learns in this update; (2) target critic `i` at (s′, a′) and
/// critic `i` at (s, a); (3) critic `i`'s Adam step. The actor's step follows on the calling thread,
/// then the Polyak updates run side by side. The smoothing noise is drawn by the calling thread in
/// the order of the steps above, so results are bit-identical whatever the thread count.
public final class TD3Agent: OffPolicyAgent, @unchecked Sendable {
    /// The configuration it was made with.
    public let configuration: TD3Configuration
    public let observationDimension: Int
    public let actionDimension: Int
    /// The deterministic policy μ (tanh output).
    public let actor: TrainableMLP
    /// The target policy μ′.
    public internal(set) var targetActor: MLP
    let critics: TwinCritics
    /// Updates applied so far.
    public internal(set) var updateCount = 0
    var latestActorLoss: Float = 0
    var explorationNoise: ExplorationNoise

    private let pool: ThreadPool
    private let targetActorWorkspace: MLPWorkspace
    /// The smoothed target actions a′; the actor's actions μ(s).
    private let smoothing: UnsafeMutablePointer<Float>
    private let actions: UnsafeMutablePointer<Float>
    private let values: UnsafeMutablePointer<Float>
    private let criticLosses: UnsafeMutablePointer<Float>
    private let actionGradients: UnsafeMutablePointer<Float>

    /// Creates a freshly initialized agent.
    public init(observationDimension: Int, actionDimension: Int, configuration: TD3Configuration,
                pool: ThreadPool = .shared, generator: inout RandomGenerator) {
        self.configuration = configuration
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        let architecture = MLPArchitecture(
            inputSize: observationDimension, hiddenSizes: configuration.actor.hiddenSizes,
            outputSize: actionDimension, hiddenActivation: configuration.actor.activation, outputActivation: .tanh)
        actor = TrainableMLP(
            architecture: architecture, batchCapacity: configuration.batchSize,
            optimizer: configuration.optimizer.adam(learningRate: configuration.actor.learningRate),
            maximumGradientNorm: configuration.actor.maxGradientNorm, generator: &generator)
        targetActor = actor.network
        explorationNoise = ExplorationNoise(
            kind: configuration.explorationNoiseType, scale: configuration.explorationNoise,
            theta: configuration.explorationNoiseTheta, dimension: actionDimension)
        critics = TwinCritics(
            observationDimension: observationDimension, actionDimension: actionDimension,
            batchCapacity: configuration.batchSize, configuration: configuration.critic,
            optimizer: configuration.optimizer, generator: &generator)
        self.pool = pool
        targetActorWorkspace = MLPWorkspace(architecture: architecture, capacity: configuration.batchSize)
        let batchActions = configuration.batchSize * actionDimension
        smoothing = .allocateZeroed(batchActions)
        actions = .allocate(capacity: batchActions)
        criticLosses = .allocateZeroed(2)
        values = .allocate(capacity: configuration.batchSize)
        actionGradients = .allocate(capacity: batchActions)
    }

    deinit {
        [smoothing, actions, values, criticLosses, actionGradients].forEach { $0.deallocate() }
    }

    public func explorationAction(for observation: [Float], into action: inout [Float], generator: inout RandomGenerator) {
        deterministicAction(for: observation, into: &action)
        for index in 0..<actionDimension {
            action[index] = min(max(action[index] + explorationNoise.sample(index, generator: &generator), -1), 1)
        }
    }

    public func episodeDidEnd() {
        explorationNoise.reset()
    }

    /// `μ(s)`, with the actor evaluated as deployed (``SwiftRLNN/MLP/deployedOutput(_:into:)``), so
    /// evaluation during training gives the bits of the exported policy.
    public func deterministicAction(for observation: [Float], into action: inout [Float]) {
        action.withUnsafeMutableBufferPointer { actor.network.deployedOutput(observation, into: $0.baseAddress!) }
    }

    public func policy(actionLow: [Float], actionHigh: [Float]) -> DeterministicPolicy {
        DeterministicPolicy(network: Sequential(actor.network), squashing: .none, actionLow: actionLow, actionHigh: actionHigh)
    }

    public func update(batch: ReplayBatch, generator: inout RandomGenerator) -> UpdateMetrics {
        let size = batch.size
        let updatesActor = (updateCount + 1) % configuration.policyDelay == 0
        critics.setInputs(.replayed, observations: batch.observations, actions: batch.actions, batchSize: size)
        pool.run(count: updatesActor ? 2 : 1) { job in
            // Job 0 runs on the calling thread, the only one that touches `generator`.
            if job == 0 { smoothTargetActions(at: batch.nextObservations, size: size, generator: &generator) }
            else { forwardActor(at: batch.observations, size: size) }
        }
        pool.run(count: 2) { index in
            critics.forwardTarget(index, batchSize: size)
            critics.forwardReplayed(index, batchSize: size)
        }
        critics.minimumTargetValue(batchSize: size, into: values)
        for row in 0..<size {
            values[row] = batch.rewards[row] + configuration.gamma * (1 - batch.terminals[row]) * values[row]
        }
        pool.run(count: 2) { index in criticLosses[index] = critics.learn(index, targetValues: values, batchSize: size) }
        updateCount += 1
        if updatesActor {
            latestActorLoss = updateActor(batch: batch)
            pool.run(count: 3) { index in
                if index < 2 {
                    critics.updateTarget(index, keep: configuration.polyak)
                } else {
                    ParameterVector.polyakAverage(target: &targetActor.parameters, source: actor.network.parameters,
                                                  keep: configuration.polyak)
                }
            }
        }
        return UpdateMetrics(criticLoss: criticLosses[0] + criticLosses[1], actorLoss: latestActorLoss)
    }

    /// a′ = clip(μ′(s′) + clip(N(0, σ), −c, c), −1, 1), as the critics' ``TwinCritics/Inputs/next`` inputs.
    private func smoothTargetActions(at observations: UnsafePointer<Float>, size: Int, generator: inout RandomGenerator) {
        targetActor.forward(observations, batchSize: size, workspace: targetActorWorkspace)
        let smoothed = targetActorWorkspace.output, noiseClip = configuration.targetNoiseClip
        generator.fillNormals(smoothing, count: size * actionDimension)
        for index in 0..<(size * actionDimension) {
            let noise = min(max(configuration.targetNoise * smoothing[index], -noiseClip), noiseClip)
            smoothing[index] = min(max(smoothed[index] + noise, -1), 1)
        }
        critics.setInputs(.next, observations: observations, actions: smoothing, batchSize: size)
    }

    /// The actor at s, as the critics' ``TwinCritics/Inputs/policy`` inputs.
    private func forwardActor(at observations: UnsafePointer<Float>, size: Int) {
        actions.update(from: actor.forward(observations, batchSize: size), count: size * actionDimension)
        critics.setInputs(.policy, observations: observations, actions: actions, batchSize: size)
    }

    /// The actor's Adam step on −mean Q₁(s, μ(s)); returns the loss.
    private func updateActor(batch: ReplayBatch) -> Float {
        let size = batch.size, count = size * actionDimension
        critics.valueAndInputGradient(0, batchSize: size, pool: pool)
        critics.followedValue(useMinimum: false, batchSize: size, values: values, actionGradients: actionGradients)
        var loss: Float = 0
        for row in 0..<size { loss -= values[row] }
        // A non-finite loss or gradient stops training (the caller checks the loss, reported as NaN
        // when a gradient is not finite): the weights are left as they are.
        if loss.isFinite {
            let scale = -1 / Float(size)
            for index in 0..<count { actionGradients[index] *= scale }
            actor.backward(outputGradient: actionGradients, pool: pool)
            if !actor.applyGradients() { loss = .nan }
        }
        return loss / Float(size)
    }
}
