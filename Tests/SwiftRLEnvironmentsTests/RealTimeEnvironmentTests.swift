import Synchronization
import Testing
import SwiftRLEnvironments

/// A clock that moves only when slept or advanced, so that every schedule is exact.
final class SimulatedClock: RealTimeClock {
    private let time: Mutex<Duration>

    init(start: Duration = .seconds(1)) {
        time = Mutex(start)
    }

    func now() -> Duration { time.withLock { $0 } }

    func sleep(until deadline: Duration) {
        time.withLock { $0 = max($0, deadline) }
    }

    /// Lets `duration` pass, as the caller's computation or a slow device call would.
    func advance(by duration: Duration) {
        time.withLock { $0 += duration }
    }
}

/// A device that records what it is asked and when, and whose calls take simulated time.
///
/// Its observation is 2 values: `[-1, -1]` on reset, `[n, -n]` on its n-th capture (counting from 1),
/// with a reward of n.
final class RecordingDevice: RealTimeInterface {
    enum Event: Equatable {
        case reset(UInt64?)
        case control([Float])
        case capture
        case wait
    }

    struct Record: Equatable {
        var time: Duration
        var event: Event
    }

    let clock: SimulatedClock
    let observationSpace = BoxSpace(low: [-100, -100], high: [100, 100])
    let actionSpace: ActionSpace
    let defaultAction: [Float]
    /// How long `sendControl` takes.
    let controlCost: Duration
    /// How long `captureObservation` takes.
    let captureCost: Duration
    /// The capture that reports termination.
    let terminatingCapture: Int?
    /// Whether captures return NaN and infinite values.
    let nonFinite: Bool
    private let state = Mutex<(records: [Record], captures: Int)>(([], 0))

    init(
        clock: SimulatedClock = SimulatedClock(),
        actionSpace: ActionSpace = .box(BoxSpace(low: [-1, -2], high: [1, 2])),
        defaultAction: [Float] = [0, 0.5],
        controlCost: Duration = .zero,
        captureCost: Duration = .zero,
        terminatingCapture: Int? = nil,
        nonFinite: Bool = false
    ) {
        self.clock = clock
        self.actionSpace = actionSpace
        self.defaultAction = defaultAction
        self.controlCost = controlCost
        self.captureCost = captureCost
        self.terminatingCapture = terminatingCapture
        self.nonFinite = nonFinite
    }

    var records: [Record] { state.withLock { $0.records } }
    var events: [Event] { records.map(\.event) }
    var controls: [[Float]] {
        records.compactMap { record in
            guard case .control(let action) = record.event else { return nil }
            return action
        }
    }
    var controlTimes: [Duration] {
        records.compactMap { record in
            guard case .control = record.event else { return nil }
            return record.time
        }
    }
    var captureTimes: [Duration] { records.filter { $0.event == .capture }.map(\.time) }

    private func record(_ event: Event) {
        let time = clock.now()
        state.withLock { $0.records.append(Record(time: time, event: event)) }
    }

    func sendControl(_ action: [Float]) {
        record(.control(action))
        clock.advance(by: controlCost)
    }

    func reset(seed: UInt64?) -> [Float] {
        record(.reset(seed))
        return [-1, -1]
    }

    func captureObservation() -> (observation: [Float], reward: Double, terminated: Bool) {
        record(.capture)
        let count = state.withLock { state in
            state.captures += 1
            return state.captures
        }
        clock.advance(by: captureCost)
        if nonFinite { return ([.nan, -.infinity], .nan, false) }
        return ([Float(count), -Float(count)], Double(count), count == terminatingCapture)
    }

    func wait() {
        record(.wait)
    }
}

/// `RealTimeEnvironment` against rtgym's semantics, on a simulated clock.
@Suite("Real-time environment")
struct RealTimeEnvironmentTests {
    static func milliseconds(_ values: [Int], from origin: Duration = .seconds(1)) -> [Duration] {
        values.map { origin + .milliseconds($0) }
    }

