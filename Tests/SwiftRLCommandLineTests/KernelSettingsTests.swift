import Foundation
import Testing

/// `swiftrl info`, `SWIFTRL_KERNELS` and `--threads` from the command line.
@Suite("Kernel settings on the command line")
struct KernelSettingsTests {
    @Test("swiftrl info names the CPU's variant, and SWIFTRL_KERNELS caps the selected one")
    func info() throws {
        try withTemporaryDirectory { directory in
            let plain = try SwiftRLProcess.run(["info"], in: directory, environment: ["SWIFTRL_KERNELS": ""])
            #expect(plain.status == 0, "stderr: \(plain.standardError)")
            let lines = plain.standardOutput.split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("cores:") })
            let supported = try #require(lines.first { $0.hasPrefix("kernels supported:") })
            #expect(["portable", "avx2", "avx512"].contains { supported.hasSuffix(" \($0)") })

            let capped = try SwiftRLProcess.run(["info"], in: directory, environment: ["SWIFTRL_KERNELS": "portable"])
            #expect(capped.status == 0)
            #expect(capped.standardOutput.contains("kernels selected:   portable (SWIFTRL_KERNELS=portable)"))
        }
    }

    @Test("An unknown SWIFTRL_KERNELS value is one error line, for info and train", arguments: [["info"], ["train"]])
    func invalidVariant(arguments: [String]) throws {
        try withTemporaryDirectory { directory in
            let result = try SwiftRLProcess.run(arguments, in: directory, environment: ["SWIFTRL_KERNELS": "sse4"])
            #expect(result.status != 0)
            #expect(result.errorLines == ["error: SWIFTRL_KERNELS must be avx512, avx2 or portable, got 'sse4'"])
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("runs").path))
        }
    }

    @Test("The same run with SWIFTRL_KERNELS=portable and 3 threads writes the same metrics and policy")
    func sameBitsWithEverySetting() throws {
        try withTemporaryDirectory { directory in
            var outputs = [[String]]()
            for (variant, threads) in [("", "1"), ("portable", "3")] {
                let name = "run-\(threads)"
                let result = try SwiftRLProcess.run(
                    ["train", "--run-dir", name, "--quiet", "--threads", threads] + FastRun.arguments, in: directory,
                    environment: ["SWIFTRL_KERNELS": variant])
                #expect(result.status == 0, "stderr: \(result.standardError)")
                let run = directory.appendingPathComponent(name)
                let metrics = try contents(of: run.appendingPathComponent("metrics.csv")).split(separator: "\n").map { line in
                    var cells = line.split(separator: ",", omittingEmptySubsequences: false)
                    cells.remove(at: 1)  // wall_seconds
                    return cells.joined(separator: ",")
                }
                outputs.append(metrics + [try contents(of: run.appendingPathComponent("policy.json"))])
            }
            #expect(outputs[0].count > 2)
            #expect(outputs[0] == outputs[1])
        }
    }

    @Test("--threads outside 1…1024 is one error line", arguments: ["0", "1025"])
    func threadCount(value: String) throws {
        try withTemporaryDirectory { directory in
            let result = try SwiftRLProcess.run(["train", "--threads", value], in: directory)
            #expect(result.status != 0)
            #expect(result.standardError.contains("--threads must be between 1 and 1024, got \(value)"))
        }
    }
}
