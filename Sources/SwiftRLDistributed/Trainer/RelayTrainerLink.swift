import Foundation
import GRPCCore
import Synchronization

/// The trainer's side of the relay, for a training loop that runs synchronously: a background task
/// takes packets ahead of the learner (up to `lookahead` transitions), tells the relay which ones
/// it may delete, and publishes weights (the newest waiting version only). Failures that
/// reconnecting can fix are retried; the others are handed to the next call. Both sides wait on
/// each other's changes (``ChangeSignal``), without polling.
final class RelayTrainerLink: Sendable {
    private struct State {
        var packets: [Swiftrl_Distributed_V1_QueuedPacket] = []
        var bufferedTransitions = 0
        var takenPosition: UInt64 = 0
        var releasable: UInt64 = 0
        /// The highest release the relay has acknowledged.
        var released: UInt64 = 0
        var unpublished: WeightsMessage?
        var publishedVersion: UInt64?
        var failure: RelayError?
    }

    private let connection: RelayConnection
    private let log: RelayLog
    private let lookahead: Int
    private let state = Mutex(State())
    private let changes = ChangeSignal()
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(connection: RelayConnection, log: RelayLog, lookahead: Int = 1_024) {
        self.connection = connection
        self.log = log
        self.lookahead = lookahead
    }

    /// Checks that the relay answers the trainer and returns the newest weights version it holds
    /// (nil: none yet), without taking anything.
    /// - Throws: ``RelayError/call(_:)`` when the relay cannot be reached or refuses the trainer.
    func probe() throws(RelayError) -> UInt64? {
        var probe = TakeSamplesRequest()
        probe.after = UInt64(Int64.max)
        probe.maxTransitions = 1
        let request = probe, connection = connection
        let reply: TakeSamplesReply
        do {
            reply = try runBlocking {
                try await connection.call { client in try await client.takeSamples(request, options: RelayConnection.callOptions) }
            }
        } catch {
            throw error as? RelayError ?? .call("\(connection.server): \(error)")
        }
        return reply.hasLatestWeightsVersion ? reply.latestWeightsVersion : nil
    }

    /// Starts the background task, taking the packets queued after `position`.
    func start(after position: UInt64) {
        state.withLock { $0.takenPosition = position }
        let running = Task.detached { [self] in await self.serve() }
        task.withLock { $0 = running }
    }

    /// Stops the background task (weights not yet published are dropped: call
    /// ``publishAndWait(_:)`` first for a version that must arrive).
    func stop() {
        task.withLock { $0?.cancel() }
    }

    /// Stops the background task and waits until its connection is closed.
    func stopAndWait() {
        guard let running = task.withLock({ $0 }) else { return }
        running.cancel()
        _ = try? runBlocking { await running.value }
    }

    /// Makes the waiting call and every later one throw `error` (the collectors are gone).
    func fail(_ error: RelayError) {
        change { state in if state.failure == nil { state.failure = error } }
    }

    /// Changes the state and wakes whoever waits on it.
    private func change<Result: Sendable>(_ body: (inout State) -> Result) -> Result {
        defer { changes.signal() }
        return state.withLock { body(&$0) }
    }

    /// Blocks the training thread until `check` gives a result, or `deadline` (nil: none) passes.
    private func waitBlocking<Result: Sendable>(deadline: ContinuousClock.Instant? = nil,
                                                _ check: (inout State) -> Result?) -> Result? {
        while true {
            let generation = changes.generation
            if let result = state.withLock({ check(&$0) }) { return result }
            let left = deadline.map { $0 - .now } ?? .seconds(1)
            guard left > .zero else { return nil }
            changes.waitBlocking(after: generation, timeout: left)
        }
    }

