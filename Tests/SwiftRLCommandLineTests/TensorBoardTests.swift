import Foundation
@testable import SwiftRL
import Testing

/// `tracking.tensorboard`: event files that TensorBoard's own reader (`EventAccumulator`, from the
/// `.build/test-python` environment) reads back as `metrics.csv`'s columns.
@Suite("TensorBoard event files", .serialized)
struct TensorBoardTests {
    /// Prints `{tag: [[step, value], …]}` of every scalar in the folder given, read by TensorBoard.
    private static let dumpScalars = """
        import json, sys
        from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
        accumulator = EventAccumulator(sys.argv[1], size_guidance={"scalars": 0})
        accumulator.Reload()
        print(json.dumps({tag: [[event.step, event.value] for event in accumulator.Scalars(tag)]
                          for tag in accumulator.Tags()["scalars"]}))
        """

    private func tensorBoardSeries(_ run: URL) throws -> [String: [[Double]]] {
        let output = try TestPython.run(Self.dumpScalars, [run.appendingPathComponent("tensorboard").path], in: run)
        return try JSONDecoder().decode([String: [[Double]]].self, from: Data(output.utf8))
    }

    /// `metrics.csv`'s series with values rounded to `Float`, as TensorBoard's `simple_value` holds them.
    private func csvSeries(_ run: URL) throws -> [String: [[Double]]] {
        try metricsSeries(run.appendingPathComponent("metrics.csv"))
            .mapValues { $0.map { [$0[0], Double(Float($0[1]))] } }
    }

    @Test func ppoRunReadsBackAsItsMetrics() throws {
        try withTemporaryDirectory { root in
            let result = try SwiftRLProcess.run(
                ["train", "--algorithm", "ppo", "--env", "CartPole-v1", "--steps", "4096", "--run-dir", "run", "--quiet",
                 "--set", "evaluation.interval=1024", "--set", "tracking.tensorboard=true"], in: root)
            #expect(result.status == 0, "\(result.standardError)")
            let run = root.appendingPathComponent("run")
            let files = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("tensorboard").path)
            #expect(files.count == 1)
            #expect(files.first?.hasPrefix("events.out.tfevents.") == true)
            let expected = try csvSeries(run)
            #expect(Set(expected.keys).isSuperset(of: ["episode_return", "eval_return_mean", "losses/policy", "returns/mean"]))
            #expect(try tensorBoardSeries(run) == expected)
        }
    }

    @Test func withoutTrackingThereIsNoEventFile() throws {
        try withTemporaryDirectory { root in
            let result = try SwiftRLProcess.run(["train", "--run-dir", "run", "--quiet"] + FastRun.arguments, in: root)
            #expect(result.status == 0)
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("run/tensorboard").path))
        }
    }

    /// An interrupted run is simulated as in `ResumeTests`: 200 steps whose `config.yaml` then asks
    /// for 300. An event file that logged past the checkpoint (step 250) stands for the interrupted
    /// process's last events; the resumed run's restart marker makes TensorBoard drop them.
    @Test func resumedRunLosesAndRepeatsNothing() throws {
        try withTemporaryDirectory { root in
            let settings = ["replay_capacity=150", "checkpoint_interval=100", "tracking.tensorboard=true"]
            func train(_ steps: Int, _ name: String) throws -> RunDirectory {
                let configuration = try FastRun.configuration(settings + ["steps=\(steps)"])
                let directory = try RunDirectory.create(at: root.appendingPathComponent(name).path)
                _ = try Trainer(configuration: configuration, session: try configuration.makeSession(), directory: directory).run()
                return directory
            }
            let whole = try train(300, "whole")
            let interrupted = try train(200, "interrupted")
            try Data(FastRun.configuration(settings + ["steps=300"]).yaml().utf8).write(to: interrupted.configurationURL)
            let stale = try TensorBoardWriter(directory: interrupted, resumedAfterStep: nil, now: Date(timeIntervalSince1970: 1))
            stale.record(TrackedScalars(MetricsLog.Row(step: 250, wallSeconds: 0, episodeReturn: 12345), metricNames: [], includingMetrics: true, wallTime: 1))
            try stale.flush(durably: true)

            let result = try SwiftRLProcess.run(["train", "--resume", interrupted.path, "--quiet"], in: root)
            #expect(result.status == 0, "\(result.standardError)")
            let files = try FileManager.default.contentsOfDirectory(atPath: interrupted.url.appendingPathComponent("tensorboard").path)
            #expect(files.count == 3)
            let series = try tensorBoardSeries(interrupted.url)
            #expect(series == (try csvSeries(interrupted.url)))
            #expect(series == (try csvSeries(whole.url)))
        }
    }

    @Test func checksumsAndEncodingMatchTheReferences() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        var writer = ProtobufWriter()
        writer.varintField(2, 300)
        writer.floatField(2, 1)
        writer.stringField(1, "a")
        #expect(writer.bytes == [0x10, 0xAC, 0x02, 0x15, 0x00, 0x00, 0x80, 0x3F, 0x0A, 0x01, 0x61])
    }
}
