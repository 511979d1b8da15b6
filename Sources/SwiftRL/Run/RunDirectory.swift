import Foundation

/// The directory a training run writes its files to.
public struct RunDirectory: Sendable, Hashable {
    /// The path as given (relative paths are relative to the current directory).
    public let path: String

    /// Refers to the directory at `path` without touching the file system.
    public init(path: String) {
        self.path = path
    }

    /// Creates a new run directory at `path`, with any missing parents.
    /// - Throws: ``RunFileError/runDirectoryExists(path:)`` when something is already there,
    ///   ``RunFileError/cannotCreateDirectory(path:reason:)`` when it cannot be made.
    public static func create(at path: String) throws(RunFileError) -> RunDirectory {
        guard !FileManager.default.fileExists(atPath: path) else { throw .runDirectoryExists(path: path) }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: path, reason: error.localizedDescription)
        }
        return RunDirectory(path: path)
    }

    /// `runs/<algorithm>-<environment>-<yyyyMMdd-HHmmss>`, for a run started at `date`.
    public static func defaultPath(for configuration: RunConfiguration, startedAt date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "runs/\(configuration.algorithm.rawValue)-\(configuration.environment)-\(formatter.string(from: date))"
    }

    /// The directory's URL.
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }
    /// `config.yaml`: the resolved configuration.
    public var configurationURL: URL { url.appendingPathComponent("config.yaml") }
    /// `metrics.csv`: one row per training episode and per evaluation.
    public var metricsURL: URL { url.appendingPathComponent("metrics.csv") }
    /// `policy.json`: the final policy, a ``SavedPolicy``.
    public var policyURL: URL { url.appendingPathComponent("policy.json") }
    /// `summary.json`: a ``RunSummary``.
    public var summaryURL: URL { url.appendingPathComponent("summary.json") }
}
