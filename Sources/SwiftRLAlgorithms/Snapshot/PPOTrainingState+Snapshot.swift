import SwiftRLEnvironments
import SwiftRLNN

/// A PPO run's snapshot: the learner (`actor`, `critic` and `log_std` with their Adam state, the
/// learning rate, the parameter version, the normalization statistics and running discounted
/// returns; with `recurrent`, `actor_memory` and `critic_memory` with their Adam state and the
/// critic's states `critic_states`), the collector (its generator, episodes in progress and, with
/// `recurrent`, the actor's states `collector_states` and the flags `episode_starts`), every
/// environment and the observations they are in. Profiling times are left out of the saved metrics (they are the only
/// values that differ between identical runs).
extension PPOTrainingState: SnapshottingSession {
    public var algorithmName: String { PPO.name }

    public var environmentName: String { collector.environments.name }

    public func snapshot(includingReplayBuffer: Bool = true) throws(SnapshotError) -> TrainingSnapshot {
        guard let environments = collector.environments as? any SnapshottingVectorEnvironment else {
            throw .environment("the environment \(collector.environments.name) cannot be saved in a checkpoint")
        }
        var agent = learner.snapshot
        if learner.actorMemory != nil {
            agent.vectors["collector_states"] = collector.recurrentStates
            agent.vectors["episode_starts"] = collector.startsEpisode.map { $0 ? 1 : 0 }
        }
        return TrainingSnapshot(
            algorithm: algorithmName, seed: seed, agent: agent, environments: environments.snapshots,
            generators: ["learner": learner.generator, "collector": collector.generator],
            environmentSteps: environmentSteps, episodes: episodes, updates: learner.updates,
            observations: Array(environments.buffers.observations), currentEpisodeReturns: collector.episodeReturns,
            currentEpisodeLengths: collector.episodeLengths, episodeReturns: [],
            latestMetrics: latestMetrics.map(Self.withoutProfiling),
            latestEvaluation: latestEvaluation, replayBuffer: nil)
    }

    private static func withoutProfiling(_ metrics: NamedMetrics) -> NamedMetrics {
        NamedMetrics(names: metrics.names,
                     values: zip(metrics.names, metrics.values).map { $0.hasPrefix("profiling/") ? nil : $1 })
    }

    public func restore(_ snapshot: TrainingSnapshot) throws(SnapshotError) {
        try snapshot.requireRun(algorithm: algorithmName, seed: seed,
                                environmentCount: collector.environments.environmentCount)
        guard snapshot.episodeReturns.isEmpty else {
            throw .invalidValue(name: "episode_returns", reason: "must be empty for PPO")
        }
        let learnerGenerator = try snapshot.generator("learner"), collectorGenerator = try snapshot.generator("collector")
        let restoreLearner = try learner.restoration(from: snapshot.agent, updates: snapshot.updates)
        let restoreEnvironments = try snapshot.environmentRestoration(into: collector.environments)
        var collectorStates = [Float](), episodeStarts = collector.startsEpisode
        if learner.actorMemory != nil {
            collectorStates = try snapshot.agent.vector("collector_states", count: collector.recurrentStates.count)
            let flags = try snapshot.agent.vector("episode_starts", count: collector.startsEpisode.count)
            guard flags.allSatisfy({ $0 == 0 || $0 == 1 }) else {
                throw .invalidValue(name: "episode_starts", reason: "holds a value other than 0 and 1")
            }
            episodeStarts = flags.map { $0 == 1 }
        }
        restoreLearner()
        collector.recurrentStates = collectorStates
        collector.startsEpisode = episodeStarts
        restoreEnvironments()
        learner.generator = learnerGenerator
        collector.generator = collectorGenerator
        collector.episodeReturns = snapshot.currentEpisodeReturns
        collector.episodeLengths = snapshot.currentEpisodeLengths
        collector.update(learner.parameters)
        environmentSteps = snapshot.environmentSteps
        episodes = snapshot.episodes
        latestMetrics = snapshot.latestMetrics
        latestEvaluation = snapshot.latestEvaluation
    }
}

