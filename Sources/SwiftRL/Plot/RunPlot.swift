import Foundation

/// `swiftrl plot`: the evaluation return of run directories against environment steps, as an SVG
/// file (``LearningCurvePlot``).
public enum RunPlot {
    /// Reads every run's `config.yaml` and evaluations and draws their curves (``LearningCurve/curves(of:)``).
    /// - Parameter title: the plot's title; by default "Evaluation return on ENV" when the runs
    ///   share an environment, else "Evaluation return".
    /// - Throws: ``RunFileError`` for a missing directory or an unreadable or evaluation-less
    ///   `metrics.csv`, ``SwiftRLAlgorithms/ConfigurationError`` for an unreadable `config.yaml`.
    public static func svg(of directories: [RunDirectory], title: String? = nil) throws -> String {
        let runs = try directories.map { directory in
            let history = try EvaluationHistory.load(from: directory)
            return (configuration: try RunConfiguration.load(file: directory.configurationURL.path), history: history)
        }
        let environments = Set(runs.map(\.configuration.environment))
        let defaultTitle = environments.count == 1 ? "Evaluation return on \(environments.first!)" : "Evaluation return"
        return LearningCurvePlot(curves: try LearningCurve.curves(of: runs), title: title ?? defaultTitle).svg()
    }

    /// Writes ``svg(of:title:)`` atomically to `output`.
    public static func write(_ directories: [RunDirectory], title: String? = nil, to output: URL) throws {
        try AtomicFile.write(Data(svg(of: directories, title: title).utf8), to: output)
    }
}
