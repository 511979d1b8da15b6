import Foundation
import Testing

/// `swiftrl certs`, `serve`, `worker`, `status` and `train --server` as a user runs them.
@Suite("Distributed commands", .serialized)
struct DistributedCommandTests {
    /// `swiftrl serve` in the background on a free loopback port; stopped with SIGTERM.
    private final class ServeProcess {
        let process = Process()
        let address: String

        init(in directory: URL, credentials: String = "creds") throws {
            let output = Pipe()
            process.executableURL = try SwiftRLProcess.executableURL()
            process.arguments = ["serve", "--listen", "127.0.0.1:0", "--credentials", credentials, "--data", "relay-data"]
            process.currentDirectoryURL = directory
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
                line += byte
            }
            let text = String(decoding: line, as: UTF8.self)
            guard text.hasPrefix("relay listening on "), let last = text.split(separator: " ").last else {
                process.terminate()
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "serve printed '\(text)'"])
            }
            address = String(last)
        }

        /// Sends SIGTERM and returns the exit status.
        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    @Test func aTrainerAndAWorkerTrainThroughARelay() throws {
        try withTemporaryDirectory { directory in
            #expect(try SwiftRLProcess.run(["certs", "--output", "creds"], in: directory).status == 0)
            let relay = try ServeProcess(in: directory)
            let relayOptions = ["--server", relay.address, "--credentials", "creds"]
            let worker = Process()
            worker.executableURL = try SwiftRLProcess.executableURL()
            worker.arguments = ["worker", "--env", "Pendulum-v1", "--id", "w1", "--steps", "600",
                                "--samples-per-packet", "50", "--model-path", "model/policy.json",
                                "--model-history", "2"] + relayOptions
            worker.currentDirectoryURL = directory
            let workerOutput = Pipe()
            worker.standardOutput = workerOutput
            try worker.run()
            let train = try SwiftRLProcess.run(["train", "--run-dir", "run", "--quiet", "--steps", "600", "--set", "warmup_steps=200",
                                                "--set", "batch_size=32", "--set", "evaluation.interval=300",
                                                "--set", "evaluation.episodes=1", "--publish-interval", "50"] + relayOptions,
                                               in: directory)
            worker.waitUntilExit()
            #expect(train.status == 0, "\(train.standardError)")
            #expect(train.standardOutput.contains("SAC on Pendulum-v1, seed 1: 600 steps"), "\(train.standardOutput)")
            let workerLine = String(decoding: workerOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(worker.terminationStatus == 0)
            #expect(workerLine.contains("worker w1: 600 steps, 3 episodes, packets acknowledged through 12"), "\(workerLine)")
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("run/summary.json").path))
            let status = try SwiftRLProcess.run(["status"] + relayOptions, in: directory)
            #expect(status.status == 0, "\(status.standardError)")
            #expect(status.standardOutput.contains("samples in         600"), "\(status.standardOutput)")
            #expect(status.standardOutput.contains("retained           0"), "a run without checkpoints releases all it learned")
            // 401 updates from step 200: versions 1–8 every 50, and 9 at the end.
            #expect(status.standardOutput.contains("weights version    9"), "\(status.standardOutput)")
            #expect(relay.stop() == 0, "SIGTERM ends the relay after its calls")

            // The worker's saved policy (TMRL's model_path), played with no relay and evaluated.
            let history = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("model").path)
            let versions = history.compactMap { name in
                name.hasPrefix("policy-v") ? Int(name.dropFirst(8).dropLast(5)) : nil
            }
            #expect(history.contains("policy.json") && versions.contains(0) && versions.allSatisfy { $0 % 2 == 0 },
                    "the latest, and every second version the worker loaded: \(history)")
            let standalone = try SwiftRLProcess.run(["worker", "--standalone", "--policy", "model/policy.json",
                                                     "--env", "Pendulum-v1", "--episodes", "2", "--seed", "1000"], in: directory)
            #expect(standalone.status == 0, "\(standalone.standardError)")
            let lines = standalone.standardOutput.split(separator: "\n")
            #expect(lines.count == 3 && lines[0].hasPrefix("episode 1: return ") && lines[0].hasSuffix(", 200 steps"),
                    "\(standalone.standardOutput)")
            let evaluation = try SwiftRLProcess.run(["eval", "--run-dir", "model", "--episodes", "2"], in: directory)
            #expect(evaluation.status == 0, "\(evaluation.standardError)")
            let score = { (text: String) in text.split(separator: ":").last.map(String.init) }
            #expect(score(String(lines[2])) == score(evaluation.standardOutput.trimmingCharacters(in: .newlines)),
                    "the same policy and seeds as swiftrl eval: \(lines[2]) / \(evaluation.standardOutput)")
        }
    }

    /// A trainer killed (SIGKILL) after a checkpoint resumes from it behind the relay: the relay kept
    /// every packet the checkpoint did not hold, so the run learns all 600 transitions and ends
    /// with nothing retained.
    @Test func aKilledTrainerResumesFromItsCheckpointWithNoTransitionLost() throws {
        try withTemporaryDirectory { directory in
            #expect(try SwiftRLProcess.run(["certs", "--output", "creds"], in: directory).status == 0)
            let relay = try ServeProcess(in: directory)
            let relayOptions = ["--server", relay.address, "--credentials", "creds"]
            let executable = try SwiftRLProcess.executableURL()
            func worker(_ id: String) throws -> CommandResult {
                try TestProcess.run(executable, ["worker", "--env", "Pendulum-v1", "--id", id, "--steps", "300",
                                                 "--samples-per-packet", "50"] + relayOptions, in: directory)
            }
            // The trainer learns w1's 300 transitions, checkpoints at 200, then waits for more: killed there.
            let trainer = try TestProcess.start(executable, ["train", "--run-dir", "run", "--quiet", "--steps", "600",
                                                             "--set", "warmup_steps=100", "--set", "batch_size=32",
                                                             "--set", "checkpoint_interval=200",
                                                             "--set", "evaluation.episodes=1"] + relayOptions, in: directory)
            #expect(try worker("w1").status == 0)
            let checkpoint = directory.appendingPathComponent("run/checkpoints/step-000000200")
            let deadline = Date().addingTimeInterval(120)
            while !FileManager.default.fileExists(atPath: checkpoint.path) && trainer.process.isRunning && Date() < deadline {
                usleep(20_000)
            }
            #expect(FileManager.default.fileExists(atPath: checkpoint.path))
            kill(trainer.process.processIdentifier, SIGKILL)
            trainer.process.waitUntilExit()

            let withoutRelay = try SwiftRLProcess.run(["train", "--resume", "run"], in: directory)
            #expect(withoutRelay.status != 0 && withoutRelay.errorLines.count == 1)
            #expect(withoutRelay.standardError.contains("learned from rollout workers"), "\(withoutRelay.standardError)")

            #expect(try worker("w2").status == 0, "a late joiner gets the killed trainer's latest weights")
            let resumed = try SwiftRLProcess.run(["train", "--resume", "run", "--quiet"] + relayOptions, in: directory)
            #expect(resumed.status == 0, "\(resumed.standardError)")
            #expect(resumed.standardOutput.contains("SAC on Pendulum-v1, seed 1: 600 steps"), "\(resumed.standardOutput)")
            let status = try SwiftRLProcess.run(["status"] + relayOptions, in: directory)
            #expect(status.standardOutput.contains("samples in         600"), "\(status.standardOutput)")
            #expect(status.standardOutput.contains("retained           0"), "\(status.standardOutput)")
            #expect(relay.stop() == 0)
        }
    }

    /// `train --workers 2`: the relay in the trainer's process and two worker processes, all kept in
    /// the run directory and all ended with the run.
    @Test func trainWithLocalWorkersRunsItsOwnRelay() throws {
        try withTemporaryDirectory { directory in
            let train = try SwiftRLProcess.run(["train", "--run-dir", "run", "--quiet", "--workers", "2", "--steps", "600",
                                                "--set", "warmup_steps=200", "--set", "batch_size=32",
                                                "--set", "evaluation.episodes=1", "--publish-interval", "50"], in: directory)
            #expect(train.status == 0, "\(train.standardError)")
            #expect(train.standardOutput.contains("SAC on Pendulum-v1, seed 1: 600 steps"), "\(train.standardOutput)")
            let relayDirectory = directory.appendingPathComponent("run/relay")
            let files = Set(try FileManager.default.contentsOfDirectory(atPath: relayDirectory.path))
            #expect(files.isSuperset(of: ["credentials", "data", "relay.log", "worker-1.log", "worker-2.log"]), "\(files)")
            for index in 1...2 {
                let log = try contents(of: relayDirectory.appendingPathComponent("worker-\(index).log"))
                #expect(log.contains("worker worker-\(index): stopped"), "ended by the trainer: \(log)")
            }
        }
    }

    /// PPO behind the relay: one packet per worker rollout, `num_envs` packets per update, each update
    /// published to the workers.
    @Test func ppoTrainsWithLocalWorkers() throws {
        try withTemporaryDirectory { directory in
            let train = try SwiftRLProcess.run(["train", "--run-dir", "run", "--quiet", "--workers", "2", "--algorithm", "ppo",
                                                "--env", "CartPole-v1", "--steps", "4096", "--set", "num_envs=4",
                                                "--set", "steps_per_env=64", "--set", "batch_size=64",
                                                "--set", "evaluation.episodes=1"], in: directory)
            #expect(train.status == 0, "\(train.standardError)")
            #expect(train.standardOutput.contains("PPO on CartPole-v1, seed 1: 4096 steps"), "\(train.standardOutput)")
            #expect(train.standardError.contains("trainer: learned from 64 packets"), "\(train.standardError)")
            let metrics = try contents(of: directory.appendingPathComponent("run/metrics.csv"))
            #expect(metrics.contains("losses/policy") && metrics.split(separator: "\n").count > 16, "\(metrics)")
        }
    }

    @Test func credentialsAndRelaySettingsAreCheckedWithOneLine() throws {
        try withTemporaryDirectory { directory in
            #expect(try SwiftRLProcess.run(["certs", "--output", "creds", "--host", "relay.example.org"], in: directory).status == 0)
            let check = try SwiftRLProcess.run(["serve", "--listen", "127.0.0.1:0", "--credentials", "creds",
                                                "--data", "d", "--check"], in: directory)
            #expect(check.status == 0 && check.standardOutput.contains("relay configuration is valid"), "\(check.standardError)")
            let refusals: [([String], String)] = [
                (["certs", "--output", "creds"], "already exists"),
                (["serve", "--listen", "10.1.2.3:7443", "--credentials", "creds", "--data", "d", "--insecure"], "loopback only"),
                (["serve", "--listen", "nowhere", "--credentials", "creds", "--data", "d"], "expected HOST:PORT"),
                (["serve", "--listen", "127.0.0.1:0", "--credentials", "missing", "--data", "d"], "tokens.json"),
                (["train", "--algorithm", "ppo", "--env", "CartPoleNoVelocity-v1", "--set", "recurrent=lstm",
                  "--server", "127.0.0.1:9", "--credentials", "creds"], "feed-forward PPO policies"),
                (["train", "--max-policy-lag=-1"], "--max-policy-lag must be 0 or more"),
                (["train", "--credentials", "creds"], "need --server"),
                (["train", "--workers", "2", "--server", "127.0.0.1:9", "--credentials", "creds"], "--workers runs its own relay"),
                (["train", "--workers", "0"], "--workers must be between 1 and 64"),
                (["worker", "--standalone", "--env", "Pendulum-v1"], "--standalone needs --policy"),
                (["worker", "--standalone", "--policy", "p.json", "--env", "Pendulum-v1", "--server", "127.0.0.1:9",
                  "--credentials", "creds"], "--server, --steps and --model-path go without it"),
                (["worker", "--policy", "p.json", "--env", "Pendulum-v1"], "--policy goes with --standalone"),
                (["worker", "--env", "Pendulum-v1", "--server", "127.0.0.1:9", "--credentials", "creds",
                  "--model-history", "5"], "--model-history needs --model-path"),
                (["worker", "--standalone", "--policy", "missing.json", "--env", "Pendulum-v1"], "missing.json"),
            ]
            for (arguments, fragment) in refusals {
                let result = try SwiftRLProcess.run(arguments, in: directory)
                #expect(result.status != 0, "\(arguments)")
                #expect(result.errorLines.count == 1 && result.standardError.contains(fragment), "\(arguments): \(result.standardError)")
            }
            let key = directory.appendingPathComponent("creds/server.key")
            try Data(try contents(of: key).replacingOccurrences(of: "A", with: "B").utf8).write(to: key)
            let damaged = try SwiftRLProcess.run(["serve", "--listen", "127.0.0.1:0", "--credentials", "creds",
                                                  "--data", "d", "--check"], in: directory)
            #expect(damaged.status == 1 && damaged.standardError.contains("server.key"), "\(damaged.standardError)")
        }
    }
}
