/// The shape of a configuration type: every key it can have, in encoding order, with the keys of
/// nested mappings under their parent. Optional keys that are `nil` are included, so the schema
/// knows keys that a YAML encoding of the same value would leave out.
///
/// Built by encoding a value with ``KeyRecordingEncoder``, so it follows the types' `CodingKeys`.
package final class ConfigurationSchema {
    /// The keys directly under this one, in order; empty for a plain value.
    package private(set) var children: [(name: String, schema: ConfigurationSchema)] = []
    /// Whether the value is a mapping of further keys.
    package var isMapping = false
    /// The Swift type of a plain value (`nil` for a mapping).
    package var valueType: Any.Type?

    /// The schema of `value`'s type.
    package convenience init(of value: some Encodable) {
        self.init()
        try? value.encode(to: KeyRecordingEncoder(schema: self))
    }

    /// The schema of the key `name` directly under this one.
    package func child(_ name: String) -> ConfigurationSchema? {
        children.first { $0.name == name }?.schema
    }

    /// The schema of the key `name`, added at the end if it is new.
    package func childAddingIfNeeded(_ name: String) -> ConfigurationSchema {
        if let existing = child(name) { return existing }
        let schema = ConfigurationSchema()
        children.append((name, schema))
        return schema
    }

    /// The schema at a dotted path's components, such as `["actor", "activation"]`.
    package func descendant(_ path: [String]) -> ConfigurationSchema? {
        path.reduce(self) { schema, name in schema?.child(name) }
    }

    /// Every key path under this one, dotted (`actor`, `actor.hidden_sizes`, …), in order.
    package var keyPaths: [String] {
        children.flatMap { name, schema in [name] + schema.keyPaths.map { "\(name).\($0)" } }
    }

    /// The raw values a plain value may take when its type is an enumeration such as `Activation`.
    package var allowedValues: [String]? {
        guard let enumeration = valueType as? any (CaseIterable & RawRepresentable).Type else { return nil }
        return rawValues(of: enumeration)
    }

    private func rawValues<Enumeration: CaseIterable & RawRepresentable>(of _: Enumeration.Type) -> [String] {
        Enumeration.allCases.map { "\($0.rawValue)" }
    }
}
