import SwiftRLAlgorithms
import SwiftRLNN

/// The trainer role (`swiftrl train --server`, TMRL's `Trainer`): a SAC or TD3 session that learns
/// from the transitions rollout workers send through the relay instead of stepping its own
/// environment, which serves evaluations only. Every `publishInterval` updates it publishes the
/// actor as a new weights version; version 0, the initial actor, goes out before the first step.
///
/// One ``step()`` learns from one transition (one update after warm-up), so `steps`, warm-up,
/// evaluation and checkpoint intervals count transitions received, as they count environment steps
/// in a local run. Packets the learner cannot use (another worker's environment, say) are skipped
/// and reported through the log. Like the session it wraps, it is driven from one thread at a time.
public final class RelayTrainingSession: TrainingSession, @unchecked Sendable {
    private let session: any CollectedTransitionLearning
    private let link: RelayTrainerLink
    private let specification: PolicySpecification
    private let publishInterval: Int
    private let log: RelayLog
    private var pending: [Swiftrl_Distributed_V1_QueuedPacket] = []
    private var current: (packet: Swiftrl_Distributed_V1_QueuedPacket, batch: TransitionBatch, next: Int)?
    private var version: UInt64 = 0
    private var updatesAtLastPublication = 0
    /// Packets skipped because the learner could not use them.
    public private(set) var skippedPackets = 0

    /// Connects to the relay and publishes the initial weights (version 0).
    /// - Parameters:
    ///   - session: a fresh SAC or TD3 session (``SwiftRL/RunConfiguration/makeSession(pool:memoryLimit:)``).
    ///   - configuration: its algorithm's configuration, sent to workers with the weights.
    ///   - publishInterval: updates between weights versions (TMRL's `update_model_interval`).
    /// - Throws: ``RelayError`` when the relay refuses the trainer or cannot store the weights.
    public init(session: any CollectedTransitionLearning, configuration: AlgorithmConfiguration, environment: String,
                connection: RelayConnection, publishInterval: Int = 100, log: RelayLog = RelayLog()) throws(RelayError) {
        self.session = session
        self.publishInterval = max(publishInterval, 1)
        self.log = log
        specification = PolicySpecification(configuration: configuration, environment: environment,
                                            observationSize: session.observationDimension,
                                            actionSize: session.actionDimension)
        link = RelayTrainerLink(connection: connection, log: log)
        link.start()
        do {
            try link.publishAndWait(PolicyWeights(version: 0, specification: specification, actor: session.actingNetwork).message)
        } catch {
            link.stop()
            throw error
        }
    }

    deinit { link.stop() }

    public var totalSteps: Int { session.totalSteps }
    public var environmentSteps: Int { session.environmentSteps }
    public var episodes: Int { session.episodes }
    public var metricNames: [String] { session.metricNames }
    public var latestMetrics: NamedMetrics? { session.latestMetrics }
    public var latestEvaluation: EvaluationResult? { session.latestEvaluation }
    public var eventHandler: ((TrainingEvent) -> Void)? {
        get { session.eventHandler }
        set { session.eventHandler = newValue }
    }
    public var policy: DeterministicPolicy { session.policy }

    /// Learns from the next transition a worker sent, waiting for one; publishes new weights when due,
    /// and the final ones (waiting until the relay holds them) when the run ends.
    @discardableResult
    public func step() throws(TrainingError) -> Bool {
        let transition = try nextTransition()
        let finished = try session.learn(from: transition)
        try finishPacketIfDone()
        if finished {
            try publish(waiting: true)
        } else if session.updates - updatesAtLastPublication >= publishInterval {
            try publish(waiting: false)
        }
        return finished
    }

    public func action(for observation: [Float]) throws(TrainingError) -> [Float] {
        try session.action(for: observation)
    }

    public func evaluate(episodes: Int, seed: UInt64?) throws(TrainingError) -> EvaluationResult {
        try session.evaluate(episodes: episodes, seed: seed)
    }

    /// Nothing to abandon: the workers' episodes are theirs.
    public func abandonEpisodes() throws(TrainingError) {}

    // MARK: Packets

    private func nextTransition() throws(TrainingError) -> CollectedTransition {
        while true {
            if let (packet, batch, next) = current, next < batch.count {
                current = (packet, batch, next + 1)
                return batch.transition(at: next)
            }
            if pending.isEmpty {
                do {
                    pending = try link.takePackets()
                } catch {
                    throw .collectorsUnavailable(reason: error.description)
                }
            }
            let queued = pending.removeFirst()
            do {
                let batch = try queued.packet.validatedTransitions()
                guard batch.observationSize == specification.observationSize,
                      batch.actionSize == specification.actionSize else {
                    throw MessageError.incompatible("""
                        its transitions have \(batch.observationSize) observations and \(batch.actionSize) actions, \
                        the policy \(specification.observationSize) and \(specification.actionSize)
                        """)
                }
                current = (queued, batch, 0)
            } catch {
                skippedPackets += 1
                link.release(through: queued.position)
                log.event("trainer: skipped packet \(queued.packet.sequence) of worker \(queued.workerID): \(error)")
            }
        }
    }

    /// Once a packet's last transition is learned: records its episodes, and lets the relay delete it.
    private func finishPacketIfDone() throws(TrainingError) {
        guard let (packet, batch, next) = current, next == batch.count else { return }
        for episode in packet.packet.episodes {
            session.recordCollectedEpisode(return: episode.episodeReturn, length: Int(episode.length))
        }
        link.release(through: packet.position)
        current = nil
    }

    private func publish(waiting: Bool) throws(TrainingError) {
        version += 1
        updatesAtLastPublication = session.updates
        let weights = PolicyWeights(version: version, specification: specification, actor: session.actingNetwork).message
        guard waiting else { return link.publish(weights) }
        do {
            try link.publishAndWait(weights)
        } catch {
            throw .collectorsUnavailable(reason: error.description)
        }
    }
}

extension RelayTrainingSession: SnapshottingSession {
    public var algorithmName: String { session.algorithmName }
    public var environmentName: String { session.environmentName }

    /// The learner's snapshot (the relay keeps what the trainer has not taken yet).
    public func snapshot(includingReplayBuffer: Bool) throws(SnapshotError) -> TrainingSnapshot {
        try session.snapshot(includingReplayBuffer: includingReplayBuffer)
    }

    public func restore(_ snapshot: TrainingSnapshot) throws(SnapshotError) {
        try session.restore(snapshot)
    }
}