    /// The next packets taken from the relay, waiting for some.
    func takePackets() throws(RelayError) -> [Swiftrl_Distributed_V1_QueuedPacket] {
        let taken = waitBlocking { state -> Result<[Swiftrl_Distributed_V1_QueuedPacket], RelayError>? in
            if let failure = state.failure { return .failure(failure) }
            guard !state.packets.isEmpty else { return nil }
            defer {
                state.packets = []
                state.bufferedTransitions = 0
            }
            return .success(state.packets)
        }
        changes.signal()  // room in the look-ahead buffer
        return try taken!.get()
    }

    /// The learner holds every packet up to `position`: the relay may delete them.
    func release(through position: UInt64) {
        change { $0.releasable = max($0.releasable, position) }
    }

    /// Waits until the relay has heard the release through `position`, or `timeout` has passed.
    func waitForRelease(through position: UInt64, timeout: Duration) {
        _ = waitBlocking(deadline: .now + timeout) { state in state.released >= position || state.failure != nil ? true : nil }
    }

    /// Queues `weights` for publication, replacing any version still waiting.
    func publish(_ weights: WeightsMessage) {
        change { $0.unpublished = weights }
    }

    /// Publishes `weights` and waits until the relay has stored them.
    func publishAndWait(_ weights: WeightsMessage) throws(RelayError) {
        publish(weights)
        let done = waitBlocking { state -> Result<Void, RelayError>? in
            if let failure = state.failure { return .failure(failure) }
            return state.publishedVersion.map { $0 >= weights.version } ?? false ? .success(()) : nil
        }
        try done!.get()
    }

    // MARK: The background task

    private func serve() async {
        var delay = 0.1, reported = false
        while !Task.isCancelled {
            do {
                try await connection.withClient { client in
                    try await withThrowingDiscardingTaskGroup { group in
                        group.addTask { try await self.takeLoop(client) }
                        group.addTask { try await self.publishLoop(client) }
                    }
                }
            } catch let error as RPCError where [.unauthenticated, .permissionDenied, .invalidArgument, .failedPrecondition].contains(error.code) {
                change { $0.failure = .call(error.message) }
                return
            } catch {
                if Task.isCancelled { return }
                if !reported {
                    log.event("trainer: the relay is unreachable (\(error)); retrying")
                    reported = true
                }
                try? await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 2)
            }
        }
    }

    private func takeLoop(_ client: Swiftrl_Distributed_V1_Relay.Client<some ClientTransport>) async throws {
        while !Task.isCancelled {
            let generation = changes.generation
            let (after, release, released, room) = state.withLock {
                ($0.takenPosition, $0.releasable, $0.released, lookahead - $0.bufferedTransitions)
            }
            var request = TakeSamplesRequest()
            request.releaseThrough = release
            if room > 0 {
                request.after = after
                request.maxTransitions = UInt32(room)
                request.waitMilliseconds = 200
            } else if release > released {
                // The buffer is full: release alone, asking for nothing (no packet lies after this position).
                request.after = UInt64(Int64.max)
                request.maxTransitions = 1
            } else {
                await changes.wait(after: generation)  // until the learner takes packets or releases some
                continue
            }
            let reply = try await client.takeSamples(request, options: RelayConnection.callOptions)
            change { state in
                state.released = max(state.released, release)
                guard let last = reply.packets.last else { return }
                state.packets += reply.packets
                state.bufferedTransitions += reply.packets.reduce(0) { $0 + Int($1.packet.transitions.count) }
                state.takenPosition = last.position
            }
        }
    }

    private func publishLoop(_ client: Swiftrl_Distributed_V1_Relay.Client<some ClientTransport>) async throws {
        while !Task.isCancelled {
            let generation = changes.generation
            guard let weights = state.withLock({ state in
                defer { state.unpublished = nil }
                return state.unpublished
            }) else {
                await changes.wait(after: generation)
                continue
            }
            do {
                _ = try await client.publishWeights(weights, options: RelayConnection.callOptions)
            } catch {
                // Put it back unless a newer version has arrived meanwhile, then let reconnecting decide.
                state.withLock { state in if state.unpublished == nil { state.unpublished = weights } }
                throw error
            }
            change { $0.publishedVersion = weights.version }
        }
    }
}
