import SwiftRLAlgorithms
import SwiftRLEnvironments

extension RolloutWorker {
    /// PPO's collection: rollouts of the configuration's `steps_per_env` steps, one packet each, every
    /// action with its log-probability. A new version is loaded between rollouts, so that a packet
    /// is acted with the version it names, and after `num_envs` packets of one version (what the
    /// trainer learns from per update) the worker waits for the next. `steps` is rounded up to whole
    /// rollouts, and ``Configuration/samplesPerPacket`` does not apply.
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
            // The trainer learns from `num_envs` packets per version: more of one version would be
            // stale by the time they arrived.
            while packetsOfVersion >= acting.packetsPerUpdate && latestWeights.withLock({ $0?.version ?? 0 }) <= version {
                try await Task.sleep(for: .milliseconds(1))
            }
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

    private func load(_ weights: PolicyWeights, into acting: OnPolicyPacketCollector, environment: any Environment) throws {
        do {
            try acting.load(weights)
        } catch {
            throw RelayError.message(error)
        }
        try saveModel(acting.policy, of: acting.specification, version: weights.version, environment: environment.name)
    }
}
