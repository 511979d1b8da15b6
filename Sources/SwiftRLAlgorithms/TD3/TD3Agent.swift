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
    private let actions: UnsafeMutablePointer<Float>
    private let values: UnsafeMutablePointer<Float>
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
            optimizer: configuration.optimizer, pool: pool, generator: &generator)
        self.pool = pool
        targetActorWorkspace = MLPWorkspace(architecture: architecture, capacity: configuration.batchSize)
        let batchActions = configuration.batchSize * actionDimension
        actions = .allocate(capacity: batchActions)
        values = .allocate(capacity: configuration.batchSize)
        actionGradients = .allocate(capacity: batchActions)
    }

    deinit {
        [actions, values, actionGradients].forEach { $0.deallocate() }
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
        let criticLoss = updateCritics(batch: batch, generator: &generator)
        updateCount += 1
        if updateCount % configuration.policyDelay == 0 {
            latestActorLoss = updateActor(batch: batch)
            ParameterVector.polyakAverage(target: &targetActor.parameters, source: actor.network.parameters,
                                          keep: configuration.polyak)
            critics.updateTargets(keep: configuration.polyak)
        }
        return UpdateMetrics(criticLoss: criticLoss, actorLoss: latestActorLoss)
    }

    private func updateCritics(batch: ReplayBatch, generator: inout RandomGenerator) -> Float {
        let size = batch.size, count = size * actionDimension
        targetActor.forward(batch.nextObservations, batchSize: size, workspace: targetActorWorkspace, pool: pool)
        let smoothed = targetActorWorkspace.output
        let noiseClip = configuration.targetNoiseClip
        for index in 0..<count {
            let noise = min(max(configuration.targetNoise * generator.normal(), -noiseClip), noiseClip)
            actions[index] = min(max(smoothed[index] + noise, -1), 1)
        }
        critics.minimumTargetValue(observations: batch.nextObservations, actions: actions, batchSize: size, into: values)
        for row in 0..<size {
            values[row] = batch.rewards[row] + configuration.gamma * (1 - batch.terminals[row]) * values[row]
        }
        return critics.update(observations: batch.observations, actions: batch.actions, targetValues: values,
                              batchSize: size)
    }

    private func updateActor(batch: ReplayBatch) -> Float {
        let size = batch.size, count = size * actionDimension
        let output = actor.forward(batch.observations, batchSize: size, pool: pool)
        actions.update(from: output, count: count)
        critics.valueAndActionGradient(observations: batch.observations, actions: actions, batchSize: size,
                                       useMinimum: false, values: values, actionGradients: actionGradients)
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
