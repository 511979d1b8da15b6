import Foundation

/// Logs a run to an MLflow tracking server from a background thread, so that a server that is
/// down, slow or refusing never stops or slows training.
///
/// The training thread only appends metrics to a list; every 1,000 metrics, at checkpoints and at
/// the end, and otherwise at most every 10 s, the list goes as one batch into a bounded queue
/// (``queueCapacity`` batches; when it is full the oldest batch is dropped and counted, and the
/// count becomes the run's tag `swiftrl.dropped_metric_batches`). The
/// worker thread creates the experiment and run on first use (with every configuration value as
/// a parameter), sends each batch with `runs/log-batch`, and at the end sets the run's status and
/// uploads `config.yaml`, `metrics.csv`, `summary.json`, `policy.json` and the policy as a C
/// header (`policy.h`). Requests time out after ``requestTimeout`` seconds; after a failure the
/// worker drops batches for ``retryInterval`` seconds before trying again. The first failure is
/// reported once through `warn`. ``finish(_:directory:)`` waits at most ``finishTimeout`` seconds.
///
/// Requests go through AsyncHTTPClient (``MLflowClient``), whose one event-loop thread sleeps in
/// `epoll_wait` while a request waits; the worker shuts it down once the run's end is reported.
final class MLflowTracker: RunTracker, @unchecked Sendable {
    /// Metric batches waiting for the worker at most.
    static let queueCapacity = 64
    /// Seconds a request may take.
    static let requestTimeout: TimeInterval = 2
    /// Seconds without requests after a failure.
    static let retryInterval: TimeInterval = 30
    /// Seconds ``finish(_:directory:)`` waits for the worker at most.
    static let finishTimeout: TimeInterval = 5
    /// Metrics are handed to the worker at most this often (seconds) unless there are 1,000 of
    /// them, a checkpoint is written or the run ends: fewer requests leave a server on the same
    /// machine more of the CPU for training.
    static let sendInterval: TimeInterval = 10

    /// What a run is logged as.
    struct RunDescription: Sendable {
        var experiment: String
        var name: String
        var parameters: [MLflowClient.Entry]
        var tags: [MLflowClient.Entry]
    }

    private let client: MLflowClient
    private let runDescription: RunDescription
    private let warn: @Sendable (String) -> Void
    /// When the tracker was made (ms since 1970): the MLflow run's start time.
    private let startTime = MLflowTracker.now()

    // The training thread's.
    private var pending: [MLflowClient.Metric] = []
    private var lastHandOver = Date()

    // Shared with the worker, guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [[MLflowClient.Metric]] = []
    private var ending: (outcome: RunOutcome, directory: RunDirectory, endTime: Int64)?
    private var isDone = false
    private var warnings = Set<String>()
    /// Metric batches dropped (queue full or server unavailable), logged as the run's tag
    /// `swiftrl.dropped_metric_batches` at its end.
    private var droppedBatches = 0

    // The worker's.
    private var run: MLflowClient.Run?
    private var retryAfter = Date.distantPast

    /// Starts the worker thread for a run described by `description` on `server`.
    init(server: URL, description: RunDescription, warn: @escaping @Sendable (String) -> Void) {
        client = MLflowClient(server: server, timeout: Self.requestTimeout)
        runDescription = description
        self.warn = warn
        let thread = Thread { [self] in work() }
        thread.name = "swiftrl-mlflow"
        thread.start()
    }

    func record(_ scalars: TrackedScalars) {
        let timestamp = Int64((scalars.wallTime * 1000).rounded())
        for (tag, value) in scalars.values where value.isFinite {
            pending.append(.init(key: tag, value: value, timestamp: timestamp, step: Int64(scalars.step)))
        }
        if pending.count >= MLflowClient.batchLimits.metrics { handOver() }
    }

    func flush(durably: Bool) {
        if durably || -lastHandOver.timeIntervalSinceNow >= Self.sendInterval { handOver() }
    }

    func finish(_ outcome: RunOutcome, directory: RunDirectory) {
        handOver()
        end(outcome, directory: directory)
    }

    /// Marks the run `KILLED` and waits as ``finish(_:directory:)`` does; callable from any thread
    /// (metrics not yet handed over are left out).
    func interrupt(directory: RunDirectory) {
        end(.killed, directory: directory)
    }

