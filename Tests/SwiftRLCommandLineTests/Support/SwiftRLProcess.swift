import Foundation

/// What a run of the `swiftrl` executable printed and how it exited.
struct CommandResult {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// Standard error's lines.
    var errorLines: [Substring] { standardError.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
}

/// Runs the built `swiftrl` executable as a subprocess.
enum SwiftRLProcess {
    /// Runs `swiftrl arguments…` in `directory`, with `environment` added to this process's, and waits for it.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> CommandResult {
        let outputURL = directory.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let errorURL = directory.appendingPathComponent(".stderr-\(UUID().uuidString)")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        let process = Process()
        process.executableURL = try executableURL()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, standardOutput: try contents(of: outputURL),
                             standardError: try contents(of: errorURL))
    }

    /// The `swiftrl` executable built beside the test bundle: the build products directory holds
    /// both, so it is searched for from the test bundle's location upwards (a few levels, for
    /// platforms that nest the bundle).
    static func executableURL() throws -> URL {
        let starts = Bundle.allBundles.map(\.bundleURL) + [URL(fileURLWithPath: CommandLine.arguments[0])]
        for start in starts {
            var directory = start
            for _ in 0..<5 {
                let candidate = directory.appendingPathComponent("swiftrl")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "swiftrl next to the test bundle"])
    }
}
