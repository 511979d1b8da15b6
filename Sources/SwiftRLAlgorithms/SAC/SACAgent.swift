import Foundation
import SwiftRLCore
import SwiftRLNN

/// The learner of Soft Actor-Critic (Haarnoja et al., 2018, "Soft Actor-Critic Algorithms and
/// Applications", arXiv:1812.05905).
///
/// Implementation details, in the order of an update:
/// 1. Critics: `y = r + γ(1 − terminated)(min Q′ᵢ(s′, a′) − α log π(a′|s′))` with `a′ ~ π(·|s′)` from
///    the current actor; each critic takes one Adam step on ½·mean((Qᵢ(s, a) − y)²).
/// 2. Actor: one Adam step on mean(α log π(ã|s) − min Qᵢ(s, ã)) with `ã` reparameterized, using the
///    freshly updated critics.
/// 3. Entropy coefficient: one Adam step on log α with gradient −mean(log π(ã|s) + H̄) (H̄ = −|A| by default).
/// 4. Target critics: Polyak averaging.
/// The deterministic action is `tanh(μ(s))`. Two cores run the twin critics' passes in parallel and
/// split the batch rows of the actor's passes.
public final class SACAgent: OffPolicyAgent, @unchecked Sendable {
    /// The configuration it was made with.
    public let configuration: SACConfiguration
    public let observationDimension: Int
    public let actionDimension: Int
    /// The policy network: outputs `[μ₁…μₙ, σ̃₁…σ̃ₙ]`.
    public let actor: TrainableMLP
    let critics: TwinCritics
    /// The entropy target H̄.
    public let targetEntropy: Float
    /// log α, as a one-element parameter vector for its optimizer.
    var logEntropyCoefficient: [Float]
    private var entropyGradient: [Float] = [0]
    var entropyOptimizer: Adam

    private let actingWorkspace: MLPWorkspace
    private let scratch: Scratch
    private let pool: ThreadPool

    /// Creates a freshly initialized agent.
    public init(observationDimension: Int, actionDimension: Int, configuration: SACConfiguration,
                pool: ThreadPool = .shared, generator: inout RandomGenerator) {
        self.configuration = configuration
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        let architecture = MLPArchitecture(
            inputSize: observationDimension, hiddenSizes: configuration.actor.hiddenSizes,
            outputSize: 2 * actionDimension, hiddenActivation: configuration.actor.activation)
        actor = TrainableMLP(
            architecture: architecture, batchCapacity: configuration.batchSize,
            optimizer: configuration.optimizer.adam(learningRate: configuration.actor.learningRate),
            maximumGradientNorm: configuration.actor.maxGradientNorm, generator: &generator)
        critics = TwinCritics(
            observationDimension: observationDimension, actionDimension: actionDimension,
            batchCapacity: configuration.batchSize, configuration: configuration.critic,
            optimizer: configuration.optimizer, pool: pool, generator: &generator)
        targetEntropy = configuration.targetEntropy ?? -Float(actionDimension)
        logEntropyCoefficient = [Foundation.log(configuration.initialEntropyCoefficient)]
        entropyOptimizer = Adam(parameterCount: 1, configuration: configuration.optimizer.adam(
            learningRate: configuration.entropyLearningRate))
        actingWorkspace = MLPWorkspace(architecture: architecture, capacity: 1)
        scratch = Scratch(batchSize: configuration.batchSize, actionDimension: actionDimension,
                          logStdMin: configuration.logStdMin, logStdMax: configuration.logStdMax)
        self.pool = pool
    }

    /// The entropy coefficient α.
    public var entropyCoefficient: Float { Foundation.exp(logEntropyCoefficient[0]) }

    public func explorationAction(for observation: [Float], into action: inout [Float], generator: inout RandomGenerator) {
        actor.network.forward(observation, batchSize: 1, workspace: actingWorkspace)
        let policy = scratch.policy
        policy.sample(actorOutput: actingWorkspace.output, rows: 1, generator: &generator)
        for index in 0..<actionDimension { action[index] = policy.actions[index] }
    }

    /// `tanh(μ(s))`, with the actor evaluated as deployed (``SwiftRLNN/MLP/deployedOutput(_:into:)``), so
    /// evaluation during training gives the bits of the exported policy.
    public func deterministicAction(for observation: [Float], into action: inout [Float]) {
        let output = scratch.deployedOutput
        actor.network.deployedOutput(observation, into: output)
        for index in 0..<actionDimension { action[index] = Foundation.tanh(output[index]) }
    }

    public func policy(actionLow: [Float], actionHigh: [Float]) -> DeterministicPolicy {
        DeterministicPolicy(network: actor.network, squashing: .tanhOfMean, actionLow: actionLow, actionHigh: actionHigh)
    }

