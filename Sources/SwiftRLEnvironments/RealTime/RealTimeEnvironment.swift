/// An ``Environment`` that drives a device in real time through a ``RealTimeInterface``, with the
/// semantics of rtgym's `RealTimeEnv` (the Python package behind TMRL): elastic time steps, an action
/// buffer in the observations, a default action on reset and optional benchmarks.
///
/// ## Time steps
/// Each `step(action)` first finishes the time step that is running, then starts the next one with
/// `action`, and returns without waiting for it:
///
/// 1. Finishing: wait until the running time step's capture time (its start plus
///    ``RealTimeConfiguration/startObservationCapture``), capture the observation, reward and
///    termination (``RealTimeInterface/captureObservation()``), then wait until its end (its start
///    plus ``RealTimeConfiguration/timeStepDuration``).
/// 2. Starting, unless the episode is over: send `action` (``RealTimeInterface/sendControl(_:)``),
///    then schedule the time step. It starts when the previous one ended, so that time steps follow
///    each other `timeStepDuration` apart however long the caller took within them (elasticity);
///    when the caller comes back ``RealTimeConfiguration/timeStepTimeout`` or more after the previous
///    end, the time step has timed out and starts now instead. ``timeOutCount`` then grows where
///    rtgym prints a warning; the time-out that follows ``wait()`` is expected and not counted, as in
///    rtgym. Nothing else changes on a time-out: the given action is sent, not the default one.
///
/// So the observation that `step(action)` returns was captured while the previous action was being
/// applied, and `action` is applied from the next scheduled time step on: the action buffer in the
/// observation tells the policy which actions are still in flight.
///
/// `reset` finishes a running time step (discarding its capture), resets the device
/// (``RealTimeInterface/reset(seed:)``) and starts a time step with the default action (or the last
/// action, with ``RealTimeConfiguration/resetsActionBuffer`` off and
/// ``RealTimeConfiguration/sendsLastActionOnReset`` on), keeping the schedule elastic across
/// episodes. The first reset starts the schedule at the current time.
///
/// ## Observations
/// The interface's observation followed, when ``RealTimeConfiguration/actionBufferLength`` k is
/// above 0, by the last k actions, oldest first, each `actionSpace.dimension` values: rtgym's
/// `(*obs, *act_buf)` tuple flattened in order. The buffer holds the action of the current step
/// last. ``observationSpace`` extends the interface's space with the action space's bounds
/// (0 to `count - 1` for discrete actions). Observations and rewards pass through unchecked,
/// non-finite values included; SwiftRL's trainers check finiteness.
///
/// ## Differences from rtgym
/// - No background thread: the capture runs inside the next `step` (or `reset` or `wait`) call, so
///   it starts at its scheduled time only when that call comes before it, as it does when capture
///   is at the end of the time step (rtgym's default) and the caller keeps up. A later call captures
///   at once, instead of at the scheduled time during the caller's computation.
/// - `step` after the episode's end without `reset` stops the program (rtgym raises), as a wrong
///   action count or observation buffer does in the other environments, and as an interface
///   observation whose count differs from its space's does.
/// - Left out: `info` dictionaries, reset `options`, `benchmark_type = "trace"`, action and
///   observation preprocessing functions, and the `set_*` methods that change settings during a
///   run. The interface's spaces and default action are read once, on creation.
///
/// Waiting blocks the calling thread on the clock. The environment is a value, but the interface
/// and the device behind it are shared by its copies: use one copy at a time.
public struct RealTimeEnvironment<Interface: RealTimeInterface>: Environment {
    /// The device's interface.
    public let interface: Interface
    /// The settings.
    public let configuration: RealTimeConfiguration
    /// The time source.
    public let clock: any RealTimeClock
    /// The interface's name.
    public let name: String
    /// The interface's observation space followed by the action buffer's.
    public let observationSpace: BoxSpace
    /// The interface's action space.
    public let actionSpace: ActionSpace
    /// The interface's default action, sent on reset.
    public let defaultAction: [Float]

