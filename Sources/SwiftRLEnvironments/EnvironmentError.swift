/// Errors raised when looking up or creating environments.
public enum EnvironmentError: Error, CustomStringConvertible, Equatable {
    /// No environment is registered under `name`; `available` lists the registered names.
    case unknownEnvironment(name: String, available: [String])
    /// A snapshot that does not fit the environment it is restored into.
    case snapshotMismatch(environment: String, reason: String)

    /// A one-line message, such as
    /// `unknown environment 'Foo-v0' (available: Pendulum-v1, MountainCarContinuous-v0, ...)`.
    public var description: String {
        switch self {
        case .unknownEnvironment(let name, let available):
            "unknown environment '\(name)' (available: \(available.joined(separator: ", ")))"
        case .snapshotMismatch(let environment, let reason):
            "cannot restore \(environment): \(reason)"
        }
    }
}
