import Foundation

/// A fresh directory under the system's temporary directory, removed when the test is done.
func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("swiftrl-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The text of the file at `url`.
func contents(of url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
}
