import SwiftRLEnvironments

extension OffPolicyTrainingState: SnapshottingSession where Agent: SnapshottingAgent {
    public var algorithmName: String { Agent.algorithmName }

    public var environmentName: String { environment.name }

    public func snapshot(includingReplayBuffer: Bool = true) throws(SnapshotError) -> TrainingSnapshot {
        guard let environment = environment as? any SnapshottingEnvironment else {
            throw .environment("the environment \(environment.name) cannot be saved in a checkpoint")
        }
        return TrainingSnapshot(
            algorithm: algorithmName, seed: seed, agent: agent.snapshot, environment: environment.snapshot,
            generator: generator, environmentSteps: environmentSteps, episodes: episodes, updates: updates,
            observation: observation, episodeReturn: episodeReturn, episodeLength: episodeLength,
            episodeReturns: episodeReturns, latestUpdate: latestUpdate, latestEvaluation: latestEvaluation,
            replayBuffer: includingReplayBuffer ? replayBuffer.snapshot : nil)
    }

    public func restore(_ snapshot: TrainingSnapshot) throws(SnapshotError) {
        guard snapshot.algorithm == algorithmName else {
            throw .algorithmMismatch(expected: algorithmName, found: snapshot.algorithm)
        }
        guard snapshot.environment.name == environment.name else {
            throw .environment("the checkpoint is of \(snapshot.environment.name), the configuration is \(environment.name)")
        }
        guard var restoredEnvironment = environment as? any SnapshottingEnvironment else {
            throw .environment("the environment \(environment.name) cannot be restored from a checkpoint")
        }
        do {
            try restoredEnvironment.restore(snapshot.environment)
        } catch {
            throw .environment(error.description)
        }
        try SnapshotError.requireCount(snapshot.observation, agent.observationDimension, "observation")
        guard snapshot.environmentSteps >= 0, snapshot.episodes >= 0, snapshot.updates >= 0, snapshot.episodeLength >= 0,
              snapshot.episodeReturns.count == snapshot.episodes else {
            throw .invalidValue(name: "counters", reason: "are negative or inconsistent with the episode returns")
        }
        var buffer = ReplayBuffer(capacity: replayBuffer.capacity, observationDimension: agent.observationDimension,
                                  actionDimension: agent.actionDimension)
        if let replay = snapshot.replayBuffer { try buffer.restore(replay) }
        try agent.restore(snapshot.agent)
        environment = restoredEnvironment
        replayBuffer = buffer
        generator = snapshot.generator
        environmentSteps = snapshot.environmentSteps
        episodes = snapshot.episodes
        updates = snapshot.updates
        observation = snapshot.observation
        episodeReturn = snapshot.episodeReturn
        episodeLength = snapshot.episodeLength
        episodeReturns = snapshot.episodeReturns
        latestUpdate = snapshot.latestUpdate
        latestEvaluation = snapshot.latestEvaluation
    }
}
