// The round trip of an empty job through `ThreadPool.run(count: threadCount)`, and the CPU that the
// pool burns once idle. Usage: PoolBenchmark [threads]
import Foundation
import Synchronization
import SwiftRL

let threadCount = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 2

func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// CPU time used by the whole process so far, in milliseconds.
func processCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

/// Calls `roundTrip` in batches of 1,000 for at least `seconds`; returns the mean nanoseconds per call.
@discardableResult
func meanNanoseconds(over seconds: Double, calls: inout Int, _ roundTrip: () -> Void) -> Double {
    let start = nanoseconds()
    calls = 0
    repeat {
        for _ in 0..<1000 { roundTrip() }
        calls += 1000
    } while nanoseconds() - start < UInt64(seconds * 1e9)
    return Double(nanoseconds() - start) / Double(calls)
}

/// Prints one row: the mean time per call (best of 3 rounds of 0.5 s); the median, 99th percentile
/// and maximum of calls timed one by one for 0.5 s; the share of indices that the workers ran (0.2 s); and
/// the CPU time that the process uses while the caller sleeps for 200 ms after its last call.
///
/// `roundTrip(body)` runs `body` on each index of one job.
func measure(_ name: String, _ roundTrip: ((Int) -> Void) -> Void) {
    var calls = 0
    meanNanoseconds(over: 0.2, calls: &calls) { roundTrip { _ in } }
    let best = (0..<3).map { _ in meanNanoseconds(over: 0.5, calls: &calls) { roundTrip { _ in } } }.min()!
    var single: [UInt64] = []
    let start = nanoseconds()
    while nanoseconds() - start < 500_000_000 {
        let callStart = nanoseconds()
        roundTrip { _ in }
        single.append(nanoseconds() - callStart)
    }
    single.sort()
    let onWorkers = Atomic<Int>(0)
    meanNanoseconds(over: 0.2, calls: &calls) {
        roundTrip { _ in if !Thread.isMainThread { onWorkers.add(1, ordering: .relaxed) } }
    }
    let workerShare = 100 * Double(onWorkers.load(ordering: .relaxed)) / Double(calls * threadCount)
    let cpuBefore = processCPUMilliseconds()
    Thread.sleep(forTimeInterval: 0.2)
    let idleCPU = processCPUMilliseconds() - cpuBefore
    let p99 = single[single.count * 99 / 100], maximum = single[single.count - 1]
    print("| \(name) | \(Int(best.rounded())) | \(single[single.count / 2]) | \(p99) | \(maximum / 1000)"
        + " | \(Int(workerShare.rounded())) % | \(String(format: "%.1f", idleCPU)) |")
}

print("| executor | ns per call | median ns | p99 ns | max µs | indices on workers | CPU ms in 200 ms idle |")
print("|---|---:|---:|---:|---:|---:|---:|")
let pool = ThreadPool(threadCount: threadCount)
measure("ThreadPool, \(threadCount) threads") { body in pool.run(count: threadCount, body) }
