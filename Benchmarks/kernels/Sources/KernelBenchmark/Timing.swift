import Dispatch

/// Seconds per call of `run`: the median of 7 rounds, each of as many calls as last at least
/// `minimumRound` seconds (counted once, by doubling from one call, which also warms up).
/// `run(calls)` performs `calls` calls.
func secondsPerCall(minimumRound: Double = 0.02, _ run: (Int) -> Void) -> Double {
    var calls = 1
    while true {
        let elapsed = seconds { run(calls) }
        if elapsed >= minimumRound { break }
        let estimate = elapsed > 0 ? Int((Double(calls) * 1.2 * minimumRound / elapsed).rounded(.up)) : 0
        calls = min(100 * calls, max(2 * calls, estimate))
    }
    let rounds = (0..<7).map { _ in seconds { run(calls) } / Double(calls) }
    return rounds.sorted()[3]
}

/// The wall-clock seconds `body` takes.
func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
