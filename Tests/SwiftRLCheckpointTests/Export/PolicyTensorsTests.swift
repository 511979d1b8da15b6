import Foundation
import SwiftRLAlgorithms
@testable import SwiftRLCheckpoint
import Testing

/// The PyTorch-layout safetensors export: names and shapes as `torch.nn.Sequential` has them, and
/// actions reproduced from the file alone by NumPy (`scripts/policy_from_safetensors.py`, run in the
/// `.build/test-python` environment that `scripts/install-test-dependencies.sh` creates).
@Suite("Policy as PyTorch-layout safetensors", .serialized)
struct PolicyTensorsTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func namesAndShapesFollowPyTorch() throws {
        let policy = TestPolicies.ppo(observation: 4, outputs: 3, squashing: .argmax, low: [], high: [], seed: 6)
        let tensors = PolicyTensors.safeTensors(of: policy)
        #expect(Set(tensors.tensors.keys) == ["actor.0.weight", "actor.0.bias", "actor.2.weight", "actor.2.bias",
                                              "actor.4.weight", "actor.4.bias", "observation_normalization.mean",
                                              "observation_normalization.std", "observation_normalization.clip"])
        #expect(tensors.tensors["actor.0.weight"]?.shape == [32, 4])
        #expect(tensors.tensors["actor.4.weight"]?.shape == [3, 32])
        #expect(tensors.metadata == ["format": "swiftrl-policy", "activations": "tanh tanh identity", "head": "argmax"])
        // Element [out, in] of the PyTorch weight is SwiftRL's [in, out].
        let weights = try #require(tensors.tensors["actor.0.weight"]?.floats)
        #expect(weights[2 * 4 + 1] == policy.network.parameters[1 * 32 + 2])
        let roundTrip = try SafeTensors(bytes: tensors.serialized())
        #expect(roundTrip == tensors)
    }

    static let reproduced = TestPolicies.all + TestPolicies.recurrent + [("ppo_trained", TestPolicies.trainedPPO)]

    /// A recurrent policy takes the observations as one episode, its state carried from one to the next.
    @Test("NumPy reproduces every action from the file alone, recurrent policies' through an episode",
          arguments: reproduced.map(\.prefix))
    func numpyReproducesActions(prefix: String) throws {
        let policy = try #require(Self.reproduced.first { $0.prefix == prefix }).policy
        let observations = TestPolicies.observations(dimension: policy.observationDimension, count: 20, scale: 2)
        let toolchain = try CToolchain()
        defer { toolchain.remove() }
        try Data(PolicyTensors.safeTensors(of: policy).serialized())
            .write(to: toolchain.directory.appendingPathComponent("policy.safetensors"))
        try toolchain.write(String(decoding: try JSONEncoder().encode(observations), as: UTF8.self), to: "observations.json")
        let output = try toolchain.run([Self.repository.appendingPathComponent(".build/test-python/bin/python").path,
                                        Self.repository.appendingPathComponent("scripts/policy_from_safetensors.py").path,
                                        "policy.safetensors", "observations.json"])
        let actions = try JSONDecoder().decode([[Double]].self, from: Data(output.utf8))
        try #require(actions.count == observations.count)
        var state = policy.initialState
        for (observation, found) in zip(observations, actions) {
            let expected = try policy.action(for: observation, state: &state)
            #expect(found.count == expected.count)
            for (value, wanted) in zip(found, expected) {
                #expect(abs(value - Double(wanted)) <= 1e-4 * max(1, abs(Double(wanted))), "\(found) vs \(expected)")
            }
        }
    }
}
