import Foundation

/// Exclusive ownership of a run directory for the life of one training process: an OS lock
/// (`flock`) on `DIR/.lock`, which the kernel releases when the process ends, however it ends. The
/// file holds the owner's process ID, so a second writer can name it.
///
/// The file itself stays in the directory: removing it on exit would let a process that opened it
/// just before lock a file no longer in the directory.
public final class RunDirectoryLock {
    /// The lock file's name inside the run directory.
    public static let fileName = ".lock"

    private let descriptor: Int32

    /// Locks `directory`, which must exist.
    /// - Throws: ``RunFileError/runDirectoryInUse(path:processID:)`` when another process holds the
    ///   lock, ``RunFileError/cannotWrite(path:reason:)`` when the lock file cannot be made.
    public init(_ directory: RunDirectory) throws(RunFileError) {
        let path = directory.url.appendingPathComponent(Self.fileName).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let owner = Self.recordedProcessID(descriptor)
            close(descriptor)
            throw .runDirectoryInUse(path: directory.path, processID: owner)
        }
        let record = Array("\(getpid())\n".utf8)
        guard ftruncate(descriptor, 0) == 0,
              record.withUnsafeBytes({ pwrite(descriptor, $0.baseAddress, $0.count, 0) }) == record.count else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .cannotWrite(path: path, reason: reason)
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// The process ID the lock file records (nil when it holds none yet).
    private static func recordedProcessID(_ descriptor: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 16)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
