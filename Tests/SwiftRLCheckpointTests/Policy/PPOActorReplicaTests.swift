import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLCore
import SwiftRLEnvironments
import SwiftRLNN
import Testing

/// A PPO rollout worker that steps its own environment (the Python worker) acts through
/// ``PPOActorReplica``; `swiftrl worker` acts through a ``PPOCollector`` of one environment. Given
/// the same weights, seed and environment, they must take the same actions, bit for bit.
@Suite struct PPOActorReplicaTests {
    @Test func aDiscreteReplicaActsAsTheCollectorOfOneEnvironment() throws {
        try compare(make: { CartPole() }, normalized: false)
    }

    @Test func aGaussianReplicaWithNormalizedObservationsActsAsTheCollector() throws {
        try compare(make: { Pendulum() }, normalized: true)
    }

    @Test func aRecurrentConfigurationOrAMismatchedDistributionIsRefused() {
        var configuration = PPOConfiguration()
        configuration.recurrent = .lstm
        #expect(throws: ActorWeightsError.self) {
            try PPOActorReplica(configuration: configuration, observationDimension: 4, actionSpace: .discrete(count: 2), seed: 1)
        }
        configuration = PPOConfiguration()
        configuration.distribution = .squashedGaussian
        #expect(throws: ActorWeightsError.self) {
            try PPOActorReplica(configuration: configuration, observationDimension: 4, actionSpace: .discrete(count: 2), seed: 1)
        }
        // A rollout's noise beyond the limit is refused, not allocated.
        configuration = PPOConfiguration()
        configuration.stepsPerEnv = 1_000_000
        let wide = BoxSpace(low: .init(repeating: -1, count: 100), high: .init(repeating: 1, count: 100))
        #expect(throws: ActorWeightsError.self) {
            try PPOActorReplica(configuration: configuration, observationDimension: 4, actionSpace: .box(wide), seed: 1)
        }
    }

    private func compare<E: Environment>(make: () -> E, normalized: Bool) throws {
        var configuration = PPOConfiguration()
        configuration.stepsPerEnv = 24
        configuration.numEnvs = 1
        configuration.normalizeObservations = normalized
        let seed: UInt64 = 11, pool = ThreadPool(threadCount: 1)
        let environments = try EnvironmentVector(count: 1, pool: pool, resetting: false, make: make)
        let collector = try PPOCollector(configuration: configuration, environments: environments, seed: seed, pool: pool)
        try collector.reset(seed: seed)
        var generator = RandomGenerator(seed: 5)
        let network = MLP(architecture: try #require(collector.actorNetwork.denseArchitecture), generator: &generator)
        let dimension = environments.observationSpace.dimension
        let normalization = normalized
            ? ObservationNormalization(mean: .init(repeating: 0.25, count: dimension),
                                       standardDeviation: .init(repeating: 2, count: dimension), clip: 5)
            : nil
        let parameters = PolicyParameters(version: 3, actor: network.parameters,
                                          free: collector.distribution.initialFreeParameters(), normalization: normalization)
        collector.update(parameters)
        let weights = parameters.safetensors(actor: collector.actorNetwork, relayVersion: 3)

        let replica = try PPOActorReplica(configuration: configuration, observationDimension: dimension,
                                          actionSpace: environments.actionSpace, seed: seed)
        try replica.load(version: 3, safetensors: weights)
        var environment = make()
        var observation = [Float](repeating: 0, count: dimension)
        environment.reset(seed: seed, observation: &observation)
        var sample = [Float](repeating: 0, count: replica.distribution.actionDimension)
        var action = [Float](repeating: 0, count: environments.actionSpace.dimension)
        for _ in 0..<3 {  // three rollouts: the noise is drawn a rollout at a time
            var rollout = RolloutBatch(steps: configuration.stepsPerEnv, environments: 1, observationDimension: dimension,
                                       actionDimension: collector.distribution.actionDimension)
            try collector.collect(into: &rollout, startStep: 0)
            for t in 0..<configuration.stepsPerEnv {
                let logProbability = try replica.act(on: observation, sample: &sample, environmentAction: &action)
                let ad = sample.count
                #expect(sample == Array(rollout.actions[t * ad ..< (t + 1) * ad]), "step \(t)")
                #expect(logProbability.bitPattern == rollout.logProbabilities[t].bitPattern, "step \(t)")
                let outcome = environment.step(action, observation: &observation)
                #expect(outcome.terminated == rollout.terminated[t] && Float(outcome.reward) == rollout.rewards[t], "step \(t)")
                if outcome.terminated || outcome.truncated { environment.reset(seed: nil, observation: &observation) }
            }
        }
    }
}
