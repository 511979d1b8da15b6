import Testing

@testable import SwiftRLAlgorithms

/// NaN or infinity from the environment stops training with an error naming the step.
@Suite("Non-finite environment output")
struct NonFiniteEnvironmentTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let fault: ScriptedEnvironment.Fault
        let step: Int
        let quantity: String
        var testDescription: String { "\(quantity) at step \(step)" }
    }

    static let cases = [
        Case(fault: .nanObservation(atStep: 7), step: 7, quantity: "observation"),
        Case(fault: .infiniteReward(atStep: 5), step: 5, quantity: "reward"),
        // Past warm-up and the first updates (batch 32), and across an episode boundary (every 10 steps).
        Case(fault: .nanObservation(atStep: 53), step: 53, quantity: "observation"),
        // Finite as a Double, but the replay buffer stores rewards in Float32.
        Case(fault: .hugeReward(atStep: 6, value: 1e39), step: 6, quantity: "reward"),
        // A NaN at the reset after episode 3 (steps 21…30) is reported at the step that ended it.
        Case(fault: .nanObservationAtLaterReset(episode: 4), step: 30, quantity: "reset observation"),
    ]

    @Test("SAC: step() throws nonFiniteEnvironmentOutput at the right step", arguments: cases)
    func sac(testCase: Case) throws {
        var configuration = SmallConfiguration.sac()
        configuration.warmupSteps = 40
        let state = try SAC(environment: ScriptedEnvironment(fault: testCase.fault, terminateAfter: 10),
                            configuration: configuration).makeState(seed: 1)
        try expectThrows(testCase, state: state)
    }

    @Test("TD3: step() throws nonFiniteEnvironmentOutput at the right step", arguments: cases)
    func td3(testCase: Case) throws {
        var configuration = SmallConfiguration.td3()
        configuration.warmupSteps = 40
        let state = try TD3(environment: ScriptedEnvironment(fault: testCase.fault, terminateAfter: 10),
                            configuration: configuration).makeState(seed: 1)
        try expectThrows(testCase, state: state)
    }

    private func expectThrows<Agent>(_ testCase: Case, state: OffPolicyTrainingState<Agent>,
                                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        for _ in 1..<testCase.step { try state.step() }
        let expected = TrainingError.nonFiniteEnvironmentOutput(
            step: testCase.step, quantity: testCase.quantity, environment: "Scripted-v0")
        let error = #expect(throws: TrainingError.self, sourceLocation: sourceLocation) { try state.step() }
        #expect(error == expected, sourceLocation: sourceLocation)
        let description = error?.description ?? ""
        #expect(description.contains("step \(testCase.step)"), "\(description)", sourceLocation: sourceLocation)
        #expect(description.contains(testCase.quantity), "\(description)", sourceLocation: sourceLocation)
        #expect(description.contains("Scripted-v0"), "\(description)", sourceLocation: sourceLocation)
        // A poisoned step is not stored; the step that ended the episode before a bad reset is.
        let stored = testCase.quantity == "reset observation" ? testCase.step : testCase.step - 1
        #expect(state.replayBuffer.count == stored, sourceLocation: sourceLocation)
        let buffer = state.replayBuffer
        let finite = buffer.observations.allSatisfy(\.isFinite) && buffer.rewards.allSatisfy(\.isFinite)
        #expect(finite, "the replay buffer holds a non-finite value", sourceLocation: sourceLocation)
    }

    @Test("After a NaN step, abandonEpisodes() resets the environment and training goes on to the end")
    func abandonedEpisode() throws {
        var configuration = SmallConfiguration.sac(steps: 120)
        configuration.warmupSteps = 40
        let state = try SAC(environment: ScriptedEnvironment(fault: .nanObservation(atStep: 53), terminateAfter: 10),
                            configuration: configuration).makeState(seed: 1)
        for _ in 1..<53 { try state.step() }
        #expect(throws: TrainingError.self) { try state.step() }
        let episodes = state.episodes
        try state.abandonEpisodes()
        try state.runToEnd()
        #expect(state.environmentSteps == 120)
        #expect(state.replayBuffer.count == 119, "every step but the failed one is learned from")
        let finiteObservations = state.replayBuffer.observations.allSatisfy(\.isFinite)
        let finiteParameters = state.policy.network.parameters.allSatisfy(\.isFinite)
        #expect(finiteObservations && finiteParameters)
        #expect(state.episodes > episodes)
    }

    @Test("A finite reward that overflows the critic's loss stops training with nonFiniteLoss",
          arguments: ["SAC", "TD3"])
    func lossOverflow(algorithm: String) throws {
        let environment = ScriptedEnvironment(fault: .hugeReward(atStep: 45, value: 1e30), terminateAfter: 10)
        var sac = SmallConfiguration.sac(steps: 200), td3 = SmallConfiguration.td3(steps: 200)
        sac.warmupSteps = 40
        td3.warmupSteps = 40
        let run: () throws -> Void, policy: () -> DeterministicPolicy
        if algorithm == "SAC" {
            let state = try SAC(environment: environment, configuration: sac).makeState(seed: 1)
            run = { try state.runToEnd() }
            policy = { state.policy }
        } else {
            let state = try TD3(environment: environment, configuration: td3).makeState(seed: 1)
            run = { try state.runToEnd() }
            policy = { state.policy }
        }
        let error = #expect(throws: TrainingError.self) { try run() }
        guard case .nonFiniteLoss(let step, let loss) = error else {
            Issue.record("expected nonFiniteLoss, got \(String(describing: error))")
            return
        }
        #expect(loss == "critic loss or its gradient")
        #expect((45...200).contains(step))
        let parameters = policy().network.parameters
        #expect(parameters.allSatisfy { $0.isFinite }, "the actor was corrupted before the loss check")
    }

    @Test("A NaN observation at reset makes makeState throw")
    func nanAtReset() {
        let environment = ScriptedEnvironment(fault: .nanObservationAtReset)
        let expected = TrainingError.nonFiniteEnvironmentOutput(step: 0, quantity: "observation", environment: "Scripted-v0")
        #expect(throws: expected) {
            try SAC(environment: environment, configuration: SmallConfiguration.sac()).makeState(seed: 1)
        }
        #expect(throws: expected) {
            try TD3(environment: environment, configuration: SmallConfiguration.td3()).makeState(seed: 1)
        }
    }

    @Test("Evaluation.run throws at the step of an episode where the output turns non-finite")
    func evaluation() {
        let environment = ScriptedEnvironment(fault: .infiniteReward(atStep: 15), terminateAfter: 10)
        #expect(throws: TrainingError.nonFiniteEnvironmentOutput(step: 5, quantity: "reward", environment: "Scripted-v0")) {
            try Evaluation.run(environment: environment, episodes: 3, seed: 0) { _, action in action[0] = 0 }
        }
    }
}
