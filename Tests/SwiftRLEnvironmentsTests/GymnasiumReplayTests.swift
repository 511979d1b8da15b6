import Testing
import SwiftRLEnvironments

/// Replays Gymnasium 1.4.0's recorded trajectories (`Fixtures/<id>.json`, written by
/// `scripts/record_gymnasium_fixtures.py`) through each environment wrapped in its registered
/// `TimeLimit`, and requires every observation, reward, flag and internal state to match bit for bit.
@Suite("Gymnasium replay")
struct GymnasiumReplayTests {
    /// The registered environments that Gymnasium has too (CartPoleNoVelocity-v1 is SwiftRL's own:
    /// see `CartPoleNoVelocityTests`).
    static let gymnasiumNames = EnvironmentRegistry.names.filter { $0 != "CartPoleNoVelocity-v1" }

    @Test("Trajectories match Gymnasium bit for bit", arguments: gymnasiumNames)
    func replay(name: String) throws {
        let fixture = try Fixture.load(name)
        #expect(fixture.id == name)
        let spec = try EnvironmentRegistry.spec(name)
        #expect(fixture.maxEpisodeSteps == spec.maxEpisodeSteps)
        try replay(replayable(name), fixture: fixture)
    }

    @Test("The fixtures cover truncation and termination", arguments: gymnasiumNames)
    func coverage(name: String) throws {
        let steps = try Fixture.load(name).episodes.flatMap(\.steps)
        // Pendulum never terminates.
        #expect(steps.contains { $0.terminated } == (name != "Pendulum-v1"))
        if ["Pendulum-v1", "CartPole-v1", "Acrobot-v1", "MountainCar-v0"].contains(name) {
            #expect(steps.contains { $0.truncated })
        }
    }

    private func replay<Base: ReplayableEnvironment>(_ prototype: Base, fixture: Fixture) throws {
        var env = TimeLimit(prototype, maxEpisodeSteps: fixture.maxEpisodeSteps)
        var observation = [Float](repeating: .nan, count: env.observationSpace.dimension)
        for (episodeIndex, episode) in fixture.episodes.enumerated() {
            let label = "\(fixture.id) episode \(episodeIndex) (\(episode.description))"
            env.reset(seed: episode.seed, observation: &observation)
            env.base.state = episode.initialState
            env.base.observe(into: &observation)
            #expect(bits(observation) == bits(episode.resetObservation), "\(label): reset observation")

            for (index, expected) in episode.steps.enumerated() {
                let outcome = env.step(expected.action, observation: &observation)
                let mismatches = compare(observation, outcome, env.base.state, expected)
                #expect(mismatches.isEmpty, "\(label) step \(index): \(mismatches.joined(separator: "; "))")
                // The rest of the episode would only repeat the first divergence.
                if !mismatches.isEmpty { break }
            }
        }
    }

    /// Describes every difference between a step's results and the recorded ones (in ULPs for numbers).
    private func compare(
        _ observation: [Float], _ outcome: StepOutcome, _ state: [Double], _ expected: Fixture.Step
    ) -> [String] {
        var mismatches: [String] = []
        for index in observation.indices where observation[index].bitPattern != expected.observation[index].bitPattern {
            mismatches.append(
                "observation[\(index)] \(observation[index]) != \(expected.observation[index]) "
                    + "(\(ulpDistance(observation[index], expected.observation[index])) ulp)"
            )
        }
        for index in state.indices where state[index].bitPattern != expected.state[index].bitPattern {
            mismatches.append(
                "state[\(index)] \(state[index]) != \(expected.state[index]) "
                    + "(\(ulpDistance(state[index], expected.state[index])) ulp)"
            )
        }
        if outcome.reward.bitPattern != expected.reward.bitPattern {
            mismatches.append(
                "reward \(outcome.reward) != \(expected.reward) (\(ulpDistance(outcome.reward, expected.reward)) ulp)"
            )
        }
        if outcome.terminated != expected.terminated { mismatches.append("terminated \(outcome.terminated)") }
        if outcome.truncated != expected.truncated { mismatches.append("truncated \(outcome.truncated)") }
        return mismatches
    }

    private func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }
}
