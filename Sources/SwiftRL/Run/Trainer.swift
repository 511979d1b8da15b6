import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint

/// Drives a training session to its end and records the run in its directory: `config.yaml` at the
/// start, `metrics.csv` at every evaluation and at the end, a checkpoint in `checkpoints/` every
/// `checkpoint_interval` steps and at the end, `policy.json` and `summary.json` at the end. Every
/// file is written atomically. Time spent writing checkpoints is not counted in `train_seconds`
/// (nor in `metrics.csv`'s `wall_seconds`).
///
/// The configuration's `tracking` section adds TensorBoard event files in `tensorboard/` and an
/// MLflow run (``TrackingConfiguration``); they receive exactly `metrics.csv`'s rows. An MLflow
/// server that is down or slow never stops or slows training: it is reported once through
/// ``warningHandler`` and training goes on.
///
/// ```swift
/// let configuration = try RunConfiguration.load(file: "sac.yaml")
/// let trainer = Trainer(configuration: configuration, session: try configuration.makeSession(),
///                       directory: try RunDirectory.create(at: "runs/first"))
/// let summary = try trainer.run { progress in print(progress.step) }
/// ```
public final class Trainer {
    /// The run's configuration.
    public let configuration: RunConfiguration
    /// Where the run's files go.
    public let directory: RunDirectory
    private let session: any TrainingSession
    private let progressInterval: Int
    private let clock = ContinuousClock()
    private var start: ContinuousClock.Instant
    /// Training time of earlier processes (a resumed run) plus checkpoint writing to leave out, negated.
    private var clockOffset: Duration = .zero
    private var metrics: MetricsLog
    private var latestEpisodeReturn: Double?
    /// An evaluation that the progress display has not shown yet, and one that `metrics.csv` lacks.
    private var hasUnreportedEvaluation = false
    private var hasUnwrittenEvaluation = false
    /// When `metrics.csv` was last written.
    private var lastMetricsWrite: ContinuousClock.Instant?
    /// The least time between two writes of `metrics.csv` for evaluations. Each write rewrites the
    /// whole file, so writing at every evaluation made long runs quadratic: PPO's default
    /// (an evaluation every 10,000 steps) wrote 200 growing files in 2,000,000 steps of Pendulum-v1.
    static let metricsWriteInterval: Duration = .seconds(2)
    private var stoppedBy: StopCondition?
    /// Held from the start of ``run(stopConditions:progress:)`` (or from ``resuming(directory:pool:memoryLimit:progressInterval:)``,
    /// before the checkpoint is read) until the trainer is released.
    private var lock: RunDirectoryLock?
    /// The checkpoint's step when the run was resumed.
    private var resumedAfterStep: Int?
    /// TensorBoard and MLflow, as the configuration's `tracking` section asks.
    private var trackers: [any RunTracker] = []

    /// Marks the run as killed on the trackers that record a status (MLflow) from a signal handler.
    public let interruption = TrainingInterruption()

