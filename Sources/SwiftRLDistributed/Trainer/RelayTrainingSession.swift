import SwiftRLAlgorithms
import SwiftRLNN

/// The trainer role (`swiftrl train --server`, TMRL's `Trainer`): a SAC or TD3 session that learns
/// from the transitions rollout workers send through the relay instead of stepping its own
/// environment, which serves evaluations only. Its first step publishes the actor it starts from
/// (numbered after any version the relay holds); then every `publishInterval` updates a new version.
///
/// One ``step()`` learns from one transition (one update after warm-up), so `steps`, warm-up,
/// evaluation and checkpoint intervals count transitions received, as they count environment steps
/// in a local run. Packets the learner cannot use (another worker's environment, say) are skipped
/// and reported through the log. Its snapshots hold where it stands in the relay's queue
/// (``CollectorQueuePosition``), so a trainer restored from a checkpoint goes on from the first
/// transition it had not learned. Like the session it wraps, it is driven from one thread at a time.
public final class RelayTrainingSession: TrainingSession, RelayTrainerRole, @unchecked Sendable {
    /// When the relay may delete the packets the trainer has learned.
    public enum QueueRelease: Sendable {
        /// At once: for a run that writes no periodic checkpoint, so cannot resume mid-run.
        case onceLearned
        /// Once a checkpoint that holds them is durable (``checkpointSaved()``), so that a trainer
        /// resumed from it finds every transition it had not learned.
        case atCheckpoints
    }

    private let session: any CollectedTransitionLearning
    private let core: RelayTrainerCore
    private let specification: PolicySpecification
    private let publishInterval: Int
    private var isFinished = false
    private var current: (packet: Swiftrl_Distributed_V1_QueuedPacket, batch: TransitionBatch, next: Int)?
    /// Transitions of the packet after the one learned through that the restored checkpoint had learned.
    private var transitionsToSkip = 0
    private var updatesAtLastPublication = 0
    /// Packets skipped because the learner could not use them.
    public private(set) var skippedPackets = 0

    /// Connects to the relay, checking that it answers the trainer; nothing is taken or published
    /// before the first ``step()``, so a checkpoint can be restored first.
    /// - Parameters:
    ///   - session: a fresh SAC or TD3 session (``SwiftRL/RunConfiguration/makeSession(pool:memoryLimit:)``).
    ///   - configuration: its algorithm's configuration, sent to workers with the weights.
    ///   - publishInterval: updates between weights versions (TMRL's `update_model_interval`).
    ///   - queueRelease: when the relay may delete what the trainer has learned.
    /// - Throws: ``RelayError`` when the relay cannot be reached or refuses the trainer.
    public init(session: any CollectedTransitionLearning, configuration: AlgorithmConfiguration, environment: String,
                connection: RelayConnection, publishInterval: Int = 100, queueRelease: QueueRelease = .atCheckpoints,
                log: RelayLog = RelayLog()) throws(RelayError) {
        self.session = session
        self.publishInterval = max(publishInterval, 1)
        specification = PolicySpecification(configuration: configuration, environment: environment,
                                            observationSize: session.observationDimension,
                                            actionSize: session.actionDimension, seed: session.seed)
        core = try RelayTrainerCore(connection: connection, log: log, queueRelease: queueRelease)
    }

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
        if !core.hasStarted { try core.start(publishing: weights) }
        let transition = try nextTransition()
        let finished = try session.learn(from: transition)
        try finishPacketIfDone()
        if finished {
            isFinished = true
            try publish(waiting: true)
            // Nothing more will be taken: let the relay hear the last release before the run ends.
            core.waitForFinalRelease()
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

    public func collectorsFailed(_ reason: String) {
        core.link.fail(.call(reason))
    }

    public func disconnect() {
        core.link.stopAndWait()
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
            let queued = try core.nextPacket()
            let skip = transitionsToSkip
            transitionsToSkip = 0
            do {
                let batch = try queued.packet.validatedTransitions()
                guard !batch.isOnPolicy else {
                    throw MessageError.incompatible("it carries log-probabilities: a PPO worker's packet")
                }
                guard batch.observationSize == specification.observationSize,
                      batch.actionSize == specification.actionSize else {
                    throw MessageError.incompatible("""
                        its transitions have \(batch.observationSize) observations and \(batch.actionSize) actions, \
                        the policy \(specification.observationSize) and \(specification.actionSize)
                        """)
                }
                guard skip < batch.count else {
                    throw TrainingError.collectorsUnavailable(reason: """
                        the checkpoint had learned \(skip) transitions of the packet after position \(core.learnedThrough), \
                        but the relay's has \(batch.count): is it the relay the run started with?
                        """)
                }
                current = (queued, batch, skip)
            } catch let error as TrainingError {
                throw error
            } catch {
                skippedPackets += 1
                core.finish(position: queued.position)
                core.log.event("trainer: skipped packet \(queued.packet.sequence) of worker \(queued.workerID): \(error)")
            }
        }
    }

    /// Once a packet's last transition is learned: records its episodes, and lets the relay delete it.
    private func finishPacketIfDone() throws(TrainingError) {
        guard let (packet, batch, next) = current, next == batch.count else { return }
        for episode in packet.packet.episodes {
            session.recordCollectedEpisode(return: episode.episodeReturn, length: Int(episode.length))
        }
        core.finish(position: packet.position)
        current = nil
    }

    private func publish(waiting: Bool) throws(TrainingError) {
        try core.publish(weights, waiting: waiting)
    }

    /// Version `version` of the actor's weights.
    private func weights(_ version: UInt64) -> WeightsMessage {
        updatesAtLastPublication = session.updates
        return PolicyWeights(version: version, specification: specification, actor: session.actingNetwork).message
    }
}

extension RelayTrainingSession: SnapshottingSession {
    public var algorithmName: String { session.algorithmName }
    public var environmentName: String { session.environmentName }

    /// The learner's snapshot, with where the trainer stands in the relay's queue.
    public func snapshot(includingReplayBuffer: Bool) throws(SnapshotError) -> TrainingSnapshot {
        var snapshot = try session.snapshot(includingReplayBuffer: includingReplayBuffer)
        snapshot.collectorQueue = core.queuePosition(transitionsIntoNext: current?.next ?? 0)
        return snapshot
    }

    /// Continues from a trainer's snapshot, before the first step: the next step takes the first
    /// transition the snapshot had not learned.
    /// - Throws: ``SnapshotError`` for a snapshot of a run that collected its own transitions, or
    ///   after the first step.
    public func restore(_ snapshot: TrainingSnapshot) throws(SnapshotError) {
        let queue = try core.restorableQueue(of: snapshot)
        guard queue.transitionsIntoNext < TransitionBatch.packetLimit else {
            throw .invalidValue(name: "collector_queue.transitions_into_next", reason: "exceeds a packet's \(TransitionBatch.packetLimit) transitions")
        }
        var learnerSnapshot = snapshot
        learnerSnapshot.collectorQueue = nil
        try session.restore(learnerSnapshot)
        core.restore(queue)
        transitionsToSkip = queue.transitionsIntoNext
    }

    /// Lets the relay delete what the checkpoint holds (with ``QueueRelease/atCheckpoints``); after
    /// the last step, waits up to a second for the relay to hear it.
    public func checkpointSaved() {
        core.checkpointSaved(runFinished: isFinished)
    }
}
