import Foundation
import SwiftRLAlgorithms
import Yams

extension ConfigurationError {
    /// The configuration error behind a failure to decode `tree`, naming the dotted key at fault.
    init(_ error: DecodingError, decoding tree: Node, schema: ConfigurationSchema) {
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            self = .wrongType(key: Self.dottedKey(context.codingPath), expected: Self.expectation(for: type),
                              found: Self.found(at: context.codingPath, in: tree))
        case .keyNotFound(let key, let context):
            self = .missingKey(key: Self.dottedKey(context.codingPath + [key]),
                               requirement: (context.underlyingError as? ConfigurationRequirement)?.text)
        case .dataCorrupted(let context) where context.debugDescription == "unknown key":
            self = .unknownKey(key: Self.dottedKey(context.codingPath), suggestions: [])
        case .dataCorrupted(let context):
            let key = Self.dottedKey(context.codingPath)
            let found = Self.found(at: context.codingPath, in: tree)
            if let requirement = context.underlyingError as? ConfigurationRequirement {
                self = .invalidValue(key: key, value: found, requirement: requirement.text)
            } else if let allowed = schema.descendant(context.codingPath.map(\.stringValue))?.allowedValues {
                self = .invalidValue(key: key, value: found, requirement: "one of \(allowed.joined(separator: ", "))")
            } else {
                self = .wrongType(key: key, expected: "a valid value", found: found)
            }
        @unknown default:
            self = .wrongType(key: "", expected: "a valid configuration", found: "\(error)")
        }
    }

    /// `actor.hidden_sizes[1]` for the coding path actor → hidden_sizes → index 1.
    private static func dottedKey(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce("") { key, component in
            if let index = component.intValue { return "\(key)[\(index)]" }
            return key.isEmpty ? component.stringValue : "\(key).\(component.stringValue)"
        }
    }

    private static func found(at codingPath: [any CodingKey], in tree: Node) -> String {
        tree.descendant(at: codingPath)?.foundDescription ?? "nothing"
    }

    /// How an error message names what a Swift type expects, such as "an integer".
    private static func expectation(for type: Any.Type) -> String {
        switch type {
        case is any UnsignedInteger.Type: "a non-negative integer"
        case is any BinaryInteger.Type: "an integer"
        case is any BinaryFloatingPoint.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Node.Mapping.Type: "a mapping"
        case is Node.Sequence.Type: "a list"
        case is Node.Scalar.Type: "a single value"
        default: "\(type)"
        }
    }
}
