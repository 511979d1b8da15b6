import SwiftRLCore
import SwiftRLEnvironments

/// Everything a training run needs to continue exactly where it was: the agent, the environment
/// mid-episode, the generator, the counters, the episode in progress and (optionally) the replay buffer.
public struct TrainingSnapshot: Sendable, Hashable {
    /// The algorithm's name, such as "SAC".
    public var algorithm: String
    /// The seed the run was made with.
    public var seed: UInt64
    /// The agent's learned state.
    public var agent: AgentSnapshot
    /// The training environment.
    public var environment: EnvironmentSnapshot
    /// The run's generator (actions, replay sampling, update noise).
    public var generator: RandomGenerator
    /// Environment steps taken.
    public var environmentSteps: Int
    /// Training episodes finished.
    public var episodes: Int
    /// Updates applied.
    public var updates: Int
    /// The observation the next step acts on.
    public var observation: [Float]
    /// Return of the episode in progress so far.
    public var episodeReturn: Double
    /// Length of the episode in progress so far.
    public var episodeLength: Int
    /// Return of each finished training episode.
    public var episodeReturns: [Double]
    /// Metrics of the latest update.
    public var latestUpdate: UpdateMetrics?
    /// The latest periodic evaluation.
    public var latestEvaluation: EvaluationResult?
    /// The replay buffer; `nil` leaves it empty on restore (the run then no longer matches an
    /// uninterrupted one).
    public var replayBuffer: ReplayBufferSnapshot?

    /// Creates a snapshot.
    public init(algorithm: String, seed: UInt64, agent: AgentSnapshot, environment: EnvironmentSnapshot,
                generator: RandomGenerator, environmentSteps: Int, episodes: Int, updates: Int, observation: [Float],
                episodeReturn: Double, episodeLength: Int, episodeReturns: [Double], latestUpdate: UpdateMetrics?,
                latestEvaluation: EvaluationResult?, replayBuffer: ReplayBufferSnapshot?) {
        self.algorithm = algorithm
        self.seed = seed
        self.agent = agent
        self.environment = environment
        self.generator = generator
        self.environmentSteps = environmentSteps
        self.episodes = episodes
        self.updates = updates
        self.observation = observation
        self.episodeReturn = episodeReturn
        self.episodeLength = episodeLength
        self.episodeReturns = episodeReturns
        self.latestUpdate = latestUpdate
        self.latestEvaluation = latestEvaluation
        self.replayBuffer = replayBuffer
    }
}

/// A training session that can be captured and restored exactly.
public protocol SnapshottingSession: TrainingSession {
    /// The algorithm's name, such as "SAC".
    var algorithmName: String { get }
    /// The training environment's registered name.
    var environmentName: String { get }
    /// The session's current state.
    /// - Parameter includingReplayBuffer: leave the buffer out for a smaller snapshot.
    /// - Throws: ``SnapshotError/environment(_:)`` when the environment cannot be captured.
    func snapshot(includingReplayBuffer: Bool) throws(SnapshotError) -> TrainingSnapshot
    /// Continues from `snapshot`; nothing changes when it throws.
    /// - Throws: ``SnapshotError`` when it does not fit this session's algorithm, configuration or environment.
    func restore(_ snapshot: TrainingSnapshot) throws(SnapshotError)
}
