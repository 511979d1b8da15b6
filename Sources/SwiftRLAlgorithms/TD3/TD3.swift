import SwiftRLCore
import SwiftRLEnvironments

/// The training state of a TD3 run.
public typealias TD3State = OffPolicyTrainingState<TD3Agent>

/// Twin Delayed DDPG on an environment with continuous actions: the front door to ``TD3Agent``.
///
/// ```swift
/// let state = try TD3(environment: EnvironmentRegistry.make("Pendulum-v1")).makeState(seed: 1)
/// while try !state.step() {}
/// ```
public struct TD3: OffPolicyAlgorithm {
    public static let name = "TD3"
    public var environment: any Environment
    public var configuration: TD3Configuration
    public var makeEvaluationEnvironment: (@Sendable () throws -> any Environment)?

    /// Creates a TD3 run description.
    /// - Parameter makeEvaluationEnvironment: creates a fresh environment for each evaluation (see
    ///   ``OffPolicyAlgorithm/makeEvaluationEnvironment``); nil evaluates on copies of `environment`.
    public init(environment: any Environment, configuration: TD3Configuration = .init(),
                makeEvaluationEnvironment: (@Sendable () throws -> any Environment)? = nil) {
        self.environment = environment
        self.configuration = configuration
        self.makeEvaluationEnvironment = makeEvaluationEnvironment
    }

    public func makeAgent(pool: ThreadPool, generator: inout RandomGenerator) -> TD3Agent {
        TD3Agent(observationDimension: environment.observationSpace.dimension,
                 actionDimension: environment.actionSpace.dimension,
                 configuration: configuration, pool: pool, generator: &generator)
    }
}
