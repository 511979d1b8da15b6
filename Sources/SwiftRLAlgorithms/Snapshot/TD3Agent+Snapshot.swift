extension TD3Agent: SnapshottingAgent {
    public static var algorithmName: String { TD3.name }

    /// `actor`, `critic1`, `critic2` with their Adam state; the targets, the exploration noise's
    /// state, the latest actor loss and `update_count` (which schedules the delayed actor updates).
    public var snapshot: AgentSnapshot {
        var snapshot = AgentSnapshot(
            architectures: critics.architectures.merging(["actor": actor.architecture, "target_actor": actor.architecture]) { $1 },
            optimized: ["actor": OptimizedParameters(actor.network.parameters, actor.optimizer)],
            vectors: ["target_actor": targetActor.parameters, "exploration_noise": explorationNoise.state,
                      "latest_actor_loss": [latestActorLoss]],
            counters: ["update_count": updateCount])
        critics.store(into: &snapshot)
        return snapshot
    }

    public func restore(_ snapshot: AgentSnapshot) throws(SnapshotError) {
        try snapshot.checkArchitectures(critics.architectures.merging(["actor": actor.architecture, "target_actor": actor.architecture]) { $1 })
        let count = actor.architecture.parameterCount
        let actorState = try snapshot.optimized("actor", count: count)
        let target = try snapshot.vector("target_actor", count: count)
        let noise = try snapshot.vector("exploration_noise", count: actionDimension)
        let loss = try snapshot.vector("latest_actor_loss", count: 1)
        let updates = try snapshot.counter("update_count")
        let restoreCritics = try critics.restoration(from: snapshot)
        actor.network.parameters = actorState.parameters
        actor.optimizer = actorState.optimizer(actor.optimizer.configuration)
        targetActor.parameters = target
        explorationNoise.state = noise
        latestActorLoss = loss[0]
        updateCount = updates
        restoreCritics()
    }
}
