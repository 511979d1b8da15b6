import SwiftRLCore
import SwiftRLEnvironments
import SwiftRLNN

extension PPOCollector {
    /// A collector apart from any learner (a rollout worker's): the configuration's actor, recurrent
    /// layer and distribution for `environments`, acting with zero parameters until the first
    /// ``update(_:)``. Call ``reset(seed:)`` before the first rollout.
    /// - Throws: ``TrainingError/distributionMismatch(distribution:environment:actionSpace:)`` when the
    ///   configured distribution does not fit the action space.
    public convenience init(configuration: PPOConfiguration, environments: any VectorEnvironment, seed: UInt64,
                            pool: ThreadPool = .shared) throws(TrainingError) {
        let distribution = try PPO.distribution(named: configuration.distribution, for: environments.actionSpace,
                                                of: environments.name, initialLogStd: configuration.initialLogStd)
        let observationDimension = environments.observationSpace.dimension
        let architecture = configuration.actorArchitecture(observationDimension: observationDimension,
                                                           distribution: distribution)
        let memory = configuration.memoryShape(observationDimension: observationDimension)
        let parameters = PolicyParameters(
            version: 0, actor: .init(repeating: 0, count: architecture.parameterCount),
            free: distribution.initialFreeParameters(), normalization: nil,
            memory: .init(repeating: 0, count: memory?.parameterCount ?? 0))
        self.init(environments: environments, actor: Sequential(MLP(architecture: architecture, parameters: parameters.actor)),
                  memory: memory, distribution: distribution,
                  parameters: parameters, generator: RandomGenerator(seed: seed), pool: pool)
    }

    /// The policy it acts with as a deployable artifact: normalization, recurrent layer, actor, the
    /// distribution's deterministic head and the action bounds.
    public var policy: DeterministicPolicy {
        let (low, high): ([Float], [Float]) = switch environments.actionSpace {
        case .box(let box): (box.low, box.high)
        case .discrete: ([], [])
        }
        return DeterministicPolicy(network: actorNetwork,
                                   squashing: distribution.deterministicHead, actionLow: low, actionHigh: high,
                                   observationNormalization: parameters.normalization,
                                   memory: memory.map { RecurrentLayer(shape: $0.shape, parameters: parameters.memory) })
    }
}