extension PPOLearner {
    /// The learner's state as an agent snapshot.
    var snapshot: AgentSnapshot {
        var optimized = ["actor": OptimizedParameters(actor.network.parameters, actor.optimizer),
                         "critic": OptimizedParameters(critic.network.parameters, critic.optimizer)]
        if !free.isEmpty { optimized["log_std"] = OptimizedParameters(free, freeOptimizer) }
        var vectors = ["learning_rate": [learningRate]]
        for (name, memory) in namedMemories {
            optimized[name] = OptimizedParameters(memory.layer.parameters, memory.optimizer)
        }
        if criticMemory != nil { vectors["critic_states"] = criticStates }
        var doubles = ["discounted_returns": discountedReturns]
        if let observationStatistics { doubles["observation_statistics"] = observationStatistics.flattened }
        if let returnStatistics { doubles["return_statistics"] = returnStatistics.flattened }
        return AgentSnapshot(architectures: architectures,
                             optimized: optimized, vectors: vectors, counters: ["version": version], doubles: doubles,
                             recurrentLayers: namedMemories.mapValues(\.shape))
    }

    /// Validates `snapshot` against this learner and returns the change that restores it.
    func restoration(from snapshot: AgentSnapshot, updates: Int) throws(SnapshotError) -> () -> Void {
        try snapshot.checkArchitectures(architectures)
        try snapshot.checkRecurrentLayers(namedMemories.mapValues(\.shape))
        var memoryStates = [String: OptimizedParameters]()
        for (name, memory) in namedMemories {
            memoryStates[name] = try snapshot.optimized(name, count: memory.shape.parameterCount)
        }
        let restoredCriticStates = criticMemory == nil ? [] : try snapshot.vector("critic_states", count: criticStates.count)
        let actorState = try snapshot.optimized("actor", count: actor.network.parameterCount)
        let criticState = try snapshot.optimized("critic", count: critic.network.parameterCount)
        let freeState = free.isEmpty ? nil : try snapshot.optimized("log_std", count: free.count)
        let rate = try snapshot.vector("learning_rate", count: 1)[0]
        guard rate > 0, rate.isFinite else { throw .invalidValue(name: "learning_rate", reason: "is not a positive number") }
        let restoredVersion = try snapshot.counter("version")
        guard let returns = snapshot.doubles["discounted_returns"], returns.count == discountedReturns.count,
              returns.allSatisfy(\.isFinite) else {
            throw .invalidValue(name: "discounted_returns", reason: "are missing, of the wrong count or not finite")
        }
        let observations = try Self.statistics(snapshot, "observation_statistics", dimension: observationDimension,
                                               expected: observationStatistics != nil)
        let rewards = try Self.statistics(snapshot, "return_statistics", dimension: 1, expected: returnStatistics != nil)
        return { [self] in
            actor.network.parameters = actorState.parameters
            actor.optimizer = actorState.optimizer(actor.optimizer.configuration)
            critic.network.parameters = criticState.parameters
            critic.optimizer = criticState.optimizer(critic.optimizer.configuration)
            if let freeState {
                free = freeState.parameters
                freeOptimizer = freeState.optimizer(freeOptimizer.configuration)
            }
            for (name, memory) in namedMemories {
                memory.layer.parameters = memoryStates[name]!.parameters
                memory.optimizer = memoryStates[name]!.optimizer(memory.optimizer.configuration)
            }
            criticStates = restoredCriticStates
            learningRate = rate
            version = restoredVersion
            self.updates = updates
            discountedReturns = returns
            observationStatistics = observations
            returnStatistics = rewards
        }
    }

    /// The networks' shapes by their snapshot names, for networks that are MLPs (a model of other
    /// layers is checked by its parameter counts alone).
    private var architectures: [String: MLPArchitecture] {
        var architectures = [String: MLPArchitecture]()
        architectures["actor"] = actor.network.denseArchitecture
        architectures["critic"] = critic.network.denseArchitecture
        return architectures
    }

    /// The recurrent layers by their snapshot names (empty for feed-forward networks).
    private var namedMemories: [String: TrainableRecurrentLayer] {
        var memories = [String: TrainableRecurrentLayer]()
        memories["actor_memory"] = actorMemory
        memories["critic_memory"] = criticMemory
        return memories
    }

    private static func statistics(_ snapshot: AgentSnapshot, _ name: String, dimension: Int,
                                   expected: Bool) throws(SnapshotError) -> RunningStatistics? {
        guard let values = snapshot.doubles[name] else {
            if expected { throw .missing(name: name) }
            return nil
        }
        guard expected else { throw .invalidValue(name: name, reason: "are saved but the configuration does not normalize") }
        guard let statistics = RunningStatistics(flattened: values, dimension: dimension) else {
            throw .invalidValue(name: name, reason: "are of the wrong size, negative or not finite")
        }
        return statistics
    }
}
