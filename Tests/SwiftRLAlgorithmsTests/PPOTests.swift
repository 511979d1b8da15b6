import Foundation
import SwiftRLCore
import SwiftRLEnvironments
import Testing
@testable import SwiftRLAlgorithms

/// PPO: determinism, exact resume, configuration checks, infinite-horizon mode and learning.
@Suite("PPO", .serialized)
struct PPOTests {
    /// A small, fast configuration: 16 environments × 16 steps (two threads collect 8 each),
    /// minibatches of 64, 2 epochs.
    static func small(steps: Int = 1024) -> PPOConfiguration {
        var configuration = PPOConfiguration()
        configuration.steps = steps
        configuration.numEnvs = 16
        configuration.stepsPerEnv = 16
        configuration.batchSize = 64
        configuration.epochs = 2
        configuration.evaluation = EvaluationConfiguration(interval: 0, episodes: 2)
        return configuration
    }

    private func run(_ environment: String, _ configuration: PPOConfiguration, seed: UInt64 = 1,
                     threads: Int = 1) throws -> PPOTrainingState {
        let state = try PPO(environment: environment, configuration: configuration)
            .makeState(seed: seed, pool: ThreadPool(threadCount: threads))
        while try !state.step() {}
        return state
    }

    /// Parameters, free parameters, normalization and metrics without the profiling times.
    private func fingerprint(_ state: PPOTrainingState) -> [UInt32] {
        let parameters = state.learner.parameters
        let metrics = state.latestMetrics.map { m in
            zip(m.names, m.values).filter { !$0.0.hasPrefix("profiling/") }.compactMap { $0.1 }.map { Float($0) }
        } ?? []
        return (parameters.actor + parameters.free + state.learner.critic.network.parameters + metrics
                + (parameters.normalization.map { $0.mean + $0.standardDeviation } ?? [])).map(\.bitPattern)
    }

    @Test("the same seed gives the same bits, whatever the thread count",
          arguments: [("CartPole-v1", DistributionName.categorical), ("Pendulum-v1", .gaussian),
                      ("MountainCarContinuous-v0", .squashedGaussian)])
    func determinism(environment: String, distribution: DistributionName) throws {
        var configuration = Self.small()
        configuration.distribution = distribution
        configuration.normalizeObservations = true
        configuration.normalizeRewards = true
        configuration.valueClipRange = 0.2
        configuration.entropyCoefficient = 0.01
        let one = try run(environment, configuration, threads: 1)
        let two = try run(environment, configuration, threads: 2)
        let again = try run(environment, configuration, threads: 2)
        #expect(fingerprint(one) == fingerprint(two))
        #expect(fingerprint(two) == fingerprint(again))
        #expect(fingerprint(one) != fingerprint(try run(environment, configuration, seed: 2)))
    }

    @Test("a restored snapshot continues bit for bit", arguments: [false, true])
    func resume(horizon: Bool) throws {
        var configuration = Self.small(steps: 2048)
        configuration.normalizeObservations = true
        configuration.normalizeRewards = true
        configuration.targetKL = 0.01
        configuration.klMode = .adaptiveLearningRate
        configuration.annealLearningRate = true
        configuration.horizon = horizon ? 50 : nil
        let whole = try run("CartPole-v1", configuration)
        let ppo = PPO(environment: "CartPole-v1", configuration: configuration)
        let first = try ppo.makeState(seed: 1, pool: ThreadPool(threadCount: 1))
        for _ in 0..<3 { try first.step() }
        let snapshot = try first.snapshot()
        let resumed = try ppo.makeState(seed: 1, pool: ThreadPool(threadCount: 1))
        try resumed.restore(snapshot)
        #expect(try resumed.snapshot() == snapshot)
        while try !resumed.step() {}
        #expect(fingerprint(resumed) == fingerprint(whole))
        #expect(resumed.episodes == whole.episodes && resumed.environmentSteps == whole.environmentSteps)
        #expect(try resumed.evaluate(episodes: 2) == whole.evaluate(episodes: 2))
    }

    @Test func snapshotsOfAnotherShapeAreRefused() throws {
        let state = try PPO(environment: "CartPole-v1", configuration: Self.small()).makeState(seed: 1)
        var snapshot = try state.snapshot()
        var wider = Self.small()
        wider.numEnvs = 17
        let other = try PPO(environment: "CartPole-v1", configuration: wider).makeState(seed: 1)
        #expect(throws: SnapshotError.self) { try other.restore(snapshot) }
        snapshot.agent.vectors["learning_rate"] = [-1]
        #expect(throws: SnapshotError.self) { try state.restore(snapshot) }
    }

