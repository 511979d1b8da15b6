/// Why a checkpoint cannot be written, read or restored; each has a one-line description.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    /// No checkpoint where one was expected.
    case notFound(path: String)
    /// A file that ends too early.
    case truncated(path: String)
    /// A file whose content is not what a checkpoint holds (bad JSON, bad header, checksum mismatch).
    case corrupted(path: String, reason: String)
    /// A checkpoint written in another format version.
    case unsupportedVersion(path: String, found: Int, supported: Int)
    /// A checkpoint that does not fit the run it is restored into (algorithm, environment, network shapes).
    case mismatch(path: String, reason: String)
    /// A session or environment that cannot be saved.
    case unsupported(reason: String)
    /// A file or directory that cannot be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path): "no checkpoint at '\(path)'"
        case .truncated(let path): "checkpoint file '\(path)' is truncated"
        case .corrupted(let path, let reason): "checkpoint file '\(path)' is corrupted: \(reason)"
        case .unsupportedVersion(let path, let found, let supported):
            "checkpoint '\(path)' has format version \(found); this version of swiftrl reads version \(supported)"
        case .mismatch(let path, let reason): "checkpoint '\(path)' does not match the configuration: \(reason)"
        case .unsupported(let reason): "cannot write a checkpoint: \(reason)"
        case .cannotWrite(let path, let reason): "cannot write checkpoint '\(path)': \(reason)"
        }
    }
}
