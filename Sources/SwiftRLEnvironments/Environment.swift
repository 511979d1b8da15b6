/// What one environment step reports besides the next observation.
public struct StepOutcome: Sendable, Hashable {
    /// The reward for the step (Gymnasium computes rewards in double precision).
    public var reward: Double
    /// The episode ended in a terminal state (the value of the next state is zero).
    public var terminated: Bool
    /// The episode was cut off, by a time limit for example (the next state still has value).
    public var truncated: Bool

    /// Creates an outcome.
    public init(reward: Double, terminated: Bool, truncated: Bool = false) {
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
    }

    /// The episode is over, terminated or truncated.
    public var isDone: Bool { terminated || truncated }
}

/// A reinforcement-learning environment with Gymnasium's semantics: `reset` starts an episode,
/// `step` advances it by one action.
///
/// Observations are written into caller-owned arrays so that stepping allocates nothing.
/// The environment owns its random number generator: `reset(seed:)` with a seed reseeds it,
/// `reset(seed: nil)` continues its stream, as `env.reset(seed=...)` does in Gymnasium.
///
/// ```swift
/// var env = try EnvironmentRegistry.make("Pendulum-v1")
/// var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
/// env.reset(seed: 1, observation: &observation)
/// let outcome = env.step([0.5], observation: &observation)
/// ```
public protocol Environment: Sendable {
    /// The registered name, such as `"Pendulum-v1"`.
    var name: String { get }
    /// The observations' space.
    var observationSpace: BoxSpace { get }
    /// The actions' space.
    var actionSpace: ActionSpace { get }

    /// Starts a new episode and writes its first observation.
    /// - Parameters:
    ///   - seed: reseeds the environment's generator when given; `nil` continues its stream.
    ///   - observation: receives the observation; its count must be `observationSpace.dimension`.
    mutating func reset(seed: UInt64?, observation: inout [Float])

    /// Applies `action` and writes the next observation.
    /// - Parameters:
    ///   - action: `actionSpace.dimension` values (a discrete action is its index as one value).
    ///   - observation: receives the next observation.
    /// - Returns: the reward and whether the episode terminated or was truncated.
    mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome
}
