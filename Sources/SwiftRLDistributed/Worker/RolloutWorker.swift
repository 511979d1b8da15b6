import Foundation
import GRPCCore
import Synchronization
import SwiftRL
import SwiftRLAlgorithms
import SwiftRLCore
import SwiftRLEnvironments

/// A rollout worker (`swiftrl worker`, TMRL's `RolloutWorker`): it steps its own environment with
/// a copy of the trainer's policy, sends the transitions to the relay in numbered packets, resends
/// them until acknowledged, and loads every new version of the weights the relay broadcasts.
///
/// With the initial weights (version 0) it acts uniformly at random, as a trainer does during
/// warm-up; after that it explores as the algorithm does (SAC samples its policy, TD3 adds noise).
///
/// ```swift
/// let connection = try RelayConnection(server: .init(parsing: "relay:7443"),
///                                      credentials: .init(path: "creds"), role: .worker)
/// let worker = RolloutWorker(.init(connection: connection, workerID: "robot-1") {
///     try EnvironmentRegistry.make("Pendulum-v1")
/// })
/// let summary = try await worker.run()
/// ```
public final class RolloutWorker: Sendable {
    /// How a worker runs.
    public struct Configuration: Sendable {
        /// The relay and the worker's token.
        public var connection: RelayConnection
        /// Names the worker's packet sequence; a worker restarted with the same id goes on numbering
        /// where the relay's last packet of it ends.
        public var workerID: String
        /// Creates the environment (called once).
        public var makeEnvironment: @Sendable () throws -> any Environment
        /// Transitions per packet (TMRL's `samples_per_worker_packet`).
        public var samplesPerPacket = 100
        /// An episode is truncated after this many steps (TMRL's `max_samples_per_episode`); nil: the
        /// environment's own limit only.
        public var maximumEpisodeSteps: Int?
        /// Environment steps to take before finishing; nil: until cancelled.
        public var steps: Int?
        /// Seeds the environment's first reset and the exploration.
        public var seed: UInt64 = 1
        /// Packets in flight without an acknowledgement, at most.
        public var window = 16
        /// Where connection problems and refused weights are reported.
        public var log = RelayLog()
        /// Where every version the worker loads is saved as a policy file (TMRL's `model_path`), which
        /// `swiftrl eval`, `swiftrl export` and `swiftrl worker --standalone` read; nil: not saved.
        public var modelPath: URL?
        /// Every this many versions, a copy is also kept as `MODEL-vVERSION.json` beside ``modelPath``
        /// (TMRL's `model_history` and `model_path_history`); 0: none.
        public var modelHistory = 0

        /// A configuration with the defaults above.
        public init(connection: RelayConnection, workerID: String,
                    makeEnvironment: @escaping @Sendable () throws -> any Environment) {
            self.connection = connection
            self.workerID = workerID
            self.makeEnvironment = makeEnvironment
        }
    }

    /// What a finished run did.
    public struct Summary: Sendable, Equatable {
        /// Environment steps taken.
        public var steps: Int
        /// Episodes finished.
        public var episodes: Int
        /// The last sequence the relay acknowledged.
        public var acknowledgedSequence: UInt64
        /// The weights version acted with last.
        public var weightsVersion: UInt64
    }

    let configuration: Configuration
    let outbox: PacketOutbox
    let latestWeights = Mutex<PolicyWeights?>(nil)
    /// Signalled when ``latestWeights`` changes.
    let weightsArrived = ChangeSignal()
    /// The workers connected to the relay, as its latest acknowledgement said (0 before the first).
    let relayWorkers = Atomic<Int>(0)

    /// The last sequence the relay has acknowledged so far.
    public var acknowledgedSequence: UInt64 { outbox.acknowledged }

