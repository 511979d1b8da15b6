/// A run directory or one of its files that cannot be created, written or read.
public enum RunFileError: Error, CustomStringConvertible, Equatable {
    /// The run directory is already there; runs never overwrite each other.
    case runDirectoryExists(path: String)
    /// Another process is training in the run directory (it holds its lock).
    case runDirectoryInUse(path: String, processID: Int32?)
    /// A directory that cannot be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A file that cannot be written.
    case cannotWrite(path: String, reason: String)
    /// A file that cannot be read or parsed.
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case .runDirectoryExists(let path): "run directory '\(path)' already exists"
        case .runDirectoryInUse(let path, let processID):
            "run directory '\(path)' is in use by " + (processID.map { "process \($0)" } ?? "another process")
        case .cannotCreateDirectory(let path, let reason): "cannot create directory '\(path)': \(reason)"
        case .cannotWrite(let path, let reason): "cannot write '\(path)': \(reason)"
        case .cannotRead(let path, let reason): "cannot read '\(path)': \(reason)"
        }
    }
}
