import Foundation
import Synchronization

/// Where idle threads sleep until a condition holds, at no cost to the thread that makes it hold
/// while none sleeps.
///
/// A sleeper counts itself, then checks the condition; a waker makes the condition hold, then
/// checks the count. For one of the two to see the other, both the writes that make the condition
/// hold and the reads in `isReady` must be sequentially consistent.
final class ParkingLot: Sendable {
    private let sleepers = Atomic<Int>(0)
    private let condition = NSCondition()

    /// Sleeps until `isReady()` returns `true`.
    func park(until isReady: () -> Bool) {
        condition.lock()
        sleepers.add(1, ordering: .sequentiallyConsistent)
        while !isReady() { condition.wait() }
        sleepers.subtract(1, ordering: .relaxed)
        condition.unlock()
    }

    /// Wakes every sleeper, so that each checks its condition again; a single atomic load when none
    /// sleeps.
    func wakeAll() {
        guard sleepers.load(ordering: .sequentiallyConsistent) > 0 else { return }
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Wakes up to `count` sleepers; a single atomic load when none sleeps.
    func wake(count: Int) {
        guard count > 0, sleepers.load(ordering: .sequentiallyConsistent) > 0 else { return }
        condition.lock()
        for _ in 0..<count { condition.signal() }
        condition.unlock()
    }
}