    public func update(batch: ReplayBatch, generator: inout RandomGenerator) -> UpdateMetrics {
        let alpha = entropyCoefficient
        let criticLoss = updateCritics(batch: batch, alpha: alpha, generator: &generator)
        let (actorLoss, meanLogProbability) = updateActor(batch: batch, alpha: alpha, generator: &generator)
        if configuration.adaptiveEntropy && meanLogProbability.isFinite {
            entropyGradient[0] = -(meanLogProbability + targetEntropy)
            entropyOptimizer.update(&logEntropyCoefficient, gradients: entropyGradient)
        }
        critics.updateTargets(keep: configuration.polyak)
        return UpdateMetrics(criticLoss: criticLoss, actorLoss: actorLoss, entropyCoefficient: alpha)
    }

    private func updateCritics(batch: ReplayBatch, alpha: Float, generator: inout RandomGenerator) -> Float {
        let size = batch.size, s = scratch, policy = s.policy
        let output = actor.forward(batch.nextObservations, batchSize: size, pool: pool)
        policy.sample(actorOutput: output, rows: size, generator: &generator)
        critics.minimumTargetValue(observations: batch.nextObservations, actions: policy.actions,
                                   batchSize: size, into: s.values)
        let gamma = configuration.gamma
        for row in 0..<size {
            let softValue = s.values[row] - alpha * policy.logProbabilities[row]
            s.targets[row] = batch.rewards[row] + gamma * (1 - batch.terminals[row]) * softValue
        }
        return critics.update(observations: batch.observations, actions: batch.actions, targetValues: s.targets,
                              batchSize: size)
    }

    private func updateActor(batch: ReplayBatch, alpha: Float, generator: inout RandomGenerator) -> (loss: Float, meanLogProbability: Float) {
        let size = batch.size, ad = actionDimension, s = scratch, policy = s.policy
        let output = actor.forward(batch.observations, batchSize: size, pool: pool)
        policy.sample(actorOutput: output, rows: size, generator: &generator)
        critics.valueAndActionGradient(observations: batch.observations, actions: policy.actions, batchSize: size,
                                       useMinimum: true, values: s.values, actionGradients: s.actionGradients)
        var loss: Float = 0, logProbabilitySum: Float = 0
        let scale = 1 / Float(size)
        let logStdMin = configuration.logStdMin, logStdMax = configuration.logStdMax
        for row in 0..<size {
            loss += alpha * policy.logProbabilities[row] - s.values[row]
            logProbabilitySum += policy.logProbabilities[row]
            for i in 0..<ad {
                let gradients = SACActorGradient.outputGradients(
                    action: policy.actions[row * ad + i], actionGradient: s.actionGradients[row * ad + i],
                    noise: policy.noise[row * ad + i], rawLogStd: output[row * 2 * ad + ad + i],
                    standardDeviation: policy.standardDeviations[row * ad + i],
                    alpha: alpha, scale: scale, logStdMin: logStdMin, logStdMax: logStdMax)
                s.outputGradients[row * 2 * ad + i] = gradients.mean
                s.outputGradients[row * 2 * ad + ad + i] = gradients.logStd
            }
        }
        // A non-finite loss stops training (the caller checks it): leave the weights as they are.
        if loss.isFinite {
            actor.backward(outputGradient: s.outputGradients, pool: pool)
            actor.applyGradients()
        }
        return (loss * scale, logProbabilitySum * scale)
    }
}

extension SACAgent {
    /// Per-update buffers, allocated once.
    final class Scratch: @unchecked Sendable {
        /// Samples of the policy and their log-probabilities.
        let policy: SquashedGaussian
        let values: UnsafeMutablePointer<Float>
        let targets: UnsafeMutablePointer<Float>
        let actionGradients: UnsafeMutablePointer<Float>
        let outputGradients: UnsafeMutablePointer<Float>
        /// One observation's actor output, for deterministic actions.
        let deployedOutput: UnsafeMutablePointer<Float>

        init(batchSize: Int, actionDimension: Int, logStdMin: Float, logStdMax: Float) {
            policy = SquashedGaussian(dimensions: actionDimension, capacity: batchSize,
                                      logStdMin: logStdMin, logStdMax: logStdMax)
            values = .allocateZeroed(batchSize)
            targets = .allocateZeroed(batchSize)
            actionGradients = .allocateZeroed(batchSize * actionDimension)
            outputGradients = .allocateZeroed(batchSize * 2 * actionDimension)
            deployedOutput = .allocateZeroed(2 * actionDimension)
        }

        deinit {
            policy.deallocate()
            [values, targets, actionGradients, outputGradients, deployedOutput].forEach { $0.deallocate() }
        }
    }
}
