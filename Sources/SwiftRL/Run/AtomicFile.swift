import Foundation
import SwiftRLCheckpoint

/// Writes files so that readers see either the old content or the new, never a partial file, and
/// so that the new content survives a crash once the write returns.
public enum AtomicFile {
    /// Writes `data` to a new temporary file beside `url` (`.NAME.UUID.tmp`), flushes it, renames it
    /// to `url` and flushes the directory (``SwiftRLCheckpoint/DurableFile``). A failed write
    /// removes the temporary file and leaves `url` as it was.
    /// - Throws: ``RunFileError/cannotWrite(path:reason:)`` with the system's reason.
    public static func write(_ data: Data, to url: URL) throws(RunFileError) {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try DurableFile.write([UInt8](data), to: temporary)
            try DurableFile.rename(temporary, to: url)
        } catch {
            unlink(temporary.path)
            throw .cannotWrite(path: url.path, reason: error.systemReason)
        }
    }
}