    @Test("Time steps follow each other timeStepDuration apart, capturing at startObservationCapture")
    func elasticTiming() throws {
        let device = RecordingDevice()
        let configuration = try RealTimeConfiguration(
            timeStepDuration: .milliseconds(50), startObservationCapture: .milliseconds(20)
        )
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: 3, observation: &observation)
        #expect(device.events == [.reset(3), .control([0, 0.5])])
        for step in 1...4 {
            device.clock.advance(by: .milliseconds(5))  // the caller's computation, well within the step
            let outcome = env.step([Float(step) / 10, 0], observation: &observation)
            #expect(outcome.reward == Double(step) && !outcome.isDone)
            #expect(Array(observation[0..<2]) == [Float(step), -Float(step)])
            // step returns once the next time step has started.
            #expect(device.clock.now() == .seconds(1) + .milliseconds(50 * step))
        }
        #expect(device.controlTimes == Self.milliseconds([0, 50, 100, 150, 200]))
        #expect(device.captureTimes == Self.milliseconds([20, 70, 120, 170]))
        #expect(device.controls == [[0, 0.5], [0.1, 0], [0.2, 0], [0.3, 0], [0.4, 0]])
        #expect(env.timeOutCount == 0 && env.elapsedSteps == 4)
    }

    @Test("A caller late within the time-out keeps the schedule: later steps are back on it")
    func elasticity() throws {
        let device = RecordingDevice()
        let configuration = try RealTimeConfiguration(timeStepDuration: .milliseconds(50))
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: nil, observation: &observation)
        device.clock.advance(by: .milliseconds(70))  // 20 ms past the first time step's end
        _ = env.step([0, 0], observation: &observation)
        device.clock.advance(by: .milliseconds(10))
        _ = env.step([0, 0], observation: &observation)
        device.clock.advance(by: .milliseconds(10))
        _ = env.step([0, 0], observation: &observation)
        // The late action goes out at once; its time step still ends at 100 ms, not 120 ms.
        #expect(device.controlTimes == Self.milliseconds([0, 70, 100, 150]))
        #expect(device.captureTimes == Self.milliseconds([70, 100, 150]))
        #expect(env.timeOutCount == 0 && env.latestTimeOutLateness == nil)
    }

    @Test("A caller late by the time-out or more restarts the schedule from now",
          arguments: [(1.0, 30, false), (0.5, 30, true), (1.0, 50, true), (1.0, 49, false), (Double.infinity, 10_000, false)])
    func timeOut(factor: Double, lateness: Int, timesOut: Bool) throws {
        let device = RecordingDevice()
        let configuration = try RealTimeConfiguration(timeStepDuration: .milliseconds(50), timeStepTimeoutFactor: factor)
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: nil, observation: &observation)
        device.clock.advance(by: .milliseconds(50 + lateness))
        _ = env.step([0, 0], observation: &observation)
        _ = env.step([0, 0], observation: &observation)  // right away: waits for the time step's end
        let late = 50 + lateness
        if timesOut {
            #expect(env.timeOutCount == 1)
            #expect(env.latestTimeOutLateness == .milliseconds(lateness))
            #expect(device.controlTimes == Self.milliseconds([0, late, late + 50]))
        } else {
            // The second time step ends at 100 ms, or has ended already.
            #expect(env.timeOutCount == 0 && env.latestTimeOutLateness == nil)
            #expect(device.controlTimes == Self.milliseconds([0, late, max(100, late)]))
        }
    }

    @Test("wait() pauses the device, and the time-out after it is not counted")
    func waitIsNotATimeOut() throws {
        let device = RecordingDevice()
        let configuration = try RealTimeConfiguration(timeStepDuration: .milliseconds(50))
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: nil, observation: &observation)
        _ = env.step([0, 0], observation: &observation)
        env.wait()
        #expect(device.events.last == .wait)
        #expect(device.captureTimes.count == 2, "wait finishes the running time step")
        device.clock.advance(by: .seconds(10))
        env.reset(seed: nil, observation: &observation)
        #expect(env.timeOutCount == 0)
        #expect(device.controlTimes.last == .seconds(11) + .milliseconds(100))
        // The schedule restarted at the reset's control.
        _ = env.step([0, 0], observation: &observation)
        #expect(device.captureTimes.last == .seconds(11) + .milliseconds(150))
    }

    @Test("The observation ends with the last k actions, oldest first, default-filled on reset")
    func actionBuffer() throws {
        let device = RecordingDevice()
        let configuration = try RealTimeConfiguration(actionBufferLength: 3)
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        #expect(env.observationSpace == BoxSpace(
            low: [-100, -100, -1, -2, -1, -2, -1, -2], high: [100, 100, 1, 2, 1, 2, 1, 2]
        ))
        var observation = [Float](repeating: 0, count: 8)
        env.reset(seed: nil, observation: &observation)
        #expect(observation == [-1, -1, 0, 0.5, 0, 0.5, 0, 0.5])
        let actions: [[Float]] = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]]
        var expected: [[Float]] = [[0, 0.5], [0, 0.5], [0, 0.5]]
        for (index, action) in actions.enumerated() {
            _ = env.step(action, observation: &observation)
            expected = Array(expected.dropFirst()) + [action]
            let capture = Float(index + 1)
            #expect(observation == [capture, -capture] + expected.flatMap { $0 }, "step \(index + 1)")
            #expect(env.actionBuffer == expected.flatMap { $0 })
        }
    }

    @Test("Without an action buffer the observation is the interface's")
    func noActionBuffer() throws {
        let device = RecordingDevice()
        let configuration = try RealTimeConfiguration(actionBufferLength: 0)
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        #expect(env.observationSpace == device.observationSpace)
        var observation = [Float](repeating: 0, count: 2)
        env.reset(seed: nil, observation: &observation)
        _ = env.step([1, 1], observation: &observation)
        #expect(observation == [1, -1])
    }

    @Test("Discrete actions extend the observation space with 0 to count - 1")
    func discreteBuffer() throws {
        let device = RecordingDevice(actionSpace: .discrete(count: 4), defaultAction: [2])
        let configuration = try RealTimeConfiguration(actionBufferLength: 2)
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        #expect(env.observationSpace == BoxSpace(low: [-100, -100, 0, 0], high: [100, 100, 3, 3]))
        var observation = [Float](repeating: 0, count: 4)
        env.reset(seed: nil, observation: &observation)
        _ = env.step([1], observation: &observation)
        #expect(observation == [1, -1, 2, 1])
    }

    @Test("Reset sends the default action; without buffer reset it replaces the last action, or keeps it",
          arguments: [(true, false), (false, false), (false, true)])
    func resetAction(resetsBuffer: Bool, sendsLastAction: Bool) throws {
        let device = RecordingDevice()
        let configuration = try RealTimeConfiguration(
            maximumEpisodeLength: 3, actionBufferLength: 2,
            resetsActionBuffer: resetsBuffer, sendsLastActionOnReset: sendsLastAction
        )
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        var observation = [Float](repeating: 0, count: 6)
        env.reset(seed: nil, observation: &observation)
        for action: [Float] in [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]] {
            _ = env.step(action, observation: &observation)
        }
        #expect(!env.isRunning)
        env.reset(seed: 9, observation: &observation)
        let buffer: [Float]
        let sent: [Float]
        switch (resetsBuffer, sendsLastAction) {
        case (true, _): (buffer, sent) = ([0, 0.5, 0, 0.5], [0, 0.5])
        case (false, false): (buffer, sent) = ([0.2, 0.2, 0, 0.5], [0, 0.5])
        case (false, true): (buffer, sent) = ([0.2, 0.2, 0.3, 0.3], [0.3, 0.3])
        }
        #expect(observation == [-1, -1] + buffer)
        // The episode-ending action was never sent; the reset's control follows the second step's.
        #expect(device.controls == [[0, 0.5], [0.1, 0.1], [0.2, 0.2], sent])
        #expect(device.events.suffix(2) == [.reset(9), .control(sent)])
        #expect(env.isRunning && env.elapsedSteps == 0)
    }

    @Test("Episodes are truncated at maximumEpisodeLength, unless they terminate")
    func episodeLength() throws {
        let device = RecordingDevice(terminatingCapture: 5)
        let configuration = try RealTimeConfiguration(maximumEpisodeLength: 3)
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: nil, observation: &observation)
        let outcomes = (0..<3).map { _ in env.step([0, 0], observation: &observation) }
        #expect(outcomes.map(\.truncated) == [false, false, true])
        #expect(outcomes.allSatisfy { !$0.terminated })
        #expect(!env.isRunning && device.controls.count == 3, "no control after the last step")
        env.reset(seed: nil, observation: &observation)
        _ = env.step([0, 0], observation: &observation)
        let last = env.step([0, 0], observation: &observation)  // the 5th capture terminates
        #expect(last.terminated && !last.truncated && !env.isRunning)
    }

    @Test("A terminal capture at the length limit terminates without truncating")
    func terminationAtLimit() throws {
        let device = RecordingDevice(terminatingCapture: 2)
        let configuration = try RealTimeConfiguration(maximumEpisodeLength: 2)
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: nil, observation: &observation)
        _ = env.step([0, 0], observation: &observation)
        let outcome = env.step([0, 0], observation: &observation)
        #expect(outcome.terminated && !outcome.truncated)
    }

    @Test("waitsOnDone calls wait when an episode ends", arguments: [false, true])
    func waitOnDone(waits: Bool) throws {
        let device = RecordingDevice()
        let configuration = try RealTimeConfiguration(maximumEpisodeLength: 1, waitsOnDone: waits)
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: nil, observation: &observation)
        #expect(env.step([0, 0], observation: &observation).truncated)
        #expect((device.events.last == .wait) == waits)
    }

    @Test("Benchmarks hold rtgym's Polyak mean and mean absolute deviation of each phase")
    func benchmarks() throws {
        let device = RecordingDevice(controlCost: .milliseconds(2), captureCost: .milliseconds(4))
        let configuration = try RealTimeConfiguration(
            timeStepDuration: .milliseconds(50), benchmark: true, benchmarkPolyak: 0.5
        )
        var env = try RealTimeEnvironment(interface: device, configuration: configuration, clock: device.clock)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: nil, observation: &observation)
        // Controls go out at 0, 54 and 104 ms (the capture at 50 ms takes 4 ms and delays the
        // first one); steps start 10 ms after the previous return.
        device.clock.advance(by: .milliseconds(10))
        _ = env.step([0, 0], observation: &observation)  // 12 → 56 ms: join 42, step 44
        device.clock.advance(by: .milliseconds(10))
        _ = env.step([0, 0], observation: &observation)  // 66 → 106 ms: join 38, step 40
        #expect(device.controlTimes == Self.milliseconds([0, 54, 104]))
        let benchmarks = try #require(env.benchmarks)
        // Polyak 0.5: the mean moves half-way to each new duration, the deviation half-way to its
        // distance from the previous mean.
        let expected: [(phase: String, timing: RealTimePhaseTiming?, mean: Double, deviation: Double)] = [
            ("time step", benchmarks.timeStepDuration, 0.052, 0.002),  // 54, then 50 ms
            ("join", benchmarks.joinDuration, 0.040, 0.002),  // 42, then 38 ms
            ("step", benchmarks.stepDuration, 0.042, 0.002),  // 44, then 40 ms
            ("inference", benchmarks.inferenceDuration, 0.010, 0),  // once, between the steps
            ("send control", benchmarks.sendControlDuration, 0.002, 0),  // 3 times
            ("get obs", benchmarks.getObsDuration, 0.004, 0),  // twice
        ]
        for (phase, timing, mean, deviation) in expected {
            let timing = try #require(timing, "\(phase)")
            #expect(abs(timing.mean - mean) < 1e-12, "\(phase) mean \(timing.mean)")
            #expect(abs(timing.meanAbsoluteDeviation - deviation) < 1e-12,
                    "\(phase) deviation \(timing.meanAbsoluteDeviation)")
        }
        #expect(Set(benchmarks.byName.keys) == [
            "time_step_duration", "step_duration", "join_duration",
            "inference_duration", "send_control_duration", "get_obs_duration",
        ])
        #expect(benchmarks.byName["join_duration"] == benchmarks.joinDuration)
    }

    @Test("Benchmarks are nil when off, and phases nil until timed")
    func benchmarksOff() throws {
        let device = RecordingDevice()
        var env = try RealTimeEnvironment(interface: device, configuration: RealTimeConfiguration(), clock: device.clock)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: nil, observation: &observation)
        #expect(env.benchmarks == nil)

        let timed = try RealTimeConfiguration(benchmark: true)
        var other = try RealTimeEnvironment(interface: RecordingDevice(), configuration: timed, clock: SimulatedClock())
        other.reset(seed: nil, observation: &observation)
        let benchmarks = try #require(other.benchmarks)
        #expect(benchmarks.stepDuration == nil && benchmarks.sendControlDuration != nil)
        #expect(Set(benchmarks.byName.keys) == ["send_control_duration"])
    }

    @Test("Non-finite observations and rewards pass through")
    func nonFinite() throws {
        let device = RecordingDevice(nonFinite: true)
        var env = try RealTimeEnvironment(interface: device, configuration: RealTimeConfiguration(), clock: device.clock)
        var observation = [Float](repeating: 0, count: env.observationSpace.dimension)
        env.reset(seed: nil, observation: &observation)
        let outcome = env.step([0, 0], observation: &observation)
        #expect(outcome.reward.isNaN && observation[0].isNaN && observation[1] == -.infinity)
    }

    @Test("Works through the Environment protocol")
    func asEnvironment() throws {
        let device = RecordingDevice()
        var env: any Environment = try RealTimeEnvironment(
            interface: device, configuration: RealTimeConfiguration(), clock: device.clock
        )
        #expect(env.name == "RecordingDevice")
        #expect(env.observationSpace.dimension == 4 && env.actionSpace.dimension == 2)
        var observation = [Float](repeating: 0, count: 4)
        env.reset(seed: nil, observation: &observation)
        #expect(env.step([1, 2], observation: &observation).reward == 1)
        #expect(observation == [1, -1, 1, 2])
    }

    @Test("Invalid configurations throw the error naming the value")
    func configurationErrors() {
        #expect(throws: RealTimeError.invalidTimeStepDuration(.zero)) {
            try RealTimeConfiguration(timeStepDuration: .zero)
        }
        #expect(throws: RealTimeError.invalidTimeStepDuration(.milliseconds(-5))) {
            try RealTimeConfiguration(timeStepDuration: .milliseconds(-5))
        }
        #expect(throws: RealTimeError.invalidObservationCaptureStart(.milliseconds(60), timeStepDuration: .milliseconds(50))) {
            try RealTimeConfiguration(timeStepDuration: .milliseconds(50), startObservationCapture: .milliseconds(60))
        }
        #expect(throws: RealTimeError.invalidObservationCaptureStart(.milliseconds(-1), timeStepDuration: .milliseconds(50))) {
            try RealTimeConfiguration(startObservationCapture: .milliseconds(-1))
        }
        #expect(throws: RealTimeError.invalidTimeOutFactor(0)) { try RealTimeConfiguration(timeStepTimeoutFactor: 0) }
        #expect(throws: RealTimeError.invalidTimeOutFactor(-1)) { try RealTimeConfiguration(timeStepTimeoutFactor: -1) }
        #expect(throws: RealTimeError.invalidEpisodeLength(0)) { try RealTimeConfiguration(maximumEpisodeLength: 0) }
        #expect(throws: RealTimeError.invalidActionBufferLength(-1)) { try RealTimeConfiguration(actionBufferLength: -1) }
        #expect(throws: RealTimeError.invalidBenchmarkPolyak(0)) { try RealTimeConfiguration(benchmarkPolyak: 0) }
        #expect(throws: RealTimeError.invalidBenchmarkPolyak(1.5)) { try RealTimeConfiguration(benchmarkPolyak: 1.5) }
        // NaN is not equal to itself, so match the case.
        let factorError = #expect(throws: RealTimeError.self) { try RealTimeConfiguration(timeStepTimeoutFactor: .nan) }
        if case .invalidTimeOutFactor(let value) = factorError { #expect(value.isNaN) } else { Issue.record("\(String(describing: factorError))") }
        let polyakError = #expect(throws: RealTimeError.self) { try RealTimeConfiguration(benchmarkPolyak: .nan) }
        if case .invalidBenchmarkPolyak(let value) = polyakError { #expect(value.isNaN) } else { Issue.record("\(String(describing: polyakError))") }
    }

    @Test("Boundary configurations are accepted, with rtgym's defaults")
    func validConfigurations() throws {
        let defaults = try RealTimeConfiguration()
        #expect(defaults.timeStepDuration == .milliseconds(50) && defaults.startObservationCapture == .milliseconds(50))
        #expect(defaults.timeStepTimeoutFactor == 1 && defaults.timeStepTimeout == .milliseconds(50))
        #expect(defaults.maximumEpisodeLength == nil && defaults.actionBufferLength == 1)
        #expect(defaults.resetsActionBuffer && !defaults.sendsLastActionOnReset && !defaults.waitsOnDone)
        #expect(!defaults.benchmark && defaults.benchmarkPolyak == 0.1)
        #expect(try RealTimeConfiguration(startObservationCapture: .zero).startObservationCapture == .zero)
        #expect(try RealTimeConfiguration(timeStepTimeoutFactor: 0.5).timeStepTimeout == .milliseconds(25))
        #expect(try RealTimeConfiguration(timeStepTimeoutFactor: .infinity).timeStepTimeout
                == RealTimeConfiguration.longestTimeStepTimeout)
        #expect(try RealTimeConfiguration(benchmarkPolyak: 1).benchmarkPolyak == 1)
    }

    @Test("A default action outside the action space throws", arguments: [
        (ActionSpace.discrete(count: 3), [Float(3)]),
        (ActionSpace.discrete(count: 3), [Float(1), 1]),
        (ActionSpace.box(BoxSpace(low: [-1, -1], high: [1, 1])), [Float(0)]),
        (ActionSpace.box(BoxSpace(low: [-1, -1], high: [1, 1])), [Float(0), .nan]),
    ])
    func invalidDefaultAction(space: ActionSpace, action: [Float]) {
        let device = RecordingDevice(actionSpace: space, defaultAction: action)
        #expect(throws: RealTimeError.self) {
            try RealTimeEnvironment(interface: device, configuration: RealTimeConfiguration(), clock: device.clock)
        }
    }

    @Test("The continuous clock sleeps until the deadline")
    func continuousClock() {
        let clock = ContinuousRealTimeClock()
        let deadline = clock.now() + .milliseconds(2)
        clock.sleep(until: deadline)
        #expect(clock.now() >= deadline)
        let before = clock.now()
        clock.sleep(until: before - .milliseconds(1))  // a past deadline returns at once
        #expect(clock.now() - before < .milliseconds(1_000))
    }
}
