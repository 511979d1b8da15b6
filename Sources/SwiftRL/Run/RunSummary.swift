import Foundation
import SwiftRLCheckpoint
import SwiftRLCore

/// The content of `summary.json`: what a finished run did and how well its final policy does.
public struct RunSummary: Sendable, Hashable, Codable {
    /// The final evaluation's outcome.
    public struct FinalEvaluation: Sendable, Hashable, Codable {
        /// Episodes evaluated.
        public var episodes: Int
        /// Mean return.
        public var returnMean: Double
        /// Population standard deviation of the returns.
        public var returnStandardDeviation: Double

        enum CodingKeys: String, CodingKey {
            case episodes, returnMean = "return_mean", returnStandardDeviation = "return_std"
        }
    }

    /// The algorithm.
    public var algorithm: AlgorithmName
    /// The environment's registered name.
    public var environment: String
    /// The run's seed.
    public var seed: UInt64
    /// Environment steps taken.
    public var environmentSteps: Int
    /// Training episodes finished.
    public var episodes: Int
    /// Seconds of the training loop alone (no start-up, configuration or final evaluation).
    public var trainSeconds: Double
    /// Environment steps per second of the training loop.
    public var stepsPerSecond: Double
    /// The final evaluation.
    public var evaluation: FinalEvaluation
    /// The stop condition that ended the run before its step budget (absent otherwise).
    public var stoppedBy: String?

    enum CodingKeys: String, CodingKey {
        case algorithm, environment, seed, environmentSteps = "env_steps", episodes
        case trainSeconds = "train_seconds", stepsPerSecond = "steps_per_second", evaluation = "eval"
        case stoppedBy = "stopped_by"
    }

    /// The largest `summary.json` ``load(from:)`` reads.
    public static let sizeLimit = 1 << 20

    /// Reads the summary at `url`; nil when there is none (a run that has not finished).
    /// - Throws: ``RunFileError/cannotRead(path:reason:)`` for a file that is there but unreadable,
    ///   too large, or not a summary with non-negative counts.
    public static func load(from url: URL) throws(RunFileError) -> RunSummary? {
        let summary: RunSummary
        do {
            summary = try JSONDecoder().decode(RunSummary.self, from: Data(try LimitedFile.read(url, limit: sizeLimit)))
        } catch LimitedFile.Failure.missing {
            return nil
        } catch let error as DecodingError {
            throw .cannotRead(path: url.path, reason: "not a valid run summary: \(error.summary)")
        } catch {
            throw .cannotRead(path: url.path, reason: "\(error)")
        }
        guard summary.environmentSteps >= 0, summary.episodes >= 0, summary.evaluation.episodes >= 0 else {
            throw .cannotRead(path: url.path, reason: "not a valid run summary: a count is negative")
        }
        return summary
    }

    /// The summary as pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
