import Foundation
import Synchronization

/// Runs two independent pieces of work at once, one on the calling thread and one on a persistent
/// worker thread, and returns when both are done.
///
/// Training steps are short (tens of microseconds per piece), so the worker spins briefly for the
/// next job before it sleeps: waking a sleeping thread would cost more than the work. Results stay
/// deterministic because each piece writes only its own memory.
public final class PairedExecutor: @unchecked Sendable {
    /// Whether a second thread is used; `false` runs both pieces one after the other.
    public let isParallel: Bool
    private let worker: Worker?

    /// Creates an executor; `parallel` is on by default when the machine has two or more cores.
    public init(parallel: Bool = ProcessInfo.processInfo.activeProcessorCount > 1) {
        isParallel = parallel
        worker = parallel ? Worker() : nil
    }

    deinit {
        worker?.stop()
    }

    /// Calls `body(0)` … `body(count − 1)` (count is 1 or 2), piece 1 on the worker thread.
    public func run(count: Int = 2, _ body: (Int) -> Void) {
        precondition(count == 1 || count == 2, "PairedExecutor runs 1 or 2 pieces, got \(count)")
        guard count == 2, let worker else {
            for index in 0..<count { body(index) }
            return
        }
        withoutActuallyEscaping(body) { body in
            worker.submit { body(1) }
            body(0)
            worker.waitUntilDone()
        }
    }
}

/// The second thread of a ``PairedExecutor``.
private final class Worker: @unchecked Sendable {
    private let requested = Atomic<Int>(0)
    private let completed = Atomic<Int>(0)
    private let sleeping = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let wakeUp = DispatchSemaphore(value: 0)
    private var job: (() -> Void)?
    private static let spinsBeforeSleeping = 200_000
    private static let spinsBeforeYielding = 20_000

    init() {
        let thread = Thread { [self] in loop() }
        thread.name = "SwiftRL paired worker"
        thread.start()
    }

    func submit(_ job: @escaping () -> Void) {
        self.job = job
        requested.add(1, ordering: .sequentiallyConsistent)
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wakeUp.signal() }
    }

    /// Spins until the worker finishes; yields the core after a while, so that a worker that lost
    /// its core to another process gets it back sooner.
    func waitUntilDone() {
        let target = requested.load(ordering: .relaxed)
        var spins = 0
        while completed.load(ordering: .acquiring) < target {
            spins += 1
            if spins > Self.spinsBeforeYielding { sched_yield() }
        }
        job = nil
    }

    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        requested.add(1, ordering: .sequentiallyConsistent)
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wakeUp.signal() }
    }

    private func loop() {
        var seen = 0
        while true {
            seen += 1
            waitForRequest(seen)
            if stopping.load(ordering: .acquiring) { return }
            job?()
            completed.store(seen, ordering: .releasing)
        }
    }

    /// Spins until request number `number` arrives, then sleeps if it is slow to come.
    ///
    /// Raising the flag and re-reading the request count must not be reordered (a store followed by
    /// a load of another location), so both sides of the hand-shake are sequentially consistent.
    private func waitForRequest(_ number: Int) {
        var spins = 0
        while requested.load(ordering: .acquiring) < number {
            spins += 1
            guard spins > Self.spinsBeforeSleeping else { continue }
            sleeping.store(true, ordering: .sequentiallyConsistent)
            if requested.load(ordering: .sequentiallyConsistent) >= number {
                // The request came in meanwhile: take the flag back, or consume the wake-up already sent.
                if !sleeping.exchange(false, ordering: .sequentiallyConsistent) { wakeUp.wait() }
                return
            }
            wakeUp.wait()
            spins = 0
        }
    }
}
