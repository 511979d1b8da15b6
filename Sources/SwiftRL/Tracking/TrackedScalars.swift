import Foundation

/// One row of `metrics.csv` as trackers receive it: its step, when it was recorded, and its
/// non-empty cells other than `step` and `wall_seconds`, tagged with their column names
/// (`episode_return`, `eval_return_mean`, `losses/policy`, …). Trackers get the rows that
/// `metrics.csv` gets, except that the named metrics of one update go once, with the first row that
/// carries them (a PPO rollout's episodes all repeat the previous update's): a TensorBoard or MLflow
/// series is the CSV's column without those repeats.
struct TrackedScalars: Sendable {
    /// Environment steps taken.
    var step: Int
    /// Seconds since 1970 when the row was recorded.
    var wallTime: Double
    /// Column name and value of each non-empty cell, in column order.
    var values: [(tag: String, value: Double)]

    /// The cells of `row`, a row of a log whose metric columns are `metricNames`; its named metrics
    /// only when `includingMetrics`.
    init(_ row: MetricsLog.Row, metricNames: [String], includingMetrics: Bool, wallTime: Double) {
        step = row.step
        self.wallTime = wallTime
        let fixed: [(String, Double?)] = [
            ("episode_return", row.episodeReturn), ("episode_length", row.episodeLength.map(Double.init)),
            ("eval_return_mean", row.evaluation?.returnMean), ("eval_return_std", row.evaluation?.returnStandardDeviation),
        ]
        let named = includingMetrics ? row.metrics.map { metrics in metricNames.map { ($0, metrics[$0]) } } ?? [] : []
        values = (fixed + named).compactMap { tag, value in value.map { (tag, $0) } }
    }
}
