import SwiftRLEnvironments

/// Why a snapshot cannot be taken or restored.
public enum SnapshotError: Error, CustomStringConvertible, Equatable {
    /// A value the snapshot lacks, such as `actor.parameters`.
    case missing(name: String)
    /// A value of the wrong length.
    case wrongCount(name: String, expected: Int, found: Int)
    /// A network whose shape differs from the one it is restored into.
    case architectureMismatch(network: String, expected: String, found: String)
    /// A snapshot of another algorithm.
    case algorithmMismatch(expected: String, found: String)
    /// The environment cannot be captured or does not fit the snapshot.
    case environment(String)
    /// A counter or value out of range.
    case invalidValue(name: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let name):
            "'\(name)' is missing"
        case .wrongCount(let name, let expected, let found):
            "'\(name)' has \(found) values, expected \(expected)"
        case .architectureMismatch(let network, let expected, let found):
            "network '\(network)' is \(found) in the checkpoint but \(expected) in the configuration"
        case .algorithmMismatch(let expected, let found):
            "the checkpoint is of \(found), the configuration is \(expected)"
        case .environment(let reason):
            reason
        case .invalidValue(let name, let reason):
            "'\(name)' \(reason)"
        }
    }

    /// Throws ``wrongCount(name:expected:found:)`` unless `values` has `count` elements.
    static func requireCount(_ values: [some Any], _ count: Int, _ name: String) throws(SnapshotError) {
        guard values.count == count else { throw .wrongCount(name: name, expected: count, found: values.count) }
    }
}