    /// Hands the worker the run's end and waits at most ``finishTimeout`` seconds for it.
    private func end(_ outcome: RunOutcome, directory: RunDirectory) {
        condition.lock()
        defer { condition.unlock() }
        guard ending == nil else { return }
        ending = (outcome, directory, Self.now())
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: Self.finishTimeout)
        while !isDone && condition.wait(until: deadline) {}
        if !isDone {
            warnOnce("late", "MLflow at \(client.server.absoluteString) did not take the run's last records within \(Int(Self.finishTimeout)) s; they are not logged")
        }
    }

    /// Queues the pending metrics as one batch, dropping the oldest batch when the queue is full.
    private func handOver() {
        lastHandOver = Date()
        guard !pending.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        if queue.count >= Self.queueCapacity {
            queue.removeFirst()
            droppedBatches += 1
            warnOnce("behind", "MLflow at \(client.server.absoluteString) falls behind: its oldest metrics are dropped; training goes on")
        }
        queue.append(pending)
        pending.removeAll(keepingCapacity: true)
        condition.signal()
    }

    /// Passes `message` to `warn` the first time `kind` happens, unless the server was already
    /// reported unreachable (one line says it all). Call it holding `condition`.
    private func warnOnce(_ kind: String, _ message: String) {
        guard !warnings.contains(kind), !warnings.contains("unreachable") else { return }
        warnings.insert(kind)
        warn(message)
    }

    // MARK: - The worker thread

    private func work() {
        while true {
            condition.lock()
            while queue.isEmpty && ending == nil { condition.wait() }
            let batch = queue.isEmpty ? nil : queue.removeFirst()
            let ending = self.ending
            condition.unlock()
            if let batch {
                send(batch)
            } else if let ending {
                report(ending.outcome, directory: ending.directory, endTime: ending.endTime)
                client.shutDown()
                condition.lock()
                isDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }

    private func send(_ batch: [MLflowClient.Metric]) {
        guard let run = startedRun() else { return dropped() }
        do {
            try client.logBatch(runID: run.id, metrics: batch)
        } catch {
            failed(error)
            dropped()
        }
    }

    private func report(_ outcome: RunOutcome, directory: RunDirectory, endTime: Int64) {
        retryAfter = .distantPast  // one more try, whatever happened before
        guard let run = startedRun() else { return }
        do {
            let status = switch outcome {
            case .finished: "FINISHED"
            case .failed: "FAILED"
            case .killed: "KILLED"
            }
            let dropped = condition.withLock { droppedBatches }
            try client.logBatch(runID: run.id, tags: [.init(key: "swiftrl.dropped_metric_batches", value: "\(dropped)")])
            try client.updateRun(runID: run.id, status: status, endTime: endTime)
            for (name, data) in MLflowArtifacts.files(of: directory) {
                try client.uploadArtifact(artifactURI: run.artifactURI, name: name, data: data)
            }
        } catch {
            failed(error)
        }
    }

    /// The run, created with its parameters on first use; nil while the server is unavailable.
    private func startedRun() -> MLflowClient.Run? {
        if let run { return run }
        guard Date() >= retryAfter else { return nil }
        do {
            let experimentID = try client.experimentID(named: runDescription.experiment)
            let run = try client.createRun(experimentID: experimentID, name: runDescription.name, startTime: startTime,
                                           tags: runDescription.tags)
            try client.logBatch(runID: run.id, parameters: runDescription.parameters)
            self.run = run
            return run
        } catch {
            failed(error)
            return nil
        }
    }

    private func failed(_ error: MLflowError) {
        retryAfter = Date(timeIntervalSinceNow: Self.retryInterval)
        condition.lock()
        defer { condition.unlock() }
        guard !warnings.contains("unreachable") else { return }
        warnings.insert("unreachable")
        let what = if case .unreachable = error { "unreachable" } else { "failed" }
        warn("MLflow at \(client.server.absoluteString) \(what): \(error); training goes on without it")
    }

    private func dropped() {
        condition.lock()
        droppedBatches += 1
        condition.unlock()
    }

    private static func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
