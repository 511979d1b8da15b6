import SwiftRLAlgorithms
import Yams

extension ConfigurationSchema {
    /// Checks that every key of `tree` is one of this schema's keys (keys under a plain value are
    /// unknown too), and that no number or boolean is given as an explicit string (`!!str 0.5` or
    /// `"0.5"`), which YAML decoders would otherwise read as the number.
    /// - Throws: ``ConfigurationError/unknownKey(key:suggestions:)`` for the first unknown key, with
    ///   the nearest known keys as suggestions; ``ConfigurationError/wrongType(key:expected:found:)``
    ///   for a string where a number or boolean goes.
    func checkKeys(of tree: Node) throws(ConfigurationError) {
        try checkKeys(of: tree, prefix: "", root: self)
    }

    private func checkKeys(of tree: Node, prefix: String, root: ConfigurationSchema) throws(ConfigurationError) {
        guard let mapping = tree.mapping else {
            try checkScalarTags(of: tree, key: String(prefix.dropLast()))
            return
        }
        for (key, value) in mapping {
            let path = prefix + (key.string ?? key.foundDescription)
            guard let schema = child(key.string ?? "") else {
                throw .unknownKey(key: path, suggestions: KeySuggestions.suggestions(for: path, among: root.keyPaths))
            }
            try schema.checkKeys(of: value, prefix: path + ".", root: root)
        }
    }

    /// Refuses a string-tagged scalar (quoted or `!!str`) where this plain value is a number, a
    /// boolean or a list of numbers.
    private func checkScalarTags(of tree: Node, key: String) throws(ConfigurationError) {
        guard let valueType, Self.isNumericOrBoolean(valueType) else { return }
        let scalars = tree.sequence.map { Array($0) } ?? [tree]
        for scalar in scalars.compactMap(\.scalar) where scalar.tag.rawValue == Tag.Name.str.rawValue {
            throw .wrongType(key: key, expected: "a number or boolean", found: "the string '\(scalar.string)'")
        }
    }

    private static func isNumericOrBoolean(_ type: Any.Type) -> Bool {
        switch type {
        case is any BinaryInteger.Type, is any BinaryFloatingPoint.Type, is Bool.Type,
             is [Int].Type, is [Float].Type, is [Double].Type: true
        default: false
        }
    }
}
