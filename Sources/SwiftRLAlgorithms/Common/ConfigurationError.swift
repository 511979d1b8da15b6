import Foundation

/// A configuration that cannot be used, with the key at fault.
public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// A value outside its allowed range.
    case invalidValue(key: String, value: String, requirement: String)
    /// A key that no configuration of this algorithm has.
    case unknownKey(key: String, suggestions: [String])
    /// A value of the wrong type.
    case wrongType(key: String, expected: String, found: String)
    /// A key that must be given and is not, with what it may be when that is known.
    case missingKey(key: String, requirement: String?)
    /// An unknown algorithm name.
    case unknownAlgorithm(String, available: [String])
    /// A configuration file that cannot be read or parsed.
    case unreadable(path: String, reason: String)
    /// A command-line override that is not of the form `KEY=VALUE`.
    case malformedOverride(String)
    /// A configuration whose run would allocate more memory than there is (see ``MemoryEstimate``).
    case exceedsMemory(neededBytes: Double, largestPart: String, largestPartBytes: Double, availableBytes: Double)

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
        case .missingKey(let key, let requirement):
            "missing key '\(key)'" + (requirement.map { " (\($0))" } ?? "")
        case .unknownAlgorithm(let name, let available):
            "unknown algorithm '\(name)' (available: \(available.joined(separator: ", ")))"
        case .unreadable(let path, let reason):
            "cannot read configuration '\(path)': \(reason)"
        case .exceedsMemory(let needed, let part, let partBytes, let available):
            "this configuration needs about \(Self.size(needed)) (\(part) \(Self.size(partBytes))); \(Self.size(available)) available"
        case .malformedOverride(let text):
            "invalid override '\(text)': expected KEY=VALUE, such as batch_size=256 or actor.hidden_sizes=[128,128]"
        }
    }

    /// `bytes` in GiB, MiB or KiB, with one decimal below 10.
    private static func size(_ bytes: Double) -> String {
        let units: [(String, Double)] = [("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024)]
        let (unit, scale) = units.first { bytes >= $0.1 } ?? units[2]
        let value = bytes / scale
        return value < 10 ? "\(String(format: "%.1f", value)) \(unit)" : "\(Int(value.rounded())) \(unit)"
    }

    /// Throws unless `sizes` (a network's hidden layers, at `key`) are at most 64 layers of at most
    /// 65,536 units with at most 2²⁶ weights between them (256 MB), so that allocating the network
    /// cannot fail.
    static func requireHiddenSizes(_ sizes: [Int], key: String) throws(ConfigurationError) {
        try require((1...64).contains(sizes.count) && sizes.allSatisfy { $0 > 0 && $0 <= 65_536 },
                    key, sizes, "a list of 1 to 64 integers in 1...65536")
        let weights = zip(sizes, sizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
        try require(weights <= 1 << 26, key, sizes, "at most 67108864 weights between hidden layers")
    }

    /// Throws unless `steps` is in 1…2⁵³: a checkpoint's counters go no further
    /// (``TrainingSnapshot/counterLimit``), and no run gets near it.
    static func requireSteps(_ steps: Int) throws(ConfigurationError) {
        try require((1...TrainingSnapshot.counterLimit).contains(steps), "steps", steps, "an integer in 1...2^53")
    }

    /// Throws ``invalidValue(key:value:requirement:)`` unless `condition` holds.
    static func require(_ condition: Bool, _ key: String, _ value: some Any, _ requirement: String) throws(ConfigurationError) {
        if !condition { throw .invalidValue(key: key, value: "\(value)", requirement: requirement) }
    }
}
