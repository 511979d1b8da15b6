import SwiftRLAlgorithms
import SwiftRLNN

/// Tensor names follow PyTorch. A network (a vector with an architecture: `actor`, `critic1`,
/// `target_critic1`, …) is stored layer by layer as `torch.nn.Sequential` names them, `NAME.{2i}.weight`
/// `[out, in]` and `NAME.{2i}.bias` (a recurrent layer, `actor_memory` or `critic_memory`, as a
/// one-layer `torch.nn.LSTM` or `GRU` names its tensors: `NAME.weight_ih_l0`, …), and its Adam moments as `optimizer.NAME.{2i}.weight.exp_avg` and
/// `.exp_avg_sq` (the names of PyTorch's Adam state); any other optimized vector is `NAME` with
/// `optimizer.NAME.exp_avg` and `.exp_avg_sq`. Plain vectors are `NAME` (F32, or F64 for the
/// double-precision ones), the replay buffer `replay.*`, the current observations `observations`
/// (one row per environment) and the finished episodes' returns `episode_returns`.
extension Checkpoint {
    /// The checkpoint split into its two files' contents.
    func encoded() -> (metadata: CheckpointMetadata, tensors: SafeTensors) {
        let t = training
        var tensors = SafeTensors(metadata: ["format": CheckpointMetadata.formatName,
                                             "format_version": "\(CheckpointMetadata.currentVersion)",
                                             "algorithm": t.algorithm, "environment": environmentName])
        for (name, value) in t.agent.optimized {
            let layout = TensorLayout(network: t.agent.architectures[name], recurrent: t.agent.recurrentLayers[name])
            tensors.add(value.parameters, name: name, layout: layout)
            tensors.add(value.firstMoments, name: "optimizer.\(name)", suffix: ".exp_avg", layout: layout)
            tensors.add(value.secondMoments, name: "optimizer.\(name)", suffix: ".exp_avg_sq", layout: layout)
        }
        for (name, value) in t.agent.vectors {
            tensors.add(value, name: name, layout: TensorLayout(network: t.agent.architectures[name], recurrent: nil))
        }
        for (name, value) in t.agent.doubles { tensors.tensors[name] = .init(value) }
        let od = policy.observationDimension
        tensors.tensors["observations"] = .init(t.observations, shape: [t.environments.count, od])
        tensors.tensors["episode_returns"] = .init(t.episodeReturns)
        if let replay = t.replayBuffer {
            let ad = policy.actionDimension
            tensors.tensors["replay.observations"] = .init(replay.observations, shape: [replay.capacity, od])
            tensors.tensors["replay.actions"] = .init(replay.actions, shape: [replay.capacity, ad])
            tensors.tensors["replay.rewards"] = .init(replay.rewards)
            tensors.tensors["replay.next_observations"] = .init(replay.nextObservations, shape: [replay.capacity, od])
            tensors.tensors["replay.terminals"] = .init(replay.terminals)
        }
        let metadata = CheckpointMetadata(
            format: CheckpointMetadata.formatName, formatVersion: CheckpointMetadata.currentVersion,
            algorithm: t.algorithm, environment: environmentName, seed: t.seed, trainSeconds: trainSeconds,
            environmentSteps: t.environmentSteps, episodes: t.episodes, updates: t.updates,
            currentEpisodeReturns: t.currentEpisodeReturns, currentEpisodeLengths: t.currentEpisodeLengths,
            generators: t.generators, environmentStates: t.environments, latestMetrics: t.latestMetrics,
            latestEvaluation: t.latestEvaluation, networks: t.agent.architectures,
            recurrentLayers: t.agent.recurrentLayers.isEmpty ? nil : t.agent.recurrentLayers,
            adamSteps: t.agent.optimized.mapValues(\.stepCount), vectors: t.agent.vectors.keys.sorted(),
            doubles: t.agent.doubles.keys.sorted(), counters: t.agent.counters,
            replayBuffer: t.replayBuffer.map { .init(capacity: $0.capacity, count: $0.count, position: $0.position) },
            policy: .init(squashing: policy.squashing, actionLow: policy.actionLow, actionHigh: policy.actionHigh,
                          observationNormalization: policy.observationNormalization),
            collectorQueue: t.collectorQueue)
        return (metadata, tensors)
    }

    /// The most training time a checkpoint may record: a thousand years, in seconds.
    static let trainSecondsLimit = 3.2e10

