import Testing

import SwiftRLAlgorithms
import SwiftRLEnvironments

/// Evaluation of a fixed policy: deterministic per seed, whole episodes, NumPy's statistics.
@Suite("Evaluation")
struct EvaluationTests {
    /// A fixed, simple policy: push against the angular velocity (Pendulum's third observation).
    static func damping(_ observation: [Float], _ action: inout [Float]) {
        action[0] = max(-2, min(2, -0.5 * observation[2]))
    }

    @Test("The same seed gives the same returns; Pendulum episodes last 200 steps")
    func deterministic() throws {
        let environment = try pendulum()
        let first = try Evaluation.run(environment: environment, episodes: 3, seed: 7, policy: Self.damping)
        let second = try Evaluation.run(environment: environment, episodes: 3, seed: 7, policy: Self.damping)
        #expect(bits(first.returns) == bits(second.returns))
        #expect(first.lengths == [200, 200, 200])
        #expect(first.episodes == 3)
        #expect(Set(first.returns).count == 3)   // each episode starts from its own seed
        #expect(first.returns.allSatisfy { $0 < 0 && $0 > -2_000 })
        let other = try Evaluation.run(environment: environment, episodes: 3, seed: 8, policy: Self.damping)
        #expect(other.returns != first.returns)
        // Episode i is seeded with seed + i: seed 8's first episode is seed 7's second.
        #expect(other.returns[0].bitPattern == first.returns[1].bitPattern)
    }

    @Test("The training state's evaluation is repeatable and leaves training untouched")
    func stateEvaluation() throws {
        let state = try SAC(environment: pendulum(), configuration: SmallConfiguration.sac(steps: 100)).makeState(seed: 1)
        for _ in 0..<20 { try state.step() }
        let a = try state.evaluate(episodes: 2, seed: 3), b = try state.evaluate(episodes: 2, seed: 3)
        #expect(a == b)
        #expect(a.lengths == [200, 200])
        #expect(state.environmentSteps == 20)
    }

    @Test("returnStandardDeviation is the population standard deviation, as np.std")
    func statistics() {
        // np.mean([1, 2, 4, 7]) = 3.5; np.std([1, 2, 4, 7]) = sqrt(21 / 4) = 2.29128784747792
        let result = EvaluationResult(returns: [1, 2, 4, 7], lengths: [1, 1, 1, 1])
        #expect(result.returnMean == 3.5)
        #expect(abs(result.returnStandardDeviation - 2.29128784747792) < 1e-14)
        let single = EvaluationResult(returns: [-130.5], lengths: [200])
        #expect(single.returnMean == -130.5 && single.returnStandardDeviation == 0)
        let empty = EvaluationResult(returns: [], lengths: [])
        #expect(empty.returnMean == 0 && empty.returnStandardDeviation == 0)
    }

    /// An environment that is a reference, as one backed by Python or another machine would be.
    final class SharedPendulum: Environment, @unchecked Sendable {
        var base = TimeLimit(Pendulum(), maxEpisodeSteps: 200)
        private(set) var steps = 0
        var name: String { base.name }
        var observationSpace: BoxSpace { base.observationSpace }
        var actionSpace: ActionSpace { base.actionSpace }
        func reset(seed: UInt64?, observation: inout [Float]) { base.reset(seed: seed, observation: &observation) }
        func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
            steps += 1
            return base.step(action, observation: &observation)
        }
    }

    @Test("With a factory, evaluations create their own environments and never step the training one")
    func referenceEnvironments() throws {
        var configuration = SACConfiguration()
        configuration.steps = 100
        configuration.evaluation.interval = 0
        let training = SharedPendulum()
        let state = try SAC(environment: training, configuration: configuration,
                            makeEvaluationEnvironment: { SharedPendulum() }).makeState(seed: 1)
        for _ in 0..<10 { try state.step() }
        let result = try state.evaluate(episodes: 2)
        #expect(result.lengths == [200, 200])
        #expect(training.steps == 10)
    }
}
