import Testing
import SwiftRLEnvironments

@Suite("Environment registry")
struct RegistryTests {
    @Test("Names are listed in a fixed order")
    func names() {
        #expect(EnvironmentRegistry.names == ["Pendulum-v1", "MountainCarContinuous-v0", "CartPole-v1", "CartPoleNoVelocity-v1", "Acrobot-v1",
                                               "MountainCar-v0"])
        #expect(EnvironmentRegistry.specs.map(\.name) == EnvironmentRegistry.names)
    }

    @Test("An unknown name throws, with a one-line message listing the names")
    func unknownName() {
        let expected = EnvironmentError.unknownEnvironment(name: "Foo-v0", available: EnvironmentRegistry.names)
        #expect(throws: expected) { try EnvironmentRegistry.make("Foo-v0") }
        #expect(throws: expected) { try EnvironmentRegistry.spec("Foo-v0") }
        #expect(
            expected.description
                == "unknown environment 'Foo-v0' (available: Pendulum-v1, MountainCarContinuous-v0, CartPole-v1, "
                + "CartPoleNoVelocity-v1, Acrobot-v1, MountainCar-v0)"
        )
    }

    @Test("Metadata matches Gymnasium's registry", arguments: [
        ("Pendulum-v1", 200, nil),
        ("MountainCarContinuous-v0", 999, 90.0),
        ("CartPole-v1", 500, 475.0),
        ("CartPoleNoVelocity-v1", 500, 475.0),
        ("Acrobot-v1", 500, -100.0),
        ("MountainCar-v0", 200, -110.0),
    ] as [(String, Int, Double?)])
    func metadata(name: String, maxEpisodeSteps: Int, rewardThreshold: Double?) throws {
        let spec = try EnvironmentRegistry.spec(name)
        #expect(spec.maxEpisodeSteps == maxEpisodeSteps)
        #expect(spec.rewardThreshold == rewardThreshold)
        let env = try EnvironmentRegistry.make(name)
        #expect(env.name == name)
        #expect(env.observationSpace == spec.observationSpace)
        #expect(env.actionSpace == spec.actionSpace)
        let limited = try #require(env as? any TimeLimited)
        #expect(limited.limit == maxEpisodeSteps)
    }

    @Test("Spaces match Gymnasium's")
    func spaces() throws {
        let pendulum = try EnvironmentRegistry.spec("Pendulum-v1")
        #expect(pendulum.observationSpace == BoxSpace(low: [-1, -1, -8], high: [1, 1, 8]))
        #expect(pendulum.actionSpace == .box(BoxSpace(low: [-2], high: [2])))
        let car = try EnvironmentRegistry.spec("MountainCarContinuous-v0")
        #expect(car.observationSpace == BoxSpace(low: [-1.2, -0.07], high: [0.6, 0.07]))
        #expect(car.actionSpace == .box(BoxSpace(low: [-1], high: [1])))
        let cartPole = try EnvironmentRegistry.spec("CartPole-v1")
        #expect(cartPole.observationSpace.high == [4.8, .infinity, Float(0.41887903213500977), .infinity])
        #expect(cartPole.actionSpace == .discrete(count: 2))
        let acrobot = try EnvironmentRegistry.spec("Acrobot-v1")
        #expect(acrobot.observationSpace.high == [1, 1, 1, 1, Float(12.566370964050293), Float(28.274333953857422)])
        #expect(acrobot.actionSpace == .discrete(count: 3))
        let mountainCar = try EnvironmentRegistry.spec("MountainCar-v0")
        #expect(mountainCar.observationSpace == car.observationSpace)
        #expect(mountainCar.actionSpace == .discrete(count: 3))
    }

    @Test("The existential returned by make can be reset and stepped")
    func existential() throws {
        var env = try EnvironmentRegistry.make("Pendulum-v1")
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: 1, observation: &observation)
        let outcome = env.step([0.5], observation: &observation)
        #expect(!outcome.isDone)
    }
}

/// Reads the limit of a `TimeLimit` behind an existential.
protocol TimeLimited {
    var limit: Int { get }
}

extension TimeLimit: TimeLimited {
    var limit: Int { maxEpisodeSteps }
}
