/// Errors raised when looking up or creating environments.
public enum EnvironmentError: Error, CustomStringConvertible, Equatable {
    /// No environment is registered under `name`; `available` lists the registered names.
    case unknownEnvironment(name: String, available: [String])
    /// A snapshot that does not fit the environment it is restored into.
    case snapshotMismatch(environment: String, reason: String)
    /// A vector environment asked for with `count` environments, outside 1...`maximum`.
    case invalidEnvironmentCount(count: Int, maximum: Int)
    /// An infinite horizon of fewer than 1 step.
    case invalidHorizon(Int)

    /// A one-line message, such as
    /// `unknown environment 'Foo-v0' (available: Pendulum-v1, MountainCarContinuous-v0, ...)`.
    public var description: String {
        switch self {
        case .unknownEnvironment(let name, let available):
            "unknown environment '\(name)' (available: \(available.joined(separator: ", ")))"
        case .snapshotMismatch(let environment, let reason):
            "cannot restore \(environment): \(reason)"
        case .invalidEnvironmentCount(let count, let maximum):
            "invalid environment count \(count): expected 1 to \(maximum)"
        case .invalidHorizon(let horizon):
            "invalid horizon \(horizon): expected at least 1 step"
        }
    }
}
