import Foundation
import Synchronization
import SwiftRLAlgorithms
import SwiftRLEnvironments
@testable import SwiftRLDistributed

/// A relay on a free loopback port with fresh credentials and database, for one test.
final class TestRelay: Sendable {
    let credentials: CredentialsDirectory
    let directory: URL
    let port: Int
    private let server: RelayServer
    private let serving: Task<Void, any Error>
    private let lines = LogLines()

    /// The Prometheus endpoint's port, when the relay was made `withMetrics`.
    let metricsPort: Int?

    init(queueCapacity: Int = 1_000_000, withMetrics: Bool = false, mutualTLS: Bool = false) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("relay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        credentials = try CredentialsDirectory.create(at: directory.appendingPathComponent("creds").path,
                                                      hosts: ["localhost", "127.0.0.1"])
        var configuration = RelayServer.Configuration(
            listen: RelayAddress(host: "127.0.0.1", port: 0), credentials: credentials,
            dataDirectory: directory.appendingPathComponent("data"))
        configuration.queueCapacity = queueCapacity
        configuration.metricsListen = withMetrics ? RelayAddress(host: "127.0.0.1", port: 0) : nil
        configuration.requiresClientCertificates = mutualTLS
        let lines = self.lines
        configuration.log = RelayLog { line in lines.append(line) }
        let server = try RelayServer(configuration)
        self.server = server
        serving = Task { try await server.run() }
        port = try await server.listeningPort
        metricsPort = try await server.metricsPort
    }

    /// The relay's log so far.
    var log: [String] { lines.all }

    var address: RelayAddress { RelayAddress(host: "127.0.0.1", port: port) }

    func connection(_ role: Role, insecure: Bool = false) throws -> RelayConnection {
        try RelayConnection(server: address, credentials: credentials, role: role, insecure: insecure)
    }

    var counters: RelayCounters.Values { server.counters.current }

    /// Publishes the initial weights (version 0) of a fresh SAC actor for Pendulum-v1.
    func publishInitialWeights(_ configuration: SACConfiguration = SACConfiguration()) async throws -> WeightsMessage {
        let state = try SAC(environment: try EnvironmentRegistry.make("Pendulum-v1"), configuration: configuration)
            .makeState(seed: 7)
        let specification = PolicySpecification(configuration: .sac(configuration), environment: "Pendulum-v1",
                                                observationSize: 3, actionSize: 1)
        let initial = PolicyWeights(version: 0, specification: specification, actor: state.actingNetwork).message
        _ = try await connection(.trainer).withClient { client in
            try await client.publishWeights(initial, options: RelayConnection.callOptions)
        }
        return initial
    }

    /// Runs worker `w1` on Pendulum-v1 for `steps` steps in packets of 50 (weights must be published).
    func collect(steps: Int) async throws -> RolloutWorker.Summary {
        var worker = RolloutWorker.Configuration(connection: try connection(.worker), workerID: "w1") {
            try EnvironmentRegistry.make("Pendulum-v1")
        }
        worker.steps = steps
        worker.samplesPerPacket = 50
        return try await RolloutWorker(worker).run()
    }

    func stop() async {
        server.shutdown()
        _ = try? await serving.value
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Lines written from any thread.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var all: [String] { lines.withLock { $0 } }
}

/// Runs blocking work on its own thread (a trainer's synchronous loop), off the concurrency pool.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
