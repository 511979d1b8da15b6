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
            The worker acts with the trainer's latest weights (SAC and TD3: uniformly at random with \
            the initial ones), sends its transitions in numbered packets and resends them until the \
            relay has stored them. For a PPO trainer a packet is one rollout of steps_per_env steps, \
            with the log-probability of each action, and --samples-per-packet does not apply. \
            Restarted with the same --id, it goes on where the relay's last packet of it \
            ends. It runs until --steps are acknowledged, or until SIGINT or SIGTERM.

            With --standalone it needs no relay: it plays --episodes with the policy file given to \
            --policy (one that --model-path saved, or a run's policy.json) and reports each episode.
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
        "Transitions per packet (TMRL's samples_per_worker_packet; SAC and TD3).", valueName: "n"))
    var samplesPerPacket = 100

    @Option(name: .customLong("max-episode-steps"), help: ArgumentHelp(
        "Truncate episodes after n steps (TMRL's max_samples_per_episode).", valueName: "n"))
    var maxEpisodeSteps: Int?

    @Option(name: .customLong("model-path"), help: ArgumentHelp(
        "Save each weights version loaded as a policy file here (TMRL's model_path).", valueName: "file"))
    var modelPath: String?

    @Option(name: .customLong("model-history"), help: ArgumentHelp(
        "Also keep every n-th version as FILE-vVERSION.json beside --model-path (TMRL's model_history).", valueName: "n"))
    var modelHistory = 0

    @Flag(name: .long, help: "Play --episodes with --policy, without a relay (TMRL's standalone worker).")
    var standalone = false

    @Option(name: .long, help: ArgumentHelp("With --standalone: the policy file to act with.", valueName: "file"))
    var policy: String?

    @Option(name: .long, help: "With --standalone: episodes to play; episode i is reset with seed + i.")
    var episodes = 10

    /// Set by `swiftrl train --workers`: the worker stops when the process that started it ends.
    @Flag(name: .customLong("exit-with-parent"), help: .hidden)
    var exitWithParent = false

    func validate() throws {
        if standalone {
            guard policy != nil else { throw ValidationError("--standalone needs --policy FILE") }
            guard relay.server == nil, steps == nil, modelPath == nil else {
                throw ValidationError("--standalone plays --episodes with --policy: --server, --steps and --model-path go without it")
            }
            guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
            return
        }
        guard policy == nil else { throw ValidationError("--policy goes with --standalone; a worker behind a relay acts with the trainer's weights") }
        guard relay.server != nil else { throw ValidationError("a worker needs --server and --credentials") }
        guard modelHistory >= 0 else { throw ValidationError("--model-history must be 0 or more, got \(modelHistory)") }
        if modelHistory > 0 && modelPath == nil { throw ValidationError("--model-history needs --model-path") }
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
            if standalone, let policy { return try playStandalone(policy: policy) }
            guard let connection = try relay.connection(as: .worker) else { return }
            let name = environment
            _ = try EnvironmentRegistry.make(name)
            var configuration = RolloutWorker.Configuration(
                connection: connection, workerID: id ?? Self.defaultID) { try EnvironmentRegistry.make(name) }
            configuration.steps = steps
            configuration.seed = seed
            configuration.samplesPerPacket = samplesPerPacket
            configuration.maximumEpisodeSteps = maxEpisodeSteps
            configuration.modelPath = modelPath.map { URL(fileURLWithPath: $0) }
            configuration.modelHistory = modelHistory
            let worker = RolloutWorker(configuration)
            let workerID = configuration.workerID
            let summary: RolloutWorker.Summary
            do {
                summary = try runBlocking {
                    let run = Task { try await worker.run() }
                    let interruptions = onInterruption { run.cancel() }
                    defer { interruptions.forEach { $0.cancel() } }
                    let parentWatch = exitWithParent ? Self.cancelWhenOrphaned(run) : nil
                    defer { parentWatch?.cancel() }
                    return try await run.value
                }
            } catch is CancellationError {
                // SIGINT or SIGTERM: the usual end of a worker that runs until stopped.
                print("worker \(workerID): stopped; packets acknowledged through \(worker.acknowledgedSequence)")
                return
            }
            print("worker \(workerID): \(summary.steps) steps, \(summary.episodes) episodes, "
                  + "packets acknowledged through \(summary.acknowledgedSequence), weights version \(summary.weightsVersion)")
        }
    }

    /// Plays `episodes` episodes of the environment with the saved policy and reports each.
    private func playStandalone(policy path: String) throws {
        let saved = try SavedPolicy.load(from: URL(fileURLWithPath: path))
        let result = try SavedPolicy.evaluate(saved.policy, environment: environment, episodes: episodes, seed: seed)
        for (index, (episodeReturn, length)) in zip(result.returns, result.lengths).enumerated() {
            print("episode \(index + 1): return \(Format.returnValue(episodeReturn)), \(length) steps")
        }
        print("worker (standalone): \(saved.algorithm.displayName) policy from \(path) on \(environment), "
              + "\(result.episodes) episodes from seed \(seed): "
              + "\(Format.returnValue(result.returnMean)) ± \(Format.returnValue(result.returnStandardDeviation))")
    }

    /// Cancels `run` once the process that started this one has ended (the worker is then re-parented).
    private static func cancelWhenOrphaned(_ run: Task<RolloutWorker.Summary, any Error>) -> Task<Void, Never> {
        let parent = getppid()
        return Task.detached {
            while !Task.isCancelled && getppid() == parent {
                try? await Task.sleep(for: .milliseconds(200))
            }
            if !Task.isCancelled { run.cancel() }
        }
    }

    /// `HOST-PID`, cut to the 64 characters a worker id may have, with other characters as `-`.
    static var defaultID: String {
        let raw = "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        return String(raw.map { allowed.contains($0) ? $0 : "-" }.suffix(64))
    }
}
