import SwiftRLEnvironments

extension OffPolicyTrainingState: SnapshottingSession where Agent: SnapshottingAgent {
    public var algorithmName: String { Agent.algorithmName }

    public var environmentName: String { environments.name }

    public func snapshot(includingReplayBuffer: Bool = true) throws(SnapshotError) -> TrainingSnapshot {
        guard let environments = environments as? any SnapshottingVectorEnvironment else {
            throw .environment("the environment \(environments.name) cannot be saved in a checkpoint")
        }
        return TrainingSnapshot(
            algorithm: algorithmName, seed: seed, agent: agent.snapshot, environments: environments.snapshots,
            generators: ["run": generator], environmentSteps: environmentSteps, episodes: episodes, updates: updates,
            observations: observation, currentEpisodeReturns: [episodeReturn], currentEpisodeLengths: [episodeLength],
            episodeReturns: episodeReturns, latestMetrics: latestUpdate?.named, latestEvaluation: latestEvaluation,
            replayBuffer: includingReplayBuffer ? replayBuffer.snapshot : nil)
    }

    public func restore(_ snapshot: TrainingSnapshot) throws(SnapshotError) {
        try snapshot.requireRun(algorithm: algorithmName, seed: seed, environmentCount: 1)
        guard snapshot.environments.count == 1, let environmentSnapshot = snapshot.environments.first else {
            throw .invalidValue(name: "environments", reason: "must hold exactly one environment for \(algorithmName)")
        }
        guard environmentSnapshot.name == environments.name else {
            throw .environment("the checkpoint is of \(environmentSnapshot.name), the configuration is \(environments.name)")
        }
        let restoredGenerator = try snapshot.generator("run")
        let restoredUpdate = try UpdateMetrics(named: snapshot.latestMetrics)
        try SnapshotError.requireCount(snapshot.observations, agent.observationDimension, "observation")
        guard snapshot.episodeReturns.count == snapshot.episodes else {
            throw .invalidValue(name: "counters", reason: "are inconsistent with the episode returns")
        }
        var buffer = ReplayBuffer(capacity: replayBuffer.capacity, observationDimension: agent.observationDimension,
                                  actionDimension: agent.actionDimension)
        if let replay = snapshot.replayBuffer { try buffer.restore(replay) }
        let restoreEnvironments = try snapshot.environmentRestoration(into: environments)
        try agent.restore(snapshot.agent)
        restoreEnvironments()
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