    /// Prepares a worker; ``run()`` starts it.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
        outbox = PacketOutbox(window: configuration.window)
    }

    /// Collects and sends until `steps` transitions are acknowledged (forever when `steps` is nil).
    /// - Throws: ``RelayError`` when the relay refuses the worker (token, packets) or its policy does
    ///   not fit the environment, ``TrainingError`` when the environment returns non-finite values.
    public func run() async throws -> Summary {
        guard RelayService.isValidWorkerID(configuration.workerID) else {
            throw RelayError.call("a worker id is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-'")
        }
        let environment = try configuration.makeEnvironment()
        return try await withThrowingTaskGroup(of: Summary?.self) { group in
            group.addTask { try await self.watchWeights(); return nil }
            group.addTask { try await self.sendPackets(); return nil }
            group.addTask { try await self.collect(environment: environment) }
            var summary: Summary?
            var sent = false
            while let result = try await group.next() {
                if let result { summary = result } else { sent = true }
                if sent, let summary {
                    group.cancelAll()
                    return Summary(steps: summary.steps, episodes: summary.episodes,
                                   acknowledgedSequence: outbox.acknowledged, weightsVersion: summary.weightsVersion)
                }
            }
            throw CancellationError()
        }
    }

    // MARK: Collecting

    private func collect(environment: any Environment) async throws -> Summary {
        let weights = try await firstWeights()
        if case .ppo = weights.specification.configuration {
            return try await collectOnPolicy(environment: environment, weights: weights)
        }
        return try await collectOffPolicy(environment: environment, weights: weights)
    }

    /// SAC's and TD3's collection: one transition at a time, loading each new version as it arrives.
    private func collectOffPolicy(environment prototype: any Environment, weights: PolicyWeights) async throws -> Summary {
        var environment = prototype
        let acting: ActingAgent
        do {
            acting = try ActingAgent(specification: weights.specification, environment: environment, seed: configuration.seed)
        } catch {
            throw RelayError.message(error)
        }
        guard case .box(let box) = environment.actionSpace else { preconditionFailure("checked by ActingAgent") }
        let rescaling = ActionRescaling(box: box)
        var version = weights.version
        try load(weights, into: acting)
        try saveModel(acting.replica.policy(actionLow: box.low, actionHigh: box.high), of: acting.specification,
                      version: version, environment: environment.name)
        let od = acting.specification.observationSize, ad = acting.specification.actionSize
        var observation = [Float](repeating: 0, count: od), next = observation
        var normalized = [Float](repeating: 0, count: ad), action = normalized
        environment.reset(seed: configuration.seed, observation: &observation)
        try Self.checkFinite(observation, environment: environment, step: 0)
        var batch = TransitionBatch(observationSize: od, actionSize: ad)
        var episodes = [Swiftrl_Distributed_V1_Episode]()
        var steps = 0, finishedEpisodes = 0, episodeSteps = 0, episodeReturn = 0.0
        while configuration.steps.map({ steps < $0 }) ?? true {
            if let newer = latestWeights.withLock({ $0 }), newer.version > version {
                try load(newer, into: acting)
                version = newer.version
                try saveModel(acting.replica.policy(actionLow: box.low, actionHigh: box.high), of: acting.specification,
                              version: version, environment: environment.name)
            }
            try acting.replica.explorationAction(for: observation, into: &normalized)
            rescaling.environmentAction(from: normalized, into: &action)
            var outcome = environment.step(action, observation: &next)
            steps += 1
            episodeSteps += 1
            try Self.checkFinite(next, environment: environment, step: steps)
            guard outcome.reward.isFinite, Float(outcome.reward).isFinite else {
                throw TrainingError.nonFiniteEnvironmentOutput(step: steps, quantity: "reward", environment: environment.name)
            }
            if let limit = configuration.maximumEpisodeSteps, episodeSteps >= limit { outcome.truncated = true }
            batch.append(CollectedTransition(observation: observation, action: normalized, reward: Float(outcome.reward),
                                             nextObservation: next, terminated: outcome.terminated),
                         truncated: outcome.truncated)
            episodeReturn += outcome.reward
            if outcome.isDone {
                var episode = Swiftrl_Distributed_V1_Episode()
                episode.episodeReturn = episodeReturn
                episode.length = UInt32(episodeSteps)
                episodes.append(episode)
                finishedEpisodes += 1
                episodeSteps = 0
                episodeReturn = 0
                acting.replica.episodeDidEnd()
                environment.reset(seed: nil, observation: &observation)
                try Self.checkFinite(observation, environment: environment, step: steps)
            } else {
                swap(&observation, &next)
            }
            let isLast = configuration.steps.map { steps >= $0 } ?? false
            if batch.count >= configuration.samplesPerPacket || (isLast && batch.count > 0) {
                var packet = SamplePacket()
                packet.policyVersion = version
                packet.transitions = batch.message
                packet.episodes = episodes
                try await outbox.enqueue(packet)
                batch = TransitionBatch(observationSize: od, actionSize: ad)
                episodes = []
            }
        }
        outbox.finishCollecting()
        return Summary(steps: steps, episodes: finishedEpisodes, acknowledgedSequence: 0, weightsVersion: version)
    }

    private func load(_ weights: PolicyWeights, into acting: ActingAgent) throws {
        do {
            try acting.load(weights)
        } catch {
            throw RelayError.message(error)
        }
    }

    /// Saves the policy the worker acts with at ``Configuration/modelPath``, and every
    /// ``Configuration/modelHistory``-th version beside it.
    func saveModel(_ policy: @autoclosure () -> DeterministicPolicy, of specification: PolicySpecification,
                   version: UInt64, environment: String) throws {
        guard let modelPath = configuration.modelPath else { return }
        let saved = SavedPolicy(algorithm: specification.configuration.algorithm, environment: environment,
                                seed: specification.seed, policy: policy())
        let data = try saved.jsonData()
        try FileManager.default.createDirectory(at: modelPath.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(data, to: modelPath)
        if configuration.modelHistory > 0 && version % UInt64(configuration.modelHistory) == 0 {
            let history = modelPath.deletingPathExtension().path + "-v\(version).json"
            try AtomicFile.write(data, to: URL(fileURLWithPath: history))
        }
    }

    private static func checkFinite(_ observation: [Float], environment: any Environment, step: Int) throws {
        guard observation.allSatisfy(\.isFinite) else {
            throw TrainingError.nonFiniteEnvironmentOutput(step: step, quantity: "observation", environment: environment.name)
        }
    }

    private func firstWeights() async throws -> PolicyWeights {
        while true {
            let generation = weightsArrived.generation
            if let weights = latestWeights.withLock({ $0 }) { return weights }
            await weightsArrived.wait(after: generation)
            try Task.checkCancellation()
        }
    }

    // MARK: Talking to the relay

    /// Keeps ``latestWeights`` up to date, reconnecting after failures and after the relay ends
    /// the stream (a relay shutting down), until cancelled.
    private func watchWeights() async throws {
        while true {
            try await watchWeightsOnce()
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private func watchWeightsOnce() async throws {
        try await reconnecting("watching weights") {
            let log = self.configuration.log, workerID = self.configuration.workerID
            try await self.configuration.connection.watchWeights(
                after: self.latestWeights.withLock { $0?.version },
                refused: { version, error in log.event("worker \(workerID) refused weights version \(version): \(error)") }
            ) { weights in
                self.latestWeights.withLock { latest in
                    if latest.map({ weights.version > $0.version }) ?? true { latest = weights }
                }
                self.weightsArrived.signal()
                return true
            }
        }
    }

    /// Sends the outbox's packets, reconnecting after failures, until it is drained.
    private func sendPackets() async throws {
        while !outbox.isDrained {
            try await reconnecting("sending samples", until: { self.outbox.isDrained }) {
                let connection = self.outbox.connect()
                try await self.configuration.connection.withClient { client in
                    try await client.sendSamples(options: RelayConnection.callOptions, requestProducer: { writer in
                        var hello = WorkerMessage()
                        hello.hello.workerID = self.configuration.workerID
                        try await writer.write(hello)
                        while let packet = try await self.outbox.nextToWrite(on: connection) {
                            var message = WorkerMessage()
                            message.packet = packet
                            try await writer.write(message)
                        }
                    }, onResponse: { response in
                        for try await message in response.messages {
                            switch message.kind {
                            case .welcome(let welcome):
                                if let lost = self.outbox.welcome(lastSequence: welcome.lastSequence) {
                                    self.configuration.log.event("""
                                        worker \(self.configuration.workerID): the relay holds packets through \
                                        \(welcome.lastSequence) but had acknowledged through \(lost.upperBound): \
                                        acknowledged packets lost
                                        """)
                                }
                            case .acknowledgement(let acknowledgement):
                                self.outbox.acknowledge(acknowledgement.sequence)
                                self.relayWorkers.store(Int(acknowledgement.workersConnected), ordering: .relaxed)
                            case nil: break
                            }
                        }
                    })
                }
            }
        }
    }

    /// Runs `attempt` until it returns normally (or `until` holds), waiting 0.1 s to 2 s between
    /// failures. A refusal that retrying cannot fix (a token, a malformed packet) ends the worker.
    private func reconnecting(_ activity: String, until isDone: @Sendable () -> Bool = { false },
                              _ attempt: @Sendable () async throws -> Void) async throws {
        var delay = 0.1
        var reported = false
        while !isDone() {
            do {
                try await attempt()
                return
            } catch let error as RPCError where Self.isPermanent(error.code) {
                throw RelayError.call("\(activity): \(error.message)")
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                try Task.checkCancellation()
                if !reported {
                    configuration.log.event("worker \(configuration.workerID): \(activity): \(error); retrying")
                    reported = true
                }
                try await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 2)
            }
        }
    }

    private static func isPermanent(_ code: RPCError.Code) -> Bool {
        [.unauthenticated, .permissionDenied, .invalidArgument, .failedPrecondition].contains(code)
    }
}
