import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLCore
import SwiftRLEnvironments

/// A PPO worker's acting: a ``SwiftRLAlgorithms/PPOCollector`` over the worker's environment, the
/// same code that collects a local run's rollouts, turning each rollout of the configuration's
/// `steps_per_env` steps into one packet (one column of the trainer's rollout) with the
/// log-probability of every action. Weights are loaded between rollouts, so each packet is acted
/// with one version.
package final class OnPolicyPacketCollector {
    let specification: PolicySpecification
    private let collector: PPOCollector
    private var rollout: RolloutBatch
    /// Environment steps taken.
    private(set) var steps = 0
    /// Packets the trainer learns from per update (the configuration's `num_envs`).
    let packetsPerUpdate: Int
    private let normalizesObservations: Bool

    /// A collector for `specification`'s PPO configuration on `environment`, its first reset and
    /// its sampling seeded by `seed`.
    /// - Throws: ``MessageError/incompatible(_:)`` when the environment's sizes or action space
    ///   differ from the trainer's, or the specification is not PPO's.
    package init(specification: PolicySpecification, environment: any Environment, maximumEpisodeSteps: Int?,
                 seed: UInt64) throws(MessageError) {
        guard case .ppo(let configuration) = specification.configuration else {
            throw .incompatible("the policy specification is not PPO's")
        }
        guard environment.observationSpace.dimension == specification.observationSize,
              environment.actionSpace.dimension == specification.actionSize else {
            throw .incompatible("""
                the trainer's \(specification.environment) has \(specification.observationSize) observations and \
                \(specification.actionSize) actions, this worker's \(environment.name) \
                \(environment.observationSpace.dimension) and \(environment.actionSpace.dimension)
                """)
        }
        // A vector of one, with SAME_STEP autoreset; episodes cut at `maximumEpisodeSteps` (TMRL's
        // `max_samples_per_episode`; below 1 it cuts every step, as the SAC and TD3 loop does).
        let unlimited = ErasedEnvironment(base: environment)
        let limited = maximumEpisodeSteps.map { ErasedEnvironment(base: TimeLimit(unlimited, maxEpisodeSteps: max($0, 1))) }
            ?? unlimited
        let pool = ThreadPool(threadCount: 1)
        do {
            let environments = try EnvironmentVector(count: 1, pool: pool, resetting: false) { limited }
            collector = try PPOCollector(configuration: configuration, environments: environments, seed: seed, pool: pool)
            try collector.reset(seed: seed)
        } catch {
            throw .incompatible("\(error)")
        }
        rollout = RolloutBatch(steps: configuration.stepsPerEnv, environments: 1,
                               observationDimension: specification.observationSize,
                               actionDimension: collector.distribution.actionDimension)
        packetsPerUpdate = configuration.numEnvs
        normalizesObservations = configuration.normalizeObservations
        self.specification = specification
    }

    /// The policy acted with, as a deployable artifact.
    var policy: DeterministicPolicy { collector.policy }

    /// Acts with a version's parameters from the next rollout on.
    /// - Throws: ``MessageError`` when the weights are of another specification or architecture.
    package func load(_ weights: PolicyWeights) throws(MessageError) {
        guard weights.specification == specification else {
            throw .incompatible("version \(weights.version) is of another policy specification than this worker's")
        }
        guard let architecture = collector.actorNetwork.denseArchitecture else {
            throw .incompatible("this worker's actor is not an MLP, the layers relayed weights describe")
        }
        do {
            collector.update(try PolicyParameters(
                safetensors: weights.safetensors, version: Int(clamping: weights.version),
                architecture: architecture, freeParameterCount: collector.distribution.freeParameterCount,
                normalized: normalizesObservations))
        } catch {
            throw MessageError(error)
        }
    }

    /// Collects one rollout: its transitions (each with its action's log-probability) and the
    /// episodes that ended in it.
    /// - Throws: ``SwiftRLAlgorithms/TrainingError`` when the environment returns non-finite values.
    func collectPacket() throws(TrainingError) -> (transitions: TransitionBatch, episodes: [Swiftrl_Distributed_V1_Episode]) {
        try collector.collect(into: &rollout, startStep: steps)
        steps += rollout.transitionCount
        // The next observation of each step is the following step's, the last one's the observation
        // after the rollout, and where an episode ended its final observation.
        let od = rollout.observationDimension
        var nextObservations = Array(rollout.observations.dropFirst(od)) + rollout.lastObservations
        for t in 0..<rollout.steps where rollout.terminated[t] || rollout.truncated[t] {
            nextObservations.replaceSubrange(t * od ..< (t + 1) * od, with: rollout.finalObservations[t * od ..< (t + 1) * od])
        }
        let transitions = TransitionBatch(
            observationSize: od, actionSize: rollout.actionDimension, observations: rollout.observations,
            actions: rollout.actions, rewards: rollout.rewards, nextObservations: nextObservations,
            terminated: rollout.terminated, truncated: rollout.truncated, logProbabilities: rollout.logProbabilities)
        let episodes = rollout.finishedEpisodes.map { finished in
            var episode = Swiftrl_Distributed_V1_Episode()
            episode.episodeReturn = finished.episodeReturn
            episode.length = UInt32(clamping: finished.length)
            return episode
        }
        return (transitions, episodes)
    }
}
