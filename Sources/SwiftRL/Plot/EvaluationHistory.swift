import Foundation
import SwiftRLCheckpoint

/// The periodic evaluations of one run, read from its `metrics.csv`: the rows whose
/// `eval_return_mean` is set.
public struct EvaluationHistory: Sendable, Hashable {
    /// One periodic evaluation.
    public struct Point: Sendable, Hashable {
        /// Environment steps taken when it ran.
        public var step: Int
        /// Mean return over its episodes.
        public var returnMean: Double
        /// Population standard deviation of those returns.
        public var returnStandardDeviation: Double
    }

    /// The evaluations, in the file's order.
    public var points: [Point]

    /// The largest evaluation return (and standard deviation) read, in magnitude: far beyond any
    /// real run's, and small enough that means over runs and plot coordinates stay finite.
    public static let returnLimit = 1e15

    /// Reads the evaluations in `directory/metrics.csv`, strictly: its header must start with
    /// ``MetricsLog/fixedColumns``, every row must have the header's number of cells and start with
    /// a step, and an evaluation's mean and standard deviation must both be numbers within
    /// ±``returnLimit`` (the standard deviation not negative).
    /// - Throws: ``RunFileError/cannotRead(path:reason:)`` for a missing directory or file, a file
    ///   over ``MetricsLog/sizeLimit``, a malformed row (naming its line), or one without evaluations.
    public static func load(from directory: RunDirectory) throws(RunFileError) -> EvaluationHistory {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotRead(path: directory.path, reason: "no such run directory")
        }
        let url = directory.metricsURL
        let text: String
        do {
            text = try LimitedFile.readText(url, limit: MetricsLog.sizeLimit)
        } catch {
            throw .cannotRead(path: url.path, reason: error.description)
        }
        let history: EvaluationHistory
        do {
            history = try parse(text)
        } catch {
            throw .cannotRead(path: url.path, reason: error.description)
        }
        guard !history.points.isEmpty else {
            throw .cannotRead(path: url.path, reason: "it holds no evaluation (the run's evaluation.interval was 0, or it ended before the first)")
        }
        return history
    }

    /// The evaluations in `csv`, a `metrics.csv`'s text.
    /// - Throws: ``MetricsLog/ContinuationError`` naming the first malformed line.
    static func parse(_ csv: String) throws(MetricsLog.ContinuationError) -> EvaluationHistory {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
              header.prefix(MetricsLog.fixedColumns.count).elementsEqual(MetricsLog.fixedColumns, by: { $0 == $1 }) else {
            throw .init(line: 1, problem: "its header does not start with \(MetricsLog.fixedColumns.joined(separator: ","))")
        }
        var points = [Point]()
        for (index, line) in lines.enumerated().dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == header.count, let step = Int(cells[0]), step >= 0 else {
                throw .init(line: index + 1, problem: "it is not a row of \(header.count) cells starting with a step")
            }
            switch (cells[4].isEmpty, cells[5].isEmpty) {
            case (true, true):
                continue
            case (false, false):
                guard let mean = Double(cells[4]), let deviation = Double(cells[5]), abs(mean) <= returnLimit,
                      (0...returnLimit).contains(deviation) else {
                    throw .init(line: index + 1, problem: "its evaluation is not a mean and a non-negative standard deviation within ±1e15")
                }
                points.append(Point(step: step, returnMean: mean, returnStandardDeviation: deviation))
            default:
                throw .init(line: index + 1, problem: "it has an evaluation mean without a standard deviation or the reverse")
            }
        }
        return EvaluationHistory(points: points)
    }
}
