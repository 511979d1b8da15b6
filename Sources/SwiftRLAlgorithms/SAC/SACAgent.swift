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
/// The deterministic action is `tanh(μ(s))`.
///
/// With two or more threads an update runs in four parallel phases, each a pair of jobs, job `i`
/// touching critic `i` so that each critic stays in one core's cache: (1) the actor at s with its
/// samples ã, beside the actor at s′ with its samples a′ (the actor's weights do not change before
/// step 2, so both passes are the same as in the order above); (2) target critic `i` at (s′, a′) and
/// critic `i` at (s, a); (3) critic `i`'s Adam step; (4) critic `i` at (s, ã) with its action
/// gradient, then its Polyak update (step 4 does not depend on the actor's step). The actor's step
/// follows on the calling thread. The ε at s′ come from a generator split off the run's generator at
/// the start of the update, the ε at s from the run's generator, so that both are drawn in parallel
/// and results are bit-identical whatever the thread count.
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
    /// The actor's pass at s′ (its pass at s stays in `actor.workspace` for the backward pass).
    private let nextWorkspace: MLPWorkspace
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
            optimizer: configuration.optimizer, generator: &generator)
        targetEntropy = configuration.targetEntropy ?? -Float(actionDimension)
        logEntropyCoefficient = [Foundation.log(configuration.initialEntropyCoefficient)]
        entropyOptimizer = Adam(parameterCount: 1, configuration: configuration.optimizer.adam(
            learningRate: configuration.entropyLearningRate))
        actingWorkspace = MLPWorkspace(architecture: architecture, capacity: 1)
        nextWorkspace = MLPWorkspace(architecture: architecture, capacity: configuration.batchSize)
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
        DeterministicPolicy(network: Sequential(actor.network), squashing: .tanhOfMean, actionLow: actionLow, actionHigh: actionHigh)
    }

    public func update(batch: ReplayBatch, generator: inout RandomGenerator) -> UpdateMetrics {
        let alpha = entropyCoefficient, size = batch.size, s = scratch
        var nextGenerator = generator.split()
        critics.setInputs(.replayed, observations: batch.observations, actions: batch.actions, batchSize: size)
        pool.run(count: 2) { job in
            // Job 0 runs on the calling thread, the only one that touches `generator`.
            if job == 0 {
                s.policy.drawNoise(rows: size, generator: &generator)
                samplePolicy(at: batch.observations, size: size)
            } else {
                s.nextPolicy.drawNoise(rows: size, generator: &nextGenerator)
                sampleNextPolicy(at: batch.nextObservations, size: size)
            }
        }
        pool.run(count: 2) { index in
            critics.forwardTarget(index, batchSize: size)
            critics.forwardReplayed(index, batchSize: size)
        }
        softTargets(batch: batch, alpha: alpha)
        pool.run(count: 2) { index in s.criticLosses[index] = critics.learn(index, targetValues: s.targets, batchSize: size) }
        pool.run(count: 2) { index in
            critics.valueAndInputGradient(index, batchSize: size)
            critics.updateTarget(index, keep: configuration.polyak)
        }
        let (actorLoss, meanLogProbability) = updateActor(batch: batch, alpha: alpha)
        if configuration.adaptiveEntropy && meanLogProbability.isFinite {
            entropyGradient[0] = -(meanLogProbability + targetEntropy)
            entropyOptimizer.update(&logEntropyCoefficient, gradients: entropyGradient)
        }
        return UpdateMetrics(criticLoss: s.criticLosses[0] + s.criticLosses[1], actorLoss: actorLoss, entropyCoefficient: alpha)
    }

    /// The actor at s (kept in `actor.workspace` for its backward pass) and its samples ã, as the
    /// critics' ``TwinCritics/Inputs/policy`` inputs.
    private func samplePolicy(at observations: UnsafePointer<Float>, size: Int) {
        let policy = scratch.policy
        policy.evaluate(actorOutput: actor.forward(observations, batchSize: size), rows: size)
        critics.setInputs(.policy, observations: observations, actions: policy.actions, batchSize: size)
    }

    /// The actor at s′ and its samples a′, as the critics' ``TwinCritics/Inputs/next`` inputs.
    private func sampleNextPolicy(at observations: UnsafePointer<Float>, size: Int) {
        let policy = scratch.nextPolicy
        actor.network.forward(observations, batchSize: size, workspace: nextWorkspace)
        policy.evaluate(actorOutput: nextWorkspace.output, rows: size)
        critics.setInputs(.next, observations: observations, actions: policy.actions, batchSize: size)
    }

    /// `y = r + γ(1 − terminated)(min Q′ᵢ(s′, a′) − α log π(a′|s′))` into `scratch.targets`.
    private func softTargets(batch: ReplayBatch, alpha: Float) {
        let s = scratch, gamma = configuration.gamma
        critics.minimumTargetValue(batchSize: batch.size, into: s.targets)
        for row in 0..<batch.size {
            let softValue = s.targets[row] - alpha * s.nextPolicy.logProbabilities[row]
            s.targets[row] = batch.rewards[row] + gamma * (1 - batch.terminals[row]) * softValue
        }
    }

    /// The actor's Adam step on mean(α log π(ã|s) − min Qᵢ(s, ã)), from the passes of phases 1 and 4;
    /// returns the loss and the mean log-probability.
    private func updateActor(batch: ReplayBatch, alpha: Float) -> (loss: Float, meanLogProbability: Float) {
        let size = batch.size, ad = actionDimension, s = scratch, policy = s.policy
        critics.followedValue(useMinimum: true, batchSize: size, values: s.values, actionGradients: s.actionGradients)
        let output = actor.workspace.output
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
        // A non-finite loss or gradient stops training (the caller checks the loss, reported as NaN
        // when a gradient is not finite): the weights are left as they are.
        if loss.isFinite {
            actor.backward(outputGradient: s.outputGradients, pool: pool)
            if !actor.applyGradients() { loss = .nan }
        }
        return (loss * scale, logProbabilitySum * scale)
    }
}

