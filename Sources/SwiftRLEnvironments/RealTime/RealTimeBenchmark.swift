/// The running estimate of one phase's duration, in seconds, as rtgym's benchmark keeps it.
public struct RealTimePhaseTiming: Sendable, Hashable {
    /// The Polyak (exponential) average of the phase's durations.
    public var mean: Double
    /// The Polyak average of each duration's distance to the mean before it: a running mean absolute
    /// deviation, which is what rtgym reports (not a standard deviation).
    public var meanAbsoluteDeviation: Double

    /// Creates an estimate.
    public init(mean: Double, meanAbsoluteDeviation: Double) {
        self.mean = mean
        self.meanAbsoluteDeviation = meanAbsoluteDeviation
    }

    /// Folds in `duration` with weight `polyak`, as rtgym's `running_average`.
    mutating func record(_ duration: Double, polyak: Double) {
        let delta = duration - mean
        mean += polyak * delta
        meanAbsoluteDeviation += polyak * (abs(delta) - meanAbsoluteDeviation)
    }
}

/// The timings of a ``RealTimeEnvironment`` with ``RealTimeConfiguration/benchmark`` on: rtgym's
/// `benchmarks()` dictionary, each phase `nil` until it has been timed once.
///
/// The first duration of a phase becomes its mean, with a deviation of 0; each later one moves them
/// by ``RealTimeConfiguration/benchmarkPolyak`` of the way. As in rtgym, `step` is timed in full,
/// while `reset` is timed only through the time step it starts (its control and the later capture),
/// and the inference after a reset spans the reset too.
public struct RealTimeBenchmarks: Sendable, Hashable {
    /// From one control sent to the next (rtgym `time_step_duration`): the elastic time steps as run.
    public var timeStepDuration: RealTimePhaseTiming?
    /// A whole `step` call, from its start to its return (rtgym `step_duration`).
    public var stepDuration: RealTimePhaseTiming?
    /// The part of a `step` spent finishing the running time step: waiting for the capture time,
    /// capturing and waiting for the time step's end (rtgym `join_duration`).
    public var joinDuration: RealTimePhaseTiming?
    /// From a `step`'s return to the next `step` call, the caller's time (rtgym `inference_duration`).
    public var inferenceDuration: RealTimePhaseTiming?
    /// The interface's ``RealTimeInterface/sendControl(_:)`` (rtgym `send_control_duration`).
    public var sendControlDuration: RealTimePhaseTiming?
    /// The interface's ``RealTimeInterface/captureObservation()`` (rtgym `get_obs_duration`).
    public var getObsDuration: RealTimePhaseTiming?

    /// The timed phases under rtgym's names, `"time_step_duration"` to `"get_obs_duration"`, for logs.
    public var byName: [String: RealTimePhaseTiming] {
        let phases = [
            ("time_step_duration", timeStepDuration), ("step_duration", stepDuration),
            ("join_duration", joinDuration), ("inference_duration", inferenceDuration),
            ("send_control_duration", sendControlDuration), ("get_obs_duration", getObsDuration),
        ]
        return Dictionary(uniqueKeysWithValues: phases.compactMap { name, timing in timing.map { (name, $0) } })
    }
}

/// Turns the instants the environment reports into ``RealTimeBenchmarks``, as rtgym's `Benchmark`.
struct RealTimeBenchmarkRecorder: Sendable {
    /// The weight of each new duration.
    let polyak: Double
    /// The estimates so far.
    private(set) var benchmarks = RealTimeBenchmarks()

    private var stepStart: Duration?
    private var stepEnd: Duration?
    private var sendControlStart: Duration?
    private var captureStart: Duration?

    /// Creates a recorder with no timings.
    init(polyak: Double) {
        self.polyak = polyak
    }

    /// A `step` call begins: ends the caller's inference.
    mutating func stepStarted(at time: Duration) {
        if let stepEnd { record(time - stepEnd, in: \.inferenceDuration) }
        stepStart = time
    }

    /// A `step` has finished the running time step.
    mutating func stepJoined(at time: Duration) {
        if let stepStart { record(time - stepStart, in: \.joinDuration) }
    }

    /// A `step` returns.
    mutating func stepEnded(at time: Duration) {
        if let stepStart { record(time - stepStart, in: \.stepDuration) }
        stepEnd = time
    }

    /// A time step begins, by sending its control.
    mutating func sendControlStarted(at time: Duration) {
        if let sendControlStart { record(time - sendControlStart, in: \.timeStepDuration) }
        sendControlStart = time
    }

    /// The control has been sent.
    mutating func sendControlEnded(at time: Duration) {
        if let sendControlStart { record(time - sendControlStart, in: \.sendControlDuration) }
    }

    /// The observation capture begins.
    mutating func captureStarted(at time: Duration) {
        captureStart = time
    }

    /// The observation has been captured.
    mutating func captureEnded(at time: Duration) {
        if let captureStart { record(time - captureStart, in: \.getObsDuration) }
    }

    /// Starts the estimate at `duration`, or folds `duration` into it.
    private mutating func record(_ duration: Duration, in phase: WritableKeyPath<RealTimeBenchmarks, RealTimePhaseTiming?>) {
        let seconds = duration.realTimeSeconds
        if benchmarks[keyPath: phase] == nil {
            benchmarks[keyPath: phase] = RealTimePhaseTiming(mean: seconds, meanAbsoluteDeviation: 0)
        } else {
            benchmarks[keyPath: phase]?.record(seconds, polyak: polyak)
        }
    }
}
