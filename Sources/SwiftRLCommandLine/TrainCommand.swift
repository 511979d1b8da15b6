import ArgumentParser
import Foundation
import SwiftRL
import SwiftRLDistributed

/// `swiftrl train`: resolves the configuration, trains, evaluates and writes the run directory.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an agent and write its run directory.",
        discussion: """
            Settings come from the algorithm's defaults, then --config, then --set, then the other \
            options (later ones win). The default is SAC on Pendulum-v1 for 10,000 steps, seed 1.
            Checkpoints go to <run-dir>/checkpoints/ every `checkpoint_interval` steps (0: only at the \
            end); --resume <run-dir> continues an interrupted run from its latest checkpoint with its \
            own config.yaml, ending bit-identical to an uninterrupted run.
            """
    )

    @Option(name: .long, help: ArgumentHelp("A YAML configuration file.", valueName: "file.yaml"))
    var config: String?

    @Option(name: .long, help: "The algorithm: \(AlgorithmName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var algorithm: String?

    @Option(name: .customLong("env"), help: "The environment (see `swiftrl envs`).")
    var environment: String?

    @Option(name: .long, help: "Environment steps to train for.")
    var steps: Int?

    @Option(name: .long, help: "The run's seed.")
    var seed: UInt64?

    @Option(name: .customLong("run-dir"), help: ArgumentHelp(
        "The run directory (default: runs/<algorithm>-<env>-<yyyyMMdd-HHmmss>); it must not exist.",
        valueName: "dir"))
    var runDirectory: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Set a configuration key, such as batch_size=256 or actor.hidden_sizes=[128,128] (repeatable).",
        valueName: "key=value"))
    var assignments: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Threads that share each update (default: one per core). Results are bit-identical for any number.",
        valueName: "n"))
    var threads: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Continue the run in this directory from its latest checkpoint (no configuration options allowed).",
        valueName: "run-dir"))
    var resume: String?

    @Option(name: .customLong("max-memory"), help: ArgumentHelp(
        "The most memory the run may allocate, such as 4GiB or 512MiB (default: the memory available now).",
        valueName: "size"))
    var maxMemory: String?

    @Flag(name: .long, help: "Print no progress, only the result.")
    var quiet = false

    @OptionGroup(title: "Training from rollout workers (SAC, TD3, PPO)") var relay: RelayOptions

    @Option(name: .long, help: ArgumentHelp("""
        Collect with n `swiftrl worker` processes behind a relay that this command runs: \
        loopback, TLS and tokens, all kept in <run-dir>/relay/.
        """, valueName: "n"))
    var workers: Int?

    @Option(name: .customLong("queue-capacity"), help: ArgumentHelp(
        "With --workers: transitions the relay holds for the trainer before workers wait.", valueName: "n"))
    var queueCapacity = 1_000

    @Option(name: .customLong("publish-interval"), help: ArgumentHelp(
        "With --server: updates between weights versions sent to the workers (TMRL's update_model_interval; PPO publishes every update).",
        valueName: "n"))
    var publishInterval = 100

    @Option(name: .customLong("max-policy-lag"), help: ArgumentHelp(
        "With --server, PPO: learn from packets acted with a policy at most n versions behind (0: strictly on-policy).",
        valueName: "n"))
    var maxPolicyLag = 1

    func validate() throws {
        if let threads, !(1...ThreadPool.maximumThreadCount).contains(threads) {
            throw ValidationError("--threads must be between 1 and \(ThreadPool.maximumThreadCount), got \(threads)")
        }
        if let maxMemory, MemorySize.bytes(maxMemory) == nil {
            throw ValidationError("--max-memory takes a size such as 4GiB, 512MiB or 1000000 (bytes), got '\(maxMemory)'")
        }
        if let workers {
            guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64, got \(workers)") }
            guard relay.server == nil else { throw ValidationError("--workers runs its own relay: give it without --server") }
        }
        guard queueCapacity > 0 else { throw ValidationError("--queue-capacity must be positive, got \(queueCapacity)") }
        guard publishInterval > 0 else { throw ValidationError("--publish-interval must be positive, got \(publishInterval)") }
        guard maxPolicyLag >= 0 else { throw ValidationError("--max-policy-lag must be 0 or more, got \(maxPolicyLag)") }
        if resume != nil && (config != nil || algorithm != nil || environment != nil || steps != nil || seed != nil
                             || runDirectory != nil || !assignments.isEmpty) {
            throw ValidationError("""
                --resume takes its settings from the run's config.yaml: only --threads, --max-memory, --quiet \
                and the relay's options may go with it
                """)
        }
    }

    func run() throws {
        try reportingErrors {
            try KernelEnvironment.validate()
            let pool = threads.map { ThreadPool(threadCount: $0) } ?? .shared
            var localWorkers: LocalWorkers?
            defer { localWorkers?.stop() }
            let trainer: Trainer
            if let resume {
                let directory = RunDirectory(path: resume)
                trainer = try Trainer.resuming(directory: directory, pool: pool, memoryLimit: memoryLimit) { session, configuration in
                    try relaySession(session, configuration, directory: directory, localWorkers: &localWorkers)
                }
            } else {
                let configuration = try RunConfiguration.load(file: config, overrides: overrides())
                let local = try configuration.makeSession(pool: pool, memoryLimit: memoryLimit)
                let directory = try RunDirectory.create(at: runDirectory ?? RunDirectory.defaultPath(for: configuration))
                let session: any TrainingSession
                do {
                    session = try relaySession(local, configuration, directory: directory, localWorkers: &localWorkers)
                } catch {
                    directory.removeIfUnstarted()
                    throw error
                }
                trainer = Trainer(configuration: configuration, session: session, directory: directory)
            }
            let directory = trainer.directory
            let signalSources = trainer.configuration.tracking.mlflowURI == nil ? [] : Self.reportInterruptions(to: trainer.interruption)
            defer { signalSources.forEach { $0.cancel() } }
            let display = quiet ? nil : ProgressDisplay(isTerminal: isatty(STDOUT_FILENO) != 0)
            let summary: RunSummary
            do {
                summary = try trainer.run { progress in display?.show(progress) }
            } catch {
                // A new run that failed before it wrote anything leaves no directory behind.
                if resume == nil { directory.removeIfUnstarted() }
                throw error
            }
            print(Self.resultLine(summary, directory: directory))
        }
    }

    /// With `--server` or `--workers`, `session` as the trainer behind the relay (for `--workers`,
    /// started in `directory` and returned in `localWorkers`); otherwise `session` itself.
    private func relaySession(_ session: any TrainingSession, _ configuration: RunConfiguration, directory: RunDirectory,
                              localWorkers: inout LocalWorkers?) throws -> any TrainingSession {
        let remote = try relay.connection(as: .trainer)
        guard workers != nil || remote != nil else { return session }
        var connection = remote
        if let workers {
            let started = try LocalWorkers(count: workers, environment: configuration.environment, seed: configuration.seed,
                                           queueCapacity: queueCapacity, runDirectory: directory)
            localWorkers = started
            connection = started.connection
        }
        guard let connection else { return session }
        let queueRelease: RelayTrainingSession.QueueRelease = configuration.checkpointInterval > 0 ? .atCheckpoints : .onceLearned
        let trainer: any TrainingSession & RelayTrainerRole
        if let ppo = session as? PPOTrainingState {
            trainer = try RelayPPOTrainingSession(session: ppo, environment: configuration.environment, connection: connection,
                                                  maximumPolicyLag: maxPolicyLag, queueRelease: queueRelease)
        } else if let learning = session as? any CollectedTransitionLearning {
            trainer = try RelayTrainingSession(
                session: learning, configuration: configuration.algorithmConfiguration, environment: configuration.environment,
                connection: connection, publishInterval: publishInterval, queueRelease: queueRelease)
        } else {
            throw ValidationError("\(configuration.algorithm.displayName) cannot learn from rollout workers")
        }
        localWorkers?.attach(trainer)
        return trainer
    }

    /// The `--set` assignments, then the dedicated options, in the order they take effect.
    private var memoryLimit: Int? { maxMemory.flatMap(MemorySize.bytes) }

    private func overrides() throws -> [ConfigurationOverride] {
        let options: [(key: String, value: String?)] = [
            ("algorithm", algorithm), ("environment", environment), ("steps", steps.map(String.init)),
            ("seed", seed.map(String.init)),
        ]
        return try assignments.map(ConfigurationOverride.init(parsing:))
            + options.compactMap { key, value in try value.map { try ConfigurationOverride(key: key, value: $0) } }
    }

    /// Makes SIGINT and SIGTERM mark the tracked run as killed (MLflow's `KILLED`) before the
    /// process exits with 128 + the signal's number, as it would have without them.
    private static func reportInterruptions(to interruption: TrainingInterruption) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                interruption.report()
                Foundation.exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    static func resultLine(_ summary: RunSummary, directory: RunDirectory) -> String {
        let evaluation = summary.evaluation
        return "\(summary.algorithm.displayName) on \(summary.environment), seed \(summary.seed): "
            + (summary.stoppedBy.map { "stopped by \($0) after " } ?? "")
            + "\(summary.environmentSteps) steps in \(String(format: "%.2f", summary.trainSeconds)) s "
            + "(\(Int(summary.stepsPerSecond.rounded())) steps/s); evaluation over \(evaluation.episodes) episodes: "
            + "\(Format.returnValue(evaluation.returnMean)) ± \(Format.returnValue(evaluation.returnStandardDeviation)); "
            + "run directory \(directory.path)"
    }
}
