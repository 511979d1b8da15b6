import Foundation
import Synchronization
import SwiftRL
import SwiftRLDistributed

/// `swiftrl train --workers N`: a relay in this process and N `swiftrl worker` processes, on
/// loopback over the same protocol as on a network (TLS and role tokens). Everything is kept in
/// `RUN_DIR/relay/`: the credentials, the relay's database and log, and each worker's output, so a
/// resumed run finds the queue and the workers' sequences where they were.
final class LocalWorkers: Sendable {
    /// The trainer's connection to the relay.
    let connection: RelayConnection
    private let directory: URL
    private let server: RelayServer
    private let serving: Task<Void, any Error>
    private let processes = Mutex<[Process]>([])
    private let isStopping = Atomic<Bool>(false)
    private let failure = Mutex<(reason: String?, trainer: (any RelayTrainerRole)?)>((nil, nil))

    /// Starts the relay and the workers (worker `i` seeded with `seed + i`); the relay holds at most
    /// `queueCapacity` transitions the trainer has not taken, so that simulated environments, far
    /// faster than the trainer, stay within about that many updates of it.
    /// - Throws: ``RelayError`` or ``CredentialsError`` when the relay cannot start, a Foundation error
    ///   when a worker cannot be launched.
    init(count: Int, environment: String, seed: UInt64, queueCapacity: Int, runDirectory: RunDirectory) throws {
        directory = runDirectory.url.appendingPathComponent("relay", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let credentialsPath = directory.appendingPathComponent("credentials").path
        let credentials = FileManager.default.fileExists(atPath: credentialsPath)
            ? CredentialsDirectory(path: credentialsPath)
            : try CredentialsDirectory.create(at: credentialsPath, hosts: ["127.0.0.1"])
        var configuration = RelayServer.Configuration(listen: RelayAddress(host: "127.0.0.1", port: 0),
                                                      credentials: credentials,
                                                      dataDirectory: directory.appendingPathComponent("data"))
        configuration.queueCapacity = queueCapacity
        let log = try Self.appendingHandle(directory.appendingPathComponent("relay.log"))
        configuration.log = RelayLog { line in log.write(Data("\(line)\n".utf8)) }
        let server = try RelayServer(configuration)
        self.server = server
        serving = Task { try await server.run() }
        let address = RelayAddress(host: "127.0.0.1", port: try runBlocking { try await server.listeningPort })
        connection = try RelayConnection(server: address, credentials: credentials, role: .trainer)
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        do {
            for index in 1...count {
                try launchWorker(index, executable: executable, arguments: [
                    "worker", "--server", address.description, "--credentials", credentialsPath, "--env", environment,
                    "--id", "worker-\(index)", "--seed", "\(seed &+ UInt64(index))", "--exit-with-parent",
                ])
            }
        } catch {
            stop()
            throw error
        }
    }

    /// Ties `trainer` to the workers: a worker that ends with an error before ``stop()`` ends the
    /// trainer's wait for transitions with a line naming it (at once when one already has), and
    /// ``stop()`` disconnects the trainer before the relay shuts down.
    func attach(_ trainer: any RelayTrainerRole) {
        let earlier = failure.withLock { failure in
            failure.trainer = trainer
            return failure.reason
        }
        if let earlier { trainer.collectorsFailed(earlier) }
    }

    /// Ends the workers (SIGTERM), disconnects the trainer, then shuts the relay down, waiting for each.
    func stop() {
        isStopping.store(true, ordering: .sequentiallyConsistent)
        let running = processes.withLock { $0 }
        for process in running where process.isRunning { process.terminate() }
        for process in running { process.waitUntilExit() }
        failure.withLock { $0.trainer }?.disconnect()
        server.shutdown()
        let serving = serving
        _ = try? runBlocking { try await serving.value }
    }

    private func launchWorker(_ index: Int, executable: URL, arguments: [String]) throws {
        let logURL = directory.appendingPathComponent("worker-\(index).log")
        let output = try Self.appendingHandle(logURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [weak self] process in
            guard let self, !isStopping.load(ordering: .sequentiallyConsistent), process.terminationStatus != 0 else { return }
            let lastLine = (try? String(contentsOf: logURL, encoding: .utf8))?
                .split(separator: "\n").last.map { ": \($0)" } ?? ""
            let reason = "worker-\(index) exited with status \(process.terminationStatus)\(lastLine) (\(logURL.path))"
            let trainer = failure.withLock { failure -> (any RelayTrainerRole)? in
                guard failure.reason == nil else { return nil }
                failure.reason = reason
                return failure.trainer
            }
            trainer?.collectorsFailed(reason)
        }
        try process.run()
        processes.withLock { $0.append(process) }
    }

    /// A handle that appends to `url`, created if needed.
    private static func appendingHandle(_ url: URL) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: url.path) {
            FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        return handle
    }
}
