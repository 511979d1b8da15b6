import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import Testing

/// Compiles exported headers as a user would (host C and C++, Cortex-M4, 32-bit ARM Linux under
/// qemu) and compares every action with SwiftRL's own inference. Missing compilers fail these
/// tests; `scripts/install-test-dependencies.sh` installs them.
@Suite("Exported header compiles and matches SwiftRL", .serialized)
struct CCompileTests {
    /// Every test policy and a briefly trained SAC policy, each on 100 random observations plus zeros,
    /// negative zeros and large values.
    static let driver = CDriver(cases: (TestPolicies.all + TestPolicies.recurrent
                                        + [("sac_trained", TestPolicies.trainedSAC), ("ppo_trained", TestPolicies.trainedPPO)]).map {
        let dimension = $0.policy.observationDimension
        let special: [[Float]] = [.init(repeating: 0, count: dimension), .init(repeating: -0.0, count: dimension),
                                  (0..<dimension).map { $0 % 2 == 0 ? 1e4 : -1e4 }]
        return .init(prefix: $0.prefix, policy: $0.policy,
                     observations: special + TestPolicies.observations(dimension: dimension, count: 100))
    })

    /// Builds the driver with `compile` (the output binary must be `./driver`), runs it with `runner`
    /// and returns the parsed output.
    private func build(_ compile: [String], runner: [String] = []) throws -> (bits: [UInt32], exampleMismatches: Int?) {
        let toolchain = try CToolchain()
        defer { toolchain.remove() }
        try Self.driver.write(to: toolchain)
        try toolchain.run(compile)
        return CDriver.parse(try toolchain.run(runner + ["./driver"]))
    }

    @Test("cc -std=c99 -Wall -Wextra -Werror -pedantic: every action bit-identical", arguments: ["-O0", "-O2"])
    func hostC(optimization: String) throws {
        let result = try build(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", optimization,
                                "driver.c", "-o", "driver", "-lm"])
        #expect(try result.bits == Self.driver.expectedBits)
        #expect(result.exampleMismatches == 0)
    }

    @Test("cc -std=c99 -O3 -march=native (ISO mode, no contraction): bit-identical")
    func hostCNative() throws {
        let result = try build(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O3", "-march=native",
                                "driver.c", "-o", "driver", "-lm"])
        #expect(try result.bits == Self.driver.expectedBits)
    }

    @Test("c++ -std=c++17 -Wall -Werror: every action bit-identical")
    func hostCPlusPlus() throws {
        let result = try build(["c++", "-std=c++17", "-Wall", "-Wextra", "-Werror", "-O2", "-x", "c++", "driver.c",
                                "-o", "driver", "-lm"])
        #expect(try result.bits == Self.driver.expectedBits)
        #expect(result.exampleMismatches == 0)
    }

    @Test("32-bit ARM Linux (arm-linux-gnueabihf-gcc -static, qemu-arm): bit-identical")
    func armLinuxUnderQemu() throws {
        let result = try build(["arm-linux-gnueabihf-gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic",
                                "-O2", "-static", "driver.c", "-o", "driver", "-lm"], runner: ["qemu-arm"])
        let expected = try Self.driver.expectedBits
        try #require(result.bits.count == expected.count)
        for (found, wanted) in zip(result.bits, expected) {
            #expect(abs(Float(bitPattern: found) - Float(bitPattern: wanted)) <= 1e-6)
        }
        #expect(result.bits == expected)
        #expect(result.exampleMismatches == 0)
    }

    @Test("Cortex-M4 (arm-none-eabi-gcc, hard float): compiles, needs no symbol but tanhf (and expf, recurrent)")
    func cortexM4() throws {
        let toolchain = try CToolchain()
        defer { toolchain.remove() }
        var source = ""
        for (prefix, policy) in TestPolicies.all {
            try toolchain.write(try TestPolicies.header(policy, prefix: prefix), to: "\(prefix).h")
            source += "#include \"\(prefix).h\"\n"
            source += "void \(prefix)_step(const float *in, float *out);\n"
            source += "void \(prefix)_step(const float *in, float *out) { \(prefix)_evaluate(in, out); }\n"
        }
        for (prefix, policy) in TestPolicies.recurrent {
            try toolchain.write(try TestPolicies.header(policy, prefix: prefix), to: "\(prefix).h")
            source += "#include \"\(prefix).h\"\n"
            source += "void \(prefix)_step(\(prefix)_state *state, const float *in, float *out);\n"
            source += "void \(prefix)_step(\(prefix)_state *state, const float *in, float *out) { "
                + "\(prefix)_evaluate(state, in, out); }\n"
            source += "void \(prefix)_start(\(prefix)_state *state);\n"
            source += "void \(prefix)_start(\(prefix)_state *state) { \(prefix)_reset(state); }\n"
        }
        try toolchain.write(source, to: "firmware.c")
        try toolchain.run(["arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16",
                           "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O2", "-ffreestanding",
                           "-c", "firmware.c", "-o", "firmware.o"])
        let undefined = try toolchain.run(["arm-none-eabi-nm", "-u", "firmware.o"])
            .split(whereSeparator: \.isNewline).compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(Set(undefined).isSubset(of: ["tanhf", "expf"]), "undefined symbols: \(undefined)")
    }
}
