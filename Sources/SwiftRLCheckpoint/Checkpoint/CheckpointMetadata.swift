import SwiftRLAlgorithms
import SwiftRLCore
import SwiftRLEnvironments
import SwiftRLNN

/// The content of `checkpoint.json`: everything of a checkpoint that is not a tensor, and the
/// names that tie it to the tensors in `tensors.safetensors`.
struct CheckpointMetadata: Codable, Equatable {
    /// Identifies the file's kind.
    static let formatName = "swiftrl-checkpoint"
    /// The version this code writes and reads.
    static let currentVersion = 3

    /// Always ``formatName``.
    var format: String
    /// The format version.
    var formatVersion: Int
    var algorithm: String
    var environment: String
    var seed: UInt64
    var trainSeconds: Double
    var environmentSteps: Int
    var episodes: Int
    var updates: Int
    /// Per environment, the episode in progress.
    var currentEpisodeReturns: [Double]
    var currentEpisodeLengths: [Int]
    /// Generators by role.
    var generators: [String: RandomGenerator]
    /// One per training environment.
    var environmentStates: [EnvironmentSnapshot]
    var latestMetrics: NamedMetrics?
    var latestEvaluation: EvaluationResult?
    /// Network shapes by name.
    var networks: [String: MLPArchitecture]
    /// Recurrent layer shapes by name (absent: none).
    var recurrentLayers: [String: RecurrentShape]?
    /// Names of the optimized vectors (`NAME.parameters`, `NAME.adam.m`, `NAME.adam.v`) and their Adam step counts.
    var adamSteps: [String: Int]
    /// Names of the plain vectors (`NAME`, F32).
    var vectors: [String]
    /// Names of the double-precision vectors (`NAME`, F64).
    var doubles: [String]
    var counters: [String: Int]
    /// Capacity, count and position of the saved replay buffer (`nil`: not saved).
    var replayBuffer: ReplayBufferLayout?
    /// How observations are normalized, how the actor's output becomes an action, and the action bounds.
    var policy: PolicyLayout
    /// Where a trainer behind a relay stands in its queue (absent: the run collected its own transitions).
    var collectorQueue: CollectorQueuePosition?

    struct ReplayBufferLayout: Codable, Equatable {
        var capacity: Int
        var count: Int
        var position: Int
    }

    struct PolicyLayout: Codable, Equatable {
        var squashing: DeterministicPolicy.Squashing
        var actionLow: [Float]
        var actionHigh: [Float]
        var observationNormalization: ObservationNormalization?

        enum CodingKeys: String, CodingKey {
            case squashing, actionLow = "action_low", actionHigh = "action_high"
            case observationNormalization = "observation_normalization"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", algorithm, environment, seed, trainSeconds = "train_seconds"
        case environmentSteps = "environment_steps", episodes, updates
        case currentEpisodeReturns = "current_episode_returns", currentEpisodeLengths = "current_episode_lengths"
        case generators, environmentStates = "environment_states"
        case latestMetrics = "latest_metrics", latestEvaluation = "latest_evaluation", networks
        case recurrentLayers = "recurrent_layers"
        case adamSteps = "adam_steps", vectors, doubles, counters, replayBuffer = "replay_buffer", policy
        case collectorQueue = "collector_queue"
    }
}
