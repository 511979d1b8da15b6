import GRPCCore
import Synchronization

/// The relay's figures since it started, shared by its calls, which wait on them without polling.
final class RelayCounters: Sendable {
    struct Values {
        var workersConnected = 0
        var samplesIn = 0
        var samplesOut = 0
        var refusals = 0
        var duplicates = 0
        /// The highest position the trainer has taken.
        var takenPosition: Int64 = 0
        /// The highest position stored.
        var storedPosition: Int64 = 0
        /// Transitions stored after `takenPosition`.
        var queued = 0
        /// Transitions held until the trainer's checkpoint holds them.
        var retained = 0
    }

    private let values: Mutex<Values>
    private let changes = ChangeSignal()

    init(_ initial: Values = Values()) { values = Mutex(initial) }

    /// The figures now.
    var current: Values { values.withLock { $0 } }

    /// Changes the figures, waking the calls that wait on them.
    func update(_ change: (inout Values) -> Void) {
        values.withLock { change(&$0) }
        changes.signal()
    }

    /// Waits until `condition` holds for the figures, `deadline` (nil: none) has passed, or the
    /// call's RPC or task is cancelled; returns whether the condition holds.
    func wait(until condition: (Values) -> Bool, deadline: ContinuousClock.Instant?, context: ServerContext) async -> Bool {
        let changes = changes
        return await withRPCCancellationHandler {
            while !context.cancellation.isCancelled && !Task.isCancelled {
                let generation = changes.generation
                if condition(current) { return true }
                guard let deadline else {
                    await changes.wait(after: generation)
                    continue
                }
                let left = deadline - .now
                guard left > .zero else { return false }
                await changes.wait(after: generation, timeout: left)
            }
            return condition(current)
        } onCancelRPC: {
            changes.signal()
        }
    }
}
