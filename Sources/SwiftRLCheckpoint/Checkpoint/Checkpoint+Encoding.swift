import SwiftRLAlgorithms
import SwiftRLNN

/// Tensor names: `NAME.parameters`, `NAME.adam.m`, `NAME.adam.v` for optimized vectors, `NAME` for
/// plain ones, `replay.*` for the replay buffer, `observation` and `episode_returns`.
extension Checkpoint {
    /// The checkpoint split into its two files' contents.
    func encoded() -> (metadata: CheckpointMetadata, tensors: SafeTensors) {
        let t = training
        var tensors = SafeTensors(metadata: ["format": CheckpointMetadata.formatName,
                                             "format_version": "\(CheckpointMetadata.currentVersion)",
                                             "algorithm": t.algorithm, "environment": t.environment.name])
        for (name, value) in t.agent.optimized {
            tensors.tensors["\(name).parameters"] = .init(value.parameters)
            tensors.tensors["\(name).adam.m"] = .init(value.firstMoments)
            tensors.tensors["\(name).adam.v"] = .init(value.secondMoments)
        }
        for (name, value) in t.agent.vectors { tensors.tensors[name] = .init(value) }
        tensors.tensors["observation"] = .init(t.observation)
        tensors.tensors["episode_returns"] = .init(t.episodeReturns)
        if let replay = t.replayBuffer {
            let od = t.observation.count, ad = policy.actionDimension
            tensors.tensors["replay.observations"] = .init(replay.observations, shape: [replay.capacity, od])
            tensors.tensors["replay.actions"] = .init(replay.actions, shape: [replay.capacity, ad])
            tensors.tensors["replay.rewards"] = .init(replay.rewards)
            tensors.tensors["replay.next_observations"] = .init(replay.nextObservations, shape: [replay.capacity, od])
            tensors.tensors["replay.terminals"] = .init(replay.terminals)
        }
        let metadata = CheckpointMetadata(
            format: CheckpointMetadata.formatName, formatVersion: CheckpointMetadata.currentVersion,
            algorithm: t.algorithm, environment: t.environment.name, seed: t.seed, trainSeconds: trainSeconds,
            environmentSteps: t.environmentSteps, episodes: t.episodes, updates: t.updates,
            episodeReturn: t.episodeReturn, episodeLength: t.episodeLength, generator: t.generator,
            environmentState: t.environment, latestUpdate: t.latestUpdate, latestEvaluation: t.latestEvaluation,
            networks: t.agent.architectures, adamSteps: t.agent.optimized.mapValues(\.stepCount),
            vectors: t.agent.vectors.keys.sorted(), counters: t.agent.counters,
            replayBuffer: t.replayBuffer.map { .init(capacity: $0.capacity, count: $0.count, position: $0.position) },
            policy: .init(squashing: policy.squashing, actionLow: policy.actionLow, actionHigh: policy.actionHigh),
            tensorsChecksum: "")
        return (metadata, tensors)
    }

    /// Reassembles a checkpoint from its files' contents.
    /// - Throws: ``CheckpointError/corrupted(path:reason:)`` naming a missing or malformed tensor.
    init(metadata m: CheckpointMetadata, tensors: SafeTensors, path: String) throws(CheckpointError) {
        func floats(_ name: String, count: Int? = nil) throws(CheckpointError) -> [Float] {
            guard let values = tensors.tensors[name]?.floats else {
                throw .corrupted(path: path, reason: "tensor '\(name)' is missing or not F32")
            }
            if let count, values.count != count {
                throw .corrupted(path: path, reason: "tensor '\(name)' has \(values.count) values, expected \(count)")
            }
            return values
        }
        var optimized = [String: OptimizedParameters]()
        for (name, steps) in m.adamSteps {
            optimized[name] = OptimizedParameters(
                parameters: try floats("\(name).parameters"), firstMoments: try floats("\(name).adam.m"),
                secondMoments: try floats("\(name).adam.v"), stepCount: steps)
        }
        var vectors = [String: [Float]]()
        for name in m.vectors { vectors[name] = try floats(name) }
        guard let actor = m.networks["actor"], actor.layerSizes.allSatisfy({ $0 > 0 }),
              let actorParameters = optimized["actor"]?.parameters, actorParameters.count == actor.parameterCount,
              m.policy.actionLow.count == m.policy.actionHigh.count,
              [1, 2].map({ $0 * m.policy.actionLow.count }).contains(actor.outputSize) else {
            throw .corrupted(path: path, reason: "the actor's shape, parameters and action bounds disagree")
        }
        guard let episodeReturns = tensors.tensors["episode_returns"]?.doubles else {
            throw .corrupted(path: path, reason: "tensor 'episode_returns' is missing or not F64")
        }
        var replay: ReplayBufferSnapshot?
        if let layout = m.replayBuffer {
            guard layout.capacity == tensors.tensors["replay.rewards"]?.count else {
                throw .corrupted(path: path, reason: "the replay buffer's capacity and tensors disagree")
            }
            let od = actor.inputSize, ad = m.policy.actionLow.count, capacity = layout.capacity
            replay = ReplayBufferSnapshot(
                capacity: capacity, count: layout.count, position: layout.position,
                observations: try floats("replay.observations", count: capacity * od),
                actions: try floats("replay.actions", count: capacity * ad),
                rewards: try floats("replay.rewards", count: capacity),
                nextObservations: try floats("replay.next_observations", count: capacity * od),
                terminals: try floats("replay.terminals", count: capacity))
        }
        training = TrainingSnapshot(
            algorithm: m.algorithm, seed: m.seed,
            agent: AgentSnapshot(architectures: m.networks, optimized: optimized, vectors: vectors, counters: m.counters),
            environment: m.environmentState, generator: m.generator, environmentSteps: m.environmentSteps,
            episodes: m.episodes, updates: m.updates, observation: try floats("observation", count: actor.inputSize),
            episodeReturn: m.episodeReturn, episodeLength: m.episodeLength, episodeReturns: episodeReturns,
            latestUpdate: m.latestUpdate, latestEvaluation: m.latestEvaluation, replayBuffer: replay)
        trainSeconds = m.trainSeconds
        policy = DeterministicPolicy(network: MLP(architecture: actor, parameters: actorParameters),
                                     squashing: m.policy.squashing, actionLow: m.policy.actionLow,
                                     actionHigh: m.policy.actionHigh)
    }
}
