import SwiftRLCore
import SwiftRLEnvironments

/// The training state of a TD3 run.
public typealias TD3State = OffPolicyTrainingState<TD3Agent>

/// Twin Delayed DDPG on an environment with continuous actions: the front door to ``TD3Agent``.
///
/// ```swift
/// let state = try TD3(environment: EnvironmentRegistry.make("Pendulum-v1"), configuration: .init()).makeState(seed: 1)
/// while try !state.step() {}
/// print(try state.evaluate(episodes: 10).returnMean)
/// ```
public struct TD3: Sendable {
    /// The environment to train on (give it a time limit, as ``EnvironmentRegistry/make(_:)`` does).
    public var environment: any Environment
    /// Hyperparameters.
    public var configuration: TD3Configuration

    /// Creates a TD3 run description.
    public init(environment: any Environment, configuration: TD3Configuration = .init()) {
        self.environment = environment
        self.configuration = configuration
    }

    /// Validates the configuration and creates a freshly initialized run.
    /// - Throws: ``ConfigurationError`` for an invalid value, ``TrainingError`` for discrete actions.
    public func makeState(seed: UInt64, executor: PairedExecutor = PairedExecutor()) throws -> TD3State {
        try configuration.validate()
        var generator = RandomGenerator(seed: seed)
        let agent = TD3Agent(
            observationDimension: environment.observationSpace.dimension,
            actionDimension: environment.actionSpace.dimension,
            configuration: configuration, executor: executor, generator: &generator)
        return try TD3State(agent: agent, algorithm: "TD3", environment: environment,
                            configuration: configuration, seed: seed, generator: generator)
    }
}