    /// Steps taken since the last `reset` (rtgym `current_step`).
    public private(set) var elapsedSteps = 0
    /// Whether an episode is under way: reset and neither terminated nor truncated (rtgym `running`).
    public private(set) var isRunning = false
    /// The last ``RealTimeConfiguration/actionBufferLength`` actions, oldest first, flattened: the end
    /// of each observation.
    public private(set) var actionBuffer: [Float]
    /// How many time steps have timed out and restarted the schedule, those after ``wait()`` aside.
    public private(set) var timeOutCount = 0
    /// How late after its scheduled start the latest timed-out time step began.
    public private(set) var latestTimeOutLateness: Duration?

    /// The action the next reset sends when it does not send the default one (rtgym `act_buf[-1]`).
    private var lastAction: [Float]
    /// The running time step, or the last one; `nil` before the first reset.
    private var schedule: ElasticSchedule?
    /// Whether the time step in `schedule` has yet to be finished.
    private var timeStepPending = false
    /// The latest capture, which the next `step` returns.
    private var latestCapture: (observation: [Float], reward: Double, terminated: Bool)?
    /// Set by `wait()`: the next time-out is expected and not counted (rtgym `is_waiting`).
    private var isWaiting = false
    /// The timings, with the benchmark on.
    private var recorder: RealTimeBenchmarkRecorder?

    /// Wraps `interface`, reading its spaces and default action.
    /// - Parameters:
    ///   - interface: the device's interface.
    ///   - configuration: the timing, buffer and benchmark settings.
    ///   - clock: the time source; the real one unless given (tests give a simulated one).
    /// - Throws: ``RealTimeError/invalidDefaultAction(_:actionSpace:)`` when the default action does not
    ///   have the action space's dimension or is not one of its actions.
    public init(
        interface: Interface,
        configuration: RealTimeConfiguration,
        clock: any RealTimeClock = ContinuousRealTimeClock()
    ) throws(RealTimeError) {
        let actionSpace = interface.actionSpace
        let defaultAction = interface.defaultAction
        let accepted = defaultAction.count == actionSpace.dimension
            && defaultAction.withUnsafeBufferPointer { values in
                values.baseAddress.map { actionSpace.accepts($0) } ?? true
            }
        guard accepted else { throw .invalidDefaultAction(defaultAction, actionSpace: actionSpace) }
        let (low, high): ([Float], [Float]) = switch actionSpace {
        case .box(let box): (box.low, box.high)
        case .discrete(let count): ([0], [Float(count - 1)])
        }
        let base = interface.observationSpace
        let length = configuration.actionBufferLength
        self.interface = interface
        self.configuration = configuration
        self.clock = clock
        self.name = interface.name
        self.actionSpace = actionSpace
        self.defaultAction = defaultAction
        observationSpace = BoxSpace(
            low: base.low + Array([[Float]](repeating: low, count: length).joined()),
            high: base.high + Array([[Float]](repeating: high, count: length).joined())
        )
        actionBuffer = Array([[Float]](repeating: defaultAction, count: length).joined())
        lastAction = defaultAction
        recorder = configuration.benchmark ? RealTimeBenchmarkRecorder(polyak: configuration.benchmarkPolyak) : nil
    }

    /// The timings so far with ``RealTimeConfiguration/benchmark`` on, `nil` with it off (rtgym
    /// `benchmarks()`).
    public var benchmarks: RealTimeBenchmarks? { recorder?.benchmarks }

    /// Finishes a running time step, resets the device and starts a time step with the default action.
    /// - Parameters:
    ///   - seed: passed to ``RealTimeInterface/reset(seed:)``.
    ///   - observation: receives the interface's first observation and the action buffer.
    public mutating func reset(seed: UInt64?, observation: inout [Float]) {
        Checks.checkObservation(observation, dimension: observationSpace.dimension, environment: name)
        finishTimeStep()
        isRunning = true
        elapsedSteps = 0
        if configuration.resetsActionBuffer {
            for start in stride(from: 0, to: actionBuffer.count, by: defaultAction.count) {
                actionBuffer.replaceSubrange(start..<(start + defaultAction.count), with: defaultAction)
            }
            lastAction = defaultAction
        } else if !configuration.sendsLastActionOnReset {
            if !actionBuffer.isEmpty {
                actionBuffer.replaceSubrange((actionBuffer.count - defaultAction.count)..., with: defaultAction)
            }
            lastAction = defaultAction
        }
        write(interface.reset(seed: seed), to: &observation)
        startTimeStep(lastAction)
    }

