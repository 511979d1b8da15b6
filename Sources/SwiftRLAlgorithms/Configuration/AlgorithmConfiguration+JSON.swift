import Foundation
import SwiftRLCore

extension AlgorithmConfiguration {
    /// The largest configuration JSON ``init(algorithm:json:)`` reads (1 MiB).
    public static let jsonSizeLimit = 1 << 20

    /// `algorithm`'s defaults with the keys of `json` laid over them, checked as the YAML
    /// configuration is: a JSON object of the same snake_case keys, nested (`{"actor": {"hidden_sizes":
    /// [128, 128]}}`) or dotted (`{"actor.hidden_sizes": [128, 128]}`); `null` clears an optional value.
    /// The keys `algorithm`, `environment` and `seed` belong to the caller, not to this JSON.
    /// - Throws: ``ConfigurationError``: text that is not a JSON object, an unknown key (with the
    ///   nearest known ones), a value of the wrong type, or a value out of range.
    public init(algorithm: AlgorithmName, json: String) throws(ConfigurationError) {
        let defaults = AlgorithmConfiguration(defaultsFor: algorithm)
        let schema = ConfigurationSchema(of: Self.Keys(configuration: defaults))
        let user = try Self.nestedObject(parsing: json)
        try Self.checkKeys(of: user, against: schema, prefix: "", root: schema)
        let resolved: Any
        do {
            let defaultsObject = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.Keys(configuration: defaults)))
            resolved = Self.overlay(user, on: defaultsObject)
        } catch {
            throw .unreadable(path: "configuration JSON", reason: "cannot encode the defaults (\(error))")
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: resolved)
            let decoder = JSONDecoder()
            switch algorithm {
            case .sac: self = .sac(try decoder.decode(SACConfiguration.self, from: data))
            case .td3: self = .td3(try decoder.decode(TD3Configuration.self, from: data))
            case .ppo: self = .ppo(try decoder.decode(PPOConfiguration.self, from: data))
            }
        } catch let error as DecodingError {
            throw .unreadable(path: "configuration JSON", reason: error.summary)
        } catch {
            throw .unreadable(path: "configuration JSON", reason: "\(error)")
        }
        try validate()
    }

    /// Every key of this configuration as a JSON object (`null` for unset optional values).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(Keys(configuration: self))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The hyperparameters as an encodable value.
    private struct Keys: Encodable {
        let configuration: AlgorithmConfiguration

        func encode(to encoder: any Encoder) throws {
            try configuration.encode(to: encoder)
        }
    }

    /// The JSON object in `text`, with dotted keys expanded into nested objects.
    private static func nestedObject(parsing text: String) throws(ConfigurationError) -> [String: Any] {
        guard text.utf8.count <= jsonSizeLimit else {
            throw .unreadable(path: "configuration JSON", reason: "it is larger than 1 MiB")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw .unreadable(path: "configuration JSON", reason: "it is not valid JSON")
        }
        guard let mapping = object as? [String: Any] else {
            throw .unreadable(path: "configuration JSON", reason: "expected an object of configuration keys")
        }
        var nested: Any = [String: Any]()
        for (key, value) in mapping {
            let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.contains(where: \.isEmpty) else { throw .malformedOverride(key) }
            nested = overlay(path.reversed().reduce(value) { [$1: $0] }, on: nested)
        }
        return nested as? [String: Any] ?? [:]
    }

    /// `top` laid over `bottom`: objects merge key by key, anything else replaces.
    private static func overlay(_ top: Any, on bottom: Any) -> Any {
        guard let top = top as? [String: Any], var merged = bottom as? [String: Any] else { return top }
        for (key, value) in top {
            merged[key] = merged[key].map { overlay(value, on: $0) } ?? value
        }
        return merged
    }

    private static func checkKeys(of object: [String: Any], against schema: ConfigurationSchema, prefix: String,
                                  root: ConfigurationSchema) throws(ConfigurationError) {
        for key in object.keys.sorted() {
            let path = prefix + key
            guard let child = schema.child(key) else {
                throw .unknownKey(key: path, suggestions: KeySuggestions.suggestions(for: path, among: root.keyPaths))
            }
            if let nested = object[key] as? [String: Any] {
                guard child.isMapping else {
                    throw .wrongType(key: path, expected: "a single value", found: "an object")
                }
                try checkKeys(of: nested, against: child, prefix: path + ".", root: root)
            }
        }
    }
}
