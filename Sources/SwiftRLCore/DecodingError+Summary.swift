extension DecodingError {
    /// One line naming the field (as a dotted path such as `policy.network.parameters`) and what is
    /// wrong with it, for error messages about files.
    public var summary: String {
        switch self {
        case .typeMismatch(let type, let context): "\(Self.field(context)) is not \(Self.article(type))"
        case .valueNotFound(let type, let context): "\(Self.field(context)) is missing (\(type) expected)"
        case .keyNotFound(let key, let context):
            "field '\(Self.path(context.codingPath + [key]))' is missing"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty ? Self.firstLine(context.debugDescription)
                : "\(Self.field(context)): \(Self.firstLine(context.debugDescription))"
        @unknown default: "\(self)"
        }
    }

    private static func field(_ context: Context) -> String {
        context.codingPath.isEmpty ? "the top level" : "field '\(path(context.codingPath))'"
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            .reduce("") { $0.isEmpty || $1.hasPrefix("[") ? $0 + $1 : $0 + "." + $1 }
    }

    private static func article(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type, is Int64.Type: "an integer"
        case is Float.Type, is Double.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        default: "a \(type)"
        }
    }

    private static func firstLine(_ text: String) -> String {
        String(text.prefix { !$0.isNewline })
    }
}
