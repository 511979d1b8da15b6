import Foundation
import SwiftRLAlgorithms
import Yams

extension RunConfiguration {
    /// Resolves a configuration from its sources, later ones winning: the chosen algorithm's
    /// defaults, then the YAML file at `path`, then `overrides` in order.
    ///
    /// The algorithm comes first (the defaults depend on it): the last override of `algorithm`,
    /// else the file's `algorithm:`, else SAC. Every key is then checked against the algorithm's
    /// keys, the merged tree is decoded, and the values are validated.
    /// - Throws: ``ConfigurationError`` (unreadable file, unknown algorithm or key, wrong type, value
    ///   out of range) or ``EnvironmentError`` (unregistered environment).
    public static func load(file path: String? = nil, overrides: [ConfigurationOverride] = []) throws -> RunConfiguration {
        try resolve(path.map(fileTree) ?? .emptyMapping, overrides: overrides)
    }

    /// Resolves a configuration as ``load(file:overrides:)`` does, from YAML text instead of a file.
    /// - Parameter source: names the text in error messages.
    /// - Throws: as ``load(file:overrides:)``.
    public static func load(yaml text: String, source: String = "YAML text",
                            overrides: [ConfigurationOverride] = []) throws -> RunConfiguration {
        try resolve(tree(of: text, path: source), overrides: overrides)
    }

    private static func resolve(_ fileTree: Node, overrides: [ConfigurationOverride]) throws -> RunConfiguration {
        let userTree = overrides.reduce(fileTree) { $0.overlaid(with: $1.tree) }
        let defaults = RunConfiguration(algorithm: try algorithm(selectedBy: userTree))
        let schema = ConfigurationSchema(of: defaults)
        try schema.checkKeys(of: userTree)
        let resolvedTree = try defaults.yamlTree().overlaid(with: userTree)
        let configuration: RunConfiguration
        do {
            configuration = try YAMLDecoder().decode(RunConfiguration.self, from: resolvedTree)
        } catch let error as DecodingError {
            throw ConfigurationError(error, decoding: resolvedTree, schema: schema)
        }
        try configuration.validate()
        return configuration
    }

    private static func fileTree(_ path: String) throws(ConfigurationError) -> Node {
        let text: String
        do {
            text = try LimitedFile.readText(URL(fileURLWithPath: path), limit: YAMLLimits.fileSize)
        } catch {
            throw .unreadable(path: path, reason: error.description)
        }
        return try tree(of: text, path: path)
    }

    private static func tree(of text: String, path: String) throws(ConfigurationError) -> Node {
        let tree: Node?
        do {
            tree = try YAMLLimits.compose(text)
        } catch let failure as YAMLLimits.Failure {
            throw .unreadable(path: path, reason: failure.description)
        } catch {
            throw .unreadable(path: path, reason: "invalid YAML: \(Self.firstLine(of: error))")
        }
        guard let tree else { return .emptyMapping }
        guard tree.mapping != nil else {
            throw .unreadable(path: path, reason: "expected a mapping of configuration keys, found \(tree.foundDescription)")
        }
        return tree
    }

    private static func algorithm(selectedBy tree: Node) throws(ConfigurationError) -> AlgorithmName {
        guard let node = tree.mapping?["algorithm"] else { return .sac }
        return try AlgorithmName(named: node.scalar?.string ?? node.foundDescription)
    }

    private static func firstLine(of error: any Error) -> String {
        String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(error)"
    }
}
