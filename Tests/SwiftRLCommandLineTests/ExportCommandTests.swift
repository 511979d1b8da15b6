import Foundation
import SwiftRL
import Testing

@Suite("swiftrl export and eval --policy")
struct ExportCommandTests {
    @Test func exportWritesAHeaderThatEvalLoadsWithTheSameReturn() throws {
        try withTemporaryDirectory { directory in
            let trained = try SwiftRLProcess.run(["train", "--run-dir", "run", "--quiet"] + FastRun.arguments, in: directory)
            #expect(trained.status == 0, "stderr: \(trained.standardError)")
            let exported = try SwiftRLProcess.run(["export", "--run-dir", "run"], in: directory)
            #expect(exported.status == 0, "stderr: \(exported.standardError)")
            let header = try String(contentsOf: directory.appendingPathComponent("run/policy.h"), encoding: .utf8)
            #expect(header.contains("swiftrl-steps: 300\n"))
            let named = try SwiftRLProcess.run(["export", "--run-dir", "run", "--output", "p.h", "--name", "pendulum"],
                                               in: directory)
            #expect(named.status == 0)
            let saved = try Policy(headerAt: directory.appendingPathComponent("p.h"))
            #expect(saved.prefix == "pendulum")

            let fromHeader = try SwiftRLProcess.run(["eval", "--policy", "run/policy.h", "--episodes", "2"], in: directory)
            let fromRun = try SwiftRLProcess.run(["eval", "--run-dir", "run", "--episodes", "2"], in: directory)
            #expect(fromHeader.status == 0, "stderr: \(fromHeader.standardError)")
            let returns = { (output: String) in output.split(separator: ":").last.map(String.init) }
            #expect(returns(fromHeader.standardOutput) == returns(fromRun.standardOutput))

            try String(header.prefix(header.count / 2)).write(to: directory.appendingPathComponent("cut.h"),
                                                             atomically: true, encoding: .utf8)
            for arguments in [["eval", "--policy", "cut.h"], ["export", "--run-dir", "run", "--name", "9x"],
                              ["eval", "--policy", "missing.h"], ["eval"]] {
                let failed = try SwiftRLProcess.run(arguments, in: directory)
                #expect(failed.status != 0)
                #expect(failed.errorLines.count == 1 && failed.standardError.hasPrefix("error: "),
                        "\(arguments): \(failed.standardError)")
            }
        }
    }
}
