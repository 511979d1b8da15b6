#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLEnvironments
import SwiftRLNN

/// The status codes of `swiftrl.h`: every exported function that can fail returns one.
enum Status: Int32 {
    case ok = 0
    case argument = 1
    case configuration = 2
    case environment = 3
    case training = 4
    case checkpoint = 5
    case policy = 6
    case callback = 7
    case state = 8
    case io = 9
}

/// A failure of a C call: its status and one line for `swiftrl_last_error()`.
struct CAPIError: Error {
    let status: Status
    let message: String

    init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The status and message of an error thrown by SwiftRL's modules.
    init(_ error: any Error) {
        switch error {
        case let error as CAPIError: self = error
        case let error as ConfigurationError: self.init(.configuration, error.description)
        case let error as EnvironmentError: self.init(.environment, error.description)
        case let error as TrainingError: self.init(.training, error.description)
        case let error as CheckpointError: self.init(.checkpoint, error.description)
        case let error as SnapshotError: self.init(.checkpoint, error.description)
        case let error as PolicyLoadingError: self.init(.policy, error.description)
        case let error as NetworkShapeError: self.init(.policy, error.description)
        case let error as ExportError: self.init(.argument, error.description)
        case ActorWeightsError.noWeights: self.init(.state, ActorWeightsError.noWeights.description)
        case let error as ActorWeightsError: self.init(.policy, error.description)
        default: self.init(.training, String(describing: error))
        }
    }
}

/// The calling thread's latest failure message, owned by the thread (released when it exits).
enum LastError {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        return key
    }()

    nonisolated(unsafe) private static let empty: UnsafeMutablePointer<CChar> = strdup("")!

    /// The message, or "" when this thread has none.
    static var message: UnsafePointer<CChar> {
        UnsafePointer(pthread_getspecific(key)?.assumingMemoryBound(to: CChar.self) ?? empty)
    }

    static func set(_ message: String) {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, strdup(message))
        free(previous)
    }
}

/// Runs the body of an exported function: its status, with the message of a failure recorded for
/// `swiftrl_last_error()`.
func withStatus(_ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return Status.ok.rawValue
    } catch {
        let failure = CAPIError(error)
        LastError.set(failure.message)
        return failure.status.rawValue
    }
}

/// Requires a non-null pointer argument.
func required<Pointee>(_ pointer: UnsafeMutablePointer<Pointee>?, _ name: String) throws(CAPIError) -> UnsafeMutablePointer<Pointee> {
    guard let pointer else { throw CAPIError(.argument, "'\(name)' is NULL") }
    return pointer
}

/// Requires a non-null pointer argument.
func required<Pointee>(_ pointer: UnsafePointer<Pointee>?, _ name: String) throws(CAPIError) -> UnsafePointer<Pointee> {
    guard let pointer else { throw CAPIError(.argument, "'\(name)' is NULL") }
    return pointer
}

/// A C string argument as a Swift string; it must be valid UTF-8.
func string(_ pointer: UnsafePointer<CChar>?, _ name: String) throws(CAPIError) -> String {
    let pointer = try required(pointer, name)
    guard let text = String(validatingCString: pointer) else { throw CAPIError(.argument, "'\(name)' is not UTF-8") }
    return text
}

/// Hands `text` to the caller through `output`, to be released with `swiftrl_free_string`.
func give(_ text: String, to output: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ name: String) throws(CAPIError) {
    let output = try required(output, name)
    guard let copy = strdup(text) else { throw CAPIError(.io, "out of memory") }
    output.pointee = copy
}
