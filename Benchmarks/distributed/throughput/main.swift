// Transitions per second through the relay, as a transport: W `swiftrl worker` processes step
// Pendulum-v1 and send packets of P transitions over TLS on loopback to a relay (in this process,
// each packet committed to SQLite before its acknowledgement), and a trainer-role client takes them
// with TakeSamples, decoding and checking every packet as the trainer does, and releases them. No
// learning: the figure is the pipeline worker → relay (durable) → trainer, timed from the first
// transition taken to the last, as Benchmarks/distributed/tlspyo_throughput.py times tlspyo.
//
//   swift build -c release --product swiftrl --product swiftrl-relay-throughput
//   .build/release/swiftrl-relay-throughput [WORKERS (4)] [STEPS_PER_WORKER (50000)] [PACKET (100)] [IN_FLIGHT (8)]
//
// IN_FLIGHT is the relay's `commitsInFlight`: 1 reads a worker's next packet only once the previous
// one is acknowledged.
import Foundation
import SwiftRLAlgorithms
import SwiftRLDistributed
import SwiftRLEnvironments

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let workerCount = arguments.first ?? 4
let steps = arguments.dropFirst().first ?? 50_000
let packet = arguments.dropFirst(2).first ?? 100
let commitsInFlight = arguments.dropFirst(3).first ?? 8
let total = workerCount * steps
let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("swiftrl")

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("throughput-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let credentials = try CredentialsDirectory.create(at: directory.appendingPathComponent("creds").path, hosts: ["127.0.0.1"])
var relayConfiguration = RelayServer.Configuration(listen: RelayAddress(host: "127.0.0.1", port: 0), credentials: credentials,
                                                   dataDirectory: directory.appendingPathComponent("data"))
relayConfiguration.log = RelayLog { _ in }
relayConfiguration.commitsInFlight = commitsInFlight
let relay = try RelayServer(relayConfiguration)
let serving = Task { try await relay.run() }
let address = RelayAddress(host: "127.0.0.1", port: try await relay.listeningPort)

// The workers start acting once the trainer's initial actor (version 0) is there.
let sac = SACConfiguration()
let state = try SAC(environment: try EnvironmentRegistry.make("Pendulum-v1"), configuration: sac).makeState(seed: 1)
let specification = PolicySpecification(configuration: .sac(sac), environment: "Pendulum-v1", observationSize: 3, actionSize: 1)
let trainer = try RelayConnection(server: address, credentials: credentials, role: .trainer)
try await trainer.publish(PolicyWeights(version: 0, specification: specification, actor: state.actingNetwork))

let workers = try (1...workerCount).map { index in
    let process = Process()
    process.executableURL = executable
    process.arguments = ["worker", "--server", address.description, "--credentials", credentials.url.path,
                         "--env", "Pendulum-v1", "--id", "w\(index)", "--seed", "\(index)", "--steps", "\(steps)",
                         "--samples-per-packet", "\(packet)"]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    return process
}

let clock = ContinuousClock()
var start: ContinuousClock.Instant?
var taken = 0
var position: UInt64 = 0
try await trainer.withClient { client in
    while taken < total {
        var request = TakeSamplesRequest()
        request.after = position
        request.maxTransitions = 65_536
        request.waitMilliseconds = 200
        request.releaseThrough = position
        let reply = try await client.takeSamples(request, options: RelayConnection.callOptions)
        for queued in reply.packets {
            taken += try queued.packet.validatedTransitions().count
            position = queued.position
        }
        if start == nil && taken > 0 { start = clock.now }
    }
}
let elapsed = clock.now - start!
for worker in workers { worker.waitUntilExit() }
relay.shutdown()
_ = try? await serving.value
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
print("""
    \(workerCount) workers, \(packet) transitions per packet, \(commitsInFlight) commits in flight per worker, \
    SwiftRL's relay with TLS on loopback: \(taken) transitions \
    in \(String(format: "%.2f", seconds)) s = \(Int((Double(taken) / seconds).rounded())) transitions/s
    """)
