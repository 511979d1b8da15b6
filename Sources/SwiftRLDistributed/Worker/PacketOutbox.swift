import Synchronization

/// A worker's packets between its collector and the relay: numbered once the relay has said which
/// sequence it holds last, kept until acknowledged, and resent on every new connection. At most
/// `window` packets wait unacknowledged: then the collector waits too (back-pressure from the
/// relay reaches the environments). Its collector and writer wait on its changes, without polling.
final class PacketOutbox: Sendable {
    private struct State {
        /// The sequence of the next packet enqueued; nil until the first welcome.
        var nextSequence: UInt64?
        /// Unacknowledged packets, in sequence order.
        var pending: [SamplePacket] = []
        /// Index in `pending` of the next packet to write on the current connection.
        var nextToWrite = 0
        /// The current connection, counted from 1; a stale connection's writer stops.
        var connection = 0
        var welcomed = false
        var acknowledged: UInt64 = 0
        var collectorFinished = false
    }

    private let state = Mutex(State())
    private let changes = ChangeSignal()
    let window: Int

    init(window: Int) { self.window = max(window, 1) }

    /// Numbers `packet` and queues it, waiting while `window` packets are unacknowledged (or
    /// until the first welcome).
    func enqueue(_ packet: SamplePacket) async throws {
        while true {
            let generation = changes.generation
            let queued = state.withLock { state -> Bool in
                guard let sequence = state.nextSequence, state.pending.count < window else { return false }
                var numbered = packet
                numbered.sequence = sequence
                state.pending.append(numbered)
                state.nextSequence = sequence + 1
                return true
            }
            if queued { return changes.signal() }
            await changes.wait(after: generation)
            try Task.checkCancellation()
        }
    }

    /// The collector will enqueue nothing more.
    func finishCollecting() {
        state.withLock { $0.collectorFinished = true }
        changes.signal()
    }

    /// Whether every packet is acknowledged and nothing more will come.
    var isDrained: Bool { state.withLock { $0.collectorFinished && $0.pending.isEmpty && $0.nextSequence != nil } }

    /// The highest sequence acknowledged.
    var acknowledged: UInt64 { state.withLock { $0.acknowledged } }

    /// Starts a new connection: its writer writes from the first unacknowledged packet once welcomed.
    func connect() -> Int {
        defer { changes.signal() }
        return state.withLock { state in
            state.connection += 1
            state.welcomed = false
            state.nextToWrite = 0
            return state.connection
        }
    }

    /// The relay holds everything up to `lastSequence`: those pending are done, and a first welcome
    /// sets the numbering.
    /// - Returns: the acknowledged sequences the relay no longer holds (a relay whose storage lost
    ///   data), or nil when it holds them all.
    func welcome(lastSequence: UInt64) -> ClosedRange<UInt64>? {
        defer { changes.signal() }
        return state.withLock { state in
            let lost = lastSequence < state.acknowledged ? (lastSequence + 1)...state.acknowledged : nil
            if state.nextSequence == nil { state.nextSequence = lastSequence + 1 }
            state.pending.removeAll { $0.sequence <= lastSequence }
            state.acknowledged = max(state.acknowledged, lastSequence)
            state.nextToWrite = 0
            state.welcomed = true
            return lost
        }
    }

    /// Every packet up to `sequence` is durable on the relay.
    func acknowledge(_ sequence: UInt64) {
        state.withLock { state in
            let done = state.pending.prefix { $0.sequence <= sequence }.count
            state.pending.removeFirst(done)
            state.nextToWrite = max(state.nextToWrite - done, 0)
            state.acknowledged = max(state.acknowledged, sequence)
        }
        changes.signal()
    }

    /// The next packet to write on `connection`; nil when that connection is stale or, with every
    /// packet acknowledged, the collector has finished. Waits for one otherwise.
    func nextToWrite(on connection: Int) async throws -> SamplePacket? {
        while true {
            enum Next { case packet(SamplePacket), stop, wait }
            let generation = changes.generation
            let next = state.withLock { state -> Next in
                guard state.connection == connection else { return .stop }
                guard state.welcomed else { return .wait }
                if state.nextToWrite < state.pending.count {
                    defer { state.nextToWrite += 1 }
                    return .packet(state.pending[state.nextToWrite])
                }
                return state.collectorFinished && state.pending.isEmpty ? .stop : .wait
            }
            switch next {
            case .packet(let packet): return packet
            case .stop: return nil
            case .wait:
                await changes.wait(after: generation)
                try Task.checkCancellation()
            }
        }
    }
}
