import Testing
import SwiftRLEnvironments

@Suite("TimeLimit")
struct TimeLimitTests {
    @Test("Truncates exactly at the limit and reset zeroes the count", arguments: [1, 5, 200])
    func truncation(limit: Int) {
        var env = TimeLimit(Pendulum(seed: 0), maxEpisodeSteps: limit)
        var observation = [Float](repeating: 0, count: 3)
        for _ in 0..<2 {
            env.reset(seed: nil, observation: &observation)
            #expect(env.elapsedSteps == 0)
            for step in 1...limit {
                let outcome = env.step([0], observation: &observation)
                #expect(outcome.truncated == (step == limit), "step \(step)")
                #expect(env.elapsedSteps == step)
            }
            // Gymnasium's TimeLimit keeps reporting truncation past the limit.
            #expect(env.step([0], observation: &observation).truncated)
        }
    }

    @Test("Registered environments end by truncation exactly at their limit", arguments: EnvironmentRegistry.names)
    func registeredLimit(name: String) throws {
        var env = try EnvironmentRegistry.make(name)
        let limit = try EnvironmentRegistry.spec(name).maxEpisodeSteps
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: 0, observation: &observation)
        // The do-nothing action (or the lowest index): none of these reaches a goal in time,
        // while CartPole (with or without velocities) falls, which must end by termination without truncation.
        let action: [Float] = switch env.actionSpace {
        case .box: [0]
        case .discrete(let count): [Float(count == 3 ? 1 : 0)]
        }
        var steps = 0
        var outcome = StepOutcome(reward: 0, terminated: false)
        while !outcome.isDone {
            outcome = env.step(action, observation: &observation)
            steps += 1
        }
        if name.hasPrefix("CartPole") {
            #expect(outcome.terminated && !outcome.truncated && steps < limit)
        } else {
            #expect(outcome.truncated && !outcome.terminated && steps == limit)
        }
    }
}