    @Test func distributionsMustFitTheActionSpace() throws {
        var configuration = Self.small()
        configuration.distribution = .squashedGaussian
        #expect(throws: TrainingError.self) { try PPO(environment: "CartPole-v1", configuration: configuration).makeState(seed: 1) }
        configuration.distribution = .categorical
        #expect(throws: TrainingError.self) { try PPO(environment: "Pendulum-v1", configuration: configuration).makeState(seed: 1) }
        configuration.batchSize = 10_000
        #expect(throws: ConfigurationError.self) { try PPO(environment: "Pendulum-v1", configuration: configuration).makeState(seed: 1) }
        // Sizes that could not be allocated are refused before anything is.
        var huge = Self.small()
        huge.actor.hiddenSizes = [65_536, 65_536]
        #expect(throws: ConfigurationError.self) { try huge.validate() }
        huge = Self.small()
        huge.numEnvs = 65_536
        huge.stepsPerEnv = 256
        huge.critic.hiddenSizes = [4096]
        #expect(throws: ConfigurationError.self) { try huge.validate() }
    }

    @Test("infinite-horizon mode: every episode lasts exactly the horizon")
    func infiniteHorizon() throws {
        var configuration = Self.small()
        configuration.horizon = 5
        let state = try PPO(environment: "CartPole-v1", configuration: configuration).makeState(seed: 1)
        let rollout = try state.collect()
        #expect(!rollout.terminated.contains(true))
        #expect(!rollout.finishedEpisodes.isEmpty && rollout.finishedEpisodes.allSatisfy { $0.length == 5 })
        for (index, truncated) in rollout.truncated.enumerated() {
            #expect(truncated == ((index / configuration.numEnvs + 1) % 5 == 0))
        }
    }

    @Test("collect() and update() advance the policy version by one")
    func collectAndUpdate() throws {
        let state = try PPO(environment: "Acrobot-v1", configuration: Self.small()).makeState(seed: 1)
        let rollout = try state.collect()
        #expect(rollout.policyVersion == 0 && rollout.transitionCount == 256)
        let metrics = try state.update(rollout)
        #expect(state.learner.version == 1 && state.collector.parameters.version == 1)
        #expect(metrics["losses/value"].map(\.isFinite) == true && metrics["monitors/kl_div"] != nil)
        #expect(try state.collect().policyVersion == 1)
    }

    /// `configs/ppo-cartpole.yaml`'s hyperparameters (Stable-Baselines3 zoo's).
    static var cartPole: PPOConfiguration {
        var configuration = PPOConfiguration()
        configuration.steps = 100_000
        configuration.numEnvs = 8
        configuration.stepsPerEnv = 32
        configuration.batchSize = 256
        configuration.epochs = 20
        configuration.learningRate = 1e-3
        configuration.annealLearningRate = true
        configuration.gamma = 0.98
        configuration.gaeLambda = 0.8
        configuration.evaluation = EvaluationConfiguration(interval: 0, episodes: 10)
        return configuration
    }

