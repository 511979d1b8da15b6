import Foundation

/// The time source of a ``RealTimeEnvironment``: it reads the time and blocks until a deadline.
///
/// Times are durations since the clock's own fixed origin, so that schedules are exact sums of
/// `Duration`s. ``ContinuousRealTimeClock`` is the real one; tests inject a clock that advances only
/// when slept (or when told), which makes every schedule deterministic.
///
/// The environment calls the clock from the thread that calls its `reset`, `step` and `wait`.
public protocol RealTimeClock: Sendable {
    /// The time elapsed since the clock's origin.
    func now() -> Duration

    /// Blocks the calling thread until ``now()`` reaches `deadline`; returns at once when it already has.
    func sleep(until deadline: Duration)
}

/// The real clock: `ContinuousClock` (monotonic, counting while the machine sleeps) and blocking sleeps.
///
/// Sleeping blocks the calling thread (the `Environment` protocol is synchronous), so drive a real-time
/// environment from a thread of its own rather than from a Swift concurrency task.
public struct ContinuousRealTimeClock: RealTimeClock {
    /// The instant that ``now()`` counts from: the clock's creation.
    private let origin: ContinuousClock.Instant

    /// Creates a clock whose origin is now.
    public init() {
        origin = ContinuousClock.now
    }

    /// The time elapsed since the clock was created.
    public func now() -> Duration {
        ContinuousClock.now - origin
    }

    /// Sleeps until `deadline`, sleeping again if woken early.
    public func sleep(until deadline: Duration) {
        var remaining = deadline - now()
        while remaining > .zero {
            Thread.sleep(forTimeInterval: remaining.realTimeSeconds)
            remaining = deadline - now()
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var realTimeSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
