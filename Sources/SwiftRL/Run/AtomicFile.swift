import Foundation

/// Writes files so that readers see either the old content or the new, never a partial file.
public enum AtomicFile {
    /// Writes `data` to a temporary file beside `url`, flushes it to disk and renames it to `url`.
    /// - Throws: ``RunFileError/cannotWrite(path:reason:)`` with the system's reason.
    public static func write(_ data: Data, to url: URL) throws(RunFileError) {
        let temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw failure(url) }
        let isWritten = data.withUnsafeBytes { writeAll($0, to: descriptor) } && fsync(descriptor) == 0
        let writeFailure = isWritten ? nil : failure(url)
        close(descriptor)
        if let writeFailure {
            unlink(temporaryPath)
            throw writeFailure
        }
        guard rename(temporaryPath, url.path) == 0 else {
            let renameFailure = failure(url)
            unlink(temporaryPath)
            throw renameFailure
        }
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    private static func failure(_ url: URL) -> RunFileError {
        .cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
    }
}