    /// Called (from any thread) with a one-line warning about tracking, such as an unreachable MLflow
    /// server; training goes on. By default it writes `warning: MESSAGE` to standard error.
    public var warningHandler: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }

    /// Prepares a run of `session`, which must have been made from `configuration`.
    /// - Parameter progressInterval: report progress every this many steps (reading the clock only then).
    public init(configuration: RunConfiguration, session: any TrainingSession, directory: RunDirectory,
                progressInterval: Int = 100) {
        self.configuration = configuration
        self.session = session
        self.directory = directory
        self.progressInterval = max(progressInterval, 1)
        metrics = MetricsLog(metricNames: session.metricNames)
        start = clock.now
    }

    /// Prepares to continue the interrupted run in `directory` from its latest checkpoint: its
    /// `config.yaml` is loaded, a fresh session is restored from the checkpoint, and `metrics.csv`
    /// keeps its rows up to the checkpoint's step. ``run(progress:)`` then trains to the configured
    /// end, bit-identical to an uninterrupted run when checkpoints include the replay buffer.
    /// The directory is locked (``RunDirectoryLock``) before anything is read, and leftover
    /// temporary files are removed. `memoryLimit` is as in ``RunConfiguration/makeSession(pool:memoryLimit:)``;
    /// `preparing` turns the configuration's session into the one to restore and train (the trainer
    /// behind a relay wraps it), before the checkpoint is read.
    /// - Throws: ``RunFileError`` when another process trains in the directory or `metrics.csv`
    ///   cannot be read, ``ConfigurationError`` for an unreadable `config.yaml`, ``CheckpointError``
    ///   for a missing, damaged or mismatched checkpoint.
    public static func resuming(directory: RunDirectory, pool: ThreadPool = .shared, memoryLimit: Int? = nil,
                                progressInterval: Int = 100,
                                preparing: (any TrainingSession, RunConfiguration) throws -> any TrainingSession = { session, _ in session }
    ) throws -> Trainer {
        guard FileManager.default.fileExists(atPath: directory.configurationURL.path) else {
            throw ConfigurationError.unreadable(path: directory.configurationURL.path, reason: "no such file")
        }
        let lock = try RunDirectoryLock(directory)
        directory.removeTemporaryFiles()
        let configuration = try RunConfiguration.load(file: directory.configurationURL.path)
        let session = try preparing(configuration.makeSession(pool: pool, memoryLimit: memoryLimit), configuration)
        guard let snapshotting = session as? any SnapshottingSession else {
            throw CheckpointError.unsupported(reason: "the session cannot be restored")
        }
        let url = try directory.checkpointStore.latest()
        let checkpoint = try Checkpoint.read(from: url)
        try checkpoint.restore(into: snapshotting, path: url.path)
        let trainer = Trainer(configuration: configuration, session: session, directory: directory,
                              progressInterval: progressInterval)
        trainer.lock = lock
        let csv: String
        do {
            csv = try LimitedFile.readText(directory.metricsURL, limit: MetricsLog.sizeLimit)
        } catch .missing {
            csv = ""
        } catch {
            throw RunFileError.cannotRead(path: directory.metricsURL.path, reason: error.description)
        }
        do {
            trainer.metrics = try MetricsLog(metricNames: session.metricNames, continuing: csv,
                                             upToStep: checkpoint.training.environmentSteps)
        } catch {
            throw RunFileError.cannotRead(path: directory.metricsURL.path, reason: error.description)
        }
        trainer.clockOffset = .seconds(checkpoint.trainSeconds)
        trainer.resumedAfterStep = checkpoint.training.environmentSteps
        return trainer
    }

    /// Trains to the last step or the first stop condition met, evaluates the final policy and writes
    /// the run's files; call it once.
    /// - Parameters:
    ///   - stopConditions: conditions checked after every step besides the configuration's
    ///     `stop_conditions` (rl8's `Trainer.run(stop_conditions=...)`); one met is enough. A resumed
    ///     run checks them afresh (a plateau's count starts again).
    ///   - progress: called every `progressInterval` steps, after each periodic evaluation, and once
    ///     when training is over.
    /// - Returns: what is written to `summary.json`.
    /// - Throws: ``TrainingError`` when training fails (`metrics.csv` keeps the rows so far; an
    ///   MLflow run is marked `FAILED`),
    ///   ``RunFileError`` when another process trains in the directory or a file cannot be written,
    ///   ``CheckpointError`` when a checkpoint cannot be written, ``ConfigurationError``
    ///   for an invalid stop condition.
    public func run(stopConditions: [StopCondition] = [],
                    progress: (TrainingProgress) -> Void = { _ in }) throws -> RunSummary {
        for (index, condition) in stopConditions.enumerated() {
            try condition.validate(key: "stop condition \(index)", metricNames: session.metricNames)
        }
        var monitor = StopConditionMonitor(configuration.stopConditions + stopConditions)
        if lock == nil {
            lock = try RunDirectoryLock(directory)
            directory.removeTemporaryFiles()
        }
        try AtomicFile.write(Data(configuration.yaml().utf8), to: directory.configurationURL)
        trackers = try RunTracking.trackers(for: configuration, directory: directory,
                                            resumedAfterStep: resumedAfterStep, warn: warningHandler)
        let directory = directory
        let interruptible = trackers.compactMap { $0 as? MLflowTracker }
        interruption.set(interruptible.map { tracker -> @Sendable () -> Void in { tracker.interrupt(directory: directory) } })
        defer {
            interruption.set([])
            trackers = []
        }
        do {
            let summary = try trainAndSummarize(monitor: &monitor, progress: progress)
            for tracker in trackers { tracker.finish(.finished, directory: directory) }
            return summary
        } catch {
            for tracker in trackers { tracker.finish(.failed("\(error)"), directory: directory) }
            throw error
        }
    }

    /// Trains, evaluates the final policy and writes the run's files.
    private func trainAndSummarize(monitor: inout StopConditionMonitor,
                                   progress: (TrainingProgress) -> Void) throws -> RunSummary {
        session.eventHandler = { [unowned self] event in record(event) }
        defer { session.eventHandler = nil }
        start = clock.now
        do {
            try trainToEnd(monitor: &monitor, progress: progress)
        } catch {
            try? writeMetrics(durably: true)
            throw error
        }
        let trainSeconds = secondsSinceStart()
        try writeMetrics(durably: true)
        try writeCheckpoint()
        progress(report(.finished, elapsedSeconds: trainSeconds))
        let evaluationEpisodes = configuration.algorithmConfiguration.evaluation.episodes
        let evaluation = try session.evaluate(episodes: evaluationEpisodes, seed: nil)
        let policy = SavedPolicy(algorithm: configuration.algorithm, environment: configuration.environment,
                                 seed: configuration.seed, policy: session.policy)
        try AtomicFile.write(policy.jsonData(), to: directory.policyURL)
        let summary = RunSummary(
            algorithm: configuration.algorithm, environment: configuration.environment, seed: configuration.seed,
            environmentSteps: session.environmentSteps, episodes: session.episodes, trainSeconds: trainSeconds,
            stepsPerSecond: trainSeconds > 0 ? Double(session.environmentSteps) / trainSeconds : 0,
            evaluation: .init(episodes: evaluation.episodes, returnMean: evaluation.returnMean,
                              returnStandardDeviation: evaluation.returnStandardDeviation),
            stoppedBy: stoppedBy?.description)
        try AtomicFile.write(summary.jsonData(), to: directory.summaryURL)
        return summary
    }

    private func trainToEnd(monitor: inout StopConditionMonitor, progress: (TrainingProgress) -> Void) throws {
        var isFinished = false
        let checkpointInterval = configuration.checkpointInterval
        while !isFinished {
            let previousSteps = session.environmentSteps
            isFinished = try session.step()
            if !isFinished, let met = monitor.check(steps: session.environmentSteps, seconds: secondsSinceStart(),
                                                    metrics: session.latestMetrics, evaluation: session.latestEvaluation) {
                stoppedBy = met
                isFinished = true
            }
            if checkpointInterval > 0 && crossed(checkpointInterval, from: previousSteps) && !isFinished {
                try writeMetrics(durably: true)
                try writeCheckpoint()
            }
            if hasUnwrittenEvaluation && isMetricsWriteDue { try writeMetrics() }
            if hasUnreportedEvaluation {
                hasUnreportedEvaluation = false
                progress(report(.evaluation, elapsedSeconds: secondsSinceStart()))
            } else if crossed(progressInterval, from: previousSteps) {
                progress(report(.periodic, elapsedSeconds: secondsSinceStart()))
            }
        }
    }

    /// Whether the session's last step passed a multiple of `interval` (a PPO step takes many
    /// environment steps at once).
    private func crossed(_ interval: Int, from previousSteps: Int) -> Bool {
        session.environmentSteps / interval > previousSteps / interval
    }

    private func record(_ event: TrainingEvent) {
        var row = MetricsLog.Row(step: 0, wallSeconds: secondsSinceStart(), metrics: session.latestMetrics)
        switch event {
        case .episodeFinished(let step, let episodeReturn, let length):
            row.step = step
            row.episodeReturn = episodeReturn
            row.episodeLength = length
            latestEpisodeReturn = episodeReturn
        case .evaluated(let step, let result):
            row.step = step
            row.evaluation = result
            hasUnreportedEvaluation = true
            hasUnwrittenEvaluation = true
        }
        let repeatsMetrics = metrics.append(row)
        if !trackers.isEmpty {
            let scalars = TrackedScalars(row, metricNames: metrics.metricNames, includingMetrics: !repeatsMetrics,
                                         wallTime: Date().timeIntervalSince1970)
            for tracker in trackers { tracker.record(scalars) }
        }
    }

    /// Whether ``metricsWriteInterval`` has passed since `metrics.csv` was last written (or it never was).
    private var isMetricsWriteDue: Bool {
        lastMetricsWrite.map { clock.now - $0 >= Self.metricsWriteInterval } ?? true
    }

    /// Writes `metrics.csv` and hands the trackers what they recorded since the last time;
    /// `durably` (at checkpoints and the end) when it must survive a crash.
    private func writeMetrics(durably: Bool = false) throws(RunFileError) {
        try AtomicFile.write(Data(metrics.csv.utf8), to: directory.metricsURL)
        lastMetricsWrite = clock.now
        hasUnwrittenEvaluation = false
        for tracker in trackers { try tracker.flush(durably: durably) }
    }

    /// Saves the session's state as the run's latest checkpoint; the time it takes is left out of the clock.
    private func writeCheckpoint() throws(CheckpointError) {
        let writeStart = clock.now
        guard let session = session as? any SnapshottingSession else {
            throw .unsupported(reason: "the session cannot be saved")
        }
        let checkpoint = try Checkpoint(session: session, includingReplayBuffer: configuration.checkpointReplayBuffer,
                                        trainSeconds: secondsSinceStart())
        try directory.checkpointStore.save(checkpoint)
        session.checkpointSaved()
        clockOffset -= clock.now - writeStart
    }

    private func report(_ occasion: TrainingProgress.Occasion, elapsedSeconds: Double) -> TrainingProgress {
        TrainingProgress(occasion: occasion, step: session.environmentSteps, totalSteps: session.totalSteps,
                         elapsedSeconds: elapsedSeconds, latestEpisodeReturn: latestEpisodeReturn,
                         latestEvaluation: session.latestEvaluation)
    }

    private func secondsSinceStart() -> Double {
        let elapsed = clock.now - start + clockOffset
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
