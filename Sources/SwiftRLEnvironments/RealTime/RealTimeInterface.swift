/// The device side of a ``RealTimeEnvironment``: what a robot (or any system running in real time)
/// implements, as `rtgym.RealTimeGymInterface` in Python.
///
/// | rtgym                          | Swift                            |
/// |--------------------------------|----------------------------------|
/// | `get_observation_space()`      | ``observationSpace``             |
/// | `get_action_space()`           | ``actionSpace``                  |
/// | `get_default_action()`         | ``defaultAction``                |
/// | `send_control(control)`        | ``sendControl(_:)``              |
/// | `reset(seed, options)`         | ``reset(seed:)``                 |
/// | `get_obs_rew_terminated_info()`| ``captureObservation()``         |
/// | `wait()`                       | ``wait()``                       |
/// | `render()`                     | ``render()``                     |
///
/// Differences from rtgym: observations are flat `[Float]` vectors in a ``BoxSpace`` rather than
/// tuples, there are no `info` dictionaries and no reset `options`, and `sendControl` is never given
/// a missing action. As in rtgym, the observations this interface returns never hold the action
/// buffer: the environment appends it.
///
/// Threading: the environment calls these methods synchronously from the thread that calls its own
/// `reset`, `step`, `wait` and `render`, one call at a time for one environment (it starts no
/// thread). Successive calls may come from different threads when the environment moves between
/// workers, hence `Sendable`: keep mutable state behind a `Mutex`, or mark a class whose state
/// only that one caller touches `@unchecked Sendable`. Sharing one interface between two
/// environments (or two copies of one environment) interleaves their calls; avoid it.
public protocol RealTimeInterface: AnyObject, Sendable {
    /// The environment's name (``RealTimeEnvironment/name``); the type's name unless implemented.
    var name: String { get }

    /// The space of the observations that ``reset(seed:)`` and ``captureObservation()`` return,
    /// without the action buffer. Read once, when the environment is created.
    var observationSpace: BoxSpace { get }

    /// The actions' space. Read once, when the environment is created.
    var actionSpace: ActionSpace { get }

    /// The action that `reset` sends and fills the action buffer with, `actionSpace.dimension` values.
    /// Read once, when the environment is created.
    var defaultAction: [Float] { get }

    /// Applies `action` to the device and returns promptly (the environment is timing the step).
    func sendControl(_ action: [Float])

    /// Starts an episode and returns its first observation, `observationSpace.dimension` values.
    /// - Parameter seed: the seed given to the environment's `reset`, to use or ignore.
    func reset(seed: UInt64?) -> [Float]

    /// Captures the current observation (`observationSpace.dimension` values), the reward of the time
    /// step and whether the episode terminated. The environment calls it `startObservationCapture`
    /// after each time step's start, or later when its caller is late (see ``RealTimeEnvironment``);
    /// values are passed through unchecked, non-finite ones included.
    func captureObservation() -> (observation: [Float], reward: Double, terminated: Bool)

    /// Pauses the device until the next reset, for instance between episodes. Does nothing unless
    /// implemented. As rtgym advises, keep `resetsActionBuffer` on when implementing it.
    func wait()

    /// Renders the device's state, for people watching. Does nothing unless implemented.
    func render()
}

extension RealTimeInterface {
    /// The name of the conforming type.
    public var name: String { String(describing: Self.self) }

    /// Does nothing.
    public func wait() {}

    /// Does nothing.
    public func render() {}
}
