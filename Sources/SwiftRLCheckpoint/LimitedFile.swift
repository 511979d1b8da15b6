import Foundation

/// Reads whole files of bounded size: the size is checked before anything is read, so a huge or
/// endless file (a device, a FIFO) is refused instead of filling memory.
public enum LimitedFile {
    /// Why a file was not read; ``description`` is one line without the path.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// Nothing at the path.
        case missing
        /// The file exists but cannot be opened or read, or is not a regular file.
        case unreadable(reason: String)
        /// The file holds more than the limit.
        case tooLarge(size: Int, limit: Int)

        public var description: String {
            switch self {
            case .missing: "no such file"
            case .unreadable(let reason): reason
            case .tooLarge(let size, let limit):
                "the file holds \(size) bytes, more than the \(limit) bytes a file of this kind may hold"
            }
        }
    }

    /// The bytes of the regular file at `url`, which must hold at most `limit` bytes.
    public static func read(_ url: URL, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw errno == ENOENT ? .missing : .unreadable(reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .unreadable(reason: "not a regular file") }
        let size = Int(status.st_size)
        guard size <= limit else { throw .tooLarge(size: size, limit: limit) }
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + offset, size - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
            if count == 0 { break }
            offset += count
        }
        // A file that shrank while it was read ends where the reading did.
        if offset < size { bytes.removeLast(size - offset) }
        return bytes
    }

    /// The file at `url` as UTF-8 text, at most `limit` bytes.
    public static func readText(_ url: URL, limit: Int) throws(Failure) -> String {
        let bytes = try read(url, limit: limit)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .unreadable(reason: "not UTF-8 text") }
        return text
    }
}
