import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLEnvironments

/// Exports the policy of a finished run directory (`swiftrl export`): as a C header, or as a
/// safetensors file in PyTorch's layout (``SwiftRLCheckpoint/PolicyTensors``).
public enum RunExport {
    /// The header of the policy in `directory/policy.json`, with the run's algorithm, environment and
    /// seed, and steps and evaluation return from `summary.json` when it is there. The examples are
    /// the environment's reset observations (seeds 0 to 3) when the environment is registered.
    /// - Throws: ``RunFileError`` for unreadable files (a `summary.json` that is there must be
    ///   valid), ``SwiftRLCheckpoint/ExportError``.
    public static func header(of directory: RunDirectory, prefix: String) throws -> String {
        let saved = try SavedPolicy.load(from: directory.policyURL)
        let summary = try RunSummary.load(from: directory.summaryURL)
        let metadata = ExportMetadata(
            algorithm: saved.algorithm.displayName, environment: saved.environment, seed: saved.seed,
            steps: summary?.environmentSteps ?? 0, evaluationReturn: summary?.evaluation.returnMean)
        let examples = (try? EnvironmentRegistry.make(saved.environment))
            .flatMap { $0.observationSpace.dimension == saved.policy.observationDimension ? $0 : nil }
            .map { ResetObservations.of($0, seeds: 0..<4) }
        return try CHeaderExporter(prefix: prefix, metadata: metadata, exampleInputs: examples).header(for: saved.policy)
    }

    /// Writes ``header(of:prefix:)`` atomically to `output`.
    public static func write(_ directory: RunDirectory, prefix: String, to output: URL) throws {
        try AtomicFile.write(Data(header(of: directory, prefix: prefix).utf8), to: output)
    }
}

extension RunExport {
    /// Writes the policy in `directory/policy.json` as a safetensors file in PyTorch's layout,
    /// atomically, to `output`.
    /// - Throws: ``RunFileError`` for an unreadable `policy.json` or a failed write.
    public static func writeTensors(_ directory: RunDirectory, to output: URL) throws {
        let saved = try SavedPolicy.load(from: directory.policyURL)
        try AtomicFile.write(Data(PolicyTensors.safeTensors(of: saved.policy).serialized()), to: output)
    }
}
