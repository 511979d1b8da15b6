import Foundation
import SwiftRLCheckpoint
import SwiftRLCore
import SwiftRLNN
import Testing

/// A `Sequential`'s C functions, compiled as a user would, step for step equal to its deployed step.
@Suite("Sequential networks in C")
struct SequentialCExportTests {
    @Test("LSTM, ReLU, GRU, fast tanh and a narrow tanh layer: cc -std=c99 -O2 gives the deployed step's bits, state included")
    func compiledStepsMatch() throws {
        var generator = RandomGenerator(seed: 21)
        let network = try Sequential(layers: [
            RecurrentShape(cell: .lstm, inputSize: 3, hiddenSize: 6),
            DenseLayer(inputs: 6, outputs: 20, activation: .relu),
            RecurrentShape(cell: .gru, inputSize: 20, hiddenSize: 16),
            DenseLayer(inputs: 16, outputs: 17, activation: .fastTanh),
            DenseLayer(inputs: 17, outputs: 2, activation: .tanh),
        ], generator: &generator)
        let steps = 12, inputs = (0..<(steps * 3)).map { _ in generator.uniform(-3, 3) }

        var state = [Float](repeating: 0, count: network.stateWidth), output = [Float](repeating: 0, count: 2)
        var expected = [UInt32]()
        for t in 0..<steps {
            Array(inputs[(3 * t)..<(3 * t + 3)]).withUnsafeBufferPointer {
                network.deployedStep($0.baseAddress!, state: &state, output: &output)
            }
            expected += output.map(\.bitPattern)
        }
        expected += state.map(\.bitPattern)

        func literals(_ values: [Float]) -> String { values.map { HexFloat.literal($0)! }.joined(separator: ", ") }
        let source = """
            #include <math.h>
            #include <stdio.h>

            static const float net_parameters[\(network.parameterCount)] = { \(literals(network.parameters)) };

            \(network.cFunctions(prefix: "net", parameters: "net_parameters"))
            static const float inputs[\(inputs.count)] = { \(literals(inputs)) };

            int main(void)
            {
                float state[\(network.stateWidth)] = { 0 };
                float output[2];
                union { float f; unsigned int u; } bits;
                int t, j;
                for (t = 0; t < \(steps); ++t) {
                    net_step(state, inputs + 3 * t, output);
                    for (j = 0; j < 2; ++j) { bits.f = output[j]; printf("%08x\\n", bits.u); }
                }
                for (j = 0; j < \(network.stateWidth); ++j) { bits.f = state[j]; printf("%08x\\n", bits.u); }
                return 0;
            }

            """
        let toolchain = try CToolchain()
        defer { toolchain.remove() }
        try toolchain.write(source, to: "network.c")
        _ = try toolchain.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O2", "network.c", "-o", "network", "-lm"])
        let printed = try toolchain.run(["./network"]).split(separator: "\n").compactMap { UInt32($0, radix: 16) }
        #expect(printed == expected)
    }
}
