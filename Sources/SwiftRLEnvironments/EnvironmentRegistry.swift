import SwiftRLCore

/// What the registry knows about one environment: enough to create it and to list it.
public struct EnvironmentSpec: Sendable, Hashable {
    /// The registered name, such as `"Pendulum-v1"`.
    public var name: String
    /// The observations' space.
    public var observationSpace: BoxSpace
    /// The actions' space.
    public var actionSpace: ActionSpace
    /// The step count after which `TimeLimit` truncates an episode (Gymnasium's `max_episode_steps`).
    public var maxEpisodeSteps: Int
    /// The average return at which the task counts as solved, where Gymnasium's registry gives one.
    public var rewardThreshold: Double?

    /// Creates a spec.
    public init(
        name: String, observationSpace: BoxSpace, actionSpace: ActionSpace, maxEpisodeSteps: Int,
        rewardThreshold: Double?
    ) {
        self.name = name
        self.observationSpace = observationSpace
        self.actionSpace = actionSpace
        self.maxEpisodeSteps = maxEpisodeSteps
        self.rewardThreshold = rewardThreshold
    }
}

/// The built-in environments by their Gymnasium names, each wrapped in its registered `TimeLimit`,
/// as `gymnasium.make(name)` returns them.
///
/// ```swift
/// var env = try EnvironmentRegistry.make("CartPole-v1")
/// var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
/// env.reset(seed: 1, observation: &observation)
/// ```
public enum EnvironmentRegistry {
    /// The registered names, in listing order.
    public static let names = entries.map(\.spec.name)

    /// The metadata of every registered environment, in the order of `names`.
    public static let specs = entries.map(\.spec)

    /// The metadata of the environment registered as `name`.
    /// - Throws: `EnvironmentError.unknownEnvironment` for an unregistered name.
    public static func spec(_ name: String) throws(EnvironmentError) -> EnvironmentSpec {
        try entry(name).spec
    }

    /// A new environment registered as `name`, wrapped in `TimeLimit` with its `maxEpisodeSteps`.
    /// - Throws: `EnvironmentError.unknownEnvironment` for an unregistered name.
    public static func make(_ name: String) throws(EnvironmentError) -> any Environment {
        try entry(name).make()
    }

    /// `count` environments registered as `name`, stepped together over `pool`.
    ///
    /// Without a `horizon`, each environment is wrapped in `TimeLimit` with its `maxEpisodeSteps`, as
    /// `make` returns it; with one, the vector runs in infinite-horizon mode (see ``EnvironmentVector``)
    /// on the bare environments. The vector is specialized for the environment's type, so stepping
    /// it does not go through the `Environment` existential.
    /// - Throws: `EnvironmentError.unknownEnvironment` for an unregistered name,
    ///   `.invalidEnvironmentCount` or `.invalidHorizon` for a count or horizon out of range.
    public static func makeVector(
        _ name: String, count: Int, horizon: Int? = nil, pool: ThreadPool = .shared
    ) throws(EnvironmentError) -> any VectorEnvironment {
        try entry(name).makeVector(count, horizon, pool)
    }

    // MARK: - Entries

    private struct Entry: Sendable {
        var spec: EnvironmentSpec
        var make: @Sendable () -> any Environment
        var makeVector: @Sendable (Int, Int?, ThreadPool) throws(EnvironmentError) -> any VectorEnvironment
    }

    private static func entry(_ name: String) throws(EnvironmentError) -> Entry {
        guard let entry = entries.first(where: { $0.spec.name == name }) else {
            throw .unknownEnvironment(name: name, available: names)
        }
        return entry
    }

    private static let entries: [Entry] = [
        register(Pendulum(), maxEpisodeSteps: 200, rewardThreshold: nil),
        register(MountainCarContinuous(), maxEpisodeSteps: 999, rewardThreshold: 90.0),
        register(CartPole(), maxEpisodeSteps: 500, rewardThreshold: 475.0),
        register(CartPoleNoVelocity(), maxEpisodeSteps: 500, rewardThreshold: 475.0),
        register(Acrobot(), maxEpisodeSteps: 500, rewardThreshold: -100.0),
        register(MountainCar(), maxEpisodeSteps: 200, rewardThreshold: -110.0),
    ]

    private static func register<Base: Environment>(
        _ prototype: Base, maxEpisodeSteps: Int, rewardThreshold: Double?
    ) -> Entry {
        let spec = EnvironmentSpec(
            name: prototype.name,
            observationSpace: prototype.observationSpace,
            actionSpace: prototype.actionSpace,
            maxEpisodeSteps: maxEpisodeSteps,
            rewardThreshold: rewardThreshold
        )
        return Entry(
            spec: spec,
            make: { TimeLimit(prototype, maxEpisodeSteps: maxEpisodeSteps) },
            makeVector: { count, horizon, pool throws(EnvironmentError) in
                if horizon != nil {
                    return try EnvironmentVector(count: count, horizon: horizon, pool: pool) { prototype }
                }
                return try EnvironmentVector(count: count, pool: pool) {
                    TimeLimit(prototype, maxEpisodeSteps: maxEpisodeSteps)
                }
            }
        )
    }
}
