import Synchronization

/// The relay's figures since it started, shared by its calls.
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

    init(_ initial: Values = Values()) { values = Mutex(initial) }

    /// The figures now.
    var current: Values { values.withLock { $0 } }

    /// Changes the figures.
    func update(_ change: (inout Values) -> Void) { values.withLock { change(&$0) } }
}
