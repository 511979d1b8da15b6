import Testing

import SwiftRLCore
import SwiftRLEnvironments

/// CartPoleNoVelocity-v1 is CartPole-v1 seen through `[x, θ]`: the same episodes, step for step.
@Suite("CartPoleNoVelocity-v1")
struct CartPoleNoVelocityTests {
    @Test("Observes CartPole's position and angle, with CartPole's rewards, flags and limit")
    func projectsCartPole() throws {
        var partial = try EnvironmentRegistry.make("CartPoleNoVelocity-v1")
        var full = try EnvironmentRegistry.make("CartPole-v1")
        #expect(partial.observationSpace.dimension == 2 && partial.actionSpace == full.actionSpace)
        var observation = [Float](repeating: .nan, count: 2), fullObservation = [Float](repeating: .nan, count: 4)
        var generator = RandomGenerator(seed: 5)
        var episodes = 0, truncations = 0, steps = 0
        for seed in 1...3 as ClosedRange<UInt64> {
            partial.reset(seed: seed, observation: &observation)
            full.reset(seed: seed, observation: &fullObservation)
            #expect(observation == [fullObservation[0], fullObservation[2]])
            while true {
                // Mostly alternating pushes keep the pole up for a while; some episodes run to the limit.
                let action: [Float] = [Float(steps % 2 == 0 || generator.uniform(0, 1) < 0.05 ? 1 : 0)]
                let outcome = partial.step(action, observation: &observation)
                let expected = full.step(action, observation: &fullObservation)
                steps += 1
                #expect(outcome == expected)
                #expect(observation == [fullObservation[0], fullObservation[2]])
                if outcome.isDone {
                    episodes += 1
                    if outcome.truncated { truncations += 1 }
                    break
                }
            }
        }
        #expect(episodes == 3 && steps > 30)
    }

    @Test("A snapshot restores the episode, and a CartPole snapshot is refused")
    func snapshots() throws {
        var environment = CartPoleNoVelocity()
        var observation = [Float](repeating: 0, count: 2)
        environment.reset(seed: 3, observation: &observation)
        _ = environment.step([1], observation: &observation)
        let snapshot = environment.snapshot
        var copy = CartPoleNoVelocity()
        try copy.restore(snapshot)
        var a = observation, b = observation
        #expect(environment.step([0], observation: &a) == copy.step([0], observation: &b))
        #expect(a == b)
        #expect(throws: EnvironmentError.self) { try copy.restore(CartPole().snapshot) }
    }
}
