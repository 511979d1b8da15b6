import SwiftRLAlgorithms
import Yams

/// One `KEY=VALUE` setting from the command line, such as `actor.hidden_sizes=[128,128]`: a dotted
/// key into the configuration and a YAML value (scalar or flow list/mapping).
public struct ConfigurationOverride {
    /// The key's components, such as `["actor", "hidden_sizes"]`.
    public let keyPath: [String]
    /// The value, as YAML text.
    public let value: String
    /// A tree holding the value under its key, ready to lay over a configuration tree.
    let tree: Node

    /// Parses `KEY=VALUE`.
    /// - Throws: ``ConfigurationError/malformedOverride(_:)`` without `=` or with an empty key part,
    ///   ``ConfigurationError/invalidValue(key:value:requirement:)`` when the value is not YAML.
    public init(parsing assignment: String) throws(ConfigurationError) {
        guard let equals = assignment.firstIndex(of: "=") else { throw .malformedOverride(assignment) }
        let key = String(assignment[..<equals])
        guard !key.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
            throw .malformedOverride(assignment)
        }
        try self.init(key: key, value: String(assignment[assignment.index(after: equals)...]))
    }

    /// Sets the dotted `key` to `value`, parsed as YAML (`256`, `tanh`, `[64, 64]`).
    /// - Throws: ``ConfigurationError/invalidValue(key:value:requirement:)`` when `value` is not YAML.
    public init(key: String, value: String) throws(ConfigurationError) {
        keyPath = key.split(separator: ".").map(String.init)
        self.value = value
        let node: Node?
        do {
            node = try YAMLLimits.compose(value)
        } catch let failure as YAMLLimits.Failure {
            throw .invalidValue(key: key, value: "'\(value.prefix(40))…'", requirement: "YAML that is not \(failure.reason)")
        } catch {
            throw .invalidValue(key: key, value: "'\(value)'", requirement: "a YAML value such as 3, tanh or [64, 64]")
        }
        tree = Node.nesting(node ?? .null, under: keyPath)
    }
}
