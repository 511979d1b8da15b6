@testable import SwiftRL
import Testing

/// The strict reader of `metrics.csv`'s evaluations behind `swiftrl plot`.
@Suite("Evaluation history")
struct EvaluationHistoryTests {
    private let header = MetricsLog(metricNames: ["losses/critic"]).header

    @Test func evaluationRowsAreRead() throws {
        let history = try EvaluationHistory.parse("\(header)\n5,0.1,-3.5,5,,,\n10,0.2,,,-2.5,0.5,1.25\n")
        #expect(history.points == [.init(step: 10, returnMean: -2.5, returnStandardDeviation: 0.5)])
    }

    @Test(arguments: [
        ("step,wall\n", 1, "its header does not start with"),
        ("HEADER\n1,0.1,,,1.0,0.5\n", 2, "it is not a row of 7 cells"),
        ("HEADER\nx,0.1,,,1.0,0.5,\n", 2, "starting with a step"),
        ("HEADER\n-1,0.1,,,1.0,0.5,\n", 2, "starting with a step"),
        ("HEADER\n1,0.1,,,nan,0.5,\n", 2, "not a mean"),
        ("HEADER\n1,0.1,,,1e300,0.5,\n", 2, "within ±1e15"),
        ("HEADER\n1,0.1,,,1.0,inf,\n", 2, "within ±1e15"),
        ("HEADER\n1,0.1,,,1.0,-0.5,\n", 2, "non-negative standard deviation"),
        ("HEADER\n1,0.1,,,1.0,,\n", 2, "without a standard deviation"),
        ("HEADER\n1,0.1,,,1.0,0.5,\n\n", 3, "it is not a row"),
    ])
    func malformedLinesAreNamed(csv: String, line: Int, problem: String) {
        #expect {
            _ = try EvaluationHistory.parse(csv.replacingOccurrences(of: "HEADER", with: header))
        } throws: { error in
            guard let error = error as? MetricsLog.ContinuationError else { return false }
            return error.line == line && error.problem.contains(problem)
        }
    }

    @Test func extremeAndFlatCurvesDrawFiniteCoordinates() {
        for (mean, deviation) in [(1e15, 1e15), (-1e15, 0), (5, 0)] {
            let curve = LearningCurve(label: "x", runCount: 2, points: [
                .init(step: 0, mean: mean, standardDeviation: deviation, runs: 2),
                .init(step: Int.max, mean: mean, standardDeviation: deviation, runs: 2),
            ])
            let svg = LearningCurvePlot(curves: [curve], title: "t").svg()
            #expect(!svg.contains("nan") && !svg.contains("inf"), "\(svg.prefix(2000))")
        }
    }
}
