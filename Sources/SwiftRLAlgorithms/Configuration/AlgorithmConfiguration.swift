/// The hyperparameters of the chosen algorithm.
public enum AlgorithmConfiguration: Sendable, Hashable {
    /// Soft Actor-Critic's.
    case sac(SACConfiguration)
    /// TD3's.
    case td3(TD3Configuration)
    /// PPO's.
    case ppo(PPOConfiguration)

    /// The default hyperparameters of `algorithm`.
    public init(defaultsFor algorithm: AlgorithmName) {
        switch algorithm {
        case .sac: self = .sac(SACConfiguration())
        case .td3: self = .td3(TD3Configuration())
        case .ppo: self = .ppo(PPOConfiguration())
        }
    }

    /// Decodes the hyperparameters of `algorithm` from `decoder`.
    package init(_ algorithm: AlgorithmName, from decoder: any Decoder) throws {
        switch algorithm {
        case .sac: self = .sac(try SACConfiguration(from: decoder))
        case .td3: self = .td3(try TD3Configuration(from: decoder))
        case .ppo: self = .ppo(try PPOConfiguration(from: decoder))
        }
    }

    /// The algorithm these hyperparameters belong to.
    public var algorithm: AlgorithmName {
        switch self {
        case .sac: .sac
        case .td3: .td3
        case .ppo: .ppo
        }
    }

    /// Environment steps to train for.
    public var steps: Int {
        switch self {
        case .sac(let configuration): configuration.steps
        case .td3(let configuration): configuration.steps
        case .ppo(let configuration): configuration.steps
        }
    }

    /// Periodic and final evaluation settings.
    public var evaluation: EvaluationConfiguration {
        switch self {
        case .sac(let configuration): configuration.evaluation
        case .td3(let configuration): configuration.evaluation
        case .ppo(let configuration): configuration.evaluation
        }
    }

    /// The names of the metrics a run of this algorithm reports (`metrics.csv`'s last columns).
    public var metricNames: [String] {
        switch self {
        case .sac, .td3: UpdateMetrics.names
        case .ppo: PPOTrainingState.metricNames
        }
    }

    /// Checks every value, naming the key at fault.
    public func validate() throws(ConfigurationError) {
        switch self {
        case .sac(let configuration): try configuration.validate()
        case .td3(let configuration): try configuration.validate()
        case .ppo(let configuration): try configuration.validate()
        }
    }

    /// Encodes the hyperparameters' keys into `encoder`, beside any keys already there.
    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .sac(let configuration): try configuration.encode(to: encoder)
        case .td3(let configuration): try configuration.encode(to: encoder)
        case .ppo(let configuration): try configuration.encode(to: encoder)
        }
    }
}
