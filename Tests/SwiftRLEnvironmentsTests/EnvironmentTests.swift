import Testing
import SwiftRLCore
import SwiftRLEnvironments

/// Behaviour of every environment beyond the recorded trajectories: seeding, reset distributions,
/// observation bounds, action handling.
@Suite("Environments")
struct EnvironmentTests {
    @Test("reset(seed:) is deterministic; different seeds differ; nil continues the stream",
          arguments: EnvironmentRegistry.names)
    func seeding(name: String) throws {
        var env = try EnvironmentRegistry.make(name)
        var first = [Float](repeating: 0, count: env.observationSpace.dimension)
        var second = first
        env.reset(seed: 7, observation: &first)
        env.reset(seed: 7, observation: &second)
        #expect(first == second)

        var other = try EnvironmentRegistry.make(name)
        other.reset(seed: 7, observation: &second)
        #expect(first == second, "a fresh environment with the same seed starts the same")

        env.reset(seed: 8, observation: &second)
        #expect(first != second)

        env.reset(seed: 7, observation: &first)
        env.reset(seed: nil, observation: &second)
        #expect(first != second, "reset(seed: nil) continues the generator")
    }

    @Test("Initial states lie in Gymnasium's reset ranges", arguments: EnvironmentRegistry.names)
    func initialStates(name: String) {
        let (low, high) = Self.resetRange(name)
        var env = replayable(name)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        for seed in UInt64(0)..<200 {
            env.reset(seed: seed, observation: &observation)
            let state = env.state
            #expect(state.indices.allSatisfy { low[$0] <= state[$0] && state[$0] <= high[$0] }, "seed \(seed): \(state)")
            if name == "Acrobot-v1" {
                #expect(state.allSatisfy { Double(Float($0)) == $0 }, "Acrobot draws float32 values")
            }
        }
    }

    @Test("Observations stay inside the observation space", arguments: EnvironmentRegistry.names)
    func observationBounds(name: String) throws {
        var env = try EnvironmentRegistry.make(name)
        var generator = RandomGenerator(seed: 3)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: 3, observation: &observation)
        #expect(env.observationSpace.contains(observation))
        for _ in 0..<3000 {
            let outcome = env.step(Self.randomAction(env.actionSpace, &generator), observation: &observation)
            #expect(env.observationSpace.contains(observation), "\(observation)")
            if outcome.isDone { env.reset(seed: nil, observation: &observation) }
        }
    }

    @Test("Continuous actions are clipped to the action space")
    func clipping() {
        var pendulum = Pendulum(seed: 0)
        var clipped = [Float](repeating: 0, count: 3)
        var bound = clipped
        pendulum.reset(seed: 1, observation: &clipped)
        var reference = pendulum
        let outcome = pendulum.step([5], observation: &clipped)
        let boundOutcome = reference.step([2], observation: &bound)
        #expect(clipped == bound)
        #expect(outcome.reward == boundOutcome.reward, "Pendulum's cost uses the clipped torque")

        var car = MountainCarContinuous(seed: 0)
        var carObservation = [Float](repeating: 0, count: 2)
        var carBound = carObservation
        car.reset(seed: 1, observation: &carObservation)
        var carReference = car
        let carOutcome = car.step([-3], observation: &carObservation)
        let carBoundOutcome = carReference.step([-1], observation: &carBound)
        #expect(carObservation == carBound)
        #expect(carOutcome.reward == -0.9 && carBoundOutcome.reward == -0.1,
                "MountainCarContinuous's cost uses the unclipped action")
    }

    @Test("CartPole rewards steps after termination with 0")
    func cartPoleAfterTermination() {
        var env = CartPole(seed: 0)
        var observation = [Float](repeating: 0, count: 4)
        env.reset(seed: 0, observation: &observation)
        var rewards: [Double] = []
        var outcome = StepOutcome(reward: 0, terminated: false)
        while !outcome.terminated {
            outcome = env.step([1], observation: &observation)
            rewards.append(outcome.reward)
        }
        #expect(rewards.allSatisfy { $0 == 1 })
        #expect(env.stepsBeyondTerminated == 0)
        for beyond in 1...3 {
            let after = env.step([1], observation: &observation)
            #expect(after.terminated && after.reward == 0)
            #expect(env.stepsBeyondTerminated == beyond)
        }
        env.reset(seed: nil, observation: &observation)
        #expect(env.stepsBeyondTerminated == nil)
    }

    @Test("Invalid discrete actions stop the program", arguments: [[Float(2)], [Float(-1)], [Float(0.5)], [Float(0), Float(1)], []])
    func invalidAction(action: [Float]) async {
        await #expect(processExitsWith: .failure) { [action] in
            var env = CartPole(seed: 0)
            var observation = [Float](repeating: 0, count: 4)
            env.reset(seed: 0, observation: &observation)
            _ = env.step(action, observation: &observation)
        }
    }

    /// Gymnasium's reset ranges (`np_random.uniform(low, high)`), bounds included for simplicity.
    static func resetRange(_ name: String) -> (low: [Double], high: [Double]) {
        switch name {
        case "Pendulum-v1": ([-Double.pi, -1], [Double.pi, 1])
        case "MountainCarContinuous-v0", "MountainCar-v0": ([-0.6, 0], [-0.4, 0])
        case "CartPole-v1", "CartPoleNoVelocity-v1": ([Double](repeating: -0.05, count: 4), [Double](repeating: 0.05, count: 4))
        // Acrobot rounds its draws to float32, which can land just beyond ±0.1.
        case "Acrobot-v1": ([Double](repeating: Double(Float(-0.1)), count: 4), [Double](repeating: Double(Float(0.1)), count: 4))
        default: fatalError("no reset range for \(name)")
        }
    }

    /// A random valid action; continuous ones are drawn from twice the action box, so some are clipped.
    static func randomAction(_ space: ActionSpace, _ generator: inout RandomGenerator) -> [Float] {
        switch space {
        case .discrete(let count): [Float(generator.index(below: count))]
        case .box(let box): box.low.indices.map { generator.uniform(2 * box.low[$0], 2 * box.high[$0]) }
        }
    }
}
