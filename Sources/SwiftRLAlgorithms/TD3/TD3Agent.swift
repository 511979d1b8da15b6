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
/// With two or more threads the target values and the critics' passes at (s, a) (and, when the actor
/// learns, its pass at s) run side by side, then the two critics' Adam steps, then the Polyak
/// updates. The smoothing noise is drawn first, so results are bit-identical to the steps above run
/// one after the other, whatever the thread count.
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
    /// Target-policy smoothing noise, then the actions a′; the actor's actions μ(s).
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
        DeterministicPolicy(network: actor.network, squashing: .none, actionLow: actionLow, actionHigh: actionHigh)
    }

    public func update(batch: ReplayBatch, generator: inout RandomGenerator) -> UpdateMetrics {
        let size = batch.size
        let updatesActor = (updateCount + 1) % configuration.policyDelay == 0
        let noiseClip = configuration.targetNoiseClip
        for index in 0..<(size * actionDimension) {
            smoothing[index] = min(max(configuration.targetNoise * generator.normal(), -noiseClip), noiseClip)
        }
        critics.setInputs(.replayed, observations: batch.observations, actions: batch.actions, batchSize: size)
        pool.run(count: 2) { job in
            if job == 0 { evaluateTargets(batch: batch) } else { forwardAtReplayedStates(batch: batch, actor: updatesActor) }
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

    /// `y = r + γ(1 − terminated) min Q′ᵢ(s′, a′)` into `values`, with the smoothing noise drawn.
    private func evaluateTargets(batch: ReplayBatch) {
        let size = batch.size
        targetActor.forward(batch.nextObservations, batchSize: size, workspace: targetActorWorkspace)
        let smoothed = targetActorWorkspace.output
        for index in 0..<(size * actionDimension) { smoothing[index] = min(max(smoothed[index] + smoothing[index], -1), 1) }
        critics.setInputs(.next, observations: batch.nextObservations, actions: smoothing, batchSize: size)
        critics.forwardTarget(0, batchSize: size)
        critics.forwardTarget(1, batchSize: size)
        critics.minimumTargetValue(batchSize: size, into: values)
        for row in 0..<size {
            values[row] = batch.rewards[row] + configuration.gamma * (1 - batch.terminals[row]) * values[row]
        }
    }

    /// Both critics at (s, a) and, when the actor learns in this update, the actor at s.
    private func forwardAtReplayedStates(batch: ReplayBatch, actor updatesActor: Bool) {
        let size = batch.size
        critics.forwardReplayed(0, batchSize: size)
        critics.forwardReplayed(1, batchSize: size)
        guard updatesActor else { return }
        actions.update(from: actor.forward(batch.observations, batchSize: size), count: size * actionDimension)
        critics.setInputs(.policy, observations: batch.observations, actions: actions, batchSize: size)
    }

    /// The actor's Adam step on −mean Q₁(s, μ(s)); returns the loss.
    private func updateActor(batch: ReplayBatch) -> Float {
        let size = batch.size, count = size * actionDimension
        critics.valueAndInputGradient(0, batchSize: size, pool: pool)
        critics.followedValue(useMinimum: false, batchSize: size, values: values, actionGradients: actionGradients)
        var loss: Float = 0
        for row in 0..<size { loss -= values[row] }
        // A non-finite loss stops training (the caller checks it): leave the weights as they are.
        if loss.isFinite {
            let scale = -1 / Float(size)
            for index in 0..<count { actionGradients[index] *= scale }
            actor.backward(outputGradient: actionGradients, pool: pool)
            actor.applyGradients()
        }
        return loss / Float(size)
    }
}
