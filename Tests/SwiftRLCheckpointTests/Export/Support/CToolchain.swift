import Foundation

/// Compiles and runs C drivers for the exported headers in a temporary directory.
struct CToolchain {
    /// A command that failed, with its output.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("swiftrl-export-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Writes `text` to `name` in the directory.
    func write(_ text: String, to name: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Runs `arguments` (looked up on `PATH`) in the directory; fails with its output when it exits
    /// non-zero or cannot start (a missing compiler fails, it is never skipped).
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited with \(process.terminationStatus) "
                + "(run scripts/install-test-dependencies.sh for missing tools):\n\(output)")
        }
        return output
    }
}
