import Testing
import SwiftRLCore
import SwiftRLEnvironments

/// `EnvironmentVector` against single environments stepped one by one with the same actions.
@Suite("Vector environments")
struct VectorEnvironmentTests {
    /// A pool of 1 thread and one of 2, shared by the tests.
    static let pools = [ThreadPool(threadCount: 1), ThreadPool(threadCount: 2)]

    @Test("A vector equals single environments seeded seed + i and reset when done, for 1 and 2 threads",
          arguments: EnvironmentRegistry.names, [0, 1])
    func matchesSingleEnvironments(name: String, pool: Int) throws {
        // The registry's environment (in its TimeLimit), opened from the existential; chunks of 1
        // environment, so that 2 threads share even 7 environments.
        let vector = try Self.vector(of: EnvironmentRegistry.make(name), count: 7, pool: Self.pools[pool])
        var singles = try (0..<7).map { _ in try EnvironmentRegistry.make(name) }
        let endings = compare(vector, with: &singles, steps: 1_000, seed: 11, horizon: nil)
        #expect(endings.terminated + endings.truncated >= 7, "every environment ends an episode")
        if name == "Pendulum-v1" { #expect(endings.terminated == 0) }
    }

    @Test("The registry's vectors equal single environments", arguments: EnvironmentRegistry.names)
    func registryVector(name: String) throws {
        let vector = try EnvironmentRegistry.makeVector(name, count: 5, pool: Self.pools[1])
        #expect(vector.name == name && vector.environmentCount == 5)
        let spec = try EnvironmentRegistry.spec(name)
        #expect(vector.observationSpace == spec.observationSpace && vector.actionSpace == spec.actionSpace)
        var singles = try (0..<5).map { _ in try EnvironmentRegistry.make(name) }
        _ = compare(vector, with: &singles, steps: 1_000, seed: 3, horizon: nil)
    }

    @Test("1 and 2 threads give identical bits over chunks of many environments",
          arguments: EnvironmentRegistry.names)
    func threadCounts(name: String) throws {
        let vectors = try Self.pools.map { try EnvironmentRegistry.makeVector(name, count: 300, pool: $0) }
        var generator = RandomGenerator(seed: 5)
        var actions = [Float](repeating: 0, count: 300 * vectors[0].actionSpace.dimension)
        for vector in vectors { vector.reset(seed: 21) }
        for step in 0..<600 {
            fillRandomActions(&actions, vectors[0].actionSpace, &generator)
            for vector in vectors { vector.step(actions: actions) }
            let (one, two) = (vectors[0].buffers, vectors[1].buffers)
            #expect(bits(one.observations) == bits(two.observations), "step \(step)")
            #expect(Array(one.rewards).map(\.bitPattern) == Array(two.rewards).map(\.bitPattern), "step \(step)")
            #expect(Array(one.terminated) == Array(two.terminated) && Array(one.truncated) == Array(two.truncated))
            let dimension = one.observationDimension
            for row in 0..<300 where one.terminated[row] || one.truncated[row] {
                let final = (row * dimension)..<((row + 1) * dimension)
                #expect(bits(one.finalObservations[final]) == bits(two.finalObservations[final]), "step \(step) row \(row)")
            }
        }
    }

    @Test("Infinite-horizon mode resets exactly every horizon steps and never terminates",
          arguments: EnvironmentRegistry.names)
    func horizon(name: String) throws {
        // 300 steps: beyond Pendulum's and MountainCar's time limits, which the horizon replaces,
        // and long after CartPole's episodes have terminated.
        let vector = try EnvironmentRegistry.makeVector(name, count: 4, horizon: 300, pool: Self.pools[1])
        var singles = (0..<4).map { _ -> any Environment in replayable(name) }
        let endings = compare(vector, with: &singles, steps: 700, seed: 9, horizon: 300)
        #expect(endings.terminated == 0 && endings.truncated == 2 * 4)
    }

    @Test("A horizon of 1 truncates every step")
    func horizonOfOne() throws {
        let vector = try EnvironmentRegistry.makeVector("CartPole-v1", count: 3, horizon: 1)
        let actions = [Float](repeating: 1, count: 3)
        for _ in 0..<5 {
            vector.step(actions: actions)
            #expect(Array(vector.buffers.truncated) == [true, true, true])
            #expect(Array(vector.buffers.terminated) == [false, false, false])
        }
    }

    @Test("Invalid counts and horizons throw typed errors", arguments: [
        (0, nil, EnvironmentError.invalidEnvironmentCount(count: 0, maximum: 1 << 20)),
        (-3, nil, .invalidEnvironmentCount(count: -3, maximum: 1 << 20)),
        ((1 << 20) + 1, nil, .invalidEnvironmentCount(count: (1 << 20) + 1, maximum: 1 << 20)),
        (Int.max, 10, .invalidEnvironmentCount(count: Int.max, maximum: 1 << 20)),
        (4, 0, .invalidHorizon(0)),
        (4, -1, .invalidHorizon(-1)),
        (4, Int.min, .invalidHorizon(Int.min)),
    ] as [(Int, Int?, EnvironmentError)])
    func invalidArguments(count: Int, horizon: Int?, error: EnvironmentError) {
        #expect(throws: error) { try EnvironmentRegistry.makeVector("Pendulum-v1", count: count, horizon: horizon) }
        #expect(throws: error) { try EnvironmentVector(count: count, horizon: horizon) { CartPole() } }
        #expect(!error.description.contains("\n"))
    }

    @Test("Error messages")
    func messages() {
        #expect(EnvironmentError.invalidEnvironmentCount(count: 0, maximum: 1 << 20).description
            == "invalid environment count 0: expected 1 to 1048576")
        #expect(EnvironmentError.invalidHorizon(-1).description == "invalid horizon -1: expected at least 1 step")
        #expect(throws: EnvironmentError.unknownEnvironment(name: "Foo-v0", available: EnvironmentRegistry.names)) {
            try EnvironmentRegistry.makeVector("Foo-v0", count: 1)
        }
    }

    // MARK: - Helpers

    /// `count` copies of `prototype` in an `EnvironmentVector` with chunks of 1 environment.
    private static func vector<Base: Environment>(of prototype: Base, count: Int, pool: ThreadPool) throws
        -> any VectorEnvironment {
        try EnvironmentVector(count: count, pool: pool, minimumChunkSize: 1) { prototype }
    }

    /// Counts of the terminations and truncations seen.
    struct Endings { var terminated = 0, truncated = 0 }

    /// Steps `vector` and `singles` with the same random actions and expects identical bits after the
    /// resets and every step. Each single environment is reset (seed nil) when its episode ends or,
    /// with a `horizon`, every `horizon` steps, its termination ignored. Ends with `reset(seed: nil)`.
    private func compare(
        _ vector: any VectorEnvironment, with singles: inout [any Environment], steps: Int, seed: UInt64,
        horizon: Int?
    ) -> Endings {
        let count = singles.count, dimension = vector.observationSpace.dimension
        var observations = [[Float]](repeating: [Float](repeating: 0, count: dimension), count: count)
        var finals = observations
        var elapsed = [Int](repeating: 0, count: count)
        var endings = Endings()

        vector.reset(seed: seed)
        for index in 0..<count { singles[index].reset(seed: seed + UInt64(index), observation: &observations[index]) }
        expectReset(vector, observations)

        var generator = RandomGenerator(seed: seed)
        var actions = [Float](repeating: 0, count: count * vector.actionSpace.dimension)
        for step in 0..<steps {
            fillRandomActions(&actions, vector.actionSpace, &generator)
            vector.step(actions: actions)
            let buffers = vector.buffers
            for index in 0..<count {
                let actionDimension = vector.actionSpace.dimension
                let action = Array(actions[(index * actionDimension)..<((index + 1) * actionDimension)])
                var outcome = singles[index].step(action, observation: &observations[index])
                if let horizon {
                    elapsed[index] += 1
                    outcome = StepOutcome(reward: outcome.reward, terminated: false, truncated: elapsed[index] == horizon)
                }
                let label = "\(vector.name) step \(step) environment \(index)"
                #expect(buffers.rewards[index].bitPattern == outcome.reward.bitPattern, "\(label): reward")
                #expect(buffers.terminated[index] == outcome.terminated, "\(label): terminated")
                #expect(buffers.truncated[index] == outcome.truncated, "\(label): truncated")
                if outcome.isDone {
                    endings.terminated += outcome.terminated ? 1 : 0
                    endings.truncated += outcome.truncated ? 1 : 0
                    finals[index] = observations[index]
                    let row = buffers.finalObservations[(index * dimension)..<((index + 1) * dimension)]
                    #expect(bits(row) == bits(finals[index]), "\(label): final observation")
                    singles[index].reset(seed: nil, observation: &observations[index])
                    elapsed[index] = 0
                }
                let row = buffers.observations[(index * dimension)..<((index + 1) * dimension)]
                #expect(bits(row) == bits(observations[index]), "\(label): observation")
            }
        }

        vector.reset(seed: nil)
        for index in 0..<count { singles[index].reset(seed: nil, observation: &observations[index]) }
        expectReset(vector, observations)
        return endings
    }

    /// Expects `vector`'s observations to be `observations` and its rewards and flags to be cleared.
    private func expectReset(_ vector: any VectorEnvironment, _ observations: [[Float]]) {
        let buffers = vector.buffers
        #expect(bits(buffers.observations) == observations.flatMap { bits($0) })
        #expect(buffers.rewards.allSatisfy { $0 == 0 })
        #expect(!buffers.terminated.contains(true) && !buffers.truncated.contains(true))
    }

    /// Overwrites `actions` with one random valid action per row (continuous ones from twice the box).
    private func fillRandomActions(_ actions: inout [Float], _ space: ActionSpace, _ generator: inout RandomGenerator) {
        let dimension = space.dimension
        for row in 0..<(actions.count / dimension) {
            let action = EnvironmentTests.randomAction(space, &generator)
            for column in 0..<dimension { actions[row * dimension + column] = action[column] }
        }
    }

    private func bits<Values: Sequence<Float>>(_ values: Values) -> [UInt32] { values.map(\.bitPattern) }
}
