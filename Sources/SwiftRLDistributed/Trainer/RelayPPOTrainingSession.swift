import Foundation
import SwiftRLAlgorithms
import SwiftRLNN

/// The trainer role for PPO (`swiftrl train --server` with `algorithm: ppo`): a PPO run that learns
/// from the rollouts workers send through the relay instead of collecting its own; its environments
/// serve evaluations only. Its first step publishes the policy it starts from (numbered after any
/// version the relay holds), and every update publishes the next version.
///
/// One ``step()`` is one update, from `num_envs` packets of `steps_per_env` transitions each (every
/// PPO worker's packet is one rollout of its environment: a column of the run's rollout). A packet
/// acted with the current version, or at most `maximumPolicyLag` versions before it, is learned
/// from, its probability ratios taken against the log-probabilities the worker recorded (the
/// asynchronous PPO of IMPALA-style systems; 0 keeps PPO strictly on-policy). Older packets are
/// counted in ``stalePackets`` and skipped; packets the learner cannot use (SAC's, another length,
/// another environment's) are skipped and reported through the log. Reward normalization keeps one
/// running return per column, as if each column were one environment.
///
/// Snapshots hold where the trainer stands in the relay's queue, so a run resumed from a checkpoint
/// goes on from the first packet it had not learned.
public final class RelayPPOTrainingSession: TrainingSession, RelayTrainerRole, @unchecked Sendable {
    private let state: PPOTrainingState
    private let core: RelayTrainerCore
    private let specification: PolicySpecification
    private let maximumPolicyLag: UInt64
    private let clock = ContinuousClock()
    /// Packets learned from.
    public private(set) var learnedPackets = 0
    /// Packets skipped because the learner could not use them.
    public private(set) var skippedPackets = 0
    /// Packets skipped because they were acted with a version more than `maximumPolicyLag` behind.
    public private(set) var stalePackets = 0

    /// Connects to the relay, checking that it answers the trainer; nothing is taken or published
    /// before the first ``step()``, so a checkpoint can be restored first.
    /// - Parameters:
    ///   - session: a fresh feed-forward PPO run.
    ///   - maximumPolicyLag: how many versions behind the learner a packet's policy may be.
    ///   - queueRelease: when the relay may delete what the trainer has learned.
    /// - Throws: ``RelayError`` when the relay cannot be reached or refuses the trainer, or the run's
    ///   policy is recurrent or a ``SwiftRLAlgorithms/PPOModel``'s (workers act with the configuration's
    ///   feed-forward networks only).
    public init(session: PPOTrainingState, environment: String, connection: RelayConnection, maximumPolicyLag: Int = 1,
                queueRelease: RelayTrainingSession.QueueRelease = .atCheckpoints, log: RelayLog = RelayLog()) throws(RelayError) {
        guard session.configuration.recurrent == .none else {
            throw .call("rollout workers act with feed-forward PPO policies: train a recurrent one without --server or --workers")
        }
        guard session.ppo.model == nil else {
            throw .call("rollout workers act with the configuration's networks: train a PPO model of other layers without a relay")
        }
        state = session
        self.maximumPolicyLag = UInt64(max(maximumPolicyLag, 0))
        specification = PolicySpecification(
            configuration: .ppo(session.configuration), environment: environment,
            observationSize: session.collector.environments.observationSpace.dimension,
            actionSize: session.collector.environments.actionSpace.dimension, seed: session.seed)
        core = try RelayTrainerCore(connection: connection, log: log, queueRelease: queueRelease)
    }

    public var totalSteps: Int { state.totalSteps }
    public var environmentSteps: Int { state.environmentSteps }
    public var episodes: Int { state.episodes }
    public var metricNames: [String] { state.metricNames }
    public var latestMetrics: NamedMetrics? { state.latestMetrics }
    public var latestEvaluation: EvaluationResult? { state.latestEvaluation }
    public var eventHandler: ((TrainingEvent) -> Void)? {
        get { state.eventHandler }
        set { state.eventHandler = newValue }
    }
    public var policy: DeterministicPolicy { state.policy }

    /// Learns from the next `num_envs` usable packets, waiting for them, and publishes the new
    /// version (the final one waiting until the relay holds it).
    @discardableResult
    public func step() throws(TrainingError) -> Bool {
        guard !state.isFinished else { return true }
        if !core.hasStarted { try core.start(publishing: weights) }
        let waitStart = clock.now
        var columns = [(batch: TransitionBatch, episodes: [Swiftrl_Distributed_V1_Episode])]()
        var consumedThrough = core.learnedThrough
        while columns.count < state.configuration.numEnvs {
            let queued = try core.nextPacket()
            consumedThrough = queued.position
            if let column = usableColumn(queued) { columns.append(column) }
        }
        let finished = try state.learn(fromCollected: rollout(of: columns), waited: clock.now - waitStart)
        core.finish(position: consumedThrough)
        learnedPackets += columns.count
        try core.publish(weights, waiting: finished)
        if finished {
            core.log.event("trainer: learned from \(learnedPackets) packets; skipped \(stalePackets) acted more than "
                      + "\(maximumPolicyLag) versions behind and \(skippedPackets) it could not use")
            core.waitForFinalRelease()
        }
        return finished
    }