    /// Finishes the running time step, returning its observation, and starts the next with `action`
    /// unless the episode is over.
    /// - Parameters:
    ///   - action: `actionSpace.dimension` values, applied from the next scheduled time step on.
    ///   - observation: receives the captured observation and the action buffer, `action` last.
    /// - Returns: the captured reward and termination; truncated when the episode reaches
    ///   ``RealTimeConfiguration/maximumEpisodeLength`` steps without terminating.
    public mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
        precondition(
            action.count == actionSpace.dimension,
            "\(name): expected an action of \(actionSpace.dimension) values, got \(action.count)"
        )
        Checks.checkObservation(observation, dimension: observationSpace.dimension, environment: name)
        precondition(isRunning, "\(name): step called before reset or after the episode ended; call reset first")
        let start = clock.now()
        recorder?.stepStarted(at: start)
        finishTimeStep()
        let joined = clock.now()
        recorder?.stepJoined(at: joined)
        // Running implies that reset started a time step, finished just now or by `wait()`.
        guard let capture = latestCapture else { preconditionFailure("\(name): no observation was captured") }
        elapsedSteps += 1
        lastAction = action
        if !actionBuffer.isEmpty {
            actionBuffer.removeFirst(action.count)
            actionBuffer.append(contentsOf: action)
        }
        let truncated = !capture.terminated && configuration.maximumEpisodeLength.map { elapsedSteps >= $0 } == true
        if capture.terminated || truncated {
            isRunning = false
            if configuration.waitsOnDone { wait() }
        } else {
            startTimeStep(action)
        }
        write(capture.observation, to: &observation)
        let end = clock.now()
        recorder?.stepEnded(at: end)
        return StepOutcome(reward: capture.reward, terminated: capture.terminated, truncated: truncated)
    }

    /// Finishes a running time step and pauses the device (``RealTimeInterface/wait()``) until the next
    /// reset (rtgym `wait()`). The next time-out, which a pause usually causes, is not counted.
    public mutating func wait() {
        finishTimeStep()
        isWaiting = true
        interface.wait()
    }

    /// Renders the device through ``RealTimeInterface/render()``; it can run during a time step.
    public func render() {
        interface.render()
    }

    /// Sends `action` and schedules the time step that it begins. The first one follows a time step
    /// taken to end just before the control is sent, so that it starts at once (rtgym's
    /// `_initialize_time`).
    private mutating func startTimeStep(_ action: [Float]) {
        let start = clock.now()
        recorder?.sendControlStarted(at: start)
        interface.sendControl(action)
        let now = clock.now()
        recorder?.sendControlEnded(at: now)
        let previous = schedule ?? .ending(at: start, configuration: configuration)
        let (next, timedOut) = previous.next(at: now, configuration: configuration)
        if timedOut {
            if isWaiting {
                isWaiting = false
            } else {
                timeOutCount += 1
                latestTimeOutLateness = now - previous.end
            }
        }
        schedule = next
        timeStepPending = true
    }

    /// Waits for the capture time, captures, and waits for the end of the running time step, if any.
    private mutating func finishTimeStep() {
        guard timeStepPending, let schedule else { return }
        clock.sleep(until: schedule.capture)
        let start = clock.now()
        recorder?.captureStarted(at: start)
        latestCapture = interface.captureObservation()
        let end = clock.now()
        recorder?.captureEnded(at: end)
        clock.sleep(until: schedule.end)
        timeStepPending = false
    }

    /// Writes the interface's `values` followed by the action buffer into `observation`.
    private func write(_ values: [Float], to observation: inout [Float]) {
        let count = observationSpace.dimension - actionBuffer.count
        precondition(
            values.count == count,
            "\(name): the interface's observation holds \(values.count) values, its space \(count)"
        )
        observation.withUnsafeMutableBufferPointer { target in
            for index in 0..<count { target[index] = values[index] }
            for index in actionBuffer.indices { target[count + index] = actionBuffer[index] }
        }
    }
}
