// Times the broadcast of new weights through the relay: a trainer publishes a SAC actor with
// hidden layers [256, 256] for Pendulum-v1 (about 67,000 parameters, 270 kB of safetensors), and
// W workers watch the weights over TLS on loopback. For each of N versions: from the start of the
// trainer's PublishWeights call to the moment the last worker holds the checked version (SHA-256
// and configuration verified, as a worker does before loading it). Prints the median, the 90th
// percentile and the maximum.
//
//   swift build -c release --product swiftrl-broadcast-benchmark
//   .build/release/swiftrl-broadcast-benchmark [WORKERS (8)] [VERSIONS (50)]
import Foundation
import Synchronization
import SwiftRLAlgorithms
import SwiftRLDistributed
import SwiftRLEnvironments

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let workerCount = arguments.first ?? 8
let versions = arguments.dropFirst().first ?? 50

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("broadcast-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let credentials = try CredentialsDirectory.create(at: directory.appendingPathComponent("creds").path, hosts: ["127.0.0.1"])
var relayConfiguration = RelayServer.Configuration(listen: RelayAddress(host: "127.0.0.1", port: 0), credentials: credentials,
                                                   dataDirectory: directory.appendingPathComponent("data"))
relayConfiguration.log = RelayLog { _ in }
let relay = try RelayServer(relayConfiguration)
let serving = Task { try await relay.run() }
let address = RelayAddress(host: "127.0.0.1", port: try await relay.listeningPort)

var sac = SACConfiguration()
sac.actor.hiddenSizes = [256, 256]
let state = try SAC(environment: try EnvironmentRegistry.make("Pendulum-v1"), configuration: sac).makeState(seed: 1)
let specification = PolicySpecification(configuration: .sac(sac), environment: "Pendulum-v1", observationSize: 3, actionSize: 1)
let trainer = try RelayConnection(server: address, credentials: credentials, role: .trainer)

/// When each worker received each version (seconds since the clock's start).
let clock = ContinuousClock()
let origin = clock.now
let received = Mutex([[Double]](repeating: [Double](repeating: .nan, count: versions + 1), count: workerCount))
func seconds() -> Double {
    let elapsed = clock.now - origin
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

try await trainer.publish(PolicyWeights(version: 0, specification: specification, actor: state.actingNetwork))
let watchers = try (0..<workerCount).map { index in
    let connection = try RelayConnection(server: address, credentials: credentials, role: .worker)
    return Task {
        try await connection.watchWeights(after: nil) { weights in
            let now = seconds()
            received.withLock { $0[index][Int(weights.version)] = now }
            return weights.version < UInt64(versions)
        }
    }
}
func allReceived(_ version: Int) -> Bool { received.withLock { $0.allSatisfy { !$0[version].isNaN } } }
while !allReceived(0) { try await Task.sleep(for: .milliseconds(1)) }

var latencies = [Double]()
for version in 1...versions {
    let weights = PolicyWeights(version: UInt64(version), specification: specification, actor: state.actingNetwork)
    let start = seconds()
    try await trainer.publish(weights)
    while !allReceived(version) { try await Task.sleep(for: .microseconds(100)) }
    let last = received.withLock { $0.map { $0[version] }.max()! }
    latencies.append((last - start) * 1_000)
}
for watcher in watchers { _ = try await watcher.value }
relay.shutdown()
_ = try? await serving.value

let sorted = latencies.sorted()
let parameters = state.actingNetwork.parameters.count
print("""
    \(versions) versions of a [256, 256] SAC actor (\(parameters) parameters) to \(workerCount) workers over TLS:
    median \(String(format: "%.1f", sorted[sorted.count / 2])) ms, \
    p90 \(String(format: "%.1f", sorted[min(sorted.count - 1, sorted.count * 9 / 10)])) ms, \
    max \(String(format: "%.1f", sorted.last!)) ms
    """)
