import Foundation
import SwiftRL
import Testing

/// `swiftrl train --algorithm ppo`, then `eval`, `export` and `--resume`, and stop conditions.
@Suite("swiftrl with PPO")
struct PPOCommandTests {
    private static let fast = ["--algorithm", "ppo", "--env", "CartPole-v1", "--steps", "2048", "--quiet",
                               "--set", "num_envs=4", "--set", "steps_per_env=128", "--set", "batch_size=128",
                               "--set", "epochs=2", "--set", "evaluation.interval=1024", "--set", "evaluation.episodes=2"]

    @Test func trainEvalAndExport() throws {
        try withTemporaryDirectory { directory in
            let train = try SwiftRLProcess.run(["train", "--run-dir", "run"] + Self.fast, in: directory)
            #expect(train.status == 0, "\(train.standardError)")
            #expect(train.standardOutput.contains("PPO on CartPole-v1, seed 1: 2048 steps in "))
            let run = RunDirectory(path: directory.appendingPathComponent("run").path)
            let header = try contents(of: run.metricsURL).split(separator: "\n").first.map(String.init)
            #expect(header?.hasSuffix(",returns/mean,losses/policy,losses/value,losses/entropy,monitors/kl_div,"
                + "monitors/clip_fraction,monitors/explained_variance,monitors/learning_rate,monitors/log_std,"
                + "profiling/collect_ms,profiling/update_ms") == true)
            let eval = try SwiftRLProcess.run(["eval", "--run-dir", "run", "--episodes", "2"], in: directory)
            #expect(eval.status == 0 && eval.standardOutput.contains("PPO policy on CartPole-v1"), "\(eval.standardError)")
            let export = try SwiftRLProcess.run(["export", "--run-dir", "run", "--output", "policy.h"], in: directory)
            #expect(export.status == 0, "\(export.standardError)")
            let text = try contents(of: directory.appendingPathComponent("policy.h"))
            #expect(text.contains("swiftrl-squashing: argmax") && text.contains("cast it with (int)output[0]"))
            let tensors = try SwiftRLProcess.run(["export", "--run-dir", "run", "--format", "safetensors"], in: directory)
            #expect(tensors.status == 0 && tensors.standardOutput.hasSuffix("run/policy.safetensors\n"), "\(tensors.standardError)")
            let bytes = try Data(contentsOf: directory.appendingPathComponent("run/policy.safetensors"))
            #expect(String(decoding: bytes.dropFirst(8).prefix(400), as: UTF8.self).contains("\"actor.0.weight\""))
            let reloaded = try SwiftRLProcess.run(["eval", "--policy", "policy.h", "--env", "CartPole-v1",
                                                   "--episodes", "2"], in: directory)
            #expect(reloaded.status == 0, "\(reloaded.standardError)")
            #expect(reloaded.standardOutput.split(separator: ":").last == eval.standardOutput.split(separator: ":").last)
        }
    }

    @Test func resumeEndsBitIdenticalToAnUninterruptedRun() throws {
        try withTemporaryDirectory { directory in
            let settings = Self.fast.filter { $0 != "2048" && $0 != "--steps" } + ["--set", "checkpoint_interval=512"]
            try Self.expectResumeEqualsWholeRun(settings, in: directory)
        }
    }

    /// Trains `whole` for 2,048 steps and `interrupted` for 1,024, resumes `interrupted` to 2,048 and
    /// expects the two to end with the same checkpoint tensors and policy.
    private static func expectResumeEqualsWholeRun(_ settings: [String], in directory: URL) throws {
        for (name, steps) in [("whole", "2048"), ("interrupted", "1024")] {
            let result = try SwiftRLProcess.run(["train", "--run-dir", name, "--steps", steps] + settings, in: directory)
            #expect(result.status == 0, "\(result.standardError)")
        }
        let interrupted = RunDirectory(path: directory.appendingPathComponent("interrupted").path)
        let whole = RunDirectory(path: directory.appendingPathComponent("whole").path)
        let configuration = try String(contentsOf: interrupted.configurationURL, encoding: .utf8)
            .replacingOccurrences(of: "steps: 1024", with: "steps: 2048")
        try configuration.write(to: interrupted.configurationURL, atomically: true, encoding: .utf8)
        let resumed = try SwiftRLProcess.run(["train", "--resume", "interrupted", "--quiet"], in: directory)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try checkpointTensors(interrupted) == checkpointTensors(whole))
        #expect(try Data(contentsOf: interrupted.policyURL) == Data(contentsOf: whole.policyURL))
    }

    private static func checkpointTensors(_ run: RunDirectory) throws -> Data {
        try Data(contentsOf: run.checkpointStore.latest().appendingPathComponent("tensors.safetensors"))
    }

    @Test func recurrentRunsResumeEvaluateAndExport() throws {
        try withTemporaryDirectory { directory in
            let settings = ["--algorithm", "ppo", "--env", "CartPoleNoVelocity-v1", "--quiet", "--set", "recurrent=gru",
                            "--set", "hidden_size=16", "--set", "seq_len=8", "--set", "num_envs=4", "--set", "steps_per_env=64",
                            "--set", "batch_size=64", "--set", "epochs=2", "--set", "evaluation.interval=512",
                            "--set", "evaluation.episodes=2", "--set", "checkpoint_interval=512"]
            try Self.expectResumeEqualsWholeRun(settings, in: directory)
            let whole = RunDirectory(path: directory.appendingPathComponent("whole").path)
            let configuration = try String(contentsOf: whole.configurationURL, encoding: .utf8)
            #expect(configuration.contains("recurrent: gru") && configuration.contains("seq_len: 8"))
            let bytes = try Self.checkpointTensors(whole)
            #expect(String(decoding: bytes.dropFirst(8).prefix(4000), as: UTF8.self).contains("\"actor_memory.weight_hh_l0\""))

            let eval = try SwiftRLProcess.run(["eval", "--run-dir", "whole", "--episodes", "2"], in: directory)
            #expect(eval.status == 0 && eval.standardOutput.contains("PPO policy on CartPoleNoVelocity-v1"), "\(eval.standardError)")
            let header = try SwiftRLProcess.run(["export", "--run-dir", "whole", "--output", "policy.h"], in: directory)
            #expect(header.status == 0, "\(header.standardError)")
            let text = try contents(of: directory.appendingPathComponent("policy.h"))
            #expect(text.contains("swiftrl-recurrent: gru 16") && text.contains("swiftrl_policy_reset(&state);"))
            let reloaded = try SwiftRLProcess.run(["eval", "--policy", "policy.h", "--episodes", "2"], in: directory)
            #expect(reloaded.status == 0, "\(reloaded.standardError)")
            #expect(reloaded.standardOutput.split(separator: ":").last == eval.standardOutput.split(separator: ":").last)
            let safetensors = try SwiftRLProcess.run(["export", "--run-dir", "whole", "--format", "safetensors"], in: directory)
            #expect(safetensors.status == 0, "\(safetensors.standardError)")
            let policyBytes = try Data(contentsOf: directory.appendingPathComponent("whole/policy.safetensors"))
            #expect(String(decoding: policyBytes.dropFirst(8).prefix(2000), as: UTF8.self).contains("\"memory.weight_ih_l0\""))
        }
    }

    @Test func aStopConditionEndsTheRunEarly() throws {
        try withTemporaryDirectory { directory in
            let result = try SwiftRLProcess.run(
                ["train", "--run-dir", "run"] + Self.fast.map { $0 == "2048" ? "100000" : $0 }
                    + ["--set", "stop_conditions=[{kind: upper_bound, metric: returns/mean, value: 40}]"], in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            let summary = try JSONDecoder().decode(
                RunSummary.self, from: Data(contentsOf: directory.appendingPathComponent("run/summary.json")))
            #expect(summary.stoppedBy == "upper_bound(returns/mean >= 40.0)")
            #expect(summary.environmentSteps < 100_000)
            #expect(result.standardOutput.contains("stopped by upper_bound(returns/mean >= 40.0)"))
        }
    }
}
