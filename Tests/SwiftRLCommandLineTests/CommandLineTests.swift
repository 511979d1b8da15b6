import Foundation
import Testing

@Suite("swiftrl executable")
struct CommandLineTests {
    /// Runs `swiftrl train` with the fast settings into `directory/<name>`.
    private func train(_ name: String, in directory: URL, _ extra: [String] = []) throws -> CommandResult {
        try SwiftRLProcess.run(["train", "--run-dir", name, "--quiet"] + FastRun.arguments + extra, in: directory)
    }

    /// `metrics.csv` without its `wall_seconds` column.
    private func metricsWithoutWallTime(_ url: URL) throws -> [String] {
        try contents(of: url).split(separator: "\n").map { line in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false)
            cells.remove(at: 1)
            return cells.joined(separator: ",")
        }
    }

    /// Expects a failing exit and exactly one line on standard error, `error: ` and `fragment`.
    private func expectOneLineError(_ result: CommandResult, containing fragment: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(result.errorLines.count == 1, "stderr: \(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.hasPrefix("error: "), sourceLocation: sourceLocation)
        #expect(result.standardError.contains(fragment), "stderr: \(result.standardError)", sourceLocation: sourceLocation)
    }

    @Test func trainPrintsTheResultAndWritesTheRunDirectory() throws {
        try withTemporaryDirectory { directory in
            let result = try train("run", in: directory)
            #expect(result.status == 0, "stderr: \(result.standardError)")
            #expect(result.standardError.isEmpty)
            let line = try #require(result.standardOutput.split(separator: "\n").last)
            #expect(line.hasPrefix("SAC on Pendulum-v1, seed 1: 300 steps in "))
            #expect(line.contains("; evaluation over 1 episodes: "))
            #expect(line.hasSuffix("; run directory run"))
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("run").path)
            #expect(Set(files) == [".lock", "checkpoints", "config.yaml", "metrics.csv", "policy.json", "summary.json"])
        }
    }

    @Test func progressLinesWhenNotATerminal() throws {
        try withTemporaryDirectory { directory in
            let result = try SwiftRLProcess.run(["train", "--run-dir", "run"] + FastRun.arguments, in: directory)
            let lines = result.standardOutput.split(separator: "\n")
            #expect(lines.count == 4)
            #expect(lines.first?.hasPrefix("step 100/300  ") == true)
            #expect(lines[1].contains("episode return ") && lines[1].contains(" eval "))
        }
    }

    @Test func defaultRunDirectoryIsCreatedUnderRuns() throws {
        try withTemporaryDirectory { directory in
            let result = try SwiftRLProcess.run(["train", "--quiet"] + FastRun.arguments, in: directory)
            #expect(result.status == 0, "stderr: \(result.standardError)")
            let runs = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("runs").path)
            #expect(runs.count == 1)
            #expect(runs.first?.hasPrefix("sac-Pendulum-v1-") == true)
        }
    }

    @Test func sameSeedGivesIdenticalMetricsAndPolicy() throws {
        try withTemporaryDirectory { directory in
            for name in ["first", "second"] {
                #expect(try train(name, in: directory, ["--seed", "3"]).status == 0)
            }
            let first = directory.appendingPathComponent("first"), second = directory.appendingPathComponent("second")
            let metrics = try metricsWithoutWallTime(first.appendingPathComponent("metrics.csv"))
            #expect(metrics.count == 5)
            #expect(metrics == (try metricsWithoutWallTime(second.appendingPathComponent("metrics.csv"))))
            #expect(try Data(contentsOf: first.appendingPathComponent("policy.json"))
                == Data(contentsOf: second.appendingPathComponent("policy.json")))
        }
    }

    @Test func evalRunsTheSavedPolicyAndRejectsATruncatedOne() throws {
        try withTemporaryDirectory { directory in
            #expect(try train("run", in: directory).status == 0)
            let evaluation = try SwiftRLProcess.run(["eval", "--run-dir", "run", "--episodes", "2", "--seed", "5"], in: directory)
            #expect(evaluation.status == 0, "stderr: \(evaluation.standardError)")
            #expect(evaluation.standardOutput.hasPrefix("SAC policy on Pendulum-v1 (trained with seed 1): evaluation over 2 episodes from seed 5: "))

            expectOneLineError(try SwiftRLProcess.run(["eval", "--run-dir", "run", "--episodes", "0"], in: directory),
                               containing: "--episodes must be a positive integer")

            let policy = directory.appendingPathComponent("run/policy.json")
            let data = try Data(contentsOf: policy)
            try data.prefix(data.count / 2).write(to: policy)
            expectOneLineError(try SwiftRLProcess.run(["eval", "--run-dir", "run"], in: directory),
                               containing: "policy.json': not a valid saved policy")
            expectOneLineError(try SwiftRLProcess.run(["eval", "--run-dir", "missing"], in: directory),
                               containing: "policy.json': no such file")
        }
    }

    @Test func existingRunDirectoryIsRefused() throws {
        try withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("taken"), withIntermediateDirectories: false)
            expectOneLineError(try train("taken", in: directory), containing: "run directory 'taken' already exists")
        }
    }

    @Test(arguments: [
        (["--set", "actor.hiden_sizes=[64]"], "unknown configuration key 'actor.hiden_sizes' (did you mean 'actor.hidden_sizes'?)"),
        (["--set", "batch_size=abc"], "wrong type for 'batch_size': expected an integer, found 'abc'"),
        (["--set", "gamma=2"], "invalid value 2.0 for 'gamma': must be in [0, 1]"),
        (["--algorithm", "a2c"], "unknown algorithm 'a2c' (available: sac, td3, ppo)"),
        (["--env", "Nope-v0"], "unknown environment 'Nope-v0' (available: Pendulum-v1, "),
        (["--env", "CartPole-v1"], "SAC needs continuous (Box) actions, but CartPole-v1 has Discrete(2)"),
        (["--config", "missing.yaml"], "cannot read configuration 'missing.yaml': no such file"),
    ])
    func configurationErrorsAreOneLine(arguments: [String], message: String) throws {
        try withTemporaryDirectory { directory in
            let result = try SwiftRLProcess.run(["train", "--run-dir", "run"] + arguments, in: directory)
            expectOneLineError(result, containing: message)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("run").path))
        }
    }

    @Test func usageErrorsAreOneLine() throws {
        try withTemporaryDirectory { directory in
            for arguments in [["train", "--steps", "many"], ["fly"], ["train", "--bogus"], ["train", "--max-memory", "12x"],
                              ["train", "--resume", "run", "--steps", "3"]] {
                let result = try SwiftRLProcess.run(arguments, in: directory)
                #expect(result.status == 64, "\(arguments)")
                #expect(result.errorLines.count == 1 && result.standardError.hasPrefix("error: "),
                        "\(arguments): \(result.standardError)")
            }
            let help = try SwiftRLProcess.run(["train", "--help"], in: directory)
            #expect(help.status == 0 && help.standardOutput.contains("USAGE: swiftrl train"))
        }
    }

    @Test func envsListsTheBuiltInEnvironments() throws {
        try withTemporaryDirectory { directory in
            let result = try SwiftRLProcess.run(["envs"], in: directory)
            #expect(result.status == 0)
            let lines = result.standardOutput.split(separator: "\n")
            #expect(lines.first?.hasPrefix("NAME") == true)
            for name in ["Pendulum-v1", "MountainCarContinuous-v0", "CartPole-v1", "Acrobot-v1", "MountainCar-v0"] {
                #expect(lines.contains { $0.hasPrefix(name + " ") })
            }
            #expect(lines.contains { $0.hasPrefix("CartPole-v1") && $0.contains("Discrete(2)") && $0.contains("500") })
        }
    }
}
