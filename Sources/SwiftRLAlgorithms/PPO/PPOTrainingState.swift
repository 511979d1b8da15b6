import SwiftRLCore
import SwiftRLEnvironments
import SwiftRLNN

/// A PPO training run: a ``PPOCollector`` and a ``PPOLearner`` in one process, advanced one rollout
/// and update at a time. The run ends at the first whole rollout that reaches `steps`.
///
/// The low-level pair is ``collect()`` and ``update(_:)`` (rl8's `Algorithm`); ``step()`` runs both
/// and records events, as every ``TrainingSession`` does.
public final class PPOTrainingState: @unchecked Sendable {
    /// The algorithm and configuration the run was made from.
    public let ppo: PPO
    /// The seed the run was made with.
    public let seed: UInt64
    /// The acting half.
    public let collector: PPOCollector
    /// The learning half.
    public let learner: PPOLearner
    /// Environment steps taken (all environments together).
    public internal(set) var environmentSteps = 0
    /// Training episodes finished.
    public internal(set) var episodes = 0
    /// Named metrics of the latest update.
    public internal(set) var latestMetrics: NamedMetrics?
    /// The latest periodic evaluation.
    public internal(set) var latestEvaluation: EvaluationResult?
    /// Called with every episode end and evaluation, on the training thread.
    public var eventHandler: ((TrainingEvent) -> Void)?

    var batch: RolloutBatch
    private let clock = ContinuousClock()

    init(ppo: PPO, environments: any VectorEnvironment, distribution: any ActionDistribution, seed: UInt64,
         pool: ThreadPool) throws {
        self.ppo = ppo
        self.seed = seed
        var generator = RandomGenerator(seed: seed)
        let od = environments.observationSpace.dimension
        learner = try PPOLearner(configuration: ppo.configuration, distribution: distribution, model: ppo.model,
                                 observationDimension: od, pool: pool, generator: &generator)
        collector = PPOCollector(environments: environments, actor: learner.actor.network,
                                 memory: learner.actorMemory?.shape, distribution: distribution, parameters: learner.parameters,
                                 generator: generator.split(), pool: pool)
        batch = RolloutBatch(steps: ppo.configuration.stepsPerEnv, environments: environments.environmentCount,
                             observationDimension: od, actionDimension: distribution.actionDimension,
                             stateWidth: learner.actorMemory?.shape.stateWidth ?? 0)
        try collector.reset(seed: seed)
    }

    /// The hyperparameters.
    public var configuration: PPOConfiguration { ppo.configuration }
    /// Whether the step budget is spent.
    public var isFinished: Bool { environmentSteps >= configuration.steps }

    /// Abandons the episodes in progress and the rollout being collected (see
    /// ``TrainingSession/abandonEpisodes()``); the next step collects a whole new rollout.
    public func abandonEpisodes() throws(TrainingError) {
        try collector.reset(seed: nil)
    }

    /// Collects one rollout with the current policy.
    /// - Throws: ``TrainingError`` when an environment returns non-finite values.
    public func collect() throws(TrainingError) -> RolloutBatch {
        try collector.collect(into: &batch, startStep: environmentSteps)
        return batch
    }

    /// Learns from a rollout of the current policy version and hands the new version to the collector.
    /// - Throws: ``TrainingError/invalidRollout(reason:)`` for a rollout the learner cannot use (nothing
    ///   changes), ``TrainingError/nonFiniteLoss(step:loss:)``.
    public func update(_ rollout: RolloutBatch) throws(TrainingError) -> NamedMetrics {
        let fractionRemaining = 1 - Float(environmentSteps) / Float(configuration.steps)
        do {
            let metrics = try learner.learn(from: rollout, fractionRemaining: fractionRemaining)
            collector.update(learner.parameters)
            return metrics
        } catch .nonFiniteLoss(_, let loss) {
            throw .nonFiniteLoss(step: environmentSteps + rollout.transitionCount, loss: loss)
        }
    }

    /// Collects a rollout, learns from it and evaluates when an evaluation interval was crossed.
    /// - Returns: `true` once the run has taken all its steps.
    @discardableResult
    public func step() throws(TrainingError) -> Bool {
        guard !isFinished else { return true }
        let collectStart = clock.now
        let rollout = try collect()
        try learn(rollout, collectTime: clock.now - collectStart)
        return isFinished
    }

