import Foundation

/// File-system steps that survive a crash once they return: each write and rename is flushed to disk.
enum DurableFile {
    /// A failed step with the system's reason.
    struct Failure: Error {
        let reason: String

        init(_ action: String, _ url: URL) {
            reason = "\(action) '\(url.path)': \(String(cString: strerror(errno)))"
        }
    }

    /// Creates a directory (its parent must exist).
    static func createDirectory(_ url: URL) throws(Failure) {
        guard mkdir(url.path, 0o755) == 0 else { throw Failure("cannot create", url) }
    }

    /// Writes `bytes` to a new file at `url` and flushes it.
    static func write(_ bytes: [UInt8], to url: URL) throws(Failure) {
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
    static func rename(_ source: URL, to destination: URL) throws(Failure) {
        flushDirectory(source)
        guard Foundation.rename(source.path, destination.path) == 0 else { throw Failure("cannot rename to", destination) }
        flushDirectory(destination.deletingLastPathComponent())
    }

    /// Flushes a file or a directory's entries (best effort: not every file system supports it).
    static func flushDirectory(_ url: URL) {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
