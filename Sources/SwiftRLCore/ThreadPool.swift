import Foundation
import Synchronization
import SwiftRLKernels

/// Runs the indices of a loop in parallel, on a fixed set of worker threads and the calling thread.
///
/// `run(count:_:)` hands the indices out one at a time from a shared atomic counter, so each thread
/// takes the next index as soon as it is free: a worker that another process has descheduled simply
/// takes none, and the calling thread runs the indices itself rather than wait for it. Each index
/// runs exactly once; results stay deterministic when each index writes only its own memory.
///
/// Training steps hand off work every few tens of microseconds, so an idle worker spins briefly for
/// the next job, then yields its core, then sleeps until a job wakes it. A job wakes only as many
/// sleepers as it has indices for, and a worker that found nothing to claim four jobs in a row sleeps
/// between jobs, so a pool larger than its jobs does not keep every core spinning.
///
/// The pool runs one job at a time: a `run` that finds it busy (called meanwhile from another thread,
/// or from inside a body) runs its indices on the calling thread, so that submissions never wait for
/// one another.
public final class ThreadPool: Sendable {
    /// How many threads run indices: the workers and the thread that calls `run`.
    public let threadCount: Int
    /// Whether `run` uses threads other than the calling one.
    public var isParallel: Bool { threadCount > 1 }
    /// A pool with one thread per core, created on first use and kept for the life of the process.
    public static let shared = ThreadPool()
    /// The most threads a pool is meant for (more than any machine this runs on has cores); callers
    /// that take a thread count from input check it against this.
    public static let maximumThreadCount = 1024

    private let board = JobBoard()
    private let workers = DispatchGroup()

    /// Starts `threadCount − 1` worker threads; `threadCount` counts the calling thread, so it must
    /// be at least 1.
    public init(threadCount: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(threadCount >= 1, "A thread pool needs at least 1 thread, got \(threadCount)")
        self.threadCount = threadCount
        for _ in 1..<threadCount {
            workers.enter()
            Thread { [board, workers] in
                // Named here: Linux ignores a name set before the thread starts, or longer than 15 characters.
                Thread.current.name = "SwiftRL pool"
                board.serve()
                workers.leave()
            }.start()
        }
    }

    /// Stops the workers and waits until they have exited.
    deinit {
        board.close()
        workers.wait()
    }

    /// Calls `body(0)` … `body(count − 1)`, each exactly once, spread over the pool's threads and the
    /// calling thread, and returns when all have finished.
    ///
    /// The calling thread runs index 0 first; the other indices go to whichever thread claims them
    /// first (with two threads and two indices, index 1 runs on the worker unless it is late, so data
    /// that index `i` touches tends to stay in one core's cache from call to call). A worker runs its
    /// indices with the per-thread settings of the calling thread. When the pool is busy, or has one thread, or
    /// `count` is below 2, the indices run in order on the calling thread.
    public func run(count: Int, _ body: (Int) -> Void) {
        precondition(count >= 0, "A thread pool runs a non-negative number of indices, got \(count)")
        if isParallel, count > 1, board.tryReserve() {
            withoutActuallyEscaping(body) { body in
                board.run(Job(count: count, body: body, settings: .capture()))
            }
        } else {
            for index in 0..<count { body(index) }
        }
    }
}

/// One call of ``ThreadPool/run(count:_:)``: what each index does, and the settings that the workers
/// apply while they do it.
private struct Job {
    let count: Int
    let body: (Int) -> Void
    let settings: PerThreadSettings
}

/// The state that a pool shares with its workers: the current job and the claims on its indices.
private final class JobBoard: @unchecked Sendable {
    /// The current job's generation (high 32 bits) and how many of its indices are left to claim
    /// (low 32 bits). Claims compare and exchange the whole word, so a worker that comes late for a
    /// job never takes an index of the next one.
    private let word = Atomic<UInt64>(0)
    /// The current job, on the stack of the thread that runs it. Read only after claiming one of its
    /// indices: the job cannot end, nor be replaced, before that index finishes.
    private var job: UnsafePointer<Job>?
    /// How many of the current job's indices the workers have finished.
    private let finished = Atomic<Int>(0)
    private let isReserved = Atomic<Bool>(false)
    private let isClosed = Atomic<Bool>(false)
    private let parkingLot = ParkingLot()

    /// How long to wait for other threads before yielding the core, and (workers only) before
    /// sleeping: on the machine of Benchmarks/pool, about 90 µs of spinning, then 0.6 ms of yielding.
    private static let spinsBeforeYielding = 50_000
    private static let spinsBeforeSleeping = 52_000
    /// How many jobs in a row a worker may find nothing to claim before it sleeps between jobs.
    private static let idleJobsBeforeParking = 4
    /// Workers spinning for the next job (they need no wake-up).
    private let spinners = Atomic<Int>(0)