    public func action(for observation: [Float]) throws(TrainingError) -> [Float] {
        try state.action(for: observation)
    }

    public func evaluate(episodes: Int, seed: UInt64?) throws(TrainingError) -> EvaluationResult {
        try state.evaluate(episodes: episodes, seed: seed)
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

    /// The packet's transitions and episodes when the learner can use them; nil (counted and, unless
    /// merely stale, logged) otherwise.
    private func usableColumn(_ queued: Swiftrl_Distributed_V1_QueuedPacket)
        -> (batch: TransitionBatch, episodes: [Swiftrl_Distributed_V1_Episode])? {
        let current = core.publishedVersion ?? 0, acted = queued.packet.policyVersion
        do {
            let batch = try queued.packet.validatedTransitions()
            let steps = state.configuration.stepsPerEnv
            guard batch.isOnPolicy else {
                throw MessageError.incompatible("it carries no log-probabilities: a SAC or TD3 worker's packet")
            }
            guard batch.observationSize == specification.observationSize, batch.actionSize == specification.actionSize,
                  batch.count == steps else {
                throw MessageError.incompatible("""
                    it holds \(batch.count) transitions of \(batch.observationSize) observations and \
                    \(batch.actionSize) actions, the run's rollouts \(steps) of \(specification.observationSize) and \
                    \(specification.actionSize)
                    """)
            }
            let distribution = state.collector.distribution
            let impossible = batch.actions.withUnsafeBufferPointer { actions in
                actions.baseAddress.flatMap { distribution.firstInvalidAction($0, rows: batch.count) }
            }
            if let impossible {
                throw MessageError.incompatible("its action \(impossible) is not one the \(distribution.name) distribution produces")
            }
            guard acted <= current else {
                throw MessageError.incompatible("it was acted with version \(acted), newer than the trainer's \(current)")
            }
            guard current - acted <= maximumPolicyLag else {
                stalePackets += 1
                return nil
            }
            return (batch, queued.packet.episodes)
        } catch {
            skippedPackets += 1
            core.log.event("trainer: skipped packet \(queued.packet.sequence) of worker \(queued.workerID): \(error)")
            return nil
        }
    }

    /// The packets as one rollout, packet `e` as environment `e`.
    private func rollout(of columns: [(batch: TransitionBatch, episodes: [Swiftrl_Distributed_V1_Episode])]) -> RolloutBatch {
        let steps = state.configuration.stepsPerEnv, environments = columns.count
        let od = specification.observationSize, ad = columns[0].batch.actionSize
        var rollout = RolloutBatch(steps: steps, environments: environments, observationDimension: od, actionDimension: ad)
        for (e, column) in columns.enumerated() {
            let batch = column.batch
            rollout.setColumn(e, observations: batch.observations[...], actions: batch.actions[...],
                              logProbabilities: batch.logProbabilities[...], rewards: batch.rewards[...],
                              nextObservations: batch.nextObservations[...], terminated: batch.terminated[...],
                              truncated: batch.truncated[...])
        }
        let step = state.environmentSteps + steps * environments
        rollout.finishedEpisodes = columns.flatMap(\.episodes).map {
            RolloutBatch.FinishedEpisode(episodeReturn: $0.episodeReturn, length: Int($0.length), step: step)
        }
        return rollout
    }

    /// Version `version` of the policy's weights.
    private func weights(_ version: UInt64) -> WeightsMessage {
        PolicyWeights(version: version, specification: specification, parameters: state.learner.parameters,
                      actor: state.collector.actorNetwork).message
    }
}

extension RelayPPOTrainingSession: SnapshottingSession {
    public var algorithmName: String { state.algorithmName }
    public var environmentName: String { state.environmentName }

    /// The run's snapshot, with where the trainer stands in the relay's queue.
    public func snapshot(includingReplayBuffer: Bool) throws(SnapshotError) -> TrainingSnapshot {
        var snapshot = try state.snapshot(includingReplayBuffer: includingReplayBuffer)
        snapshot.collectorQueue = core.queuePosition(transitionsIntoNext: 0)
        return snapshot
    }

    /// Continues from a trainer's snapshot, before the first step.
    /// - Throws: ``SnapshotError`` for a snapshot of a run that collected its own rollouts, or after
    ///   the first step.
    public func restore(_ snapshot: TrainingSnapshot) throws(SnapshotError) {
        let queue = try core.restorableQueue(of: snapshot)
        guard queue.transitionsIntoNext == 0 else {
            throw .invalidValue(name: "collector_queue.transitions_into_next", reason: "must be 0: a PPO trainer learns whole packets")
        }
        var learnerSnapshot = snapshot
        learnerSnapshot.collectorQueue = nil
        try state.restore(learnerSnapshot)
        core.restore(queue)
    }

    /// Lets the relay delete what the checkpoint holds (with ``RelayTrainingSession/QueueRelease/atCheckpoints``).
    public func checkpointSaved() {
        core.checkpointSaved(runFinished: state.isFinished)
    }
}
