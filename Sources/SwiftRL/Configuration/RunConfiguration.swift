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
/// checkpoint_interval: 5000
/// stop_conditions:
///   - {kind: plateaus, metric: losses/critic, relative_tolerance: 0.01, patience: 20}
/// tracking:
///   tensorboard: true
/// ```
public struct RunConfiguration: Sendable, Hashable, Codable {
    /// The environment's registered name.
    public var environment: String
    /// Seeds the networks' initialization, exploration and the training environment.
    public var seed: UInt64
    /// The algorithm's hyperparameters.
    public var algorithmConfiguration: AlgorithmConfiguration
    /// Write a checkpoint every this many environment steps; 0 (the default) writes one only at the end.
    public var checkpointInterval = 0
    /// Include the replay buffer in checkpoints (the default). Without it checkpoints are smaller, but
    /// a resumed run starts with an empty buffer and no longer matches an uninterrupted one.
    public var checkpointReplayBuffer = true
    /// Stop before the step budget when one of these is met (see ``SwiftRLAlgorithms/StopCondition``).
    public var stopConditions: [StopCondition] = []
    /// Where metrics go besides `metrics.csv`: TensorBoard event files, an MLflow server.
    public var tracking = TrackingConfiguration()

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
        case checkpointInterval = "checkpoint_interval", checkpointReplayBuffer = "checkpoint_replay_buffer"
        case stopConditions = "stop_conditions", tracking
    }

    /// Decodes the flat form: run keys and the algorithm's keys in one mapping.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RunKeys.self)
        let algorithm = try container.decode(AlgorithmName.self, forKey: .algorithm)
        environment = try container.decode(String.self, forKey: .environment)
        seed = try container.decode(UInt64.self, forKey: .seed)
        algorithmConfiguration = try AlgorithmConfiguration(algorithm, from: decoder)
        checkpointInterval = try container.decodeIfPresent(Int.self, forKey: .checkpointInterval) ?? 0
        checkpointReplayBuffer = try container.decodeIfPresent(Bool.self, forKey: .checkpointReplayBuffer) ?? true
        stopConditions = try container.decodeIfPresent([StopCondition].self, forKey: .stopConditions) ?? []
        tracking = try container.decodeIfPresent(TrackingConfiguration.self, forKey: .tracking) ?? TrackingConfiguration()
    }

    /// Encodes the flat form: the run's identity, then the algorithm's keys, then the checkpoint keys,
    /// the stop conditions and the tracking section.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RunKeys.self)
        try container.encode(algorithm, forKey: .algorithm)
        try container.encode(environment, forKey: .environment)
        try container.encode(seed, forKey: .seed)
        try algorithmConfiguration.encode(to: encoder)
        try container.encode(checkpointInterval, forKey: .checkpointInterval)
        try container.encode(checkpointReplayBuffer, forKey: .checkpointReplayBuffer)
        try container.encode(stopConditions, forKey: .stopConditions)
        try container.encode(tracking, forKey: .tracking)
    }

    /// Checks every hyperparameter's range, the tracking settings and that the environment is registered.
    /// - Throws: ``ConfigurationError`` or ``EnvironmentError``.
    public func validate() throws {
        try algorithmConfiguration.validate()
        guard checkpointInterval >= 0 else {
            throw ConfigurationError.invalidValue(key: "checkpoint_interval", value: "\(checkpointInterval)", requirement: "0 or more")
        }
        for (index, condition) in stopConditions.enumerated() {
            let key = "stop_conditions[\(index)]"
            try condition.validate(key: key, metricNames: algorithmConfiguration.metricNames)
            if case .targetReturn = condition, algorithmConfiguration.evaluation.interval == 0 {
                throw ConfigurationError.invalidValue(key: key, value: condition.description,
                                                      requirement: "used with periodic evaluations (evaluation.interval > 0)")
            }
        }
        try tracking.validate()
        _ = try EnvironmentRegistry.spec(environment)
    }

    /// Creates the environment (or, for PPO, the vectorized environments) and a freshly initialized
    /// training session, after checking that the run fits in memory (``memoryEstimate(for:)``).
    /// - Parameter memoryLimit: the most bytes the run may allocate (default: the memory available now).
    /// - Throws: ``ConfigurationError`` (also when the run would not fit in memory),
    ///   ``EnvironmentError``, or ``TrainingError`` when the algorithm cannot act in the environment
    ///   (discrete actions).
    public func makeSession(pool: ThreadPool = .shared, memoryLimit: Int? = nil) throws -> any TrainingSession {
        let environment = try EnvironmentRegistry.make(environment)
        try memoryEstimate(for: environment).check(limit: memoryLimit)
        switch algorithmConfiguration {
        case .sac(let configuration):
            return try SAC(environment: environment, configuration: configuration,
                           makeEvaluationEnvironment: { [name = self.environment] in try EnvironmentRegistry.make(name) })
                .makeState(seed: seed, pool: pool)
        case .td3(let configuration):
            return try TD3(environment: environment, configuration: configuration,
                           makeEvaluationEnvironment: { [name = self.environment] in try EnvironmentRegistry.make(name) })
                .makeState(seed: seed, pool: pool)
        case .ppo(let configuration):
            return try PPO(environment: self.environment, configuration: configuration).makeState(seed: seed, pool: pool)
        }
    }

    /// What a run of this configuration allocates in `environment`, before anything is allocated.
    public func memoryEstimate(for environment: any Environment) -> MemoryEstimate {
        switch algorithmConfiguration {
        case .sac(let configuration): configuration.memoryEstimate(for: environment)
        case .td3(let configuration): configuration.memoryEstimate(for: environment)
        case .ppo(let configuration): configuration.memoryEstimate(for: environment)
        }
    }
}
