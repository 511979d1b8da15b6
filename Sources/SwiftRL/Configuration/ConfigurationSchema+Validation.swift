import SwiftRLAlgorithms
import Yams

extension ConfigurationSchema {
    /// Checks that every key of `tree` is one of this schema's keys; keys under a plain value are
    /// unknown too.
    /// - Throws: ``ConfigurationError/unknownKey(key:suggestions:)`` for the first unknown key, with
    ///   the nearest known keys as suggestions.
    func checkKeys(of tree: Node) throws(ConfigurationError) {
        try checkKeys(of: tree, prefix: "", root: self)
    }

    private func checkKeys(of tree: Node, prefix: String, root: ConfigurationSchema) throws(ConfigurationError) {
        guard let mapping = tree.mapping else { return }
        for (key, value) in mapping {
            let path = prefix + (key.string ?? key.foundDescription)
            guard let schema = child(key.string ?? "") else {
                throw .unknownKey(key: path, suggestions: KeySuggestions.suggestions(for: path, among: root.keyPaths))
            }
            try schema.checkKeys(of: value, prefix: path + ".", root: root)
        }
    }
}
