import SwiftRLNN

extension TwinCritics {
    /// Architectures of `critic1`, `critic2` and their targets.
    var architectures: [String: MLPArchitecture] {
        let architecture = critics[0].architecture
        return ["critic1": architecture, "critic2": architecture,
                "target_critic1": architecture, "target_critic2": architecture]
    }

    /// Writes both critics with their optimizers and both targets into `snapshot`.
    func store(into snapshot: inout AgentSnapshot) {
        for index in 0..<2 {
            snapshot.optimized["critic\(index + 1)"] = OptimizedParameters(critics[index].network.parameters, critics[index].optimizer)
            snapshot.vectors["target_critic\(index + 1)"] = targets[index].network.parameters
        }
    }

    /// Checks `snapshot`'s critic values and returns a closure that applies them.
    func restoration(from snapshot: AgentSnapshot) throws(SnapshotError) -> () -> Void {
        let count = critics[0].architecture.parameterCount
        var online = [OptimizedParameters](), target = [[Float]]()
        for index in 1...2 {
            online.append(try snapshot.optimized("critic\(index)", count: count))
            target.append(try snapshot.vector("target_critic\(index)", count: count))
        }
        return { [self] in
            for index in 0..<2 {
                critics[index].network.parameters = online[index].parameters
                critics[index].optimizer = online[index].optimizer(critics[index].optimizer.configuration)
                targets[index].network.parameters = target[index]
            }
        }
    }
}
