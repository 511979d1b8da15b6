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
    /// For a learner fed by remote collectors, where it stands in their queue; `nil` for a run that
    /// collects its own transitions.
    public var collectorQueue: CollectorQueuePosition?

    /// Creates a snapshot.
    public init(algorithm: String, seed: UInt64, agent: AgentSnapshot, environments: [EnvironmentSnapshot],
                generators: [String: RandomGenerator], environmentSteps: Int, episodes: Int, updates: Int,
                observations: [Float], currentEpisodeReturns: [Double], currentEpisodeLengths: [Int],
                episodeReturns: [Double], latestMetrics: NamedMetrics?, latestEvaluation: EvaluationResult?,
                replayBuffer: ReplayBufferSnapshot?, collectorQueue: CollectorQueuePosition? = nil) {
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
        self.collectorQueue = collectorQueue
    }

    /// The generator of `role`.
    /// - Throws: ``SnapshotError/missing(name:)``.
    public func generator(_ role: String) throws(SnapshotError) -> RandomGenerator {
        guard let generator = generators[role] else { throw .missing(name: "generator '\(role)'") }
        return generator
    }

    /// Checks the snapshot's environments against `environments` and prepares their restoration,
    /// which the caller runs once every other part has been checked (so that a failed restore
    /// changes nothing).
    /// - Throws: ``SnapshotError/environment(_:)`` when the environments cannot be restored or the
    ///   snapshot's do not fit them.
    func environmentRestoration(into environments: any VectorEnvironment) throws(SnapshotError) -> () -> Void {
        guard let restorable = environments as? any SnapshottingVectorEnvironment else {
            throw .environment("the environment \(environments.name) cannot be restored from a checkpoint")
        }
        do {
            return try restorable.restoration(from: self.environments, observations: observations)
        } catch {
            throw .environment(error.description)
        }
    }

    /// The largest counter a snapshot may hold (2⁵³): far beyond any run, and small enough that
    /// counting on from it can never overflow.
    public static let counterLimit = 1 << 53

    /// Checks that the snapshot belongs to a run of `algorithm` made with `seed` that collected its
    /// own transitions, with `environmentCount` environments, and that its counters are in 0...``counterLimit`` and its
    /// returns in progress finite.
    func requireRun(algorithm expectedAlgorithm: String, seed expectedSeed: UInt64,
                    environmentCount: Int) throws(SnapshotError) {
        guard algorithm == expectedAlgorithm else { throw .algorithmMismatch(expected: expectedAlgorithm, found: algorithm) }
        guard collectorQueue == nil else {
            throw .invalidValue(name: "collector_queue", reason: """
                is set: the run learned from rollout workers; resume it as their trainer (swiftrl train --resume RUN --server HOST:PORT)
                """)
        }
        guard seed == expectedSeed else {
            throw .invalidValue(name: "seed", reason: "is \(seed) in the checkpoint but \(expectedSeed) in the configuration")
        }
        try SnapshotError.requireCount(currentEpisodeReturns, environmentCount, "current_episode_returns")
        try SnapshotError.requireCount(currentEpisodeLengths, environmentCount, "current_episode_lengths")
        let range = 0...Self.counterLimit
        guard range.contains(environmentSteps), range.contains(episodes), range.contains(updates),
              currentEpisodeLengths.allSatisfy(range.contains), currentEpisodeReturns.allSatisfy(\.isFinite),
              episodeReturns.allSatisfy(\.isFinite) else {
            throw .invalidValue(name: "counters", reason: "are outside 0...2^53, or a return is not finite")
        }
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
    /// Called once a checkpoint made from the session's latest snapshot is durable (a trainer behind
    /// a relay then lets the relay delete the transitions that checkpoint holds).
    func checkpointSaved()
}

extension SnapshottingSession {
    /// Nothing to do for a session that collects its own transitions.
    public func checkpointSaved() {}
}
