import Foundation

/// Reports a training run as interrupted to the trackers that record a run's status (MLflow marks
/// it `KILLED`), from any thread: a signal handler calls ``report()`` before the process exits.
///
/// ```swift
/// let interruption = trainer.interruption
/// signalSource.setEventHandler { interruption.report(); exit(130) }
/// ```
public final class TrainingInterruption: @unchecked Sendable {
    private let lock = NSLock()
    private var actions: [@Sendable () -> Void] = []

    init() {}

    /// Marks the run as killed wherever it is tracked, waiting at most 5 s; does nothing when the
    /// run is not training or tracks no status.
    public func report() {
        for action in lock.withLock({ actions }) { action() }
    }

    /// Sets what ``report()`` does while a run trains.
    func set(_ actions: [@Sendable () -> Void]) {
        lock.withLock { self.actions = actions }
    }
}
