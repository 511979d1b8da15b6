@testable import SwiftRL
import Testing

/// `MetricsLog.append` tells trackers when a row repeats the previous row's named metrics, also
/// across a resume.
@Suite("Repeated named metrics")
struct MetricsLogRepeatTests {
    private let names = ["losses/critic", "monitors/entropy_coefficient"]

    private func row(_ step: Int, _ values: [Double?]?) -> MetricsLog.Row {
        var row = MetricsLog.Row(step: step, wallSeconds: 0)
        row.metrics = values.map { NamedMetrics(names: names, values: $0) }
        return row
    }

    @Test func repeatsAreTheSameUpdate() throws {
        var log = MetricsLog(metricNames: names)
        let repeats = [row(1, nil), row(2, nil), row(3, [0.5, nil]), row(4, [0.5, nil]), row(5, [0.25, nil])]
            .map { log.append($0) }
        #expect(repeats == [false, false, false, true, false])

        var continued = try MetricsLog(metricNames: names, continuing: log.csv, upToStep: 4)
        let afterResume = continued.append(row(5, [0.5, nil]))
        #expect(afterResume)
        var fresh = try MetricsLog(metricNames: names, continuing: log.csv, upToStep: 2)
        let beforeUpdates = fresh.append(row(3, nil))
        #expect(!beforeUpdates)
    }
}
