import SwiftRLAlgorithms
import SwiftRLEnvironments

extension RolloutWorker {
    /// PPO's collection: rollouts of the configuration's `steps_per_env` steps, one packet each, every
    /// action with its log-probability. A new version is loaded between rollouts, so that a packet
    /// is acted with the version it names. The trainer learns from `num_envs` packets per version:
    /// once the worker has sent its share of them (split among the workers the relay reports), it
    /// waits for the next version, so that workers do not collect packets that would arrive stale.
    /// `steps` is rounded up to whole rollouts, and ``Configuration/samplesPerPacket`` does not apply.
    func collectOnPolicy(environment: any Environment, weights: PolicyWeights) async throws -> Summary {
        let acting: OnPolicyPacketCollector
        do {
            acting = try OnPolicyPacketCollector(specification: weights.specification, environment: environment,
                                                 maximumEpisodeSteps: configuration.maximumEpisodeSteps,
                                                 seed: configuration.seed)
        } catch {
            throw RelayError.message(error)
        }
        var version = weights.version
        try load(weights, into: acting, environment: environment)
        var episodes = 0, packetsOfVersion = 0
        while configuration.steps.map({ acting.steps < $0 }) ?? true {
            if packetsOfVersion >= share(of: acting.packetsPerUpdate) { try await waitForNewerWeights(than: version) }
            if let newer = latestWeights.withLock({ $0 }), newer.version > version {
                try load(newer, into: acting, environment: environment)
                version = newer.version
                packetsOfVersion = 0
            }
            let collected = try acting.collectPacket()
            episodes += collected.episodes.count
            var packet = SamplePacket()
            packet.policyVersion = version
            packet.transitions = collected.transitions.message
            packet.episodes = collected.episodes
            try await outbox.enqueue(packet)
            packetsOfVersion += 1
        }
        outbox.finishCollecting()
        return Summary(steps: acting.steps, episodes: episodes, acknowledgedSequence: 0, weightsVersion: version)
    }

    /// This worker's share of the packets the trainer learns from per version: `num_envs` split
    /// among the workers the relay last reported (all of them before its first acknowledgement).
    private func share(of packetsPerUpdate: Int) -> Int {
        let workers = max(relayWorkers.load(ordering: .relaxed), 1)
        return max((packetsPerUpdate + workers - 1) / workers, 1)
    }

    /// Waits until a version newer than `version` arrives, or ``onPolicyPatience`` has passed (so that
    /// a worker that stalled elsewhere, still counted as connected, cannot stall the run).
    private func waitForNewerWeights(than version: UInt64) async throws {
        let deadline = ContinuousClock.now + Self.onPolicyPatience
        while true {
            let generation = weightsArrived.generation
            let left = deadline - .now
            guard latestWeights.withLock({ $0?.version ?? 0 }) <= version, left > .zero else { return }
            await weightsArrived.wait(after: generation, timeout: left)
            try Task.checkCancellation()
        }
    }

    /// How long a PPO worker that has sent its share of a version waits for the next before it
    /// collects on.
    static var onPolicyPatience: Duration { .seconds(2) }

    private func load(_ weights: PolicyWeights, into acting: OnPolicyPacketCollector, environment: any Environment) throws {
        do {
            try acting.load(weights)
        } catch {
            throw RelayError.message(error)
        }
        try saveModel(acting.policy, of: acting.specification, version: weights.version, environment: environment.name)
    }
}
