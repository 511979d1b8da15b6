import ArgumentParser
import Foundation
import SwiftRL
import SwiftRLDistributed

/// `swiftrl worker`: a rollout worker on a built-in environment.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Collect transitions on a built-in environment for a trainer behind a relay.",
        discussion: """
            The worker acts with the trainer's latest weights (uniformly at random with the initial \
            ones), sends its transitions in numbered packets and resends them until the relay has \
            stored them. Restarted with the same --id, it goes on where the relay's last packet of it \
            ends. It runs until --steps are acknowledged, or until SIGINT or SIGTERM.
            """
    )

    @OptionGroup var relay: RelayOptions

    @Option(name: .customLong("env"), help: "The environment (see `swiftrl envs`).")
    var environment: String

    @Option(name: .long, help: ArgumentHelp("Names this worker's packet sequence (default: HOST-PID).", valueName: "id"))
    var id: String?

    @Option(name: .long, help: "Environment steps to take, then finish (default: run until stopped).")
    var steps: Int?

    @Option(name: .long, help: "Seeds the environment and the exploration.")
    var seed: UInt64 = 1

    @Option(name: .customLong("samples-per-packet"), help: ArgumentHelp(
        "Transitions per packet (TMRL's samples_per_worker_packet).", valueName: "n"))
    var samplesPerPacket = 100

    @Option(name: .customLong("max-episode-steps"), help: ArgumentHelp(
        "Truncate episodes after n steps (TMRL's max_samples_per_episode).", valueName: "n"))
    var maxEpisodeSteps: Int?

    func validate() throws {
        guard relay.server != nil else { throw ValidationError("a worker needs --server and --credentials") }
        if let steps, steps <= 0 { throw ValidationError("--steps must be positive, got \(steps)") }
        guard (1...65_536).contains(samplesPerPacket) else {
            throw ValidationError("--samples-per-packet must be between 1 and 65536, got \(samplesPerPacket)")
        }
        if let maxEpisodeSteps, maxEpisodeSteps <= 0 {
            throw ValidationError("--max-episode-steps must be positive, got \(maxEpisodeSteps)")
        }
    }

    func run() throws {
        try reportingErrors {
            guard let connection = try relay.connection(as: .worker) else { return }
            let name = environment
            _ = try EnvironmentRegistry.make(name)
            var configuration = RolloutWorker.Configuration(
                connection: connection, workerID: id ?? Self.defaultID) { try EnvironmentRegistry.make(name) }
            configuration.steps = steps
            configuration.seed = seed
            configuration.samplesPerPacket = samplesPerPacket
            configuration.maximumEpisodeSteps = maxEpisodeSteps
            let worker = RolloutWorker(configuration)
            let workerID = configuration.workerID
            let summary: RolloutWorker.Summary
            do {
                summary = try runBlocking {
                    let run = Task { try await worker.run() }
                    let interruptions = onInterruption { run.cancel() }
                    defer { interruptions.forEach { $0.cancel() } }
                    return try await run.value
                }
            } catch is CancellationError {
                // SIGINT or SIGTERM: the usual end of a worker that runs until stopped.
                print("worker \(workerID): stopped")
                return
            }
            print("worker \(workerID): \(summary.steps) steps, \(summary.episodes) episodes, "
                  + "packets acknowledged through \(summary.acknowledgedSequence), weights version \(summary.weightsVersion)")
        }
    }

    /// `HOST-PID`, cut to the 64 characters a worker id may have, with other characters as `-`.
    static var defaultID: String {
        let raw = "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        return String(raw.map { allowed.contains($0) ? $0 : "-" }.suffix(64))
    }
}
