import Testing

import SwiftRLAlgorithms

/// SAC and TD3 learn Pendulum-v1 with their default configurations in 10,000 steps (seed 1 reaches
/// about −130; a random policy scores about −1,200). Each run takes a few seconds in release.
@Suite("Learning Pendulum", .serialized)
struct LearningTests {
    static let threshold = -400.0

    @Test("SAC learns Pendulum-v1 in 10,000 steps")
    func sac() throws {
        var configuration = SACConfiguration()
        configuration.evaluation.interval = 0
        let state = try SAC(environment: pendulum(), configuration: configuration).makeState(seed: 1)
        try expectLearns(state, steps: configuration.steps)
    }

    @Test("TD3 learns Pendulum-v1 in 10,000 steps")
    func td3() throws {
        var configuration = TD3Configuration()
        configuration.evaluation.interval = 0
        let state = try TD3(environment: pendulum(), configuration: configuration).makeState(seed: 1)
        try expectLearns(state, steps: configuration.steps)
    }

    private func expectLearns<Agent>(_ state: OffPolicyTrainingState<Agent>, steps: Int,
                                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(steps == 10_000, sourceLocation: sourceLocation)
        let before = try state.evaluate(episodes: 10).returnMean
        try state.runToEnd()
        #expect(state.environmentSteps == steps, sourceLocation: sourceLocation)
        let after = try state.evaluate(episodes: 10).returnMean
        #expect(after > Self.threshold, "mean return \(after) after training", sourceLocation: sourceLocation)
        #expect(after > before, "mean return \(after) after training, \(before) before", sourceLocation: sourceLocation)
    }
}
