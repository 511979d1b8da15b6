import SwiftRLAlgorithms
import SwiftRLCore
import SwiftRLEnvironments

/// A worker's copy of the trainer's policy: an agent of the specification's algorithm and
/// configuration, whose actor takes each new version's parameters.
package struct ActingAgent {
    let specification: PolicySpecification
    let agent: any OffPolicyAgent

    /// Builds the agent for `specification`, checking it against the worker's environment.
    /// - Throws: ``MessageError/incompatible(_:)`` when the environment's sizes or action space
    ///   differ from the trainer's.
    package init(specification: PolicySpecification, environment: any Environment, generator: inout RandomGenerator) throws(MessageError) {
        guard case .box(let actions) = environment.actionSpace else {
            throw .incompatible("\(environment.name) has \(environment.actionSpace.description) actions; SAC and TD3 act in a box")
        }
        guard environment.observationSpace.dimension == specification.observationSize,
              actions.dimension == specification.actionSize else {
            throw .incompatible("""
                the trainer's \(specification.environment) has \(specification.observationSize) observations and \
                \(specification.actionSize) actions, this worker's \(environment.name) \
                \(environment.observationSpace.dimension) and \(actions.dimension)
                """)
        }
        let pool = ThreadPool(threadCount: 1)
        switch specification.configuration {
        case .sac(let configuration):
            agent = SAC(environment: environment, configuration: configuration).makeAgent(pool: pool, generator: &generator)
        case .td3(let configuration):
            agent = TD3(environment: environment, configuration: configuration).makeAgent(pool: pool, generator: &generator)
        case .ppo:
            throw .incompatible("rollout workers collect for SAC and TD3 only")
        }
        self.specification = specification
    }

    /// Loads a version's parameters into the actor.
    /// - Throws: ``MessageError`` when the weights are of another specification or architecture.
    package func load(_ weights: PolicyWeights) throws(MessageError) {
        guard weights.specification == specification else {
            throw .incompatible("version \(weights.version) is of another policy specification than this worker's")
        }
        agent.actor.network.parameters = try weights.actorParameters(for: agent.actor.architecture)
    }
}