extension SACAgent {
    /// Per-update buffers, allocated once.
    final class Scratch: @unchecked Sendable {
        /// Samples of the policy at s′ and at s, and their log-probabilities.
        let nextPolicy: SquashedGaussian
        let policy: SquashedGaussian
        /// Each critic's loss.
        let criticLosses: UnsafeMutablePointer<Float>
        let values: UnsafeMutablePointer<Float>
        let targets: UnsafeMutablePointer<Float>
        let actionGradients: UnsafeMutablePointer<Float>
        let outputGradients: UnsafeMutablePointer<Float>
        /// One observation's actor output, for deterministic actions.
        let deployedOutput: UnsafeMutablePointer<Float>

        init(batchSize: Int, actionDimension: Int, logStdMin: Float, logStdMax: Float) {
            nextPolicy = SquashedGaussian(dimensions: actionDimension, capacity: batchSize,
                                          logStdMin: logStdMin, logStdMax: logStdMax)
            policy = SquashedGaussian(dimensions: actionDimension, capacity: batchSize,
                                      logStdMin: logStdMin, logStdMax: logStdMax)
            criticLosses = .allocateZeroed(2)
            values = .allocateZeroed(batchSize)
            targets = .allocateZeroed(batchSize)
            actionGradients = .allocateZeroed(batchSize * actionDimension)
            outputGradients = .allocateZeroed(batchSize * 2 * actionDimension)
            deployedOutput = .allocateZeroed(2 * actionDimension)
        }

        deinit {
            nextPolicy.deallocate()
            policy.deallocate()
            [criticLosses, values, targets, actionGradients, outputGradients, deployedOutput].forEach { $0.deallocate() }
        }
    }
}
