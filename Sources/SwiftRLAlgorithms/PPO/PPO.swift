import SwiftRLCore
import SwiftRLEnvironments

/// Proximal Policy Optimization over vectorized environments, with discrete or continuous actions.
///
/// ```swift
/// var configuration = PPOConfiguration()
/// configuration.steps = 100_000
/// let state = try PPO(environment: "CartPole-v1", configuration: configuration).makeState(seed: 1)
/// while try !state.step() {}          // one rollout and its update per step
/// let action = try state.action(for: observation)
/// ```
///
/// See ``PPOLearner`` for the implementation details, ``PPOCollector`` for acting, and
/// ``ActionDistribution`` to plug in a distribution of your own.
public struct PPO: Sendable {
    /// The name used in messages.
    public static let name = "PPO"
    /// Creates the training environments: `count` of them, with the infinite-horizon `horizon` if given.
    public let makeEnvironments: @Sendable (_ count: Int, _ horizon: Int?, _ pool: ThreadPool) throws -> any VectorEnvironment
    /// Creates a fresh environment for an evaluation.
    public let makeEvaluationEnvironment: @Sendable () throws -> any Environment
    /// Hyperparameters.
    public var configuration: PPOConfiguration
    /// The distribution to use instead of the configured one (nil: the configuration's `distribution`).
    public var distribution: (any ActionDistribution)?
    /// The actor and critic to train instead of the configured MLPs (nil: `actor.*` and `critic.*`).
    public var model: PPOModel?

    /// PPO on the built-in environment registered as `environment`.
    public init(environment: String, configuration: PPOConfiguration = .init(),
                distribution: (any ActionDistribution)? = nil, model: PPOModel? = nil) {
        self.init(
            makeEnvironments: { count, horizon, pool in
                try EnvironmentRegistry.makeVector(environment, count: count, horizon: horizon, pool: pool)
            },
            makeEvaluationEnvironment: { try EnvironmentRegistry.make(environment) },
            configuration: configuration, distribution: distribution, model: model)
    }

    /// PPO on environments of your own.
    public init(makeEnvironments: @escaping @Sendable (Int, Int?, ThreadPool) throws -> any VectorEnvironment,
                makeEvaluationEnvironment: @escaping @Sendable () throws -> any Environment,
                configuration: PPOConfiguration = .init(), distribution: (any ActionDistribution)? = nil,
                model: PPOModel? = nil) {
        self.makeEnvironments = makeEnvironments
        self.makeEvaluationEnvironment = makeEvaluationEnvironment
        self.configuration = configuration
        self.distribution = distribution
        self.model = model
    }

    /// Validates the configuration, creates the environments and a freshly initialized run.
    /// - Parameters:
    ///   - seed: seeds the networks, the collector's sampling, the learner's shuffling and the
    ///     environments (environment `i` with `seed + i`).
    ///   - pool: shares stepping and the networks' passes; results are bit-identical for any number of threads.
    /// - Throws: ``ConfigurationError``, what the environment factory throws, ``TrainingError`` when
    ///   the distribution does not fit the action space or the first observations are not finite,
    ///   ``SwiftRLNN/NetworkShapeError`` when the ``model`` does not fit them.
    public func makeState(seed: UInt64, pool: ThreadPool = .shared) throws -> PPOTrainingState {
        try configuration.validate()
        let environments = try makeEnvironments(configuration.numEnvs, configuration.horizon, pool)
        let distribution = try distribution ?? Self.distribution(named: configuration.distribution,
                                                                  for: environments.actionSpace, of: environments.name,
                                                                  initialLogStd: configuration.initialLogStd)
        guard distribution.actionDimension == environments.actionSpace.dimension else {
            throw TrainingError.distributionMismatch(distribution: distribution.name, environment: environments.name,
                                                     actionSpace: environments.actionSpace.description)
        }
        return try PPOTrainingState(ppo: self, environments: environments, distribution: distribution, seed: seed, pool: pool)
    }

    /// The distribution `name` (or the action space's usual one) for the actions of `actionSpace`,
    /// the action space of the environment `environment`.
    package static func distribution(named name: DistributionName?, for actionSpace: ActionSpace, of environment: String,
                                     initialLogStd: Float) throws(TrainingError) -> any ActionDistribution {
        let mismatch = TrainingError.distributionMismatch(distribution: name?.rawValue ?? "default", environment: environment,
                                                          actionSpace: actionSpace.description)
        switch (actionSpace, name) {
        case (.discrete(let count), nil), (.discrete(let count), .categorical?):
            guard count >= 1 else { throw mismatch }
            return CategoricalDistribution(actionCount: count)
        case (.box(let box), nil), (.box(let box), .gaussian?):
            guard box.dimension >= 1 else { throw mismatch }
            return GaussianDistribution(dimensions: box.dimension, initialLogStd: initialLogStd)
        case (.box(let box), .squashedGaussian?):
            guard box.dimension >= 1 else { throw mismatch }
            return SquashedGaussianDistribution(dimensions: box.dimension, initialLogStd: initialLogStd)
        default:
            throw mismatch
        }
    }
}
