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
                                "--samples-per-packet", "50"] + relayOptions
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
            // 401 updates from step 200: versions 1–8 every 50, and 9 at the end.
            #expect(status.standardOutput.contains("weights version    9"), "\(status.standardOutput)")
            #expect(relay.stop() == 0, "SIGTERM ends the relay after its calls")
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
                (["train", "--algorithm", "ppo", "--env", "CartPole-v1", "--server", "127.0.0.1:9", "--credentials", "creds"],
                 "--server trains SAC or TD3"),
                (["train", "--resume", "run", "--server", "127.0.0.1:9", "--credentials", "creds"], "--resume does not take --server"),
                (["train", "--credentials", "creds"], "need --server"),
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
