import SwiftRLCheckpoint
import Testing

@Suite("Exported header contents")
struct HeaderContentsTests {
    @Test("self-contained: include guard, defines, version marker, no allocation, stdio or mutable globals")
    func selfContained() throws {
        let header = try TestPolicies.header(TestPolicies.sac(), prefix: "pendulum")
        #expect(header.hasPrefix("/* swiftrl-header-version: 1 */\n"))
        #expect(header.contains("#ifndef pendulum_H_INCLUDED\n#define pendulum_H_INCLUDED\n"))
        #expect(header.hasSuffix("#endif /* pendulum_H_INCLUDED */\n"))
        #expect(header.contains("#define pendulum_INPUT_DIM 3\n"))
        #expect(header.contains("#define pendulum_OUTPUT_DIM 1\n"))
        #expect(header.contains("static inline void pendulum_evaluate(const float *input, float *output)"))
        #expect(header.contains("static const float pendulum_example_input[12] pendulum_UNUSED = {"))
        #expect(header.contains("static const float pendulum_example_output[4] pendulum_UNUSED = {"))
        #expect(header.contains("extern \"C\" {"))
        let includes = header.split(separator: "\n").filter { $0.hasPrefix("#include") }
        #expect(includes == ["#include <math.h>"])
        for banned in ["malloc", "stdio", "printf", "free(", "static float", "\nfloat "] {
            #expect(!header.contains(banned), "\(banned)")
        }
    }

    @Test("the comment block says what was trained and how to call it")
    func comment() throws {
        let header = try TestPolicies.header(TestPolicies.sac())
        #expect(header.contains("Trained with SAC on Pendulum-v1, seed 7, 300 environment steps; evaluation return -1234.5"))
        #expect(header.contains("Network: 3 -> 64 (relu) -> 64 (relu) -> 2 (identity), 4546 float32 parameters."))
        #expect(header.contains("swiftrl_policy_evaluate(observation, action);"))
        #expect(header.contains("tanh of the first 1 outputs"))
    }

    @Test("a network without tanh needs no header at all")
    func noMathWithoutTanh() throws {
        let policy = TestPolicies.td3()
        let relu = DeterministicPolicyBuilder.replacingOutputActivation(of: policy, with: .identity)
        let header = try TestPolicies.header(relu)
        #expect(!header.split(separator: "\n").contains { $0.hasPrefix("#include") })
        #expect(!header.contains("tanhf("))
    }

    @Test("prefixes must be C identifiers")
    func invalidPrefix() {
        for prefix in ["", "1policy", "my-policy", "a b", "pölicy"] {
            #expect(throws: ExportError.invalidPrefix(prefix)) {
                try CHeaderExporter(prefix: prefix, metadata: TestPolicies.metadata)
            }
        }
        #expect(throws: Never.self) { try CHeaderExporter(prefix: "_Policy_2", metadata: TestPolicies.metadata) }
    }

    @Test("non-finite weights and wrong example sizes are refused with a clear error")
    func invalidPolicies() throws {
        var policy = TestPolicies.td3()
        policy.network.parameters[5] = .nan
        #expect(throws: ExportError.nonFiniteValue(name: "layer0_weights", index: 5)) {
            try TestPolicies.header(policy)
        }
        let exporter = try CHeaderExporter(metadata: TestPolicies.metadata, exampleInputs: [[1, 2]])
        #expect(throws: ExportError.exampleInputSize(expected: 11, found: 2)) {
            try exporter.header(for: TestPolicies.td3())
        }
    }
}
