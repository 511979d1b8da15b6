import Foundation
import SwiftRL
import SwiftRLCheckpoint
import Testing

/// `checkpoint_interval` and `swiftrl train --resume`.
@Suite("Checkpoints and resuming")
struct ResumeTests {
    /// Fast runs whose replay capacity does not depend on `steps`, so a run stopped early has the
    /// same state as a longer one at the same step.
    private static let settings = ["replay_capacity=150", "checkpoint_interval=100"]

    private func train(_ steps: Int, into path: String) throws -> RunDirectory {
        let configuration = try FastRun.configuration(Self.settings + ["steps=\(steps)"])
        let directory = try RunDirectory.create(at: path)
        _ = try Trainer(configuration: configuration, session: try configuration.makeSession(), directory: directory).run()
        return directory
    }

    /// Strips the `wall_seconds` column, the one that may differ between runs.
    private func metricsWithoutTimes(_ directory: RunDirectory) throws -> [String] {
        try contents(of: directory.metricsURL).split(separator: "\n").map { line in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false)
            cells.remove(at: 1)
            return cells.joined(separator: ",")
        }
    }

    /// The interrupted run is simulated deterministically: a run of 200 steps (its final checkpoint
    /// is the one a 300-step run writes at step 200) whose `config.yaml` then asks for 300 steps.
    @Test func resumedRunEndsBitIdenticalToUninterruptedRun() throws {
        try withTemporaryDirectory { root in
            let whole = try train(300, into: root.appendingPathComponent("whole").path)
            let interrupted = try train(200, into: root.appendingPathComponent("interrupted").path)
            let configuration = try FastRun.configuration(Self.settings + ["steps=300"])
            try Data(configuration.yaml().utf8).write(to: interrupted.configurationURL)
            #expect(try interrupted.checkpointStore.latest().lastPathComponent == "step-000000200")

            let result = try SwiftRLProcess.run(["train", "--resume", interrupted.path, "--quiet", "--threads", "1"], in: root)
            #expect(result.status == 0, "\(result.standardError)")

            let tensors = { (run: RunDirectory) in
                try Data(contentsOf: run.checkpointStore.latest().appendingPathComponent(Checkpoint.tensorsFileName))
            }
            #expect(try interrupted.checkpointStore.latest().lastPathComponent == "step-000000300")
            #expect(try tensors(interrupted) == tensors(whole))
            #expect(try Data(contentsOf: interrupted.policyURL) == Data(contentsOf: whole.policyURL))
            #expect(try metricsWithoutTimes(interrupted) == metricsWithoutTimes(whole))
            let summary = { (run: RunDirectory) in try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: run.summaryURL)) }
            #expect(try summary(interrupted).evaluation == summary(whole).evaluation)
            #expect(try summary(interrupted).episodes == summary(whole).episodes)
        }
    }

    @Test func checkpointIntervalKeepsTheLatestCheckpoint() throws {
        try withTemporaryDirectory { root in
            let run = try train(300, into: root.appendingPathComponent("run").path)
            let names = try FileManager.default.contentsOfDirectory(atPath: run.checkpointStore.url.path)
            #expect(names == ["step-000000300"])
            #expect(try Checkpoint.loadPolicy(from: run.checkpointStore.latest()) == SavedPolicy.load(from: run.policyURL).policy)
        }
    }

    @Test func resumeErrorsAreOneLine() throws {
        try withTemporaryDirectory { root in
            let run = try train(100, into: root.appendingPathComponent("run").path)
            let tensors = try run.checkpointStore.latest().appendingPathComponent(Checkpoint.tensorsFileName)
            var bytes = try Data(contentsOf: tensors)
            bytes.removeLast(64)
            try bytes.write(to: tensors)
            let truncated = try SwiftRLProcess.run(["train", "--resume", run.path], in: root)
            #expect(truncated.status != 0)
            #expect(truncated.errorLines == ["error: checkpoint file '\(tensors.path)' is truncated"])

            let missing = try SwiftRLProcess.run(["train", "--resume", "nowhere"], in: root)
            #expect(missing.status != 0 && missing.errorLines.count == 1)
            #expect(missing.standardError.hasPrefix("error: cannot read configuration '")
                    && missing.standardError.contains("nowhere/config.yaml': no such file"))

            let combined = try SwiftRLProcess.run(["train", "--resume", run.path, "--steps", "500"], in: root)
            #expect(combined.status != 0 && combined.standardError.contains("--resume takes its settings"))
        }
    }

    @Test func checkpointKeysAreValidated() throws {
        #expect(throws: ConfigurationError.invalidValue(key: "checkpoint_interval", value: "-1", requirement: "0 or more")) {
            try FastRun.configuration(["checkpoint_interval=-1"])
        }
        let configuration = try FastRun.configuration(["checkpoint_replay_buffer=false"])
        #expect(!configuration.checkpointReplayBuffer && configuration.checkpointInterval == 0)
        #expect(try configuration.yaml().contains("\ncheckpoint_interval: 0\ncheckpoint_replay_buffer: false\nstop_conditions: []\n"))
    }
}
