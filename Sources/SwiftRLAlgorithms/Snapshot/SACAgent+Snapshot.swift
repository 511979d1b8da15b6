extension SACAgent: SnapshottingAgent {
    public static var algorithmName: String { SAC.name }

    /// `actor`, `critic1`, `critic2`, `log_alpha` with their Adam state, and the target critics.
    public var snapshot: AgentSnapshot {
        var snapshot = AgentSnapshot(
            architectures: critics.architectures.merging(["actor": actor.architecture]) { $1 },
            optimized: ["actor": OptimizedParameters(actor.network.parameters, actor.optimizer),
                        "log_alpha": OptimizedParameters(logEntropyCoefficient, entropyOptimizer)],
            vectors: [:], counters: [:])
        critics.store(into: &snapshot)
        return snapshot
    }

    public func restore(_ snapshot: AgentSnapshot) throws(SnapshotError) {
        try snapshot.checkArchitectures(critics.architectures.merging(["actor": actor.architecture]) { $1 })
        let actorState = try snapshot.optimized("actor", count: actor.architecture.parameterCount)
        let entropyState = try snapshot.optimized("log_alpha", count: 1)
        let restoreCritics = try critics.restoration(from: snapshot)
        actor.network.parameters = actorState.parameters
        actor.optimizer = actorState.optimizer(actor.optimizer.configuration)
        logEntropyCoefficient = entropyState.parameters
        entropyOptimizer = entropyState.optimizer(entropyOptimizer.configuration)
        restoreCritics()
    }
}
