import Foundation

/// The Python of `.build/test-python`, the environment `scripts/install-test-dependencies.sh` makes
/// with NumPy, safetensors, TensorBoard and MLflow.
enum TestPython {
    /// The repository's root folder.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The interpreter.
    static var executable: URL { repository.appendingPathComponent(".build/test-python/bin/python") }

    /// Runs `script` with `arguments` in `directory` and returns its standard output; throws with its
    /// standard error when it fails.
    static func run(_ script: String, _ arguments: [String] = [], in directory: URL) throws -> String {
        let result = try TestProcess.run(executable, ["-c", script] + arguments, in: directory)
        guard result.status == 0 else { throw TestProcess.Failure(message: result.standardError) }
        return result.standardOutput
    }
}

/// Runs programs other than `swiftrl` as subprocesses.
enum TestProcess {
    /// A program that failed, with its standard error.
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Runs `executable` with `arguments` in `directory` and waits for it.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL) throws -> CommandResult {
        let process = try start(executable, arguments, in: directory)
        process.process.waitUntilExit()
        return try process.result()
    }

    /// Starts `executable` with `arguments` in `directory` without waiting for it.
    static func start(_ executable: URL, _ arguments: [String], in directory: URL) throws -> Started {
        let output = directory.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let error = directory.appendingPathComponent(".stderr-\(UUID().uuidString)")
        try Data().write(to: output)
        try Data().write(to: error)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: error)
        try process.run()
        return Started(process: process, output: output, error: error)
    }

    /// A running program and where its output goes.
    struct Started {
        let process: Process
        let output: URL
        let error: URL

        /// What it printed and how it exited (after it ended); removes the output files.
        func result() throws -> CommandResult {
            defer {
                try? FileManager.default.removeItem(at: output)
                try? FileManager.default.removeItem(at: error)
            }
            return CommandResult(status: process.terminationStatus, standardOutput: try contents(of: output),
                                 standardError: try contents(of: error))
        }

        /// Ends the program (SIGTERM) and waits for it.
        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }
}
