import Yams

extension RunConfiguration {
    /// Every key of the resolved configuration (as `config.yaml` holds it) with its value as YAML
    /// text, nested keys dotted: `algorithm: sac`, `actor.hidden_sizes: [64, 64]`,
    /// `target_entropy: null`, `stop_conditions: [{kind: plateaus, …}]`. MLflow's parameters and
    /// the labels of `swiftrl plot` come from it.
    public func flattenedValues() throws -> [(key: String, value: String)] {
        Self.flatten(ConfigurationSchema(of: self).completing(try yamlTree()), prefix: "")
    }

    private static func flatten(_ node: Node, prefix: String) -> [(key: String, value: String)] {
        guard let mapping = node.mapping else {
            let text = node.scalar?.string ?? (try? Yams.serialize(node: node)) ?? ""
            return [(String(prefix.dropLast()), text.trimmingCharacters(in: .whitespacesAndNewlines))]
        }
        return mapping.flatMap { key, value in flatten(value, prefix: prefix + (key.string ?? "") + ".") }
    }
}
