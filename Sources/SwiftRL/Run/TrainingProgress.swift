import SwiftRLAlgorithms

/// Where a training run stands, as a ``Trainer`` reports it to its progress callback.
public struct TrainingProgress: Sendable {
    /// Why the report was made.
    public enum Occasion: Sendable, Hashable {
        /// A regular report, every few steps.
        case periodic
        /// A periodic evaluation just finished.
        case evaluation
        /// Training is over (the final evaluation follows).
        case finished
    }

    /// Why the report was made.
    public var occasion: Occasion
    /// Environment steps taken.
    public var step: Int
    /// Environment steps the run will take in all.
    public var totalSteps: Int
    /// Seconds since training started.
    public var elapsedSeconds: Double
    /// The return of the latest finished training episode.
    public var latestEpisodeReturn: Double?
    /// The latest periodic evaluation.
    public var latestEvaluation: EvaluationResult?

    /// Environment steps per second so far.
    public var stepsPerSecond: Double { elapsedSeconds > 0 ? Double(step) / elapsedSeconds : 0 }
    /// The fraction of the run done, in [0, 1].
    public var fractionDone: Double { totalSteps > 0 ? Double(step) / Double(totalSteps) : 1 }
}
