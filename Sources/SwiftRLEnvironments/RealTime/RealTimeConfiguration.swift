/// The settings of a ``RealTimeEnvironment``, rtgym's configuration dictionary as a checked value.
///
/// | rtgym key                  | Swift                      | default                |
/// |----------------------------|----------------------------|------------------------|
/// | `time_step_duration`       | ``timeStepDuration``       | 50 ms                  |
/// | `start_obs_capture`        | ``startObservationCapture``| `timeStepDuration`     |
/// | `time_step_timeout_factor` | ``timeStepTimeoutFactor``  | 1                      |
/// | `ep_max_length`            | ``maximumEpisodeLength``   | `nil` (no limit)       |
/// | `act_buf_len`              | ``actionBufferLength``     | 1                      |
/// | `act_in_obs`               | ``actionBufferLength`` > 0 | on                     |
/// | `reset_act_buf`            | ``resetsActionBuffer``     | `true`                 |
/// | `last_act_on_reset`        | ``sendsLastActionOnReset`` | `false`                |
/// | `wait_on_done`             | ``waitsOnDone``            | `false`                |
/// | `benchmark`                | ``benchmark``              | `false`                |
/// | `benchmark_polyak`         | ``benchmarkPolyak``        | 0.1                    |
///
/// Left out: `benchmark_type = "trace"` (only the Polyak averages are kept), `act_prepro_func` and
/// `obs_prepro_func` (the interface can transform its own actions and observations), and the
/// interface class with its arguments (``RealTimeEnvironment`` takes an interface instance).
/// rtgym's `act_in_obs = False` is an ``actionBufferLength`` of 0.
public struct RealTimeConfiguration: Sendable, Hashable {
    /// The nominal duration of an elastic time step (rtgym `time_step_duration`).
    public let timeStepDuration: Duration
    /// How long after a time step's start the observation is captured (rtgym `start_obs_capture`):
    /// the time step's duration when capturing is instantaneous, less when it takes time.
    public let startObservationCapture: Duration
    /// How late, in time steps, a step may begin after its scheduled start before the schedule is
    /// dropped and restarted from the current time (rtgym `time_step_timeout_factor`); fractions
    /// of a time step are allowed, as in rtgym, and `.infinity` never drops the schedule.
    public let timeStepTimeoutFactor: Double
    /// The number of steps after which an episode is truncated (rtgym `ep_max_length`); `nil` for none.
    public let maximumEpisodeLength: Int?
    /// How many of the latest actions (oldest first) follow the interface's observation
    /// (rtgym `act_buf_len`, with `act_in_obs` on); 0 appends none.
    public let actionBufferLength: Int
    /// Whether `reset` fills the action buffer with the default action (rtgym `reset_act_buf`);
    /// when off, the buffer carries over between episodes.
    public let resetsActionBuffer: Bool
    /// With ``resetsActionBuffer`` off, whether `reset` sends the episode's last action again instead
    /// of the default action (rtgym `last_act_on_reset`).
    public let sendsLastActionOnReset: Bool
    /// Whether the environment calls its `wait()` when an episode terminates or is truncated
    /// (rtgym `wait_on_done`).
    public let waitsOnDone: Bool
    /// Whether to time the environment's phases (rtgym `benchmark`); see ``RealTimeBenchmarks``.
    public let benchmark: Bool
    /// The weight of each new timing in the benchmark's running averages, in `(0, 1]`: smaller is
    /// smoother, larger follows changes faster (rtgym `benchmark_polyak`).
    public let benchmarkPolyak: Double

    /// The time after a time step's scheduled end past which the next step has timed out:
    /// `timeStepDuration × timeStepTimeoutFactor`, at most ``longestTimeStepTimeout``.
    public let timeStepTimeout: Duration

    /// The cap on ``timeStepTimeout``, 2⁴⁰ seconds (about 35,000 years, so never in practice): it lets
    /// the factor be infinite, and keeps the product inside `Duration`'s range.
    public static let longestTimeStepTimeout = Duration.seconds(1 << 40)

    /// Creates a configuration, checking every value.
    /// - Parameters:
    ///   - timeStepDuration: positive.
    ///   - startObservationCapture: from 0 to `timeStepDuration`; `nil` for `timeStepDuration`.
    ///   - timeStepTimeoutFactor: above 0, `.infinity` included.
    ///   - maximumEpisodeLength: at least 1, or `nil`.
    ///   - actionBufferLength: 0 or more.
    ///   - benchmarkPolyak: in `(0, 1]`.
    /// - Throws: the ``RealTimeError`` naming the first invalid value.
    public init(
        timeStepDuration: Duration = .milliseconds(50),
        startObservationCapture: Duration? = nil,
        timeStepTimeoutFactor: Double = 1,
        maximumEpisodeLength: Int? = nil,
        actionBufferLength: Int = 1,
        resetsActionBuffer: Bool = true,
        sendsLastActionOnReset: Bool = false,
        waitsOnDone: Bool = false,
        benchmark: Bool = false,
        benchmarkPolyak: Double = 0.1
    ) throws(RealTimeError) {
        guard timeStepDuration > .zero else { throw .invalidTimeStepDuration(timeStepDuration) }
        let capture = startObservationCapture ?? timeStepDuration
        guard capture >= .zero && capture <= timeStepDuration else {
            throw .invalidObservationCaptureStart(capture, timeStepDuration: timeStepDuration)
        }
        // NaN fails every comparison, so these guards refuse it.
        guard timeStepTimeoutFactor > 0 else { throw .invalidTimeOutFactor(timeStepTimeoutFactor) }
        if let length = maximumEpisodeLength, length < 1 { throw .invalidEpisodeLength(length) }
        guard actionBufferLength >= 0 else { throw .invalidActionBufferLength(actionBufferLength) }
        guard benchmarkPolyak > 0 && benchmarkPolyak <= 1 else { throw .invalidBenchmarkPolyak(benchmarkPolyak) }
        self.timeStepDuration = timeStepDuration
        self.startObservationCapture = capture
        self.timeStepTimeoutFactor = timeStepTimeoutFactor
        let longest = Self.longestTimeStepTimeout
        timeStepTimeout = timeStepDuration.realTimeSeconds * timeStepTimeoutFactor < longest.realTimeSeconds
            ? timeStepDuration * timeStepTimeoutFactor : longest
        self.maximumEpisodeLength = maximumEpisodeLength
        self.actionBufferLength = actionBufferLength
        self.resetsActionBuffer = resetsActionBuffer
        self.sendsLastActionOnReset = sendsLastActionOnReset
        self.waitsOnDone = waitsOnDone
        self.benchmark = benchmark
        self.benchmarkPolyak = benchmarkPolyak
    }
}
