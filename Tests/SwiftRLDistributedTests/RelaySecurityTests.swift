import Foundation
import GRPCCore
import Testing
import SwiftRLAlgorithms
import SwiftRLNN
import SwiftRLCore
import SwiftRLEnvironments
@testable import SwiftRLDistributed

/// Each refusal the issue lists: refused, logged with the peer's address, counted.
@Suite(.serialized) struct RelaySecurityTests {
    private static func status(_ connection: RelayConnection) async throws -> RelayStatusReply {
        try await connection.withClient { client in try await client.status(Swiftrl_Distributed_V1_StatusRequest()) }
    }

    private static func weights(version: UInt64) -> WeightsMessage {
        var generator = RandomGenerator(seed: 3)
        let actor = MLP(architecture: .init(inputSize: 3, hiddenSizes: [4], outputSize: 2), generator: &generator)
        let specification = PolicySpecification(configuration: .sac(SACConfiguration()), environment: "Pendulum-v1",
                                                observationSize: 3, actionSize: 1)
        return PolicyWeights(version: version, specification: specification, actor: actor).message
    }

    /// Whether the relay logs, within 2 s, a refused TLS handshake from a loopback peer (its reason
    /// containing `reason`) and counts more than `after` refusals.
    private static func logsHandshakeRefusal(_ relay: TestRelay, containing reason: String? = nil,
                                             after: Int = 0) async -> Bool {
        for _ in 0..<200 {
            let logged = relay.log.contains {
                $0.hasPrefix("relay: refused ipv4:127.0.0.1:") && $0.contains("the TLS handshake failed") && (reason.map($0.contains) ?? true)
            }
            if logged && relay.counters.refusals > after { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    private static func errorCode(_ body: () async throws -> Void) async -> RPCError.Code? {
        do {
            try await body()
            return nil
        } catch let error as RPCError {
            return error.code
        } catch {
            return .unknown
        }
    }

    @Test func aWrongTokenIsRefusedAndLogged() async throws {
        let relay = try await TestRelay()
        let other = try await TestRelay()
        // The other relay's admin token, with this relay's CA.
        var connection = try relay.connection(.admin)
        connection.token = try RoleToken(contentsOf: other.credentials.tokenURL(.admin))
        let code = await Self.errorCode { _ = try await Self.status(connection) }
        #expect(code == .unauthenticated)
        #expect(relay.log.contains { $0.contains("refused ipv4:127.0.0.1:") && $0.contains("Status without a valid token") })
        #expect(relay.counters.refusals == 1)
        #expect(try await Self.status(relay.connection(.admin)).refusals == 1)
        await relay.stop()
        await other.stop()
    }

    @Test func aWorkerTokenCannotPublishWeights() async throws {
        let relay = try await TestRelay()
        let worker = try relay.connection(.worker)
        let code = await Self.errorCode {
            _ = try await worker.withClient { client in try await client.publishWeights(Self.weights(version: 1)) }
        }
        #expect(code == .permissionDenied)
        #expect(relay.log.contains { $0.contains("PublishWeights with a worker token") })
        let trainer = try relay.connection(.trainer)
        let reply = try await trainer.withClient { client in try await client.publishWeights(Self.weights(version: 1)) }
        #expect(reply.version == 1)
        await relay.stop()
    }

    @Test func plaintextAndAnotherCAsCertificateAreRefused() async throws {
        let relay = try await TestRelay()
        let other = try await TestRelay()
        let plaintext = try relay.connection(.admin, insecure: true)
        #expect(await Self.errorCode { _ = try await Self.status(plaintext) } == .unavailable)
        var foreignCA = try relay.connection(.admin)
        foreignCA.trustedCertificatePEM = try other.credentials.pem(other.credentials.caCertificateURL)
        #expect(await Self.errorCode { _ = try await Self.status(foreignCA) } == .unavailable)
        #expect(await Self.logsHandshakeRefusal(relay, containing: "WRONG_VERSION_NUMBER"), "plaintext, with its address")
        _ = try await Self.status(relay.connection(.admin))
        await relay.stop()
        await other.stop()
    }

    /// With mutual TLS a valid token is not enough: the connection must present a client
    /// certificate from the relay's CA.
    @Test func mutualTLSRefusesClientsWithoutACertificateFromTheCA() async throws {
        let relay = try await TestRelay(mutualTLS: true)
        let other = try await TestRelay()
        _ = try await Self.status(relay.connection(.admin))
        var anonymous = try relay.connection(.admin)
        anonymous.clientIdentity = nil
        #expect(await Self.errorCode { _ = try await Self.status(anonymous) } == .unavailable)
        #expect(await Self.logsHandshakeRefusal(relay, containing: "CERTIFICATE"), "no client certificate")
        var foreign = try relay.connection(.admin)
        foreign.clientIdentity = try other.connection(.admin).clientIdentity
        let before = relay.counters.refusals
        #expect(await Self.errorCode { _ = try await Self.status(foreign) } == .unavailable)
        #expect(await Self.logsHandshakeRefusal(relay, after: before), "another CA's client certificate")
        await relay.stop()
        await other.stop()
    }

    @Test func forgedWeightsAreRefusedByTheRelayAndByWorkers() async throws {
        let relay = try await TestRelay()
        let trainer = try relay.connection(.trainer)
        var forged = Self.weights(version: 1)
        forged.safetensors[forged.safetensors.count - 1] ^= 1
        let code = await Self.errorCode { _ = try await trainer.withClient { try await $0.publishWeights(forged) } }
        #expect(code == .invalidArgument)
        #expect(relay.log.contains { $0.contains("SHA-256 does not match") })
        #expect(throws: MessageError.checksumMismatch) { try PolicyWeights(forged) }
        // Weights of another shape: the checksum is right, the worker's actor does not fit them.
        let weights = try PolicyWeights(Self.weights(version: 2))
        let acting = try ActingAgent(specification: weights.specification,
                                     environment: try EnvironmentRegistry.make("Pendulum-v1"), seed: 1)
        #expect(throws: MessageError.self) { try acting.load(weights) }
        await relay.stop()
    }

    @Test func malformedAndReplayedPacketsAreRefusedOrIgnored() async throws {
        let relay = try await TestRelay()
        let worker = try relay.connection(.worker)
        var good = SamplePacket()
        good.sequence = 1
        var batch = TransitionBatch(observationSize: 3, actionSize: 1)
        batch.append(CollectedTransition(observation: [0, 1, 2], action: [0.5], reward: -1, nextObservation: [1, 2, 3],
                                         terminated: false), truncated: false)
        good.transitions = batch.message
        var malformed = good
        malformed.sequence = 2
        malformed.transitions.count = 2
        let packets = [good, good, malformed]
        let acknowledgements = try await worker.withClient { client in
            try await client.sendSamples(requestProducer: { writer in
                var hello = WorkerMessage()
                hello.hello.workerID = "tester"
                try await writer.write(hello)
                for packet in packets {
                    var message = WorkerMessage()
                    message.packet = packet
                    try await writer.write(message)
                }
            }, onResponse: { response in
                var sequences = [UInt64]()
                do {
                    for try await message in response.messages {
                        if case .acknowledgement(let acknowledgement) = message.kind { sequences.append(acknowledgement.sequence) }
                    }
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument)
                }
                return sequences
            })
        }
        #expect(acknowledgements == [1, 1], "the replay is acknowledged again, the malformed packet refused")
        #expect(relay.counters.samplesIn == 1)
        #expect(relay.counters.duplicates == 1)
        #expect(relay.log.contains { $0.contains("packet 1 of worker tester is already stored") })
        #expect(relay.log.contains { $0.contains("packet 2 of worker tester") && $0.contains("observations holds 12 bytes, expected 24") }, "\(relay.log)")
        await relay.stop()
    }

    @Test func aDamagedStoredPacketGoesOutEmptyAndTheQueueGoesOn() async throws {
        let relay = try await TestRelay()
        // A payload that is not a packet, written past the relay's checks, as a damaged disk would leave it.
        let damage = try RelayStore(directory: relay.directory.appendingPathComponent("data"), historyInterval: 1)
        #expect(try await damage.commit(workerID: "w0", sequence: 1, transitions: 3, payload: Data([0xff, 0xff, 0xff]))
                == .stored(position: 1))
        _ = try await relay.publishInitialWeights()
        _ = try await relay.collect(steps: 100)
        let reply = try await relay.connection(.trainer).withClient { client in
            var request = TakeSamplesRequest()
            request.maxTransitions = 1_000
            return try await client.takeSamples(request, options: RelayConnection.callOptions)
        }
        #expect(reply.packets.map(\.position) == [1, 2, 3])
        #expect(reply.packets[0].packet.transitions.count == 0 && reply.packets[0].workerID == "w0")
        #expect(reply.packets.dropFirst().allSatisfy { $0.packet.transitions.count == 50 })
        #expect(relay.log.contains { $0.contains("position 1 (worker w0) does not decode") }, "\(relay.log)")
        await relay.stop()
    }
}
