import Foundation
import Testing

/// The series of a `metrics.csv` as trackers log them: for each column other than `step` and
/// `wall_seconds`, the (step, value) of its non-empty cells in row order, where a row's named metrics
/// (the columns after `eval_return_std`) count only when they differ from the previous row's.
func metricsSeries(_ url: URL) throws -> [String: [[Double]]] {
    let lines = try contents(of: url).split(separator: "\n")
    let header = lines[0].split(separator: ",").map(String.init)
    var series = [String: [[Double]]]()
    var previousMetrics: ArraySlice<Substring>?
    for line in lines.dropFirst() {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false)
        let step = try #require(Double(cells[0]))
        let metrics = cells[6...]
        let repeats = metrics == previousMetrics
        previousMetrics = metrics
        for (index, (column, cell)) in zip(header, cells).enumerated().dropFirst(2) where !cell.isEmpty {
            if index >= 6 && repeats { continue }
            series[column, default: []].append([step, try #require(Double(cell))])
        }
    }
    return series
}
