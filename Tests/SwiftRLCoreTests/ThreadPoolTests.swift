import Foundation
import Synchronization
import Testing

@testable import SwiftRLCore

/// `ThreadPool` runs each index exactly once however it is called, uses all its threads, never
/// deadlocks, stops its workers when released and costs no CPU while idle. Serialized, so that the
/// spinning workers of one test's pools do not slow down another's.
@Suite("ThreadPool", .serialized)
struct ThreadPoolTests {
    // MARK: - Every index exactly once

    @Test("Runs every index exactly once", arguments: [1, 2, 3, 8])
    func everyIndexOnce(threadCount: Int) {
        let pool = ThreadPool(threadCount: threadCount)
        #expect(pool.threadCount == threadCount)
        #expect(pool.isParallel == (threadCount > 1))
        for count in [0, 1, threadCount, 1000] {
            #expect(runsEachIndexOnce(count: count, repetitions: count == 1000 ? 300 : 3000) { pool.run(count: $0, $1) },
                    "count \(count)")
        }
    }

    @Test("The shared pool has one thread per core")
    func sharedPool() {
        #expect(ThreadPool.shared.threadCount == ProcessInfo.processInfo.activeProcessorCount)
        #expect(runsEachIndexOnce(count: 100, repetitions: 100) { ThreadPool.shared.run(count: $0, $1) })
    }

    @Test("A pool of one thread runs the indices in order on the calling thread")
    func singleThread() {
        let caller = Thread.current
        var order: [Int] = []
        ThreadPool(threadCount: 1).run(count: 5) { index in
            #expect(Thread.current === caller)
            order.append(index)
        }
        #expect(order == [0, 1, 2, 3, 4])
    }

    @Test("Every thread of the pool takes part in a job", arguments: [2, 3, 8])
    func everyThreadWorks(threadCount: Int) {
        let pool = ThreadPool(threadCount: threadCount)
        #expect(meetOnEveryThread(pool) { 0 }.count == threadCount)
    }

    @Test("Workers run indices with the submitting thread's kernel variant", arguments: KernelVariant.allCases)
    func carriesKernelVariant(variant: KernelVariant) {
        let pool = ThreadPool(threadCount: 3)
        let expected = min(variant.rawValue, KernelVariant.supported.rawValue)
        let seen = variant.withOverride { meetOnEveryThread(pool) { KernelVariant.active.rawValue } }
        #expect(seen.count == 3)
        #expect(seen.values.allSatisfy { $0.start == expected && $0.end == expected })
        #expect(KernelVariant.active == KernelVariant.selected)
    }

    // MARK: - Concurrent and nested submission

    @Test("Several threads may submit to one pool at once")
    func concurrentSubmission() {
        let pool = ThreadPool(threadCount: 3)
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            if !runsEachIndexOnce(count: 100, repetitions: 3000, { pool.run(count: $0, $1) }) {
                failures.add(1, ordering: .relaxed)
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
    }

    @Test("A body may submit to its own pool")
    func nestedSubmission() {
        let pool = ThreadPool(threadCount: 3)
        #expect(runsEachIndexOnce(count: 60, repetitions: 3000) { count, body in
            pool.run(count: count / 10) { outer in
                pool.run(count: 10) { inner in body(outer * 10 + inner) }
            }
        })
    }

    // MARK: - Lifetime and idling

    @Test("Releasing a pool that has run jobs stops its workers")
    func releaseStopsWorkers() {
        final class Outcome: Sendable {
            let workers = Mutex<[ThreadReference]>([])
            let released = DispatchSemaphore(value: 0)
        }
        let outcome = Outcome()
        // Released on a thread of its own, so that a hang fails the test rather than blocking it.
        Thread {
            do {
                let pool = ThreadPool(threadCount: 4)
                for _ in 0..<100 { pool.run(count: 100) { _ in } }
                let threads = meetOnEveryThread(pool) { ThreadReference(thread: .current) }.values.map(\.start)
                outcome.workers.withLock { $0 = threads.filter { $0.thread !== Thread.current } }
            }
            outcome.released.signal()
        }.start()
        #expect(outcome.released.wait(timeout: .now() + 10) == .success)
        let workers = outcome.workers.withLock { $0 }
        #expect(workers.count == 3)
        let deadline = Date() + 5
        while workers.contains(where: { !$0.thread.isFinished }), Date() < deadline { Thread.sleep(forTimeInterval: 0.001) }
        #expect(workers.allSatisfy { $0.thread.isFinished })
    }

    @Test("An idle pool sleeps instead of spinning")
    func idleWorkersSleep() {
        let pool = ThreadPool(threadCount: 3)
        let before = meetOnEveryThread(pool, threadCPUSeconds)
        Thread.sleep(forTimeInterval: 0.3)
        let after = meetOnEveryThread(pool, threadCPUSeconds)
        #expect(before.count == 3 && Set(before.keys) == Set(after.keys))
        for (thread, start) in before {
            let busy = (after[thread]?.start ?? .infinity) - start.end
            #expect(busy < 0.03, "a thread used \(busy * 1000) ms of CPU in 300 ms of idling")
        }
    }

    // MARK: - Helpers

    /// Calls `run(count, body)` `repetitions` times; `true` when each call ran each index exactly once.
    ///
    /// Each index stamps its slot with the repetition number: every slot stamped after each call, and
    /// as many calls of `body` as indices in all, mean that no index was missed nor run twice.
    private func runsEachIndexOnce(count: Int, repetitions: Int, _ run: (Int, (Int) -> Void) -> Void) -> Bool {
        let stamps = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        stamps.initialize(repeating: -1)
        defer { stamps.deallocate() }
        let calls = Atomic<Int>(0)
        for repetition in 0..<repetitions {
            run(count) { index in
                stamps[index] = repetition
                calls.add(1, ordering: .relaxed)
            }
            guard stamps.allSatisfy({ $0 == repetition }) else { return false }
        }
        return calls.load(ordering: .relaxed) == count * repetitions
    }

    /// Runs one index on each thread of `pool`: every index waits until all have begun, so no thread
    /// can take two. Returns `measure()` at the start and at the end of each thread's index.
    private func meetOnEveryThread<T: Sendable>(
        _ pool: ThreadPool, _ measure: () -> T
    ) -> [ObjectIdentifier: (start: T, end: T)] {
        let arrived = Atomic<Int>(0)
        // NSLock (a pthread mutex) rather than Synchronization's Mutex, whose futex ThreadSanitizer
        // does not see as a lock (it reported this dictionary's writes as races).
        let measures = LockedValue<[ObjectIdentifier: (start: T, end: T)]>([:])
        let deadline = Date() + 10
        pool.run(count: pool.threadCount) { _ in
            let start = measure()
            arrived.add(1, ordering: .relaxed)
            while arrived.load(ordering: .relaxed) < pool.threadCount, Date() < deadline { sched_yield() }
            let end = measure()
            measures.withLock { $0[ObjectIdentifier(Thread.current)] = (start, end) }
        }
        return measures.withLock { $0 }
    }
}

/// The CPU time that the calling thread has used, in seconds.
private func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// A thread, passed between threads only to read `isFinished`, which is safe from any thread.
private struct ThreadReference: @unchecked Sendable {
    let thread: Thread
}

/// A value behind an `NSLock`.
private final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
