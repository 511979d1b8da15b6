import Foundation
import Testing

/// The C kernels give the same bits on every CPU: `CrossArchitecture/kernel_bits.c` runs them on
/// fixed inputs and prints a hash of the outputs per group, built for the host with each
/// `SWIFTRL_KERNELS` variant, and for 64-bit and 32-bit ARM Linux (clang, run under qemu).
/// `scripts/install-test-dependencies.sh` installs the cross toolchains and qemu.
@Suite("Kernels across architectures", .serialized)
struct CrossArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let kernels = root.appendingPathComponent("../../Sources/SwiftRLKernels").standardized
    static let driver = root.appendingPathComponent("CrossArchitecture/kernel_bits.c")

    /// A scratch directory per build.
    static func scratch(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftrl-kernel-bits-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static var sources: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: kernels.path)) ?? []
        return files.filter { $0.hasSuffix(".c") }.sorted().map { kernels.appendingPathComponent($0).path } + [driver.path]
    }

    static var includes: [String] { ["-I", kernels.appendingPathComponent("include").path, "-I", kernels.path] }

    /// The host build, compiled once.
    static let hostBinary = Result<String, any Error> {
        let binary = try scratch("host").appendingPathComponent("kernel_bits").path
        _ = try run("clang", ["-O2", "-Wall", "-Wextra", "-Werror"] + includes + sources + ["-o", binary, "-lm"])
        return binary
    }

    /// The host build's output with `SWIFTRL_KERNELS=variant`.
    static func hostOutput(variant: String) throws -> String {
        try run(try hostBinary.get(), [], environment: ["SWIFTRL_KERNELS": variant])
    }

    /// The output of a static build for `triple`, compiled by clang and linked by the triple's gcc, under `emulator`.
    static func crossOutput(triple: String, emulator: String, flags: [String] = []) throws -> String {
        let directory = try scratch(triple)
        var objects = [String]()
        for (index, source) in sources.enumerated() {
            let object = directory.appendingPathComponent("\(index).o").path
            _ = try run("clang", ["--target=\(triple)", "--sysroot=/usr/\(triple)", "-isystem", "/usr/\(triple)/include",
                                  "-O2", "-Wall", "-Wextra", "-Werror"] + flags + includes + ["-c", source, "-o", object])
            objects.append(object)
        }
        let binary = directory.appendingPathComponent("kernel_bits").path
        _ = try run("\(triple)-gcc", ["-static"] + objects + ["-o", binary, "-lm"])
        return try run(emulator, [binary])
    }

    @Test("Every x86-64 variant prints the same hashes")
    func hostVariants() throws {
        let portable = try Self.hostOutput(variant: "portable")
        #expect(portable.split(separator: "\n").count == 5)
        #expect(try Self.hostOutput(variant: "avx2") == portable)
        #expect(try Self.hostOutput(variant: "avx512") == portable)
    }

    @Test("64-bit ARM (NEON, qemu-aarch64) prints the host's hashes")
    func arm64() throws {
        #expect(try Self.crossOutput(triple: "aarch64-linux-gnu", emulator: "qemu-aarch64")
                == Self.hostOutput(variant: "portable"))
    }

    @Test("32-bit ARM (armv7 hard float, qemu-arm) prints the host's hashes")
    func arm32() throws {
        #expect(try Self.crossOutput(triple: "arm-linux-gnueabihf", emulator: "qemu-arm")
                == Self.hostOutput(variant: "portable"))
    }
}

/// Why a command of these tests failed.
struct CommandError: Error, CustomStringConvertible {
    let command: String
    let status: Int32
    let output: String
    var description: String {
        "\(command) exited with \(status) (run scripts/install-test-dependencies.sh for missing tools): \(output)"
    }
}

/// Runs `tool` (looked up on PATH) and returns its output (standard output and error, in one pipe so
/// that neither can fill up while the other is read); throws on a non-zero exit.
func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw CommandError(command: ([tool] + arguments).joined(separator: " "), status: process.terminationStatus,
                           output: text)
    }
    return text
}
