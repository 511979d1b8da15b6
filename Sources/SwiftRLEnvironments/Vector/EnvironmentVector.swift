import SwiftRLCore

/// `count` environments of type `Base` stepped together over a thread pool: the
/// ``VectorEnvironment`` that ``EnvironmentRegistry/makeVector(_:count:horizon:pool:)`` returns.
///
/// Each environment keeps its own action and observation arrays, so `step` allocates nothing. The
/// environments are stepped in contiguous chunks, one per pool thread and none smaller than
/// `minimumChunkSize` environments, so that a few cheap environments do not pay for the hand-off to
/// other threads. The pool runs chunk 0 on the calling thread and, on an idle machine, each other
/// chunk on the same worker call after call, so each environment's memory stays in one core's
/// cache (eight smaller chunks per thread, claimed by whichever thread came free, stepped CartPole
/// half as fast on two cores: Benchmarks/vector). Each environment reads and writes only its own
/// rows, so the results are the same, bit for bit, for every thread count.
///
/// **Infinite-horizon mode.** With a `horizon`, no environment ever reports `terminated`: the
/// environments' own termination (and truncation) is ignored and stepping continues, and every
/// environment is reset after exactly `horizon` steps, reported as `truncated`, so the final
/// observation is kept for bootstrapping. `make` should then return environments without a
/// ``TimeLimit``. Beyond their termination, CartPole rewards 0, Acrobot and MountainCar keep
/// rewarding -1 (0 while Acrobot's tip is above the line), and MountainCarContinuous rewards 100
/// again on every step that ends at the flag.
public final class EnvironmentVector<Base: Environment>: VectorEnvironment, @unchecked Sendable {
    /// The most environments one vector holds.
    public static var maximumEnvironmentCount: Int { 1 << 20 }
    /// The fewest environments a chunk stepped on another thread holds, unless given otherwise.
    public static var defaultMinimumChunkSize: Int { 64 }

    /// The environments' name.
    public let name: String
    /// The number of environments.
    public let environmentCount: Int
    /// The space of one environment's observations.
    public let observationSpace: BoxSpace
    /// The space of one environment's actions.
    public let actionSpace: ActionSpace
    /// Latest results.
    public let buffers: VectorStepBuffers
    /// The number of steps after which every environment is reset in infinite-horizon mode; `nil`
    /// when episodes end as the environments report.
    public let horizon: Int?

    private let pool: ThreadPool
    private let chunkCount: Int
    let slots: UnsafeMutableBufferPointer<VectorSlot<Base>>
    /// Steps the environments of a range of rows. Created in `init`, where it is specialized for
    /// `Base` when the caller knows it, so that stepping does not go through `Base`'s witness table
    /// even when the vector is used as `any VectorEnvironment`.
    let stepRows: (Range<Int>, UnsafePointer<Float>) -> Void

    /// Creates `count` environments with `make` and (unless `resetting` is false) resets them as
    /// `reset(seed: 0)` does, so that each has its own stream even when `make` returns identical
    /// environments.
    /// - Parameters:
    ///   - count: the number of environments, 1 to ``maximumEnvironmentCount``.
    ///   - horizon: switches to infinite-horizon mode, resetting every environment after this many
    ///     steps (at least 1); `nil` ends episodes as the environments report.
    ///   - pool: the threads that step the environments.
    ///   - minimumChunkSize: the fewest environments worth handing to another thread (values below 1
    ///     count as 1).
    ///   - resetting: reset the new environments; pass false when the caller's first act is a seeded
    ///     `reset`, so that an environment that counts its resets sees only the caller's.
    ///   - make: creates one environment; it is called `count` times.
    /// - Throws: ``EnvironmentError/invalidEnvironmentCount(count:maximum:)`` or
    ///   ``EnvironmentError/invalidHorizon(_:)``.
    public init(
        count: Int, horizon: Int? = nil, pool: ThreadPool = .shared,
        minimumChunkSize: Int = defaultMinimumChunkSize, resetting: Bool = true, make: () -> Base
    ) throws(EnvironmentError) {
        guard (1...Self.maximumEnvironmentCount).contains(count) else {
            throw .invalidEnvironmentCount(count: count, maximum: Self.maximumEnvironmentCount)
        }
        if let horizon, horizon < 1 { throw .invalidHorizon(horizon) }
        let slots = UnsafeMutableBufferPointer<VectorSlot<Base>>.allocate(capacity: count)
        for index in 0..<count { (slots.baseAddress! + index).initialize(to: VectorSlot(make())) }
        let first = slots[0].environment
        let buffers = VectorStepBuffers(environmentCount: count, observationDimension: first.observationSpace.dimension)
        self.name = first.name
        self.environmentCount = count
        self.observationSpace = first.observationSpace
        self.actionSpace = first.actionSpace
        self.buffers = buffers
        self.horizon = horizon
        self.pool = pool
        self.chunkCount = max(1, min(pool.threadCount, count / max(1, minimumChunkSize)))
        self.slots = slots
        self.stepRows = { rows, actions in
            for row in rows { slots[row].step(row: row, actions: actions, buffers: buffers, horizon: horizon) }
        }
        if resetting { reset(seed: 0) }
    }

    /// Frees the environments.
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Resets every environment; environment i is seeded with `seed &+ i` (nil: each continues its
    /// own stream). Fills `buffers.observations`, zeroes rewards and flags.
    public func reset(seed: UInt64?) {
        for row in 0..<environmentCount {
            slots[row].reset(seed: seed.map { $0 &+ UInt64(row) }, row: row, buffers: buffers)
        }
        buffers.clearOutcomes()
    }

    /// Steps every environment with its row of `actions` (count × actionSpace.dimension; a discrete
    /// action is its index as one Float). Environments whose episode ends are reset in the same call
    /// (`SAME_STEP`): `observations` then holds the reset observation and `finalObservations` the last one.
    public func step(actions: UnsafePointer<Float>) {
        let (count, chunkCount, stepRows) = (environmentCount, chunkCount, stepRows)
        pool.run(count: chunkCount) { chunk in
            stepRows(chunk * count / chunkCount..<(chunk + 1) * count / chunkCount, actions)
        }
    }
}
