import Foundation
import SwiftRL
import Testing

/// `tracking.mlflow_uri`: runs logged to a live `mlflow server` (from `.build/test-python`) and read
/// back with MLflow's own client (finished, failed and interrupted); and training that goes on, with one warning line, when the server
/// is down, stops mid-run or answers slowly.
@Suite("MLflow tracking", .serialized)
struct MLflowTests {
    /// Prints the run called argv[3] of experiment argv[2] on server argv[1] as JSON: status,
    /// parameters, tags, every metric's history and the artifacts' names.
    private static let readRun = """
        import json, sys
        from mlflow.tracking import MlflowClient
        client = MlflowClient(sys.argv[1])
        experiment = client.get_experiment_by_name(sys.argv[2])
        [run] = client.search_runs([experiment.experiment_id], f"attributes.run_name = '{sys.argv[3]}'")
        print(json.dumps({
            "status": run.info.status,
            "params": run.data.params,
            "tags": run.data.tags,
            "metrics": {key: sorted([m.step, m.value] for m in client.get_metric_history(run.info.run_id, key))
                        for key in run.data.metrics},
            "artifacts": sorted(artifact.path for artifact in client.list_artifacts(run.info.run_id)),
        }))
        """

    private struct LoggedRun: Decodable {
        var status: String
        var params: [String: String]
        var tags: [String: String]
        var metrics: [String: [[Double]]]
        var artifacts: [String]
    }

    private func startMLflow(in directory: URL) throws -> LocalServer {
        try LocalServer([TestPython.repository.appendingPathComponent(".build/test-python/bin/mlflow").path, "server",
                         "--host", "127.0.0.1", "--port", "{port}", "--workers", "1",
                         "--backend-store-uri", "sqlite:///\(directory.path)/mlflow.db",
                         "--artifacts-destination", directory.appendingPathComponent("artifacts").path], in: directory)
    }

    private func loggedRun(_ name: String, experiment: String, server: LocalServer, in directory: URL) throws -> LoggedRun {
        let output = try TestPython.run(Self.readRun, [server.url, experiment, name], in: directory)
        return try JSONDecoder().decode(LoggedRun.self, from: Data(output.utf8))
    }

    /// A PPO run on CartPole with two evaluations, reported to `uri`.
    private func train(_ name: String, uri: String, in directory: URL, steps: Int = 4096) throws -> CommandResult {
        try SwiftRLProcess.run(["train", "--algorithm", "ppo", "--env", "CartPole-v1", "--steps", "\(steps)",
                                "--run-dir", name, "--quiet", "--set", "evaluation.interval=2048",
                                "--set", "tracking.mlflow_uri=\(uri)"], in: directory)
    }

    @Test func finishedFailedAndKilledRunsReadBackThroughMLflow() throws {
        try withTemporaryDirectory { directory in
            let server = try startMLflow(in: directory)
            defer { server.stop() }
            let result = try train("finished", uri: server.url, in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardError.isEmpty)
            let run = try loggedRun("finished", experiment: "CartPole-v1", server: server, in: directory)
            #expect(run.status == "FINISHED")
            let runURL = directory.appendingPathComponent("finished")
            let configuration = try RunConfiguration.load(file: runURL.appendingPathComponent("config.yaml").path)
            #expect(run.params == Dictionary(try configuration.flattenedValues(), uniquingKeysWith: { $1 }))
            #expect(run.params["learning_rate"] != nil && run.params["evaluation.interval"] == "2048")
            // MLflow keeps one of several equal values logged at one step in one millisecond (PPO's
            // environments can end equal episodes at one step), so the points are compared as sets.
            let expected = try metricsSeries(runURL.appendingPathComponent("metrics.csv")).mapValues(Set.init)
            #expect(run.metrics.mapValues(Set.init) == expected)
            #expect(run.metrics["eval_return_mean"]?.count == 2)
            #expect(run.artifacts == ["config.yaml", "metrics.csv", "policy.h", "policy.json", "summary.json"])
            #expect(run.tags["mlflow.runName"] == "finished")
            #expect(run.tags["swiftrl.run_dir"] == runURL.standardizedFileURL.path)
            #expect(run.tags["swiftrl.dropped_metric_batches"] == "0")

            // A run whose training fails is marked FAILED, with what it wrote.
            var failing = try FastRun.configuration(["tracking.mlflow_uri=\(server.url)", "tracking.mlflow_experiment=failures"])
            failing.checkpointInterval = 0
            let trainer = Trainer(configuration: failing, session: FailingSession(try failing.makeSession(), failAt: 150),
                                  directory: try RunDirectory.create(at: directory.appendingPathComponent("failed").path))
            #expect(throws: TrainingError.nonFiniteLoss(step: 150, loss: "test loss")) { try trainer.run() }
            let failed = try loggedRun("failed", experiment: "failures", server: server, in: directory)
            #expect(failed.status == "FAILED")
            #expect(failed.artifacts == ["config.yaml", "metrics.csv"])
            #expect(failed.metrics["eval_return_mean"]?.map { $0[0] } == [100])

            // An interrupted run is marked KILLED, and the process exits as SIGINT would have it.
            let interrupted = try TestProcess.start(
                try SwiftRLProcess.executableURL(),
                ["train", "--algorithm", "ppo", "--env", "CartPole-v1", "--steps", "5000000", "--run-dir", "killed",
                 "--quiet", "--threads", "1", "--set", "tracking.mlflow_uri=\(server.url)"], in: directory)
            Thread.sleep(forTimeInterval: 2)
            kill(interrupted.process.processIdentifier, SIGINT)
            interrupted.process.waitUntilExit()
            #expect(interrupted.process.terminationStatus == 128 + SIGINT)
            #expect(try loggedRun("killed", experiment: "CartPole-v1", server: server, in: directory).status == "KILLED")
        }
    }

