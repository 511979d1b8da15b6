import SwiftRLAlgorithms
import SwiftRLCheckpoint

/// A C program that includes several exported headers (one prefix each), evaluates every policy on
/// its observations and prints each action value's IEEE-754 bits in hex, one per line, then
/// `example-mismatches N`: how many values of the headers' own examples it did not reproduce. A
/// recurrent policy's observations run as one sequence from a reset state, and so do its examples.
struct CDriver {
    struct Case {
        var prefix: String
        var policy: DeterministicPolicy
        var observations: [[Float]]
    }

    var cases: [Case]

    /// Writes the headers and `driver.c` into the toolchain's directory.
    func write(to toolchain: CToolchain) throws {
        for item in cases {
            try toolchain.write(try TestPolicies.header(item.policy, prefix: item.prefix), to: "\(item.prefix).h")
        }
        try toolchain.write(source, to: "driver.c")
    }

    /// The actions SwiftRL computes, in the driver's output order.
    var expectedBits: [UInt32] {
        get throws {
            try cases.flatMap { item in
                var state = item.policy.initialState
                return try item.observations.flatMap { try item.policy.action(for: $0, state: &state).map(\.bitPattern) }
            }
        }
    }

    /// Splits the driver's output into action bits and the example mismatch count.
    static func parse(_ output: String) -> (bits: [UInt32], exampleMismatches: Int?) {
        var lines = output.split(whereSeparator: \.isNewline)
        let last = lines.popLast().flatMap { $0.hasPrefix("example-mismatches ") ? Int($0.dropFirst(19)) : nil }
        return (lines.compactMap { UInt32($0, radix: 16) }, last)
    }

    private var source: String {
        var text = "#include <stdint.h>\n#include <stdio.h>\n#include <string.h>\n"
        for item in cases { text += "#include \"\(item.prefix).h\"\n" }
        text += """

        static uint32_t bits(float x) { uint32_t u; memcpy(&u, &x, sizeof u); return u; }

        """
        for item in cases {
            let p = item.prefix
            let literals = item.observations.joined().map { HexFloat.literal($0)! }
            let recurrent = item.policy.memory != nil
            let (declaration, reset, state) = recurrent
                ? ("\n    \(p)_state state;", "\(p)_reset(&state);\n    ", "&state, ") : ("", "", "")
            text += """

            static const float \(p)_observations[\(literals.count)] = { \(literals.joined(separator: ", ")) };

            static int run_\(p)(void)
            {
                int i, j, mismatches = 0;
                float out[\(p)_OUTPUT_DIM];\(declaration)
                \(reset)for (i = 0; i < \(item.observations.count); ++i) {
                    \(p)_evaluate(\(state)\(p)_observations + i * \(p)_INPUT_DIM, out);
                    for (j = 0; j < \(p)_OUTPUT_DIM; ++j) printf("%08lx\\n", (unsigned long)bits(out[j]));
                }
                \(reset)for (i = 0; i < \(p)_EXAMPLE_COUNT; ++i) {
                    \(p)_evaluate(\(state)\(p)_example_input + i * \(p)_INPUT_DIM, out);
                    for (j = 0; j < \(p)_OUTPUT_DIM; ++j) {
                        if (bits(out[j]) != bits(\(p)_example_output[i * \(p)_OUTPUT_DIM + j])) ++mismatches;
                    }
                }
                return mismatches;
            }

            """
        }
        text += """

        int main(void)
        {
            int mismatches = 0;
        \(cases.map { "    mismatches += run_\($0.prefix)();\n" }.joined())    printf("example-mismatches %d\\n", mismatches);
            return 0;
        }

        """
        return text
    }
}
