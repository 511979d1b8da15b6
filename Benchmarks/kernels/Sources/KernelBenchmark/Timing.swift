import Dispatch

/// Seconds per call of each case, measured together: each case is first calibrated alone (calls
/// doubled from one until a round lasts at least `minimumRound` seconds, which also warms it up),
/// then 7 rounds go round-robin over all cases, and each case reports the median of its rounds.
/// Interleaving spreads a slow phase of the machine (another tenant of a virtual machine, a clock
/// change) over every case instead of letting it fall on a few. `run(calls)` performs `calls` calls.
func secondsPerCall(_ cases: [(Int) -> Void], minimumRound: Double = 0.02) -> [Double] {
    let calls = cases.map { run in
        var calls = 1
        while true {
            let elapsed = seconds { run(calls) }
            if elapsed >= minimumRound { return calls }
            let estimate = elapsed > 0 ? Int((Double(calls) * 1.2 * minimumRound / elapsed).rounded(.up)) : 0
            calls = min(100 * calls, max(2 * calls, estimate))
        }
    }
    var rounds = Array(repeating: [Double](), count: cases.count)
    for _ in 0..<7 {
        for index in cases.indices {
            rounds[index].append(seconds { cases[index](calls[index]) } / Double(calls[index]))
        }
    }
    return rounds.map { $0.sorted()[3] }
}

/// The wall-clock seconds `body` takes.
func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
