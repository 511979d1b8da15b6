import SwiftRLCore
import SwiftRLNN

/// A PPO actor and critic of your own layers (rl8's custom models): any stateless
/// ``SwiftRLNN/Layer``s, built-in or your own, initialized by each layer from the run's seed.
///
/// The actor maps the observations (or, with the configuration's `recurrent` layer, that layer's
/// features) to the distribution's inputs; the critic maps the same inputs to one value.
///
/// ```swift
/// let model = PPOModel(
///     actor: [DenseLayer(inputs: 4, outputs: 32, activation: .tanh), MyGatedLayer(width: 32),
///             DenseLayer(inputs: 32, outputs: 2)],                  // CartPole: 2 logits
///     critic: [DenseLayer(inputs: 4, outputs: 64, activation: .tanh), DenseLayer(inputs: 64, outputs: 1)])
/// let state = try PPO(environment: "CartPole-v1", configuration: configuration, model: model).makeState(seed: 1)
/// ```
///
/// Without a model, the networks are the configuration's MLPs (`actor.*`, `critic.*`).
public struct PPOModel: Sendable {
    /// The actor's layers, input first.
    public var actor: [any Layer]
    /// The critic's layers, input first; the last gives one output.
    public var critic: [any Layer]

    /// Creates a model.
    public init(actor: [any Layer], critic: [any Layer]) {
        self.actor = actor
        self.critic = critic
    }

    /// The actor, its parameters drawn from `generator`, checked to map `inputs` features to `outputs`.
    /// - Throws: ``SwiftRLNN/NetworkShapeError`` for layers that do not chain, other sizes, or a
    ///   layer with a recurrent state (PPO's recurrent layer comes from the configuration).
    func makeActor(inputs: Int, outputs: Int, generator: inout RandomGenerator) throws(NetworkShapeError) -> Sequential {
        try Self.network("actor", actor, inputs: inputs, outputs: outputs, generator: &generator)
    }

    /// The critic, as ``makeActor(inputs:outputs:generator:)`` with one output.
    func makeCritic(inputs: Int, generator: inout RandomGenerator) throws(NetworkShapeError) -> Sequential {
        try Self.network("critic", critic, inputs: inputs, outputs: 1, generator: &generator)
    }

    private static func network(_ name: String, _ layers: [any Layer], inputs: Int, outputs: Int,
                                generator: inout RandomGenerator) throws(NetworkShapeError) -> Sequential {
        let network: Sequential
        do {
            network = try Sequential(layers: layers, generator: &generator)
        } catch {
            throw NetworkShapeError("the \(name) model: \(error.description)")
        }
        guard network.inputSize == inputs, network.outputSize == outputs else {
            throw NetworkShapeError("the \(name) model maps \(network.inputSize) inputs to \(network.outputSize) outputs; "
                + "PPO needs \(inputs) to \(outputs)")
        }
        guard network.stateWidth == 0 else {
            throw NetworkShapeError("the \(name) model keeps a recurrent state; set the configuration's recurrent layer instead")
        }
        return network
    }
}