    @Test("a rollout of another version, shape or with impossible values is refused, and nothing changes")
    func invalidRolloutsAreRefused() throws {
        let state = try PPO(environment: "CartPole-v1", configuration: Self.small()).makeState(seed: 1)
        let rollout = try state.collect()
        let before = state.learner.parameters
        var tampered = [rollout, rollout, rollout, rollout, rollout]
        tampered[0].policyVersion = 3
        tampered[1].rewards.removeLast()
        tampered[2].actions[5] = 2          // CartPole has actions 0 and 1
        tampered[3].rewards[7] = .nan
        tampered[4].actions[0] = 0.5
        for batch in tampered {
            #expect {
                try state.update(batch)
            } throws: { error in
                guard case TrainingError.invalidRollout = error else { return false }
                return true
            }
        }
        #expect(state.learner.parameters == before)
        _ = try state.update(rollout)
        #expect(state.learner.version == 1)
    }

    @Test("PPO solves CartPole-v1 in 100,000 steps (mean return 500 over 10 episodes)")
    func learnsCartPole() throws {
        let configuration = Self.cartPole
        let state = try PPO(environment: "CartPole-v1", configuration: configuration).makeState(seed: 1)
        let before = try state.evaluate(episodes: 10).returnMean
        while try !state.step() {}
        let after = try state.evaluate(episodes: 10).returnMean
        #expect(after >= 475, "mean return \(after) after training, \(before) before")
    }

    @Test("a distribution of one's own plugs in: a Bernoulli over CartPole's two actions")
    func customDistribution() throws {
        var configuration = Self.cartPole
        configuration.steps = 40_000
        let state = try PPO(environment: "CartPole-v1", configuration: configuration, distribution: Bernoulli())
            .makeState(seed: 1)
        #expect(state.learner.actor.network.outputSize == 2)
        while try !state.step() {}
        #expect(try state.evaluate(episodes: 10).returnMean >= 300)
    }

    @Test("a distribution of one's own that gives an action the environment cannot take stops with an error")
    func customDistributionWithInvalidActions() throws {
        let state = try PPO(environment: "CartPole-v1", configuration: Self.cartPole,
                            distribution: Bernoulli(actionOffset: 1)).makeState(seed: 1)
        #expect(throws: TrainingError.distributionMismatch(distribution: "bernoulli", environment: "CartPole-v1",
                                                           actionSpace: "Discrete(2)")) {
            while try !state.step() {}
        }
    }
}

/// Action 1 with probability σ(z₁ − z₀), action 0 otherwise: a distribution written outside
/// SwiftRL, as a user would, with Foundation's math. Its deterministic action (z₁ > z₀) is the
/// argmax of the two outputs, so the policy artifact's `.argmax` head deploys it.
private struct Bernoulli: ActionDistribution {
    /// Added to every environment action: 1 makes action 1 the invalid index 2.
    var actionOffset: Float = 0
    var name: String { "bernoulli" }
    var actionDimension: Int { 1 }
    var inputDimension: Int { 2 }
    var freeParameterCount: Int { 0 }
    var deterministicHead: DeterministicPolicy.Squashing { .argmax }
    func initialFreeParameters() -> [Float] { [] }

    private func probability(_ z: UnsafePointer<Float>) -> Float { 1 / (1 + Foundation.exp(z[0] - z[1])) }

    var noisePerSample: Int { 1 }

    func drawNoise(rows: Int, into noise: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        for row in 0..<rows { noise[row] = generator.uniform() }
    }

    func sample(_ parameters: DistributionParameters, rows: Int, noise: UnsafePointer<Float>,
                actions: UnsafeMutablePointer<Float>, logProbabilities: UnsafeMutablePointer<Float>) {
        for row in 0..<rows { actions[row] = noise[row] < probability(parameters.outputs + 2 * row) ? 1 : 0 }
        self.logProbabilities(parameters, actions: actions, rows: rows, into: logProbabilities)
    }

    func logProbabilities(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                          into logProbabilities: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let p = probability(parameters.outputs + 2 * row)
            logProbabilities[row] = Foundation.log(actions[row] == 1 ? p : 1 - p)
        }
    }

    func entropies(_ parameters: DistributionParameters, rows: Int, into entropies: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let p = probability(parameters.outputs + 2 * row)
            entropies[row] = -(p * Foundation.log(p) + (1 - p) * Foundation.log(1 - p))
        }
    }

    func modes(_ parameters: DistributionParameters, rows: Int, into actions: UnsafeMutablePointer<Float>) {
        for row in 0..<rows { actions[row] = parameters.outputs[2 * row + 1] > parameters.outputs[2 * row] ? 1 : 0 }
    }

    func environmentAction(fromSample sample: UnsafePointer<Float>, into action: UnsafeMutablePointer<Float>) {
        action[0] = sample[0] + actionOffset
    }

    /// With d = z₁ − z₀: ∂log π/∂d = a − p and ∂H/∂d = −p(1 − p)·d; ∂/∂z₁ = ∂/∂d = −∂/∂z₀.
    func backward(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                  logProbabilityWeights: UnsafePointer<Float>, entropyWeight: Float,
                  outputGradients: UnsafeMutablePointer<Float>, freeGradients: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let z = parameters.outputs + 2 * row, p = probability(z), d = z[1] - z[0]
            let gradient = logProbabilityWeights[row] * (actions[row] - p) - entropyWeight * p * (1 - p) * d
            outputGradients[2 * row] = -gradient
            outputGradients[2 * row + 1] = gradient
        }
    }
}
