import Foundation
import SwiftRL
import Testing

@Suite("Run directory and Trainer")
struct RunDirectoryTests {
    /// Trains a fast run into `directory/run` and returns its summary.
    private func train(into directory: URL, _ extra: [String] = []) throws -> (RunSummary, RunDirectory) {
        let configuration = try FastRun.configuration(extra)
        let runDirectory = try RunDirectory.create(at: directory.appendingPathComponent("nested/run").path)
        let trainer = Trainer(configuration: configuration,
                              session: try configuration.makeSession(pool: ThreadPool(threadCount: 1)),
                              directory: runDirectory)
        return (try trainer.run(), runDirectory)
    }

    @Test func trainingWritesTheFourFiles() throws {
        try withTemporaryDirectory { directory in
            let (summary, run) = try train(into: directory)
            let names = try FileManager.default.contentsOfDirectory(atPath: run.path).sorted()
            #expect(names == [".lock", "checkpoints", "config.yaml", "metrics.csv", "policy.json", "summary.json"])

            #expect(try RunConfiguration.load(file: run.configurationURL.path) == FastRun.configuration())

            let lines = try contents(of: run.metricsURL).split(separator: "\n")
            #expect(lines.first == "step,wall_seconds,episode_return,episode_length,eval_return_mean,eval_return_std,losses/critic,losses/actor,monitors/entropy_coefficient")
            // One episode (200 steps) and evaluations at steps 100, 200 and 300.
            #expect(lines.count == 1 + 1 + 3)
            #expect(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 9 })

            let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: run.summaryURL)) as? [String: Any])
            #expect(Set(json.keys) == ["algorithm", "environment", "seed", "env_steps", "episodes", "train_seconds",
                                       "steps_per_second", "eval"])
            #expect(json["env_steps"] as? Int == 300)
            #expect(json["algorithm"] as? String == "sac")
            let evaluation = try #require(json["eval"] as? [String: Any])
            #expect(Set(evaluation.keys) == ["episodes", "return_mean", "return_std"])
            #expect(summary.environmentSteps == 300 && summary.episodes == 1 && summary.trainSeconds > 0)

            let saved = try SavedPolicy.load(from: run.policyURL)
            #expect(saved.environment == "Pendulum-v1" && saved.algorithm == .sac && saved.seed == 1)
            let replayed = try saved.evaluate(episodes: 1, seed: 1000)
            #expect(replayed.returnMean == summary.evaluation.returnMean)
        }
    }

    @Test func td3RunsToo() throws {
        try withTemporaryDirectory { directory in
            let (summary, _) = try train(into: directory, ["algorithm=td3"])
            #expect(summary.algorithm == .td3 && summary.environmentSteps == 300)
        }
    }

    @Test func existingRunDirectoryIsRefused() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run").path
            _ = try RunDirectory.create(at: path)
            #expect(throws: RunFileError.runDirectoryExists(path: path)) { try RunDirectory.create(at: path) }
            #expect(RunFileError.runDirectoryExists(path: path).description == "run directory '\(path)' already exists")
        }
    }

    @Test func defaultRunDirectoryNamesAlgorithmEnvironmentAndTime() {
        let date = Date(timeIntervalSince1970: 0)
        let path = RunDirectory.defaultPath(for: RunConfiguration(algorithm: .td3), startedAt: date)
        #expect(path.hasPrefix("runs/td3-Pendulum-v1-19"))
        #expect(path.count == "runs/td3-Pendulum-v1-".count + "yyyyMMdd-HHmmss".count)
    }

    @Test func atomicWriteReplacesTheFileAndLeavesNoTemporaryFiles() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("data.txt")
            try AtomicFile.write(Data("first".utf8), to: file)
            try AtomicFile.write(Data("second".utf8), to: file)
            #expect(try contents(of: file) == "second")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["data.txt"])
            let missingDirectory = directory.appendingPathComponent("missing/data.txt")
            #expect(throws: RunFileError.self) { try AtomicFile.write(Data(), to: missingDirectory) }
        }
    }
}
