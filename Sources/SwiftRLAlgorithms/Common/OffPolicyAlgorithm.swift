import SwiftRLCore
import SwiftRLEnvironments

/// An off-policy algorithm bound to an environment and a configuration: what ``SAC`` and ``TD3``
/// share. It validates, builds its agent and starts a run.
public protocol OffPolicyAlgorithm: Sendable {
    /// The learner it trains.
    associatedtype Agent: OffPolicyAgent
    /// Its hyperparameters.
    associatedtype Configuration: OffPolicyConfiguration

    /// The name used in messages, such as "SAC".
    static var name: String { get }
    /// The environment to train on (give it a time limit, as ``EnvironmentRegistry/make(_:)`` does).
    var environment: any Environment { get }
    /// Creates a fresh environment for each evaluation; nil evaluates on copies of ``environment``
    /// as it was given, which suits value types such as the built-in environments. An environment
    /// that is a reference (backed by Python or another machine) needs a factory, so that an
    /// evaluation never steps the training environment.
    var makeEvaluationEnvironment: (@Sendable () throws -> any Environment)? { get }
    /// Hyperparameters.
    var configuration: Configuration { get }
    /// A freshly initialized agent.
    func makeAgent(pool: ThreadPool, generator: inout RandomGenerator) -> Agent
}

extension OffPolicyAlgorithm {
    /// Validates the configuration and creates a freshly initialized run.
    /// - Parameters:
    ///   - seed: seeds the networks, replay sampling, exploration and the environment.
    ///   - pool: the threads that share each update (by default one per core); results are bit-identical
    ///     for any number.
    /// - Throws: ``ConfigurationError`` for an invalid value, ``TrainingError`` for discrete actions
    ///   or a non-finite first observation.
    public func makeState(seed: UInt64, pool: ThreadPool = .shared) throws -> OffPolicyTrainingState<Agent> {
        try configuration.validate()
        var generator = RandomGenerator(seed: seed)
        let agent = makeAgent(pool: pool, generator: &generator)
        let prototype = environment
        return try OffPolicyTrainingState(agent: agent, algorithm: Self.name,
                                          environments: Self.vector(of: environment, pool: pool),
                                          makeEvaluationEnvironment: makeEvaluationEnvironment ?? { prototype },
                                          configuration: configuration, seed: seed, generator: generator)
    }

    /// A vector of one environment: `environment` itself (copied in, as a value is), not yet reset
    /// (the training state's first act is the seeded reset).
    private static func vector<E: Environment>(of environment: E, pool: ThreadPool) -> any VectorEnvironment {
        // One environment without a horizon is always a valid vector: this cannot throw.
        try! EnvironmentVector(count: 1, pool: pool, resetting: false) { environment }
    }
}
