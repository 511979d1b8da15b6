import Foundation

/// The checkpoints of one run: a folder holding `step-NNNNNNNNN` checkpoint directories, of which it
/// keeps the latest.
///
/// Saving writes the new checkpoint completely (see ``Checkpoint/write(to:)``) before removing older
/// ones, so a crash at any moment leaves at least one complete checkpoint; temporary directories
/// start with a dot and are ignored (and cleaned up by the next save).
public struct CheckpointStore: Sendable, Hashable {
    /// The folder, such as `runs/sac-Pendulum-v1-20260101-120000/checkpoints`.
    public let url: URL

    /// Refers to the folder at `url` without touching the file system.
    public init(url: URL) {
        self.url = url
    }

    /// The directory name of the checkpoint after `step` environment steps.
    public static func directoryName(step: Int) -> String {
        let digits = String(step)
        return "step-" + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    /// Saves `checkpoint` as the latest, then removes the older ones and leftover temporary directories.
    /// - Returns: the new checkpoint's directory.
    /// - Throws: ``CheckpointError/cannotWrite(path:reason:)``; the previous checkpoints are then kept.
    @discardableResult
    public func save(_ checkpoint: Checkpoint) throws(CheckpointError) -> URL {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: url.path, reason: "cannot create the directory")
        }
        let name = Self.directoryName(step: checkpoint.training.environmentSteps)
        let destination = url.appendingPathComponent(name, isDirectory: true)
        if FileManager.default.fileExists(atPath: destination.path) {
            // The same step saved again (the final checkpoint after an interval one): keep the existing one.
            return destination
        }
        try checkpoint.write(to: destination)
        for entry in entries() where entry != name {
            try? FileManager.default.removeItem(at: url.appendingPathComponent(entry))
        }
        return destination
    }

    /// The directory of the latest checkpoint.
    /// - Throws: ``CheckpointError/notFound(path:)`` when there is none.
    public func latest() throws(CheckpointError) -> URL {
        let steps = entries().compactMap { $0.hasPrefix("step-") ? Int($0.dropFirst(5)) : nil }
        guard let step = steps.max() else { throw .notFound(path: url.path) }
        return url.appendingPathComponent(Self.directoryName(step: step), isDirectory: true)
    }

    private func entries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    }
}
