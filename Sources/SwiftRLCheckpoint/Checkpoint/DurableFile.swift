import Foundation

/// File-system steps that survive a crash once they return: each write and rename is flushed to
/// disk, and a rename flushes the directory that holds it.
public enum DurableFile {
    /// A failed step with the system's reason.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed and why, such as `cannot create '/runs/a/.x.tmp': No space left on device`.
        public let reason: String
        /// The system's reason alone, such as `No space left on device`.
        public let systemReason: String

        public var description: String { reason }

        init(_ action: String, _ url: URL) {
            systemReason = String(cString: strerror(errno))
            reason = "\(action) '\(url.path)': \(systemReason)"
        }
    }

    /// Creates a directory (its parent must exist).
    public static func createDirectory(_ url: URL) throws(Failure) {
        guard mkdir(url.path, 0o755) == 0 else { throw Failure("cannot create", url) }
    }

    /// Writes `bytes` to a new file at `url` and flushes it.
    public static func write(_ bytes: [UInt8], to url: URL) throws(Failure) {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw Failure("cannot create", url) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Failure("cannot write", url) }
            offset += count
        }
        guard fsync(descriptor) == 0 else { throw Failure("cannot flush", url) }
    }

    /// Flushes `source` (a file or a directory's entries), renames it to `destination` and flushes
    /// the directory holding them.
    public static func rename(_ source: URL, to destination: URL) throws(Failure) {
        flushDirectory(source)
        guard Foundation.rename(source.path, destination.path) == 0 else { throw Failure("cannot rename to", destination) }
        flushDirectory(destination.deletingLastPathComponent())
    }

    /// Flushes a file or a directory's entries (best effort: not every file system supports it).
    public static func flushDirectory(_ url: URL) {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
