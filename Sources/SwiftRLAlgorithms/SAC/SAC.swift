import SwiftRLCore
import SwiftRLEnvironments

/// The training state of a SAC run.
public typealias SACState = OffPolicyTrainingState<SACAgent>

/// Soft Actor-Critic on an environment with continuous actions: the front door to ``SACAgent``.
///
/// ```swift
/// let state = try SAC(environment: EnvironmentRegistry.make("Pendulum-v1")).makeState(seed: 1)
/// while try !state.step() {}
/// print(try state.evaluate(episodes: 10, seed: 1000).returnMean)
/// ```
public struct SAC: OffPolicyAlgorithm {
    public static let name = "SAC"
    public var environment: any Environment
    public var configuration: SACConfiguration
    public var makeEvaluationEnvironment: (@Sendable () throws -> any Environment)?

    /// Creates a SAC run description.
    /// - Parameter makeEvaluationEnvironment: creates a fresh environment for each evaluation (see
    ///   ``OffPolicyAlgorithm/makeEvaluationEnvironment``); nil evaluates on copies of `environment`.
    public init(environment: any Environment, configuration: SACConfiguration = .init(),
                makeEvaluationEnvironment: (@Sendable () throws -> any Environment)? = nil) {
        self.environment = environment
        self.configuration = configuration
        self.makeEvaluationEnvironment = makeEvaluationEnvironment
    }

    public func makeAgent(pool: ThreadPool, generator: inout RandomGenerator) -> SACAgent {
        SACAgent(observationDimension: environment.observationSpace.dimension,
                 actionDimension: environment.actionSpace.dimension,
                 configuration: configuration, pool: pool, generator: &generator)
    }
}
