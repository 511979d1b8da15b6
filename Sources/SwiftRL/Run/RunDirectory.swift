import Foundation

/// The directory a training run writes its files to.
public struct RunDirectory: Sendable, Hashable {
    /// The path as given (relative paths are relative to the current directory).
    public let path: String

    /// Refers to the directory at `path` without touching the file system.
    public init(path: String) {
        self.path = path
    }

    /// Creates a new run directory at `path`, with any missing parents. The directory itself is
    /// made by one `mkdir`, so of two processes creating the same path exactly one succeeds; when
    /// creation fails, the parents it made are removed again.
    /// - Throws: ``RunFileError/runDirectoryExists(path:)`` when something is already there,
    ///   ``RunFileError/cannotCreateDirectory(path:reason:)`` when it cannot be made.
    public static func create(at path: String) throws(RunFileError) -> RunDirectory {
        let url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        var madeParents = [URL]()
        var parent = url.deletingLastPathComponent()
        var missingParents = [URL]()
        while parent.path != "/" && !FileManager.default.fileExists(atPath: parent.path) {
            missingParents.append(parent)
            parent = parent.deletingLastPathComponent()
        }
        func undo() {
            for made in madeParents.reversed() { rmdir(made.path) }
        }
        for missing in missingParents.reversed() {
            if mkdir(missing.path, 0o755) == 0 {
                madeParents.append(missing)
            } else if errno != EEXIST {  // EEXIST: another process made it; it is not ours to remove
                let reason = String(cString: strerror(errno))
                undo()
                throw .cannotCreateDirectory(path: path, reason: "cannot create '\(missing.path)': \(reason)")
            }
        }
        guard mkdir(url.path, 0o755) == 0 else {
            let error = errno
            undo()
            if error == EEXIST { throw .runDirectoryExists(path: path) }
            throw .cannotCreateDirectory(path: path, reason: String(cString: strerror(error)))
        }
        return RunDirectory(path: path)
    }

    /// Removes the directory if no run has started in it: it holds nothing but the lock file and
    /// temporary files (a new run that failed before writing `config.yaml`). Anything else keeps it.
    public func removeIfUnstarted() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        guard entries.allSatisfy({ $0 == RunDirectoryLock.fileName || ($0.hasPrefix(".") && $0.hasSuffix(".tmp")) }) else {
            return
        }
        try? FileManager.default.removeItem(at: url)
    }

    /// Removes what interrupted writes left: the temporary files of ``AtomicFile`` (`.NAME.UUID.tmp`)
    /// in the directory and of checkpoints in `checkpoints/`. Call it while holding the directory's
    /// ``RunDirectoryLock``, so that no writer is still using them.
    public func removeTemporaryFiles() {
        for folder in [url, url.appendingPathComponent("checkpoints", isDirectory: true)] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for entry in entries where entry.hasPrefix(".") && entry.hasSuffix(".tmp") {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(entry))
            }
        }
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
