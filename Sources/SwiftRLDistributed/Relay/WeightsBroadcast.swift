import Synchronization

/// The latest weights and everyone watching for newer ones.
final class WeightsBroadcast: Sendable {
    private struct State {
        var latest: WeightsMessage?
        var watchers: [Int: AsyncStream<WeightsMessage>.Continuation] = [:]
        var nextWatcher = 0
        var isClosed = false
    }

    private let state: Mutex<State>

    init(latest: WeightsMessage?) { state = Mutex(State(latest: latest)) }

    /// The latest version published (nil when none).
    var latest: WeightsMessage? { state.withLock { $0.latest } }

    /// Makes `weights` the latest and hands it to every watcher (a slow watcher keeps only the
    /// newest version it has not read). The latest version sent again, identical, is accepted and
    /// not handed out again (a trainer retrying a publication whose storing failed). Any other
    /// version not newer than the latest changes nothing: the latest version is returned.
    func publishIfNewer(_ weights: WeightsMessage) -> UInt64? {
        let (watchers, refusedBy) = state.withLock { state -> ([AsyncStream<WeightsMessage>.Continuation], UInt64?) in
            if let latest = state.latest, weights.version <= latest.version {
                return ([], weights == latest ? nil : latest.version)
            }
            state.latest = weights
            return (Array(state.watchers.values), nil)
        }
        for watcher in watchers { watcher.yield(weights) }
        return refusedBy
    }

    /// Ends every watcher's stream, now and from now on (the relay is shutting down).
    func close() {
        let watchers = state.withLock { state in
            state.isClosed = true
            defer { state.watchers = [:] }
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.finish() }
    }

    /// The latest weights now, and a stream of those published from now on.
    func watch() -> (latest: WeightsMessage?, updates: AsyncStream<WeightsMessage>) {
        let (stream, continuation) = AsyncStream.makeStream(of: WeightsMessage.self, bufferingPolicy: .bufferingNewest(1))
        let (latest, identifier, isClosed) = state.withLock { state in
            defer { state.nextWatcher += 1 }
            if !state.isClosed { state.watchers[state.nextWatcher] = continuation }
            return (state.latest, state.nextWatcher, state.isClosed)
        }
        if isClosed { continuation.finish() }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.watchers.removeValue(forKey: identifier) }
        }
        return (latest, stream)
    }
}
