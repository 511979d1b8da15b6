import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SwiftRLDistributed

/// `swiftrl serve`: runs the relay between rollout workers and a trainer.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the relay between rollout workers and a trainer.",
        discussion: """
            Workers' packets are acknowledged once they are durable in <data>/relay.sqlite; the trainer \
            takes them from there. The latest weights go to every worker, late joiners too. SIGINT or \
            SIGTERM finishes the calls in flight, then exits.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Where to listen (port 0: any free port).", valueName: "host:port"))
    var listen: String

    @Option(name: .long, help: ArgumentHelp("The directory `swiftrl certs` wrote.", valueName: "dir"))
    var credentials: String

    @Option(name: .long, help: ArgumentHelp("Where the relay keeps its database.", valueName: "dir"))
    var data: String

    @Flag(name: .long, help: "Serve without TLS (loopback addresses only).")
    var insecure = false

    @Option(name: .customLong("queue-capacity"), help: ArgumentHelp(
        "Transitions waiting for the trainer beyond which workers are slowed down (never dropped).", valueName: "n"))
    var queueCapacity = 1_000_000

    @Option(name: .customLong("model-history"), help: ArgumentHelp(
        "Keep every n-th weights version besides the latest (TMRL's model_history).", valueName: "n"))
    var modelHistory: UInt64 = 10

    @Flag(name: .customLong("mutual-tls"), help: "Also require a client certificate from the credentials' CA (ROLE.pem).")
    var mutualTLS = false

    @Option(name: .customLong("metrics-listen"), help: ArgumentHelp(
        "Serve Prometheus metrics at http://HOST:PORT/metrics (plain HTTP: bind it to loopback or a private network).",
        valueName: "host:port"))
    var metricsListen: String?

    @Flag(name: .long, help: "Check the credentials and open the database, then exit without serving.")
    var check = false

    func validate() throws {
        guard queueCapacity > 0 else { throw ValidationError("--queue-capacity must be positive, got \(queueCapacity)") }
        guard modelHistory > 0 else { throw ValidationError("--model-history must be positive, got \(modelHistory)") }
    }

    func run() throws {
        try reportingErrors {
            var configuration = RelayServer.Configuration(
                listen: try RelayAddress(parsing: listen), credentials: CredentialsDirectory(path: credentials),
                dataDirectory: URL(fileURLWithPath: data), insecure: insecure)
            configuration.queueCapacity = queueCapacity
            configuration.historyInterval = modelHistory
            configuration.requiresClientCertificates = mutualTLS
            configuration.metricsListen = try metricsListen.map { try RelayAddress(parsing: $0) }
            let relay = try RelayServer(configuration)
            if check {
                print("relay configuration is valid: credentials \(credentials), database \(data)")
                return
            }
            // SIGTERM and SIGINT shut the relay down gracefully: it stops accepting calls and
            // finishes the commits in flight, then the process exits.
            let services = ServiceGroup(configuration: .init(
                services: [.init(service: relay, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "swiftrl.serve", factory: { _ in SwiftLogNoOpLogHandler() })))
            let host = configuration.listen.host, metricsHost = configuration.metricsListen?.host
            try runBlocking {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await services.run() }
                    let port = try await relay.listeningPort
                    // Unbuffered, so that a script waiting for the port sees it at once.
                    let line = "relay listening on \(RelayAddress(host: host, port: port))\(insecure ? " without TLS" : "")\n"
                    FileHandle.standardOutput.write(Data(line.utf8))
                    if let metricsPort = try await relay.metricsPort, let metricsHost {
                        let address = RelayAddress(host: metricsHost, port: metricsPort)
                        FileHandle.standardOutput.write(Data("metrics at http://\(address)/metrics\n".utf8))
                    }
                    try await group.waitForAll()
                }
            }
        }
    }
}
