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
        while let message = try await messages.next() {
            guard case .packet(let packet)? = message.kind else {
                throw refuse(context, .invalidArgument, "worker \(workerID) sent a second hello")
            }
            let count = try checkedCount(of: packet, from: workerID, context: context)
            try await waitForRoom(context)
            switch try await store.commit(workerID: workerID, sequence: packet.sequence, transitions: count,
                                          payload: try packet.serializedBytes()) {
            case .stored(let position):
                counters.update {
                    $0.samplesIn += count
                    $0.queued += count
                    $0.retained += count
                    $0.storedPosition = max($0.storedPosition, position)
                }
            case .duplicate:
                counters.update { $0.duplicates += 1 }
                log.refusal(peer: context.remotePeer,
                            "packet \(packet.sequence) of worker \(workerID) is already stored: acknowledged, not stored again")
            case .gap(let expected):
                throw refuse(context, .failedPrecondition,
                             "worker \(workerID) sent packet \(packet.sequence), expected \(expected)")
            }
            var acknowledgement = ServerMessage()
            acknowledgement.acknowledgement.sequence = packet.sequence
            acknowledgement.acknowledgement.workersConnected = UInt32(clamping: counters.current.workersConnected)
            try await response.write(acknowledgement)
        }
    }

    func takeSamples(request: TakeSamplesRequest, context: ServerContext) async throws -> TakeSamplesReply {
        if request.releaseThrough > 0 {
            try await store.release(through: Int64(clamping: request.releaseThrough))
        }
        let after = Int64(clamping: request.after)
        let deadline = ContinuousClock.now + .milliseconds(min(Int(request.waitMilliseconds), 60_000))
        while counters.current.storedPosition <= after && ContinuousClock.now < deadline && !context.cancellation.isCancelled {
            try await Task.sleep(for: .milliseconds(1))
        }
        let maximum = min(max(Int(request.maxTransitions), 1), TransitionBatch.packetLimit * 4)
        let queued = try await store.packets(after: after, maxTransitions: maximum)
        var reply = TakeSamplesReply()
        reply.packets = try queued.map { entry in
            var packet = Swiftrl_Distributed_V1_QueuedPacket()
            packet.position = UInt64(entry.position)
            packet.workerID = entry.workerID
            packet.packet = try SamplePacket(serializedBytes: entry.payload)
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
        if let latest = broadcast.latest, request.version <= latest.version {
            throw refuse(context, .failedPrecondition,
                         "weights version \(request.version) is not newer than the latest, \(latest.version)")
        }
        try await store.storeWeights(version: request.version, payload: try request.serializedBytes())
        broadcast.publish(request)
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
        while counters.current.queued >= queueCapacity {
            if context.cancellation.isCancelled { throw RPCError(code: .cancelled, message: "the worker's call ended") }
            try await Task.sleep(for: .milliseconds(2))
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
