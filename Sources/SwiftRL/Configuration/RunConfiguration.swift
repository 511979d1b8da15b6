import SwiftRLAlgorithms
import SwiftRLEnvironments

/// Everything that defines a training run: the algorithm and its hyperparameters, the environment
/// and the seed.
///
/// In YAML the run's keys and the algorithm's keys sit side by side at the top level:
///
/// ```yaml
/// algorithm: sac
/// environment: Pendulum-v1
/// seed: 1
/// steps: 10000
/// actor:
///   hidden_sizes: [64, 64]
/// ```
public struct RunConfiguration: Sendable, Hashable, Codable {
    /// The environment's registered name.
    public var environment: String
    /// Seeds the networks' initialization, exploration and the training environment.
    public var seed: UInt64
    /// The algorithm's hyperparameters.
    public var algorithmConfiguration: AlgorithmConfiguration

    /// The algorithm the run uses.
    public var algorithm: AlgorithmName { algorithmConfiguration.algorithm }

    /// Creates a configuration with the default hyperparameters of `algorithm`.
    public init(algorithm: AlgorithmName = .sac, environment: String = "Pendulum-v1", seed: UInt64 = 1) {
        self.init(environment: environment, seed: seed, algorithmConfiguration: .init(defaultsFor: algorithm))
    }

    /// Creates a configuration with the given hyperparameters.
    public init(environment: String, seed: UInt64, algorithmConfiguration: AlgorithmConfiguration) {
        self.environment = environment
        self.seed = seed
        self.algorithmConfiguration = algorithmConfiguration
    }

    private enum RunKeys: String, CodingKey {
        case algorithm, environment, seed
    }

    /// Decodes the flat form: run keys and the algorithm's keys in one mapping.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RunKeys.self)
        let algorithm = try container.decode(AlgorithmName.self, forKey: .algorithm)
        environment = try container.decode(String.self, forKey: .environment)
        seed = try container.decode(UInt64.self, forKey: .seed)
        algorithmConfiguration = try AlgorithmConfiguration(algorithm, from: decoder)
    }

    /// Encodes the flat form: run keys first, then the algorithm's keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RunKeys.self)
        try container.encode(algorithm, forKey: .algorithm)
        try container.encode(environment, forKey: .environment)
        try container.encode(seed, forKey: .seed)
        try algorithmConfiguration.encode(to: encoder)
    }

    /// Checks every hyperparameter's range and that the environment is registered.
    /// - Throws: ``ConfigurationError`` or ``EnvironmentError``.
    public func validate() throws {
        try algorithmConfiguration.offPolicy.validate()
        _ = try EnvironmentRegistry.spec(environment)
    }

    /// Creates the environment and a freshly initialized training session.
    /// - Throws: ``ConfigurationError``, ``EnvironmentError``, or ``TrainingError`` when the
    ///   algorithm cannot act in the environment (discrete actions).
    public func makeSession(executor: PairedExecutor = PairedExecutor()) throws -> any TrainingSession {
        let environment = try EnvironmentRegistry.make(environment)
        switch algorithmConfiguration {
        case .sac(let configuration):
            return try SAC(environment: environment, configuration: configuration).makeState(seed: seed, executor: executor)
        case .td3(let configuration):
            return try TD3(environment: environment, configuration: configuration).makeState(seed: seed, executor: executor)
        }
    }
}
