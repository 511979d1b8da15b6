import SwiftRLCore
import SwiftRLEnvironments

/// Everything a training run needs to continue exactly where it was: the agent, the environments
/// mid-episode, the generators, the counters, the episodes in progress and (optionally) the replay
/// buffer. An off-policy run has one environment; a PPO run one per vectorized environment.
public struct TrainingSnapshot: Sendable, Hashable {
    /// The algorithm's name, such as "SAC".
    public var algorithm: String
    /// The seed the run was made with.
    public var seed: UInt64
    /// The agent's learned state.
    public var agent: AgentSnapshot
    /// The training environments, in order.
    public var environments: [EnvironmentSnapshot]
    /// The run's generators by role (`run` for SAC and TD3; `learner` and `collector` for PPO).
    public var generators: [String: RandomGenerator]
    /// Environment steps taken.
    public var environmentSteps: Int
    /// Training episodes finished.
    public var episodes: Int
    /// Updates applied.
    public var updates: Int
    /// The observations the next step acts on, one row per environment.
    public var observations: [Float]
    /// Per environment, the return of its episode in progress so far.
    public var currentEpisodeReturns: [Double]
    /// Per environment, the length of its episode in progress so far.
    public var currentEpisodeLengths: [Int]
    /// Return of each finished training episode (SAC and TD3 keep them all; PPO none).
    public var episodeReturns: [Double]
    /// Named metrics of the latest update.
    public var latestMetrics: NamedMetrics?
    /// The latest periodic evaluation.
    public var latestEvaluation: EvaluationResult?
    /// The replay buffer; `nil` leaves it empty on restore (the run then no longer matches an
    /// uninterrupted one).
    public var replayBuffer: ReplayBufferSnapshot?

    /// Creates a snapshot.
    public init(algorithm: String, seed: UInt64, agent: AgentSnapshot, environments: [EnvironmentSnapshot],
                generators: [String: RandomGenerator], environmentSteps: Int, episodes: Int, updates: Int,
                observations: [Float], currentEpisodeReturns: [Double], currentEpisodeLengths: [Int],
                episodeReturns: [Double], latestMetrics: NamedMetrics?, latestEvaluation: EvaluationResult?,
                replayBuffer: ReplayBufferSnapshot?) {
        self.algorithm = algorithm
        self.seed = seed
        self.agent = agent
        self.environments = environments
        self.generators = generators
        self.environmentSteps = environmentSteps
        self.episodes = episodes
        self.updates = updates
        self.observations = observations
        self.currentEpisodeReturns = currentEpisodeReturns
        self.currentEpisodeLengths = currentEpisodeLengths
        self.episodeReturns = episodeReturns
        self.latestMetrics = latestMetrics
        self.latestEvaluation = latestEvaluation
        self.replayBuffer = replayBuffer
    }

    /// The generator of `role`.
    /// - Throws: ``SnapshotError/missing(name:)``.
    public func generator(_ role: String) throws(SnapshotError) -> RandomGenerator {
        guard let generator = generators[role] else { throw .missing(name: "generator '\(role)'") }
        return generator
    }
}

/// A training session that can be captured and restored exactly.
public protocol SnapshottingSession: TrainingSession {
    /// The algorithm's name, such as "SAC".
    var algorithmName: String { get }
    /// The training environment's registered name.
    var environmentName: String { get }
    /// The session's current state.
    /// - Parameter includingReplayBuffer: leave the buffer out for a smaller snapshot (no effect
    ///   without a replay buffer).
    /// - Throws: ``SnapshotError/environment(_:)`` when the environment cannot be captured.
    func snapshot(includingReplayBuffer: Bool) throws(SnapshotError) -> TrainingSnapshot
    /// Continues from `snapshot`; nothing changes when it throws.
    /// - Throws: ``SnapshotError`` when it does not fit this session's algorithm, configuration or environment.
    func restore(_ snapshot: TrainingSnapshot) throws(SnapshotError)
}