    @Test func aServerThatIsDownIsOneWarningLine() throws {
        try withTemporaryDirectory { directory in
            let uri = "http://127.0.0.1:\(try LocalServer.freePort())"
            let result = try train("run", uri: uri, in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.errorLines == ["warning: MLflow at \(uri) unreachable: cannot connect; training goes on without it"])
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("run/summary.json").path))
        }
    }

    @Test func aServerStoppedMidRunIsOneWarningLine() throws {
        try withTemporaryDirectory { directory in
            let server = try startMLflow(in: directory)
            let training = try TestProcess.start(
                try SwiftRLProcess.executableURL(),
                ["train", "--algorithm", "ppo", "--env", "CartPole-v1", "--steps", "150000", "--run-dir", "run", "--quiet",
                 "--threads", "1", "--set", "evaluation.interval=5000", "--set", "evaluation.episodes=2",
                 "--set", "tracking.mlflow_uri=\(server.url)"], in: directory)
            Thread.sleep(forTimeInterval: 1)
            server.stop()
            training.process.waitUntilExit()
            let result = try training.result()
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.errorLines.count == 1, "\(result.standardError)")
            #expect(result.standardError.hasPrefix("warning: MLflow at \(server.url) unreachable: "))
        }
    }

    @Test func aSlowServerDoesNotHoldTrainingBack() throws {
        try withTemporaryDirectory { directory in
            let slow = """
                import http.server, sys, time
                class Slow(http.server.BaseHTTPRequestHandler):
                    def answer(self):
                        if self.path.startswith("/api"): time.sleep(30)
                        self.send_response(200); self.end_headers(); self.wfile.write(b"{}")
                    do_GET = do_POST = do_PUT = answer
                    def log_message(self, *arguments): pass
                http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Slow).serve_forever()
                """
            let server = try LocalServer([TestPython.executable.path, "-c", slow, "{port}"], in: directory)
            defer { server.stop() }
            let start = Date()
            let result = try train("run", uri: server.url, in: directory)
            let seconds = Date().timeIntervalSince(start)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.errorLines == ["warning: MLflow at \(server.url) unreachable: no answer within 2 s; training goes on without it"])
            // Training takes well under a second; the end waits at most 5 s for MLflow.
            #expect(seconds < 10, "\(seconds) s")
        }
    }
}

/// A session that forwards to `base` and fails with a non-finite loss once it passes `failAt` steps.
private final class FailingSession: TrainingSession {
    private let base: any TrainingSession
    private let failAt: Int

    init(_ base: any TrainingSession, failAt: Int) {
        self.base = base
        self.failAt = failAt
    }

    var totalSteps: Int { base.totalSteps }
    var environmentSteps: Int { base.environmentSteps }
    var episodes: Int { base.episodes }
    var metricNames: [String] { base.metricNames }
    var latestMetrics: NamedMetrics? { base.latestMetrics }
    var latestEvaluation: EvaluationResult? { base.latestEvaluation }
    var eventHandler: ((TrainingEvent) -> Void)? {
        get { base.eventHandler }
        set { base.eventHandler = newValue }
    }
    var policy: DeterministicPolicy { base.policy }

    func step() throws(TrainingError) -> Bool {
        if base.environmentSteps >= failAt { throw .nonFiniteLoss(step: base.environmentSteps, loss: "test loss") }
        return try base.step()
    }

    func action(for observation: [Float]) throws(TrainingError) -> [Float] { try base.action(for: observation) }

    func abandonEpisodes() throws(TrainingError) { try base.abandonEpisodes() }

    func evaluate(episodes: Int, seed: UInt64?) throws(TrainingError) -> EvaluationResult {
        try base.evaluate(episodes: episodes, seed: seed)
    }
}
