import Foundation
import Testing

/// The series of a `metrics.csv`: for each column other than `step` and `wall_seconds`, the
/// (step, value) of its non-empty cells, in row order.
func metricsSeries(_ url: URL) throws -> [String: [[Double]]] {
    let lines = try contents(of: url).split(separator: "\n")
    let header = lines[0].split(separator: ",").map(String.init)
    var series = [String: [[Double]]]()
    for line in lines.dropFirst() {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false)
        let step = try #require(Double(cells[0]))
        for (column, cell) in zip(header, cells).dropFirst(2) where !cell.isEmpty {
            series[column, default: []].append([step, try #require(Double(cell))])
        }
    }
    return series
}
