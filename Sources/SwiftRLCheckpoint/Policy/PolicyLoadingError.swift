/// A policy file that cannot be loaded; each case describes itself in one line.
public enum PolicyLoadingError: Error, CustomStringConvertible, Equatable {
    /// The file cannot be read.
    case cannotRead(path: String, reason: String)
    /// The text has no `swiftrl-header-version` marker: not a header exported by SwiftRL.
    case notASwiftRLHeader
    /// The header was written in a format version this SwiftRL does not read.
    case unsupportedVersion(found: String, supported: Int)
    /// The header ends before its closing include guard, or a part of it is missing.
    case truncated(missing: String)
    /// A field or array holds text that is not what SwiftRL writes there.
    case corrupted(String)
    /// Parts of the header disagree with each other (sizes, checksum, example actions).
    case mismatched(String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): "cannot read policy '\(path)': \(reason)"
        case .notASwiftRLHeader: "not a SwiftRL policy header (no 'swiftrl-header-version' marker)"
        case .unsupportedVersion(let found, let supported):
            "unsupported SwiftRL header version \(found) (this SwiftRL reads version \(supported)); export the policy again"
        case .truncated(let missing): "truncated SwiftRL policy header: \(missing) is missing"
        case .corrupted(let detail): "corrupted SwiftRL policy header: \(detail)"
        case .mismatched(let detail): "inconsistent SwiftRL policy header: \(detail)"
        }
    }
}
