import Foundation
import SwiftRLCheckpoint
import SwiftRLCore
import SwiftRLNN
import Testing

/// A `Sequential` saved as PyTorch-layout safetensors: read back to the same bits, refused with a
/// named tensor when it does not fit, and reproduced by NumPy from the file alone with PyTorch's
/// `nn.GRU` and `nn.Linear` formulas.
@Suite("Sequential networks as safetensors", .serialized)
struct SequentialTensorsTests {
    static func network() throws -> Sequential {
        var generator = RandomGenerator(seed: 31)
        return try Sequential(layers: [
            RecurrentShape(cell: .gru, inputSize: 3, hiddenSize: 8),
            DenseLayer(inputs: 8, outputs: 16, activation: .tanh),
            DenseLayer(inputs: 16, outputs: 2),
        ], generator: &generator)
    }

    @Test("The file reads back to the same vector; a float64 or misshapen tensor is named")
    func roundTrip() throws {
        let network = try Self.network()
        var file = SafeTensors()
        file.add(network, values: network.parameters, prefix: "model")
        #expect(Set(file.tensors.keys) == ["model.0.weight_ih_l0", "model.0.weight_hh_l0", "model.0.bias_ih_l0",
                                           "model.0.bias_hh_l0", "model.1.weight", "model.1.bias", "model.3.weight", "model.3.bias"])
        let reread = try SafeTensors(bytes: file.serialized())
        #expect(try reread.vector(of: network, prefix: "model") == network.parameters)
        var wrong = reread
        wrong.tensors["model.1.bias"] = .init([Double](repeating: 0, count: 16))
        #expect(throws: NetworkShapeError("tensor 'model.1.bias' does not hold 16 float32 values")) {
            try wrong.vector(of: network, prefix: "model")
        }
        wrong.tensors["model.0.weight_hh_l0"] = .init([Float](repeating: 0, count: 24 * 8), shape: [8, 24])
        #expect(throws: NetworkShapeError("tensor 'model.0.weight_hh_l0' has shape [8, 24], expected [24, 8]")) {
            try wrong.vector(of: network, prefix: "model")
        }
    }

    @Test("NumPy reproduces every step from the file alone, with PyTorch's GRU and Linear formulas")
    func numpyReproducesSteps() throws {
        let network = try Self.network()
        var generator = RandomGenerator(seed: 32)
        let steps = 10, inputs = (0..<steps).map { _ in (0..<3).map { _ in generator.uniform(-2, 2) } }
        var state = [Float](repeating: 0, count: network.stateWidth), output = [Float](repeating: 0, count: 2)
        var expected = [[Float]]()
        for input in inputs {
            network.deployedStep(input, state: &state, output: &output)
            expected.append(output)
        }

        let toolchain = try CToolchain()
        defer { toolchain.remove() }
        var file = SafeTensors()
        file.add(network, values: network.parameters, prefix: "model")
        try Data(file.serialized()).write(to: toolchain.directory.appendingPathComponent("model.safetensors"))
        try toolchain.write(String(decoding: try JSONEncoder().encode(inputs), as: UTF8.self), to: "inputs.json")
        let script = """
            import json
            import numpy as np
            from safetensors.numpy import load_file
            t = {k: v.astype(np.float64) for k, v in load_file("model.safetensors").items()}
            sigmoid = lambda v: 1.0 / (1.0 + np.exp(-v))
            h = np.zeros(8)
            outputs = []
            for x in json.load(open("inputs.json")):
                a = t["model.0.weight_ih_l0"] @ np.asarray(x) + t["model.0.bias_ih_l0"]
                b = t["model.0.weight_hh_l0"] @ h + t["model.0.bias_hh_l0"]
                r, z = sigmoid(a[:8] + b[:8]), sigmoid(a[8:16] + b[8:16])
                n = np.tanh(a[16:] + r * b[16:])
                h = (1 - z) * n + z * h
                y = np.tanh(t["model.1.weight"] @ h + t["model.1.bias"])
                outputs.append(list(t["model.3.weight"] @ y + t["model.3.bias"]))
            print(json.dumps(outputs))
            """
        try toolchain.write(script, to: "reproduce.py")
        let python = PolicyTensorsTests.repository.appendingPathComponent(".build/test-python/bin/python").path
        let found = try JSONDecoder().decode([[Double]].self, from: Data(try toolchain.run([python, "reproduce.py"]).utf8))
        try #require(found.count == steps)
        for (values, wanted) in zip(found, expected) {
            for (value, want) in zip(values, wanted) { #expect(abs(value - Double(want)) <= 1e-5, "\(values) vs \(wanted)") }
        }
    }
}
