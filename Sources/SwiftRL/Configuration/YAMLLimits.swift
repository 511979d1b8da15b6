import Yams

/// Bounds on configuration YAML, so that any input parses in milliseconds or is refused: its size,
/// its nesting depth (checked on the text before parsing, since parsing recurses), plain mapping
/// keys, and its node count with every alias expanded.
///
/// Aliases are what make YAML expensive: a parser that compares mapping keys expands an alias used
/// in a key, and a "billion laughs" document expands exponentially. So the text is first parsed
/// with every alias replaced by a plain placeholder word (linear work), and refused if a key is not
/// a plain scalar or is an alias; only then is the real text parsed, and its tree walked with a
/// budget of ``expandedNodes`` that stops the walk as soon as it is spent.
enum YAMLLimits {
    /// The largest configuration file: 1 MiB.
    static let fileSize = 1 << 20
    /// The deepest nesting of sequences and mappings.
    static let depth = 64
    /// The most nodes a document may expand to, aliases included.
    static let expandedNodes = 100_000

    /// Checks `text` before it is parsed: at most ``fileSize`` bytes and no more than ``depth``
    /// nested flow brackets (`[` and `{`, counted even inside quotes, which only makes the check stricter).
    /// - Returns: nil when the text is acceptable, else why not.
    static func problem(inText text: String) -> String? {
        guard text.utf8.count <= fileSize else { return "larger than \(fileSize) bytes" }
        var level = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                level += 1
                if level > depth { return "nested more than \(depth) levels deep" }
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                level = max(0, level - 1)
            }
        }
        return nil
    }

    /// Checks a parsed tree: at most ``depth`` levels and ``expandedNodes`` nodes, aliases expanded.
    /// - Returns: nil when the tree is acceptable, else why not.
    static func problem(inTree node: Node) -> String? {
        var budget = expandedNodes
        return visit(node, level: 0, budget: &budget)
    }

    private static func visit(_ node: Node, level: Int, budget: inout Int) -> String? {
        guard level <= depth else { return "nested more than \(depth) levels deep" }
        budget -= 1
        guard budget >= 0 else { return "more than \(expandedNodes) values once its aliases are expanded" }
        switch node {
        case .scalar, .alias: return nil
        case .sequence(let sequence):
            for element in sequence {
                if let problem = visit(element, level: level + 1, budget: &budget) { return problem }
            }
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let problem = visit(key, level: level + 1, budget: &budget)
                    ?? visit(value, level: level + 1, budget: &budget) { return problem }
            }
        }
        return nil
    }

    /// Parses `text` as one YAML document within the limits.
    /// - Returns: the tree (nil for an empty document).
    /// - Throws: ``Failure`` naming the exceeded limit, or Yams' parse error.
    static func compose(_ text: String) throws -> Node? {
        if let problem = problem(inText: text) { throw Failure(reason: problem) }
        if let aliasFree = try Yams.compose(yaml: aliasesReplaced(in: text)) {
            if let problem = problem(inKeysOf: aliasFree) ?? problem(inTree: aliasFree) { throw Failure(reason: problem) }
        }
        guard let node = try Yams.compose(yaml: text) else { return nil }
        if let problem = problem(inTree: node) { throw Failure(reason: problem) }
        return node
    }

    /// What stands for an alias in ``aliasesReplaced(in:)``.
    private static let aliasPlaceholder = "swiftrl-alias-placeholder"

    /// `text` with every alias token (`*name` where a node can start) replaced by a placeholder
    /// word. A `*` inside a quoted string or a comment may be replaced too; that changes only text
    /// the check does not look at, never the document's structure.
    static func aliasesReplaced(in text: String) -> String {
        let bytes = Array(text.utf8)
        var result = [UInt8]()
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let startsNode = index == 0 || " \t\r\n[{,:?-".utf8.contains(bytes[index - 1])
            guard byte == UInt8(ascii: "*"), startsNode else {
                result.append(byte)
                index += 1
                continue
            }
            index += 1
            while index < bytes.count, !" \t\r\n[]{},".utf8.contains(bytes[index]) { index += 1 }
            result += aliasPlaceholder.utf8
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Whether every mapping key of an alias-free tree is a plain scalar that was not an alias.
    private static func problem(inKeysOf node: Node) -> String? {
        switch node {
        case .scalar, .alias: return nil
        case .sequence(let sequence):
            for element in sequence {
                if let problem = problem(inKeysOf: element) { return problem }
            }
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard let name = key.scalar?.string, !name.contains(aliasPlaceholder) else {
                    return "using a key that is not a plain name (a sequence, a mapping or an alias)"
                }
                if let problem = problem(inKeysOf: value) { return problem }
            }
        }
        return nil
    }

    /// A document beyond one of the limits.
    struct Failure: Error, CustomStringConvertible {
        let reason: String
        var description: String { "the YAML is \(reason)" }
    }
}
