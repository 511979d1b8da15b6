import SwiftRLAlgorithms
import SwiftRLEnvironments

extension OffPolicyTrainingState {
    /// What this run is, for an exported header: the algorithm (from the agent's type), the
    /// environment, the seed, the steps taken and the latest evaluation's mean return.
    public var exportMetadata: ExportMetadata {
        var algorithm = String(describing: Agent.self)
        if algorithm.hasSuffix("Agent") { algorithm.removeLast("Agent".count) }
        return ExportMetadata(algorithm: algorithm, environment: environments.name, seed: seed,
                              steps: environmentSteps, evaluationReturn: latestEvaluation?.returnMean)
    }

    /// The current policy as a self-contained C99 header (see ``CHeaderExporter``); its examples are
    /// a fresh environment's first observations after resets with seeds 0 to 3 (the exporter's default
    /// examples when no environment can be created).
    /// - Throws: ``ExportError`` for a prefix that is not a C identifier or non-finite weights.
    public func exportPolicy(name: String = "swiftrl_policy") throws(ExportError) -> String {
        let exporter = try CHeaderExporter(prefix: name, metadata: exportMetadata,
                                           exampleInputs: (try? makeEvaluationEnvironment())
                                               .map { ResetObservations.of($0, seeds: 0..<4) })
        return try exporter.header(for: policy)
    }
}
