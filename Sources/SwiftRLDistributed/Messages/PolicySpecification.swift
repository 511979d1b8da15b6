import SwiftRLAlgorithms

/// What a worker needs to build the acting policy: the algorithm with its configuration, and the
/// sizes of the environment the trainer was configured with.
public struct PolicySpecification: Sendable, Equatable {
    /// The algorithm's configuration (SAC, TD3, or PPO with a feed-forward policy).
    public var configuration: AlgorithmConfiguration
    /// The trainer's environment, by name (workers check the sizes, not the name).
    public var environment: String
    /// Observation length.
    public var observationSize: Int
    /// Action length.
    public var actionSize: Int
    /// The trainer's run seed, recorded in the policy files workers save.
    public var seed: UInt64

    /// Creates a specification.
    public init(configuration: AlgorithmConfiguration, environment: String, observationSize: Int, actionSize: Int,
                seed: UInt64 = 0) {
        self.configuration = configuration
        self.environment = environment
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.seed = seed
    }

    var message: Swiftrl_Distributed_V1_PolicySpecification {
        var message = Swiftrl_Distributed_V1_PolicySpecification()
        message.algorithm = configuration.algorithm.rawValue
        message.configurationJson = configuration.json
        message.environment = environment
        message.observationSize = UInt32(observationSize)
        message.actionSize = UInt32(actionSize)
        message.seed = seed
        return message
    }

    /// Decodes and validates a received specification (its configuration as strictly as a
    /// configuration file's).
    /// - Throws: ``MessageError/malformed(_:)``.
    init(_ message: Swiftrl_Distributed_V1_PolicySpecification) throws(MessageError) {
        let algorithm: AlgorithmName
        do {
            algorithm = try AlgorithmName(named: message.algorithm)
            configuration = try AlgorithmConfiguration(algorithm: algorithm, json: message.configurationJson)
            try configuration.validate()
        } catch {
            throw .malformed("the policy specification's configuration: \(error)")
        }
        if case .ppo(let ppo) = configuration, ppo.recurrent != .none {
            throw .malformed("rollout workers collect for feed-forward PPO policies, not recurrent ones")
        }
        guard (1...TransitionBatch.vectorLimit).contains(Int(message.observationSize)),
              (1...TransitionBatch.vectorLimit).contains(Int(message.actionSize)) else {
            throw .malformed("observation and action sizes must be 1 to \(TransitionBatch.vectorLimit)")
        }
        environment = String(message.environment.prefix(256))
        observationSize = Int(message.observationSize)
        actionSize = Int(message.actionSize)
        seed = message.seed
    }
}
