import Foundation
import SwiftRLAlgorithms

/// The rows of `metrics.csv`: one per finished training episode and one per evaluation, with the
/// session's named metrics (``SwiftRLAlgorithms/NamedMetrics``) as the last columns.
public struct MetricsLog: Sendable, Hashable {
    /// One row; `nil` values are empty cells.
    public struct Row: Sendable, Hashable {
        /// Environment steps taken.
        public var step: Int
        /// Seconds since training started.
        public var wallSeconds: Double
        /// The finished episode's return (episode rows).
        public var episodeReturn: Double?
        /// The finished episode's length (episode rows).
        public var episodeLength: Int?
        /// The evaluation (evaluation rows).
        public var evaluation: EvaluationResult?
        /// The latest update's metrics, once updates have started.
        public var metrics: NamedMetrics?
    }

    /// The largest `metrics.csv` a resumed run continues (1 GiB, some ten million rows).
    public static let sizeLimit = 1 << 30

    /// The columns every run has, before the algorithm's named metrics.
    public static let fixedColumns = ["step", "wall_seconds", "episode_return", "episode_length",
                                      "eval_return_mean", "eval_return_std"]

    /// The names of the metric columns.
    public let metricNames: [String]
    /// The CSV header line.
    public var header: String { (Self.fixedColumns + metricNames).joined(separator: ",") }

    /// The rows, in the order they happened.
    public private(set) var rows: [Row] = []
    /// Lines of an earlier process's `metrics.csv` that this log continues, kept verbatim.
    private var earlierLines: [String] = []
    /// The named metrics of the last row (also of an earlier process's last kept line).
    private var lastMetrics: NamedMetrics?
    /// The CSV text of the header, the earlier lines and the first `renderedRowCount` rows, each
    /// line ended: a row is formatted once, not at every write of the file.
    private var renderedText: String?
    private var renderedRowCount = 0

    /// Creates an empty log whose metric columns are `metricNames`.
    public init(metricNames: [String]) {
        self.metricNames = metricNames
    }

    /// Continues the log in `csv` (an interrupted run's `metrics.csv`) from a checkpoint taken after
    /// `step` environment steps: its rows up to that step are kept, later ones dropped (they are
    /// recorded again as training repeats those steps). An empty `csv` starts an empty log.
    /// - Throws: ``ContinuationError`` when the header is not this log's, or a row does not start
    ///   with its step or has another number of cells, so that nothing is dropped unnoticed.
    public init(metricNames: [String], continuing csv: String, upToStep step: Int) throws(ContinuationError) {
        self.metricNames = metricNames
        let lines = csv.split(whereSeparator: \.isNewline).map(String.init)
        guard let first = lines.first else { return }
        guard first == header else { throw ContinuationError(line: 1, problem: "its header is not this run's columns") }
        let cellCount = Self.fixedColumns.count + metricNames.count
        for (index, line) in lines.enumerated().dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == cellCount, let rowStep = Int(cells[0]) else {
                throw ContinuationError(line: index + 1, problem: "it is not a row of \(cellCount) cells starting with a step")
            }
            if rowStep <= step { earlierLines.append(line) }
        }
        if let last = earlierLines.last?.split(separator: ",", omittingEmptySubsequences: false) {
            let values = last.suffix(metricNames.count).map { Double($0) }
            if values.contains(where: { $0 != nil }) { lastMetrics = NamedMetrics(names: metricNames, values: values) }
        }
    }

    /// A `metrics.csv` that a resumed run cannot continue.
    public struct ContinuationError: Error, CustomStringConvertible, Equatable {
        /// The line at fault, from 1.
        public var line: Int
        /// What is wrong with it.
        public var problem: String

        public var description: String { "line \(line): \(problem)" }
    }

    /// Adds a row; returns whether its named metrics are the previous row's (no update between
    /// them; the rows of one PPO rollout share them).
    @discardableResult
    public mutating func append(_ row: Row) -> Bool {
        rows.append(row)
        defer { lastMetrics = row.metrics }
        return row.metrics != nil && row.metrics == lastMetrics
    }

    /// The log as CSV text, header first. Only the rows added since the last call are formatted
    /// (formatting every row at every write made a run that writes the file at each evaluation
    /// quadratic in its length).
    public var csv: String {
        mutating get {
            var text = renderedText ?? ([header] + earlierLines).map { $0 + "\n" }.joined()
            renderedText = nil  // so that `text` is the only reference and grows in place
            for row in rows[renderedRowCount...] {
                text += line(row)
                text += "\n"
            }
            renderedText = text
            renderedRowCount = rows.count
            return text
        }
    }

    public static func == (lhs: MetricsLog, rhs: MetricsLog) -> Bool {
        lhs.metricNames == rhs.metricNames && lhs.rows == rhs.rows && lhs.earlierLines == rhs.earlierLines
            && lhs.lastMetrics == rhs.lastMetrics
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(metricNames)
        hasher.combine(rows)
        hasher.combine(earlierLines)
        hasher.combine(lastMetrics)
    }

    private func line(_ row: Row) -> String {
        let cells: [String?] = [
            "\(row.step)", String(format: "%.3f", row.wallSeconds),
            row.episodeReturn.map { "\($0)" }, row.episodeLength.map { "\($0)" },
            row.evaluation.map { "\($0.returnMean)" }, row.evaluation.map { "\($0.returnStandardDeviation)" },
        ] + metricNames.map { name in row.metrics?[name].map { "\($0)" } }
        return cells.map { $0 ?? "" }.joined(separator: ",")
    }
}
