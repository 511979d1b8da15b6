import Foundation
import SwiftRLAlgorithms

/// A deployable policy loaded from a header exported by ``CHeaderExporter`` (or wrapping a
/// ``SwiftRLAlgorithms/DeterministicPolicy`` directly), evaluated with SwiftRL's own inference.
///
/// ```swift
/// let policy = try Policy(header: String(contentsOfFile: "policy.h", encoding: .utf8))
/// let action = try policy.evaluate(observation)   // bit-identical to the exporting run's action
/// ```
public struct Policy: Sendable, Hashable {
    /// The network, squashing and action bounds.
    public let deterministicPolicy: DeterministicPolicy
    /// What was trained, when the policy came from a header.
    public let metadata: ExportMetadata?
    /// The C prefix of the header it came from.
    public let prefix: String?

    /// Wraps a policy.
    public init(_ policy: DeterministicPolicy, metadata: ExportMetadata? = nil) {
        deterministicPolicy = policy
        self.metadata = metadata
        prefix = nil
    }

    /// Parses a header exported by SwiftRL, checking its version, sizes, checksum and examples.
    /// - Throws: ``PolicyLoadingError`` for a header that is not SwiftRL's, of another version,
    ///   truncated, corrupted or inconsistent.
    public init(header: String) throws(PolicyLoadingError) {
        var parser = CHeaderParser(text: header)
        let contents = try parser.parse()
        deterministicPolicy = contents.policy
        metadata = contents.metadata
        prefix = contents.prefix
    }

    /// The largest header ``init(headerAt:)`` reads: 16 MiB, about 900,000 parameters, far beyond
    /// what a microcontroller holds.
    public static let headerSizeLimit = 16 << 20

    /// Reads and parses the header at `url`, refusing one larger than ``headerSizeLimit`` before
    /// reading it.
    /// - Throws: ``PolicyLoadingError/cannotRead(path:reason:)`` and what ``init(header:)`` throws.
    public init(headerAt url: URL) throws(PolicyLoadingError) {
        let text: String
        do {
            text = try LimitedFile.readText(url, limit: Self.headerSizeLimit)
        } catch {
            throw .cannotRead(path: url.path, reason: error.description)
        }
        try self.init(header: text)
    }

    /// Observation length.
    public var observationDimension: Int { deterministicPolicy.observationDimension }
    /// Action length.
    public var actionDimension: Int { deterministicPolicy.actionDimension }

    /// The deterministic action for `observation`, in the environment's units (a feed-forward policy).
    /// - Throws: ``SwiftRLAlgorithms/TrainingError/observationSize(expected:found:)`` for an
    ///   observation of another length, ``SwiftRLAlgorithms/TrainingError/stateSize(expected:found:)``
    ///   for a recurrent policy.
    public func evaluate(_ observation: [Float]) throws(TrainingError) -> [Float] {
        try deterministicPolicy.action(for: observation)
    }

    /// The deterministic action for `observation`, advancing a recurrent policy's `state` (start each
    /// episode from ``initialState``), as the header's `PREFIX_evaluate(&state, input, output)` does.
    /// - Throws: ``SwiftRLAlgorithms/TrainingError/observationSize(expected:found:)``,
    ///   ``SwiftRLAlgorithms/TrainingError/stateSize(expected:found:)``.
    public func evaluate(_ observation: [Float], state: inout [Float]) throws(TrainingError) -> [Float] {
        try deterministicPolicy.action(for: observation, state: &state)
    }

    /// A recurrent policy's state at an episode's start (empty for a feed-forward policy).
    public var initialState: [Float] { deterministicPolicy.initialState }
}
