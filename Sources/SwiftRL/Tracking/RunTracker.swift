/// How a tracked run ended.
enum RunOutcome: Sendable, Hashable {
    /// Training and the final evaluation finished and every file was written.
    case finished
    /// Training or writing the run's files failed with this error message.
    case failed(String)
    /// The process was interrupted (SIGINT or SIGTERM) and is about to exit.
    case killed
}

/// Receives a run's `metrics.csv` rows as a ``Trainer`` records them, and its end.
protocol RunTracker: AnyObject {
    /// Takes one row; called on the training thread, so it must be quick.
    func record(_ scalars: TrackedScalars)
    /// Called whenever `metrics.csv` has been written (after evaluations, at most every 2 seconds, at checkpoints and at the end);
    /// `durably` at checkpoints and the end, when what was recorded must survive a crash.
    func flush(durably: Bool) throws(RunFileError)
    /// The run is over: report the outcome and release resources. Returns within a bounded time.
    func finish(_ outcome: RunOutcome, directory: RunDirectory)
}
