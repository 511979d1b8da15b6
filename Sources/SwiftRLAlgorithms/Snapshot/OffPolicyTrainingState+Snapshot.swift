import SwiftRLEnvironments

extension OffPolicyTrainingState: SnapshottingSession where Agent: SnapshottingAgent {
    public var algorithmName: String { Agent.algorithmName }

    public var environmentName: String { environment.name }

    public func snapshot(includingReplayBuffer: Bool = true) throws(SnapshotError) -> TrainingSnapshot {
        guard let environment = environment as? any SnapshottingEnvironment else {
            throw .environment("the environment \(environment.name) cannot be saved in a checkpoint")
        }
        return TrainingSnapshot(
            algorithm: algorithmName, seed: seed, agent: agent.snapshot, environments: [environment.snapshot],
            generators: ["run": generator], environmentSteps: environmentSteps, episodes: episodes, updates: updates,
            observations: observation, currentEpisodeReturns: [episodeReturn], currentEpisodeLengths: [episodeLength],
            episodeReturns: episodeReturns, latestMetrics: latestUpdate?.named, latestEvaluation: latestEvaluation,
            replayBuffer: includingReplayBuffer ? replayBuffer.snapshot : nil)
    }

    public func restore(_ snapshot: TrainingSnapshot) throws(SnapshotError) {
        guard snapshot.algorithm == algorithmName else {
            throw .algorithmMismatch(expected: algorithmName, found: snapshot.algorithm)
        }
        guard snapshot.environments.count == 1, let environmentSnapshot = snapshot.environments.first,
              snapshot.currentEpisodeReturns.count == 1, snapshot.currentEpisodeLengths.count == 1 else {
            throw .invalidValue(name: "environments", reason: "must hold exactly one environment for \(algorithmName)")
        }
        guard environmentSnapshot.name == environment.name else {
            throw .environment("the checkpoint is of \(environmentSnapshot.name), the configuration is \(environment.name)")
        }
        let restoredGenerator = try snapshot.generator("run")
        let restoredUpdate = try UpdateMetrics(named: snapshot.latestMetrics)
        guard var restoredEnvironment = environment as? any SnapshottingEnvironment else {
            throw .environment("the environment \(environment.name) cannot be restored from a checkpoint")
        }
        do {
            try restoredEnvironment.restore(environmentSnapshot)
        } catch {
            throw .environment(error.description)
        }
        try SnapshotError.requireCount(snapshot.observations, agent.observationDimension, "observation")
        guard snapshot.environmentSteps >= 0, snapshot.episodes >= 0, snapshot.updates >= 0,
              snapshot.currentEpisodeLengths[0] >= 0,
              snapshot.episodeReturns.count == snapshot.episodes else {
            throw .invalidValue(name: "counters", reason: "are negative or inconsistent with the episode returns")
        }
        var buffer = ReplayBuffer(capacity: replayBuffer.capacity, observationDimension: agent.observationDimension,
                                  actionDimension: agent.actionDimension)
        if let replay = snapshot.replayBuffer { try buffer.restore(replay) }
        try agent.restore(snapshot.agent)
        environment = restoredEnvironment
        replayBuffer = buffer
        generator = restoredGenerator
        environmentSteps = snapshot.environmentSteps
        episodes = snapshot.episodes
        updates = snapshot.updates
        observation = snapshot.observations
        episodeReturn = snapshot.currentEpisodeReturns[0]
        episodeLength = snapshot.currentEpisodeLengths[0]
        episodeReturns = snapshot.episodeReturns
        latestUpdate = restoredUpdate
        latestEvaluation = snapshot.latestEvaluation
    }
}
