/// A configuration that cannot be used, with the key at fault.
public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// A value outside its allowed range.
    case invalidValue(key: String, value: String, requirement: String)
    /// A key that no configuration of this algorithm has.
    case unknownKey(key: String, suggestions: [String])
    /// A value of the wrong type.
    case wrongType(key: String, expected: String, found: String)
    /// An unknown algorithm name.
    case unknownAlgorithm(String, available: [String])
    /// A configuration file that cannot be read or parsed.
    case unreadable(path: String, reason: String)
    /// A command-line override that is not of the form `KEY=VALUE`.
    case malformedOverride(String)

    public var description: String {
        switch self {
        case .invalidValue(let key, let value, let requirement):
            "invalid value \(value) for '\(key)': must be \(requirement)"
        case .unknownKey(let key, let suggestions):
            suggestions.isEmpty
                ? "unknown configuration key '\(key)'"
                : "unknown configuration key '\(key)' (did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?)"
        case .wrongType(let key, let expected, let found):
            "wrong type for '\(key)': expected \(expected), found \(found)"
        case .unknownAlgorithm(let name, let available):
            "unknown algorithm '\(name)' (available: \(available.joined(separator: ", ")))"
        case .unreadable(let path, let reason):
            "cannot read configuration '\(path)': \(reason)"
        case .malformedOverride(let text):
            "invalid override '\(text)': expected KEY=VALUE, such as batch_size=256 or actor.hidden_sizes=[128,128]"
        }
    }

    /// Throws ``invalidValue(key:value:requirement:)`` unless `condition` holds.
    static func require(_ condition: Bool, _ key: String, _ value: some Any, _ requirement: String) throws(ConfigurationError) {
        if !condition { throw .invalidValue(key: key, value: "\(value)", requirement: requirement) }
    }
}