    /// Reserves the board for one `run`; `false` when another one holds it.
    func tryReserve() -> Bool {
        isReserved.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    /// Posts `job`, runs indices of it until none is left to claim, waits for the workers to finish
    /// theirs, and frees the board reserved by `tryReserve()`.
    func run(_ job: Job) {
        precondition(job.count <= UInt32.max, "A thread pool runs at most \(UInt32.max) indices, got \(job.count)")
        withUnsafePointer(to: job) { job in
            self.job = job
            finished.store(0, ordering: .relaxed)
            let generation = Self.generation(of: word.load(ordering: .relaxed)) &+ 1
            // Index 0 is the caller's: the others go to whoever claims them first.
            word.store(UInt64(generation) << 32 | UInt64(job.pointee.count - 1), ordering: .sequentiallyConsistent)
            // Spinning workers see the job by themselves; sleepers are woken for the indices left over.
            parkingLot.wake(count: job.pointee.count - 1 - spinners.load(ordering: .sequentiallyConsistent))
            job.pointee.body(0)
            var ran = 1
            while let index = claim(generation) {
                job.pointee.body(index)
                ran += 1
            }
            // A worker that claimed an index may have lost its core: yield ours after a while.
            var spins = 0
            while finished.load(ordering: .acquiring) < job.pointee.count - ran {
                spins += 1
                if spins > Self.spinsBeforeYielding { sched_yield() } else { swiftrl_spin_pause() }
            }
        }
        isReserved.store(false, ordering: .releasing)
    }

    /// The loop of a worker thread: runs the indices it claims of each new job, until `close()`.
    ///
    /// A worker that has claimed nothing for ``idleJobsBeforeParking`` jobs in a row sleeps until it
    /// is woken instead of spinning, so that a pool with more threads than a job has indices keeps
    /// only about as many workers spinning as the jobs use.
    func serve() {
        var generation: UInt32 = 0  // the generation of a new board
        var idleJobs = Self.idleJobsBeforeParking  // a new worker waits to be woken
        while true {
            generation = nextGeneration(after: generation, spinning: idleJobs < Self.idleJobsBeforeParking)
            if isClosed.load(ordering: .relaxed) { return }
            var claimed = false
            while let index = claim(generation) {
                let job = self.job.unsafelyUnwrapped
                job.pointee.settings.applied { job.pointee.body(index) }
                finished.add(1, ordering: .releasing)
                claimed = true
            }
            idleJobs = claimed ? 0 : idleJobs + 1
        }
    }

    /// Makes the workers return from `serve()`; no job may be running.
    func close() {
        isClosed.store(true, ordering: .relaxed)
        word.add(1 << 32, ordering: .sequentiallyConsistent)  // a new generation, with nothing to claim
        parkingLot.wakeAll()
    }

    /// Waits for a generation other than `seen`: spins, then yields the core, then sleeps.
    private func nextGeneration(after seen: UInt32, spinning: Bool) -> UInt32 {
        if spinning {
            spinners.add(1, ordering: .sequentiallyConsistent)
            defer { spinners.subtract(1, ordering: .sequentiallyConsistent) }
            for spins in 0..<Self.spinsBeforeSleeping {
                let generation = Self.generation(of: word.load(ordering: .acquiring))
                if generation != seen { return generation }
                if spins >= Self.spinsBeforeYielding { sched_yield() } else { swiftrl_spin_pause() }
            }
        }
        parkingLot.park { Self.generation(of: word.load(ordering: .sequentiallyConsistent)) != seen }
        return Self.generation(of: word.load(ordering: .acquiring))
    }

    /// Claims the next index of job `generation`; `nil` when none is left or a newer job has begun.
    private func claim(_ generation: UInt32) -> Int? {
        var word = self.word.load(ordering: .relaxed)
        while Self.generation(of: word) == generation, Self.remaining(in: word) > 0 {
            let (claimed, current) = self.word.weakCompareExchange(
                expected: word, desired: word - 1, successOrdering: .acquiring, failureOrdering: .relaxed
            )
            if claimed { return job.unsafelyUnwrapped.pointee.count - Self.remaining(in: word) }
            word = current
        }
        return nil
    }

    private static func generation(of word: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: word >> 32)
    }

    private static func remaining(in word: UInt64) -> Int {
        Int(word & 0xFFFF_FFFF)
    }
}
