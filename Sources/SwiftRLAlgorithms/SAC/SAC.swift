import SwiftRLCore
import SwiftRLEnvironments

/// The training state of a SAC run.
public typealias SACState = OffPolicyTrainingState<SACAgent>

/// Soft Actor-Critic on an environment with continuous actions: the front door to ``SACAgent``.
///
/// ```swift
/// let state = try SAC(environment: EnvironmentRegistry.make("Pendulum-v1"), configuration: .init()).makeState(seed: 1)
/// while try !state.step() {}
/// print(try state.evaluate(episodes: 10).returnMean)
/// ```
public struct SAC: Sendable {
    /// The environment to train on (give it a time limit, as ``EnvironmentRegistry/make(_:)`` does).
    public var environment: any Environment
    /// Hyperparameters.
    public var configuration: SACConfiguration

    /// Creates a SAC run description.
    public init(environment: any Environment, configuration: SACConfiguration = .init()) {
        self.environment = environment
        self.configuration = configuration
    }

    /// Validates the configuration and creates a freshly initialized run.
    /// - Throws: ``ConfigurationError`` for an invalid value, ``TrainingError`` for discrete actions.
    public func makeState(seed: UInt64, executor: PairedExecutor = PairedExecutor()) throws -> SACState {
        try configuration.validate()
        var generator = RandomGenerator(seed: seed)
        let agent = SACAgent(
            observationDimension: environment.observationSpace.dimension,
            actionDimension: environment.actionSpace.dimension,
            configuration: configuration, executor: executor, generator: &generator)
        return try SACState(agent: agent, algorithm: "SAC", environment: environment,
                            configuration: configuration, seed: seed, generator: generator)
    }
}
