import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLCore
import SwiftRLNN
import Testing

/// Policies whose network is not an MLP (a PPO model of other layers): what saves, what is refused.
@Suite("policies of other layers")
struct LayeredPolicyTests {
    /// Dense layers with different hidden activations: built-in layers, but not an MLP.
    static func mixedPolicy() throws -> DeterministicPolicy {
        var generator = RandomGenerator(seed: 3)
        let network = try Sequential(layers: [DenseLayer(inputs: 3, outputs: 8, activation: .relu),
                                              DenseLayer(inputs: 8, outputs: 8, activation: .tanh),
                                              DenseLayer(inputs: 8, outputs: 1)], generator: &generator)
        return DeterministicPolicy(network: network, squashing: .clip, actionLow: [-2], actionHigh: [2])
    }

    @Test("an MLP's policy.json keeps the MLP format; other layers save as a Sequential and load back")
    func savedForms() throws {
        let mixed = try Self.mixedPolicy()
        #expect(mixed.network.denseArchitecture == nil)
        let json = String(decoding: try JSONEncoder().encode(mixed), as: UTF8.self)
        #expect(json.contains("\"layers\"") && !json.contains("\"architecture\""))
        let decoded = try JSONDecoder().decode(DeterministicPolicy.self, from: Data(json.utf8))
        #expect(decoded == mixed)
        #expect(try decoded.action(for: [0.5, -0.25, 1]) == mixed.action(for: [0.5, -0.25, 1]))

        let mlp = TestPolicies.sac()
        #expect(String(decoding: try JSONEncoder().encode(mlp), as: UTF8.self).contains("\"architecture\""))
    }

    @Test("a network with a layer other than dense is refused by the exporter, and a non-MLP by checkpoint files, in one line each")
    func refusals() throws {
        var generator = RandomGenerator(seed: 4)
        let recurrentInside = try Sequential(layers: [DenseLayer(inputs: 3, outputs: 4), RecurrentShape(cell: .gru, inputSize: 4, hiddenSize: 4),
                                                      DenseLayer(inputs: 4, outputs: 1)], generator: &generator)
        var policy = try Self.mixedPolicy()
        policy.network = recurrentInside
        let exporter = try CHeaderExporter(prefix: "mixed", metadata: TestPolicies.metadata)
        #expect(throws: ExportError.unsupportedNetwork("DenseLayer, RecurrentShape, DenseLayer")) { try exporter.header(for: policy) }
        #expect(!ExportError.unsupportedNetwork("X").description.contains("\n"))

        var configuration = PPOConfiguration()
        configuration.numEnvs = 4
        configuration.stepsPerEnv = 8
        configuration.batchSize = 32
        let model = PPOModel(actor: [DenseLayer(inputs: 3, outputs: 8, activation: .relu), DenseLayer(inputs: 8, outputs: 1, activation: .tanh),
                                     DenseLayer(inputs: 1, outputs: 1)],
                             critic: [DenseLayer(inputs: 3, outputs: 1)])
        let state = try PPO(environment: "Pendulum-v1", configuration: configuration, model: model).makeState(seed: 1)
        #expect { try Checkpoint(session: state) } throws: { error in
            guard case .unsupported(let reason)? = error as? CheckpointError else { return false }
            return reason.contains("TrainingSnapshot")
        }
    }

    @Test("the policy's safetensors name a Sequential's layers as PyTorch does")
    func tensors() throws {
        let tensors = PolicyTensors.safeTensors(of: try Self.mixedPolicy())
        #expect(Set(tensors.tensors.keys) == ["actor.0.weight", "actor.0.bias", "actor.2.weight", "actor.2.bias",
                                              "actor.4.weight", "actor.4.bias", "action_low", "action_high"])
        #expect(tensors.metadata["activations"] == "relu tanh identity")
    }
}
