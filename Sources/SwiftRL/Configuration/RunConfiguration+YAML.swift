import Foundation
import Yams

extension RunConfiguration {
    /// The complete configuration as YAML: every key in the structs' order, `null` for unset
    /// optional values, lists in flow style. Loading it back gives an equal configuration.
    public func yaml() throws -> String {
        try Yams.serialize(node: ConfigurationSchema(of: self).completing(yamlTree()))
    }

    /// The configuration as encoded by Yams (unset optional values are left out).
    func yamlTree() throws -> Node {
        try Yams.compose(yaml: YAMLEncoder().encode(self)) ?? .emptyMapping
    }
}

extension ConfigurationSchema {
    /// `tree` rebuilt in this schema's key order, with `null` for every key it lacks, lists in
    /// flow style (`[64, 64]`) and each `Float` in its shortest exact form (`0.99` rather than
    /// `0.99000000953674316`).
    func completing(_ tree: Node) -> Node {
        guard isMapping else {
            if case .sequence(var sequence) = tree {
                sequence.style = .flow
                return .sequence(sequence)
            }
            guard valueType == Float.self, let text = tree.scalar?.string, let value = Float(text) else { return tree }
            return Node("\(value)", Tag(.float))
        }
        return Node(children.map { name, schema in
            (Node(name), tree.mapping?[name].map(schema.completing) ?? .null)
        })
    }
}