    /// The training environments' name (the first environment's; all share it).
    private var environmentName: String { training.environments.first?.name ?? "" }

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
        func doubles(_ name: String) throws(CheckpointError) -> [Double] {
            guard let values = tensors.tensors[name]?.doubles else {
                throw .corrupted(path: path, reason: "tensor '\(name)' is missing or not F64")
            }
            return values
        }
        /// Network `network`'s vector stored as `name`, layer by layer when it has an architecture.
        func vector(_ name: String, suffix: String = "", of network: String) throws(CheckpointError) -> [Float] {
            if let shape = m.recurrentLayers?[network] {
                guard let values = tensors.recurrentLayer(shape, prefix: name, suffix: suffix) else {
                    throw .corrupted(path: path, reason: "the recurrent layer '\(name)\(suffix)' is missing, invalid or of another shape")
                }
                return values
            }
            guard let architecture = m.networks[network] else { return try floats(name + suffix) }
            guard let values = tensors.layers(of: architecture, prefix: name, suffix: suffix) else {
                throw .corrupted(path: path, reason: "the layers of '\(name)\(suffix)' are missing or of another shape")
            }
            return values
        }
        var optimized = [String: OptimizedParameters]()
        for (name, steps) in m.adamSteps {
            optimized[name] = OptimizedParameters(
                parameters: try vector(name, of: name),
                firstMoments: try vector("optimizer.\(name)", suffix: ".exp_avg", of: name),
                secondMoments: try vector("optimizer.\(name)", suffix: ".exp_avg_sq", of: name), stepCount: steps)
        }
        var vectors = [String: [Float]]()
        for name in m.vectors { vectors[name] = try vector(name, of: name) }
        var doubleVectors = [String: [Double]]()
        for name in m.doubles { doubleVectors[name] = try doubles(name) }
        let environmentCount = m.environmentStates.count
        guard let actor = m.networks["actor"], let actorParameters = optimized["actor"]?.parameters else {
            throw .corrupted(path: path, reason: "it holds no actor network")
        }
        let restoredPolicy: DeterministicPolicy
        do {
            let memory = try m.recurrentLayers?["actor_memory"].map { shape throws(NetworkShapeError) in
                guard let parameters = optimized["actor_memory"]?.parameters else {
                    throw NetworkShapeError("the actor's recurrent layer has no parameters")
                }
                return try RecurrentLayer(shape: shape, validatingParameters: parameters)
            }
            restoredPolicy = DeterministicPolicy(
                network: Sequential(try MLP(architecture: actor, validatingParameters: actorParameters)),
                squashing: m.policy.squashing, actionLow: m.policy.actionLow, actionHigh: m.policy.actionHigh,
                observationNormalization: m.policy.observationNormalization, memory: memory)
            try restoredPolicy.validate()
        } catch {
            throw .corrupted(path: path, reason: "the actor: \(error)")
        }
        let actionDimension = restoredPolicy.actionDimension
        guard environmentCount > 0, m.currentEpisodeReturns.count == environmentCount,
              m.currentEpisodeLengths.count == environmentCount else {
            throw .corrupted(path: path, reason: "the environments and their episodes in progress disagree")
        }
        var replay: ReplayBufferSnapshot?
        if let replayLayout = m.replayBuffer {
            guard replayLayout.capacity == tensors.tensors["replay.rewards"]?.count else {
                throw .corrupted(path: path, reason: "the replay buffer's capacity and tensors disagree")
            }
            let od = restoredPolicy.observationDimension, ad = actionDimension, capacity = replayLayout.capacity
            replay = ReplayBufferSnapshot(
                capacity: capacity, count: replayLayout.count, position: replayLayout.position,
                observations: try floats("replay.observations", count: capacity * od),
                actions: try floats("replay.actions", count: capacity * ad),
                rewards: try floats("replay.rewards", count: capacity),
                nextObservations: try floats("replay.next_observations", count: capacity * od),
                terminals: try floats("replay.terminals", count: capacity))
        }
        training = TrainingSnapshot(
            algorithm: m.algorithm, seed: m.seed,
            agent: AgentSnapshot(architectures: m.networks, optimized: optimized, vectors: vectors,
                                 counters: m.counters, doubles: doubleVectors, recurrentLayers: m.recurrentLayers ?? [:]),
            environments: m.environmentStates, generators: m.generators, environmentSteps: m.environmentSteps,
            episodes: m.episodes, updates: m.updates,
            observations: try floats("observations", count: environmentCount * restoredPolicy.observationDimension),
            currentEpisodeReturns: m.currentEpisodeReturns, currentEpisodeLengths: m.currentEpisodeLengths,
            episodeReturns: try doubles("episode_returns"), latestMetrics: m.latestMetrics,
            latestEvaluation: m.latestEvaluation, replayBuffer: replay, collectorQueue: m.collectorQueue)
        if let queue = m.collectorQueue, !(0...TrainingSnapshot.counterLimit).contains(queue.transitionsIntoNext) {
            throw .corrupted(path: path, reason: "collector_queue.transitions_into_next is outside 0...2^53")
        }
        guard m.trainSeconds.isFinite, (0...Self.trainSecondsLimit).contains(m.trainSeconds) else {
            throw .corrupted(path: path, reason: "train_seconds \(m.trainSeconds) is outside 0...\(Self.trainSecondsLimit)")
        }
        trainSeconds = m.trainSeconds
        policy = restoredPolicy
    }
}

extension SafeTensors {
    /// Adds `values` as `NAME{SUFFIX}`, or layer by layer when the vector is a network's or a
    /// recurrent layer's.
    fileprivate mutating func add(_ values: [Float], name: String, suffix: String = "", layout: TensorLayout) {
        if let architecture = layout.network {
            addLayers(of: architecture, values: values, prefix: name, suffix: suffix)
        } else if let shape = layout.recurrent {
            addRecurrentLayer(shape, values: values, prefix: name, suffix: suffix)
        } else {
            tensors[name + suffix] = .init(values)
        }
    }
}

/// How a vector is stored: as a network's layers, as a recurrent layer's tensors, or flat.
private struct TensorLayout {
    let network: MLPArchitecture?
    let recurrent: RecurrentShape?
}
