/// N environments of one kind, stepped together; Gymnasium 1.x's autoreset mode `SAME_STEP`.
///
/// Inputs and results are contiguous matrices with one row per environment: `step` reads an
/// action matrix and writes the observations, rewards and flags into ``buffers``, so a training
/// loop moves no per-environment arrays.
///
/// ```swift
/// let envs = try EnvironmentRegistry.makeVector("CartPole-v1", count: 8)
/// envs.reset(seed: 1)
/// let actions = [Float](repeating: 1, count: envs.environmentCount * envs.actionSpace.dimension)
/// envs.step(actions: actions)
/// let rewards = envs.buffers.rewards
/// ```
///
/// A vector environment is not safe to reset or step from several threads at once.
public protocol VectorEnvironment: AnyObject, Sendable {
    /// The registered name of the environments, such as `"CartPole-v1"`.
    var name: String { get }
    /// The number of environments.
    var environmentCount: Int { get }
    /// The space of one environment's observations.
    var observationSpace: BoxSpace { get }
    /// The space of one environment's actions.
    var actionSpace: ActionSpace { get }
    /// Latest results.
    var buffers: VectorStepBuffers { get }

    /// Resets every environment; environment i is seeded with `seed &+ i` (nil: each continues its
    /// own stream). Fills `buffers.observations`, zeroes rewards and flags.
    func reset(seed: UInt64?)

    /// Steps every environment with its row of `actions` (count × actionSpace.dimension; a discrete
    /// action is its index as one Float). Environments whose episode ends are reset in the same call
    /// (`SAME_STEP`): `observations` then holds the reset observation and `finalObservations` the last one.
    func step(actions: UnsafePointer<Float>)
}
