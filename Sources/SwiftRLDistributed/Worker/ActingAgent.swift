import SwiftRLCheckpoint
import SwiftRLEnvironments

/// A worker's copy of the trainer's policy: an ``SwiftRLCheckpoint/ActorReplica`` of the
/// specification's algorithm and configuration, checked against the worker's environment.
package struct ActingAgent {
    let specification: PolicySpecification
    let replica: ActorReplica

    /// Builds the replica for `specification`, its exploration seeded by `seed`.
    /// - Throws: ``MessageError/incompatible(_:)`` when the environment's sizes or action space
    ///   differ from the trainer's.
    package init(specification: PolicySpecification, environment: any Environment, seed: UInt64) throws(MessageError) {
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
        do {
            replica = try ActorReplica(configuration: specification.configuration,
                                       observationDimension: specification.observationSize,
                                       actionDimension: specification.actionSize, seed: seed)
        } catch {
            throw MessageError(error)
        }
        self.specification = specification
    }

    /// Loads a version's parameters into the actor.
    /// - Throws: ``MessageError`` when the weights are of another specification or architecture.
    package func load(_ weights: PolicyWeights) throws(MessageError) {
        guard weights.specification == specification else {
            throw .incompatible("version \(weights.version) is of another policy specification than this worker's")
        }
        do {
            try replica.load(version: weights.version, safetensors: weights.safetensors)
        } catch {
            throw MessageError(error)
        }
    }
}
