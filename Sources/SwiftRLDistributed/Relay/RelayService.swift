import Foundation
import GRPCCore

/// The relay's methods (relay.proto): workers' packets into the durable queue, the trainer's takes
/// and releases, weights out to every watcher, status for operators. Every refusal is logged with
/// the peer's address and counted.
struct RelayService: Swiftrl_Distributed_V1_Relay.SimpleServiceProtocol {
    let store: RelayStore
    let counters: RelayCounters
    let broadcast: WeightsBroadcast
    /// Transitions queued (not yet taken) beyond which workers wait before their next packet commits.
    let queueCapacity: Int
    /// Packets of one worker whose commits may be in flight at once (see
    /// ``RelayServer/Configuration/commitsInFlight``).
    let commitsInFlight: Int
    let log: RelayLog

    func sendSamples(request: RPCAsyncSequence<WorkerMessage, any Error>, response: RPCWriter<ServerMessage>,
                     context: ServerContext) async throws {
        var messages = request.makeAsyncIterator()
        guard case .hello(let hello)? = try await messages.next()?.kind else {
            throw refuse(context, .invalidArgument, "the first message of SendSamples must be a hello")
        }
        let workerID = hello.workerID
        guard Self.isValidWorkerID(workerID) else {
            throw refuse(context, .invalidArgument, "a worker id is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-'")
        }
        var welcome = ServerMessage()
        welcome.welcome.lastSequence = try await store.lastSequence(of: workerID)
        try await response.write(welcome)
        counters.update { $0.workersConnected += 1 }
        defer { counters.update { $0.workersConnected -= 1 } }
        let packets = WorkerMessages(messages)
        let (outcomes, outcomeSink) = AsyncStream<CommitOutcome>.makeStream()
        let (slots, slotSink) = AsyncStream<Void>.makeStream()
        for _ in 0..<commitsInFlight { slotSink.yield() }
        // An error in either task ends the call and cancels the other (a refused packet only once the
        // packets before it are acknowledged).
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { outcomeSink.finish() }
                try await commitPackets(from: packets, of: workerID, slots: slots, outcomes: outcomeSink, context: context)
            }
            group.addTask {
                defer { slotSink.finish() }
                try await acknowledge(outcomes, of: workerID, freeing: slotSink, response: response, context: context)
            }
            while try await group.next() != nil {}
        }
    }

    /// A packet's commit, as its result arrives.
    private struct CommitOutcome: Sendable {
        var sequence: UInt64
        var transitions: Int
        var result: Result<RelayStore.Commit, any Error>
    }

    /// The worker's messages after its hello, read by one task at a time: the method hands them to
    /// the task that commits packets and does not touch them again.
    private final class WorkerMessages: @unchecked Sendable {
        private var iterator: RPCAsyncSequence<WorkerMessage, any Error>.AsyncIterator

        init(_ iterator: RPCAsyncSequence<WorkerMessage, any Error>.AsyncIterator) { self.iterator = iterator }

        func next() async throws -> WorkerMessage? { try await iterator.next() }
    }

    /// Reads the worker's packets, checks each, and queues it for commit once one of the
    /// ``commitsInFlight`` slots is free. At the end of the stream, or at a refusal, it first waits
    /// until the packets in flight are acknowledged.
    private func commitPackets(from messages: WorkerMessages, of workerID: String, slots: AsyncStream<Void>,
                               outcomes: AsyncStream<CommitOutcome>.Continuation, context: ServerContext) async throws {
        var freeSlots = slots.makeAsyncIterator()
        do {
            while let message = try await messages.next() {
                guard case .packet(let packet)? = message.kind else {
                    throw refuse(context, .invalidArgument, "worker \(workerID) sent a second hello")
                }
                let count = try checkedCount(of: packet, from: workerID, context: context)
                let payload: Data = try packet.serializedBytes()
                try await waitForRoom(context)
                guard await freeSlots.next() != nil else { return }
                let sequence = packet.sequence
                store.enqueueCommit(workerID: workerID, sequence: sequence, transitions: count, payload: payload) { result in
                    let outcome = CommitOutcome(sequence: sequence, transitions: count, result: result)
                    record(outcome, of: workerID, context: context)
                    outcomes.yield(outcome)
                }
            }
        } catch {
            await drain(&freeSlots)
            throw error
        }
        await drain(&freeSlots)
    }

    /// Waits until every slot is free again (every packet in flight acknowledged), or the
    /// acknowledgements have ended.
    private func drain(_ freeSlots: inout AsyncStream<Void>.Iterator) async {
        for _ in 0..<commitsInFlight {
            guard await freeSlots.next() != nil else { return }
        }
    }

    /// Counts a durable packet as soon as its commit is, whether or not its acknowledgement reaches
    /// the worker.
    private func record(_ outcome: CommitOutcome, of workerID: String, context: ServerContext) {
        switch outcome.result {
        case .success(.stored(let position)):
            counters.update {
                $0.samplesIn += outcome.transitions
                $0.queued += outcome.transitions
                $0.retained += outcome.transitions
                $0.storedPosition = max($0.storedPosition, position)
            }
        case .success(.duplicate):
            counters.update { $0.duplicates += 1 }
            log.refusal(peer: context.remotePeer,
                        "packet \(outcome.sequence) of worker \(workerID) is already stored: acknowledged, not stored again")
        case .success(.gap), .failure:
            break
        }
    }

    /// Acknowledges each packet, in order, once its commit is durable, and frees its slot; a gap in
    /// the worker's sequence or a failed commit ends the call.
    private func acknowledge(_ outcomes: AsyncStream<CommitOutcome>, of workerID: String,
                             freeing slots: AsyncStream<Void>.Continuation, response: RPCWriter<ServerMessage>,
                             context: ServerContext) async throws {
        for await outcome in outcomes {
            if case .gap(let expected) = try outcome.result.get() {
                throw refuse(context, .failedPrecondition,
                             "worker \(workerID) sent packet \(outcome.sequence), expected \(expected)")
            }
            var acknowledgement = ServerMessage()
            acknowledgement.acknowledgement.sequence = outcome.sequence
            acknowledgement.acknowledgement.workersConnected = UInt32(clamping: counters.current.workersConnected)
            try await response.write(acknowledgement)
            slots.yield()
        }
    }

    func takeSamples(request: TakeSamplesRequest, context: ServerContext) async throws -> TakeSamplesReply {
        if request.releaseThrough > 0 {
            try await store.release(through: Int64(clamping: request.releaseThrough))
        }
        let after = Int64(clamping: request.after)
        let deadline = ContinuousClock.now + .milliseconds(min(Int(request.waitMilliseconds), 60_000))
        _ = await counters.wait(until: { $0.storedPosition > after }, deadline: deadline, context: context)
        try Task.checkCancellation()
        let maximum = min(max(Int(request.maxTransitions), 1), TransitionBatch.packetLimit * 4)
        let queued = try await store.packets(after: after, maxTransitions: maximum)
        var reply = TakeSamplesReply()
        reply.packets = queued.map { entry in
            var packet = Swiftrl_Distributed_V1_QueuedPacket()
            packet.position = UInt64(entry.position)
            packet.workerID = entry.workerID
            do {
                packet.packet = try SamplePacket(serializedBytes: entry.payload)
            } catch {
                // Every packet was checked before it was stored, so only a damaged database gets
                // here: the packet goes out empty, for the trainer to skip, rather than stopping
                // the queue at it for good.
                log.event("relay: the packet stored at position \(entry.position) (worker \(entry.workerID)) "
                          + "does not decode (\(error)): handed out empty")
            }
            return packet
        }
        if let latest = broadcast.latest { reply.latestWeightsVersion = latest.version }
        let taken = queued.last?.position ?? 0
        let depth = try await store.depth(after: max(taken, counters.current.takenPosition))
        let handedOut = reply.packets.reduce(0) { $0 + Int($1.packet.transitions.count) }
        counters.update {
            $0.samplesOut += handedOut
            $0.takenPosition = max($0.takenPosition, taken)
            $0.queued = depth.queued
            $0.retained = depth.retained
        }
        return reply
    }

    func publishWeights(request: WeightsMessage, context: ServerContext) async throws -> Swiftrl_Distributed_V1_PublishWeightsReply {
        do {
            _ = try PolicyWeights(request)
        } catch {
            throw refuse(context, .invalidArgument, "weights refused: \(error)")
        }
        // Workers get the version at once; the trainer's reply waits until it is stored too. A relay
        // that dies in between loses only weights the trainer has not been told are stored, and the
        // trainer publishes them again.
        if let latest = broadcast.publishIfNewer(request) {
            throw refuse(context, .failedPrecondition,
                         "weights version \(request.version) is not newer than the latest, \(latest)")
        }
        try await store.storeWeights(version: request.version, payload: try request.serializedBytes())
        var reply = Swiftrl_Distributed_V1_PublishWeightsReply()
        reply.version = request.version
        return reply
    }

    func watchWeights(request: Swiftrl_Distributed_V1_WatchWeightsRequest, response: RPCWriter<WeightsMessage>,
                      context: ServerContext) async throws {
        let (latest, updates) = broadcast.watch()
        var sent: UInt64? = request.fromStart ? nil : request.afterVersion
        if let latest, sent.map({ latest.version > $0 }) ?? true {
            try await response.write(latest)
            sent = latest.version
        }
        for await weights in updates where sent.map({ weights.version > $0 }) ?? true {
            try await response.write(weights)
            sent = weights.version
        }
    }

    func status(request: Swiftrl_Distributed_V1_StatusRequest, context: ServerContext) async throws -> RelayStatusReply {
        let values = counters.current
        var reply = RelayStatusReply()
        reply.workersConnected = UInt32(values.workersConnected)
        reply.samplesIn = UInt64(values.samplesIn)
        reply.samplesOut = UInt64(values.samplesOut)
        reply.queueDepth = UInt64(values.queued)
        reply.retained = UInt64(values.retained)
        reply.weightsVersion = broadcast.latest?.version ?? 0
        reply.refusals = UInt64(values.refusals)
        reply.duplicates = UInt64(values.duplicates)
        return reply
    }

    /// The packet's transition count once its contents are checked.
    private func checkedCount(of packet: SamplePacket, from workerID: String, context: ServerContext) throws -> Int {
        do {
            return try packet.validatedTransitions().count
        } catch {
            throw refuse(context, .invalidArgument, "packet \(packet.sequence) of worker \(workerID): \(error)")
        }
    }

    /// Back-pressure: waits while the queue holds `queueCapacity` transitions not yet taken, or
    /// until the worker's call is cancelled (gRPC signals that through the context, not the task).
    private func waitForRoom(_ context: ServerContext) async throws {
        let capacity = queueCapacity
        guard await counters.wait(until: { $0.queued < capacity }, deadline: nil, context: context) else {
            throw RPCError(code: .cancelled, message: "the worker's call ended")
        }
    }

    /// Logs and counts a refusal, and returns the error the caller gets.
    private func refuse(_ context: ServerContext, _ code: RPCError.Code, _ reason: String) -> RPCError {
        counters.update { $0.refusals += 1 }
        log.refusal(peer: context.remotePeer, reason)
        return RPCError(code: code, message: reason)
    }

    static func isValidWorkerID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 46 || byte == 95 || byte == 45
        }
    }
}
