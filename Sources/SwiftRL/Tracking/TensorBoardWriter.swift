import Foundation
import SwiftRLCheckpoint

/// Writes a run's metrics as a TensorBoard event file, `RUN_DIR/tensorboard/events.out.tfevents.<unix
/// seconds>.<hostname>`: TFRecord-framed `Event` messages (``TensorBoardEvent``), first the file
/// version, then one event per `metrics.csv` row holding each of its cells as a scalar at the row's step.
///
/// Every process of a run writes a file of its own (a name already taken gets `.1`, `.2`, …, which
/// sorts after it); TensorBoard reads a folder's files in name order as one log. A resumed run's
/// file starts with a `SessionLog START` at the step after its checkpoint, so that TensorBoard
/// drops what the interrupted process logged after the checkpoint (``MetricsLog`` drops those rows
/// too, and training records them again): nothing is lost and nothing is counted twice.
///
/// Events are written at each ``flush(durably:)`` (when `metrics.csv` is) and flushed to disk at
/// checkpoints and at the end; a crash loses at most what the next resume records again.
final class TensorBoardWriter: RunTracker {
    /// The folder inside the run directory.
    static let folderName = "tensorboard"

    /// The event file.
    let url: URL
    private let descriptor: Int32
    private var pending: [UInt8] = []

    /// Creates the folder if needed and a new event file in it.
    /// - Parameter resumedAfterStep: the checkpoint's step when the run is resumed.
    /// - Throws: ``RunFileError/cannotWrite(path:reason:)``.
    init(directory: RunDirectory, resumedAfterStep: Int?, now: Date = Date()) throws(RunFileError) {
        let folder = directory.url.appendingPathComponent(Self.folderName, isDirectory: true)
        if mkdir(folder.path, 0o755) != 0 && errno != EEXIST {
            throw .cannotWrite(path: folder.path, reason: String(cString: strerror(errno)))
        }
        let base = "events.out.tfevents.\(Int(now.timeIntervalSince1970)).\(Self.hostName())"
        var opened: (URL, Int32)?
        for attempt in 0..<1000 where opened == nil {
            let candidate = folder.appendingPathComponent(attempt == 0 ? base : "\(base).\(attempt)")
            let descriptor = open(candidate.path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                opened = (candidate, descriptor)
            } else if errno != EEXIST {
                throw .cannotWrite(path: candidate.path, reason: String(cString: strerror(errno)))
            }
        }
        guard let (url, descriptor) = opened else {
            throw .cannotWrite(path: folder.appendingPathComponent(base).path, reason: "1000 files of that name exist")
        }
        self.url = url
        self.descriptor = descriptor
        let wallTime = now.timeIntervalSince1970
        pending = TFRecord.frame(TensorBoardEvent.fileVersion(wallTime: wallTime))
        if let resumedAfterStep {
            pending += TFRecord.frame(TensorBoardEvent.sessionStart(step: resumedAfterStep + 1, wallTime: wallTime))
        }
        try flush(durably: true)
        DurableFile.flushDirectory(folder)
    }

    deinit {
        close(descriptor)
    }

    func record(_ scalars: TrackedScalars) {
        guard !scalars.values.isEmpty else { return }
        pending += TFRecord.frame(TensorBoardEvent.scalars(scalars.values, step: scalars.step, wallTime: scalars.wallTime))
    }

    func flush(durably: Bool) throws(RunFileError) {
        var offset = 0
        while offset < pending.count {
            let count = pending.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                pending.removeFirst(offset)
                throw .cannotWrite(path: url.path, reason: reason)
            }
            offset += count
        }
        pending.removeAll(keepingCapacity: true)
        if durably && fsync(descriptor) != 0 {
            throw .cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
        }
    }

    func finish(_ outcome: RunOutcome, directory: RunDirectory) {
        try? flush(durably: true)
    }

    /// The host's name as event file names carry it (`/` and control characters replaced by `_`).
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let cleaned = String(name.unicodeScalars.map { $0 == "/" || $0.properties.generalCategory == .control ? "_" : Character($0) })
        return cleaned.isEmpty ? "localhost" : cleaned
    }
}
