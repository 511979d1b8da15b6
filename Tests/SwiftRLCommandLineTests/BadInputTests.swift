import Foundation
import SwiftRL
import Testing

/// The bad inputs of the hardening issue's table: each ends with one `error:` line and a non-zero
/// exit, quickly, and leaves the files it was given as they were.
@Suite("Bad input is refused with one line")
struct BadInputTests {
    /// Runs `swiftrl arguments…` in `directory` and expects one `error:` line containing `fragment`,
    /// a non-zero exit, and an answer within 2 seconds.
    private func expectRefusal(_ arguments: [String], in directory: URL, containing fragment: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let start = ContinuousClock.now
        let result = try SwiftRLProcess.run(arguments, in: directory)
        let elapsed = ContinuousClock.now - start
        #expect(result.status == 1, "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.errorLines.count == 1 && result.standardError.hasPrefix("error: "),
                "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains(fragment), "\(arguments): \(result.standardError)",
                sourceLocation: sourceLocation)
        #expect(elapsed < .seconds(2), "\(arguments) took \(elapsed)", sourceLocation: sourceLocation)
    }

    private func trainedRun(in directory: URL, _ extra: [String] = []) throws -> RunDirectory {
        let result = try SwiftRLProcess.run(["train", "--run-dir", "run", "--quiet"] + FastRun.arguments + extra,
                                            in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        return RunDirectory(path: directory.appendingPathComponent("run").path)
    }

    private func replace(_ old: String, with new: String, in url: URL) throws {
        let text = try contents(of: url)
        #expect(text.contains(old), "\(url.lastPathComponent) lacks \(old)")
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
    }

    @Test func editedPolicyShapeIsRefusedByEvalAndExport() throws {
        try withTemporaryDirectory { directory in
            let run = try trainedRun(in: directory)
            let policy = try contents(of: run.policyURL)
            let widened = policy.replacingOccurrences(of: "\"hiddenSizes\" : [\n          8\n", with: "\"hiddenSizes\" : [\n          80\n")
            #expect(widened != policy)
            try Data(widened.utf8).write(to: run.policyURL)
            for command in [["eval", "--run-dir", "run"], ["export", "--run-dir", "run"]] {
                try expectRefusal(command, in: directory, containing: "need")
            }
        }
    }

    @Test func editedCheckpointIsRefusedAndKept() throws {
        try withTemporaryDirectory { directory in
            let run = try trainedRun(in: directory, ["--set", "checkpoint_interval=100"])
            let checkpoint = try run.checkpointStore.latest().appendingPathComponent("checkpoint.json")
            try replace("\"environment_steps\" : 300", with: "\"environment_steps\" : 250", in: checkpoint)
            let edited = try contents(of: checkpoint)
            try expectRefusal(["train", "--resume", "run"], in: directory, containing: "checksum")
            #expect(try contents(of: checkpoint) == edited)
        }
    }

    /// A damaged row of `metrics.csv` is refused rather than dropped when the run resumes.
    @Test func damagedMetricsAreRefusedOnResume() throws {
        try withTemporaryDirectory { directory in
            let run = try trainedRun(in: directory, ["--set", "checkpoint_interval=100"])
            var lines = try contents(of: run.metricsURL).split(separator: "\n").map(String.init)
            lines[2] = "x" + lines[2]
            let damaged = lines.joined(separator: "\n") + "\n"
            try Data(damaged.utf8).write(to: run.metricsURL)
            try expectRefusal(["train", "--resume", "run"], in: directory, containing: "metrics.csv': line 3:")
            #expect(try contents(of: run.metricsURL) == damaged)
        }
    }

    @Test func editedHeaderDimensionIsRefused() throws {
        try withTemporaryDirectory { directory in
            _ = try trainedRun(in: directory)
            #expect(try SwiftRLProcess.run(["export", "--run-dir", "run", "--output", "p.h"], in: directory).status == 0)
            try replace("#define swiftrl_policy_INPUT_DIM 3", with: "#define swiftrl_policy_INPUT_DIM 4",
                        in: directory.appendingPathComponent("p.h"))
            try expectRefusal(["eval", "--policy", "p.h"], in: directory, containing: "policy header")
        }
    }

    @Test func oversizedHeaderIsRefusedBeforeReading() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("big.h")
            #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: 1 << 30)
            try handle.close()
            try expectRefusal(["eval", "--policy", "big.h"], in: directory, containing: "more than")
        }
    }

    @Test(arguments: [
        (["--set", "actor.hidden_sizes=[100000,100000]"], "actor.hidden_sizes"),
        (["--set", "batch_size=100000000", "--set", "replay_capacity=100000000", "--steps", "100000000"], "needs about"),
        (["--max-memory", "1MiB"], "1.0 MiB available"),
        (["--steps", "200", "--set", "batch_size=500"], "no update would ever run"),
        (["--set", "optimizer.epsilon=.inf"], "optimizer.epsilon"),
        (["--set", "gamma=!!str 0.5"], "found the string '0.5'"),
    ])
    func unusableConfigurationsAreRefused(arguments: [String], fragment: String) throws {
        try withTemporaryDirectory { directory in
            try expectRefusal(["train", "--run-dir", "run", "--quiet"] + arguments, in: directory, containing: fragment)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("run").path))
        }
    }

    /// Aliases expanded inside a mapping key cost exponential time in a YAML parser that compares
    /// keys; they are refused before parsing the real document. A plain billion-laughs value is
    /// refused by the expansion budget.
    @Test(arguments: [true, false])
    func yamlBombsAreRefusedQuickly(inKey: Bool) throws {
        try withTemporaryDirectory { directory in
            var lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
            let names = "bcdefghijkl".map(String.init)
            for (previous, name) in zip(["a"] + names, names) {
                lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
            }
            lines.append(inKey ? "? *l\n: 1" : "z: *l")
            try Data(lines.joined(separator: "\n").utf8).write(to: directory.appendingPathComponent("bomb.yaml"))
            try expectRefusal(["train", "--config", "bomb.yaml", "--run-dir", "run"], in: directory,
                              containing: inKey ? "not a plain name" : "aliases are expanded")
        }
    }

    /// A second `train --resume` of a directory that a first process is still training in is
    /// refused at once, and the first run ends as an uninterrupted run of the same configuration.
    @Test func aSecondWriterIsRefusedWhileTheFirstRunsOn() throws {
        try withTemporaryDirectory { directory in
            let arguments = ["--steps", "6000", "--threads", "1", "--quiet", "--set", "checkpoint_interval=1000",
                             "--set", "evaluation.interval=0"]
            let first = Process()
            first.executableURL = try SwiftRLProcess.executableURL()
            first.arguments = ["train", "--run-dir", "busy"] + arguments
            first.currentDirectoryURL = directory
            first.standardOutput = FileHandle.nullDevice
            try first.run()
            let configuration = directory.appendingPathComponent("busy/config.yaml")
            while !FileManager.default.fileExists(atPath: configuration.path) && first.isRunning {
                Thread.sleep(forTimeInterval: 0.01)
            }
            try expectRefusal(["train", "--resume", "busy"], in: directory, containing: "is in use by process \(first.processIdentifier)")
            #expect(first.isRunning, "the run should outlast the refused resume; make it longer")
            first.waitUntilExit()
            #expect(first.terminationStatus == 0)

            let reference = try SwiftRLProcess.run(["train", "--run-dir", "reference"] + arguments, in: directory)
            #expect(reference.status == 0)
            let policy = { (name: String) in try contents(of: directory.appendingPathComponent("\(name)/policy.json")) }
            #expect(try policy("busy") == policy("reference"))
        }
    }

    @Test func leftoverTemporaryFilesAreRemovedOnResume() throws {
        try withTemporaryDirectory { directory in
            let run = try trainedRun(in: directory, ["--set", "checkpoint_interval=100"])
            let leftovers = [run.url.appendingPathComponent(".metrics.csv.0000.tmp"),
                             run.checkpointStore.url.appendingPathComponent(".step-000000400.0000.tmp")]
            for leftover in leftovers { #expect(FileManager.default.createFile(atPath: leftover.path, contents: Data([1]))) }
            let resumed = try SwiftRLProcess.run(["train", "--resume", "run", "--quiet"], in: directory)
            #expect(resumed.status == 0, "\(resumed.standardError)")
            for leftover in leftovers { #expect(!FileManager.default.fileExists(atPath: leftover.path)) }
        }
    }

    /// `new/deeper` can be made, the next folder cannot (its name is too long): the folders made
    /// on the way are removed again.
    @Test func aFailedCreationLeavesNoFolders() throws {
        try withTemporaryDirectory { directory in
            let path = "new/deeper/" + String(repeating: "x", count: 300) + "/run"
            try expectRefusal(["train", "--run-dir", path] + FastRun.arguments, in: directory, containing: "cannot create")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("new").path))
        }
    }
}
