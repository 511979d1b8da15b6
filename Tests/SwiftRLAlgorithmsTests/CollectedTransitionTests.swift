import Testing
@testable import SwiftRLAlgorithms
import SwiftRLEnvironments

/// `OffPolicyTrainingState.learn(from:)`: transitions collected elsewhere (rollout workers).
@Suite struct CollectedTransitionTests {
    private func makeState(steps: Int = 100) throws -> SACState {
        var configuration = SACConfiguration()
        configuration.steps = steps
        configuration.warmupSteps = 10
        configuration.batchSize = 8
        configuration.actor.hiddenSizes = [8]
        configuration.critic.hiddenSizes = [8]
        configuration.evaluation.interval = 0
        return try SAC(environment: try EnvironmentRegistry.make("Pendulum-v1"), configuration: configuration).makeState(seed: 1)
    }

    private func transition(_ value: Float, action: Float = 0.5) -> CollectedTransition {
        CollectedTransition(observation: [value, 0, 1], action: [action], reward: -value, nextObservation: [value, 1, 0],
                            terminated: false)
    }

    @Test func countsStepsAndUpdatesAsALocalRunWould() throws {
        let state = try makeState(steps: 30)
        var finished = false
        for index in 0..<30 { finished = try state.learn(from: transition(Float(index) / 30)) }
        #expect(finished)
        #expect(state.environmentSteps == 30)
        #expect(state.replayBuffer.count == 30)
        #expect(state.updates == 21, "one update per transition from warm-up's end (step 10) on")
        #expect(try state.learn(from: transition(0)), "a finished run takes no more")
        #expect(state.environmentSteps == 30)
        state.recordCollectedEpisode(return: -12.5, length: 30)
        #expect(state.episodes == 1 && state.episodeReturns == [-12.5])
    }

    @Test func refusesTransitionsNoCollectorCouldHaveTaken() throws {
        let state = try makeState()
        let refused = [
            CollectedTransition(observation: [0, 0], action: [0], reward: 0, nextObservation: [0, 0, 0], terminated: false),
            transition(0, action: 1.5),
            transition(0, action: .nan),
            transition(.infinity),
            CollectedTransition(observation: [0, 0, 0], action: [0], reward: .nan, nextObservation: [0, 0, 0], terminated: true),
        ]
        for bad in refused {
            #expect(throws: TrainingError.self) { try state.learn(from: bad) }
        }
        #expect(state.environmentSteps == 0 && state.replayBuffer.count == 0, "nothing of a refused transition is kept")
    }
}
