import Yams

/// Operations on the YAML tree of a configuration.
extension Node {
    /// An empty mapping.
    static var emptyMapping: Node { Node([(Node, Node)]()) }

    /// A YAML `null`.
    static var null: Node { Node("null", Tag(.null)) }

    /// A mapping that holds `value` under the key path `path` (`["actor", "activation"]`).
    static func nesting(_ value: Node, under path: [String]) -> Node {
        path.reversed().reduce(value) { inner, key in Node([(Node(key), inner)]) }
    }

    /// This tree with `overlay` laid over it: mappings merge key by key (keeping this tree's
    /// order, new keys at the end); anything else in `overlay` replaces what is here.
    func overlaid(with overlay: Node) -> Node {
        guard var merged = mapping, let overlayMapping = overlay.mapping else { return overlay }
        for (key, value) in overlayMapping {
            merged[key] = merged[key].map { $0.overlaid(with: value) } ?? value
        }
        return .mapping(merged)
    }

    /// The node reached by following `codingPath` (mapping keys and list indices).
    func descendant(at codingPath: [any CodingKey]) -> Node? {
        codingPath.reduce(Optional(self)) { node, key in
            if let index = key.intValue, let sequence = node?.sequence {
                return sequence.indices.contains(index) ? sequence[index] : nil
            }
            return node?.mapping?[key.stringValue]
        }
    }

    /// The node as an error message shows what was found: a scalar in quotes, or its kind.
    var foundDescription: String {
        switch self {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }
}