    /// Learns from a rollout that collectors elsewhere (rollout workers behind a relay) took with
    /// the current policy or a recent version of it, as ``step()`` learns from its own: the update
    /// (its probability ratios taken against the log-probabilities the rollout records, those of the
    /// policy that acted), the episodes it finished, the periodic evaluation. The run's own
    /// environments then serve nothing but evaluations.
    /// - Parameters:
    ///   - rollout: `configuration.numEnvs` columns of `configuration.stepsPerEnv` steps; its
    ///     `policyVersion` is not checked (the caller decides which versions are recent enough).
    ///   - waited: how long it took to gather (reported as `profiling/collect_ms`).
    /// - Returns: `true` once the run has taken all its steps.
    /// - Throws: as ``update(_:)``.
    @discardableResult
    public func learn(fromCollected rollout: RolloutBatch, waited: Duration = .zero) throws(TrainingError) -> Bool {
        guard !isFinished else { return true }
        var rollout = rollout
        rollout.policyVersion = learner.version
        try learn(rollout, collectTime: waited)
        return isFinished
    }

    private func learn(_ rollout: RolloutBatch, collectTime: Duration) throws(TrainingError) {
        let updateStart = clock.now
        let metrics = try update(rollout)
        let updateTime = clock.now - updateStart
        let previousSteps = environmentSteps
        environmentSteps += rollout.transitionCount
        for episode in rollout.finishedEpisodes {
            episodes += 1
            eventHandler?(.episodeFinished(step: episode.step, return: episode.episodeReturn, length: episode.length))
        }
        latestMetrics = Self.metrics(metrics, rollout: rollout, collect: collectTime, update: updateTime)
        let interval = configuration.evaluation.interval
        if interval > 0 && environmentSteps / interval > previousSteps / interval {
            let result = try evaluate(episodes: configuration.evaluation.episodes)
            latestEvaluation = result
            eventHandler?(.evaluated(step: environmentSteps, result: result))
        }
    }

    /// The metric names of a PPO run, in `metrics.csv`'s order.
    public static let metricNames = ["returns/mean"] + PPOUpdateStatistics.names
        + ["profiling/collect_ms", "profiling/update_ms"]

    private static func metrics(_ update: NamedMetrics, rollout: RolloutBatch, collect: Duration,
                                update updateTime: Duration) -> NamedMetrics {
        let returns = rollout.finishedEpisodes.isEmpty ? nil
            : rollout.finishedEpisodes.reduce(0.0) { $0 + $1.episodeReturn } / Double(rollout.finishedEpisodes.count)
        func milliseconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) * 1e-15
        }
        return NamedMetrics(names: metricNames,
                            values: [returns] + update.values + [milliseconds(collect), milliseconds(updateTime)])
    }

    /// The current policy as a deployable artifact: normalization, recurrent layer, actor, deterministic head, bounds.
    public var policy: DeterministicPolicy { collector.policy }

    /// The deterministic action for `observation`, in the environment's units (a feed-forward policy;
    /// a recurrent one acts through ``policy``'s `action(for:state:)`).
    /// - Throws: ``TrainingError/observationSize(expected:found:)`` for an observation of another
    ///   length, ``TrainingError/stateSize(expected:found:)`` for a recurrent policy.
    public func action(for observation: [Float]) throws(TrainingError) -> [Float] {
        try policy.action(for: observation)
    }

    /// Evaluates the deterministic policy on a fresh environment, episode `i` seeded with `seed + i`
    /// (default: the configuration's evaluation seed).
    /// - Throws: ``TrainingError`` when the environment cannot be created or returns non-finite values.
    public func evaluate(episodes: Int, seed: UInt64? = nil) throws(TrainingError) -> EvaluationResult {
        let environment: any Environment
        do {
            environment = try ppo.makeEvaluationEnvironment()
        } catch {
            throw .environmentUnavailable(reason: "\(error)")
        }
        return try Evaluation.run(environment: environment, episodes: episodes,
                                  seed: seed ?? configuration.evaluation.seed, policy: policy)
    }
}

extension PPOTrainingState: TrainingSession {
    public var totalSteps: Int { configuration.steps }
    public var metricNames: [String] { Self.metricNames }
}
