import Dispatch
import Synchronization

/// A count of changes to some shared state that tasks and threads wait on instead of polling it.
///
/// A waiter reads ``generation``, checks its condition on the state, and when the condition does
/// not hold waits for a change after that generation; whoever changes the state calls ``signal()``
/// afterwards. A change between the read and the wait ends the wait at once, so none is missed.
final class ChangeSignal: Sendable {
    private enum Waiter {
        case task(CheckedContinuation<Void, Never>)
        case thread(DispatchSemaphore)

        func wake() {
            switch self {
            case .task(let continuation): continuation.resume()
            case .thread(let semaphore): semaphore.signal()
            }
        }
    }

    private struct State {
        var generation: UInt64 = 0
        var nextWaiter = 0
        var waiters: [Int: Waiter] = [:]
        /// Tasks cancelled before they began to wait.
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())

    init() {}

    /// The changes signalled so far.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Records a change and wakes every waiter.
    func signal() {
        let woken = state.withLock { state -> Dictionary<Int, Waiter>.Values in
            state.generation &+= 1
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in woken { waiter.wake() }
    }

    /// Returns once a change after `generation` is signalled, or the task is cancelled.
    func wait(after generation: UInt64) async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    if state.generation != generation || state.cancelled.remove(id) != nil { return true }
                    state.waiters[id] = .task(continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
            // A cancellation that came after the wake-up found no waiter to remove.
            state.withLock { _ = $0.cancelled.remove(id) }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
                state.cancelled.insert(id)
                return nil
            }
            waiter?.wake()
        }
    }

    /// Returns once a change after `generation` is signalled, `timeout` has passed, or the task is
    /// cancelled.
    func wait(after generation: UInt64, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait(after: generation) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Blocks the calling thread until a change after `generation` is signalled or `timeout` has passed.
    func waitBlocking(after generation: UInt64, timeout: Duration) {
        let semaphore = DispatchSemaphore(value: 0)
        let id = state.withLock { state -> Int? in
            guard state.generation == generation else { return nil }
            defer { state.nextWaiter += 1 }
            state.waiters[state.nextWaiter] = .thread(semaphore)
            return state.nextWaiter
        }
        guard let id else { return }
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        if semaphore.wait(timeout: .now() + .nanoseconds(Int(clamping: max(nanoseconds, 0)))) == .timedOut {
            state.withLock { _ = $0.waiters.removeValue(forKey: id) }
        }
    }
}
