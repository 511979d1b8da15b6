import Testing
@testable import SwiftRLAlgorithms

/// Each stop condition, with rl8's semantics, on made-up sequences of metrics.
@Suite struct StopConditionTests {
    private func metrics(_ value: Double?) -> NamedMetrics {
        NamedMetrics(names: ["returns/mean", "losses/value"], values: [value, 1])
    }

    /// The 1-based index of the first check that stops, feeding `values` of `returns/mean` in turn.
    private func stoppingCheck(_ condition: StopCondition, _ values: [Double?]) -> Int? {
        var monitor = StopConditionMonitor([condition])
        for (index, value) in values.enumerated()
        where monitor.check(steps: 100 * (index + 1), seconds: Double(index + 1), metrics: metrics(value),
                            evaluation: value.map { EvaluationResult(returns: [$0], lengths: [1]) }) != nil {
            return index + 1
        }
        return nil
    }

    @Test func stepsAndWallClock() {
        #expect(stoppingCheck(.steps(300), [1, 2, 3, 4]) == 3)
        #expect(stoppingCheck(.wallClock(seconds: 2.5), [1, 2, 3, 4]) == 3)
    }

    @Test func boundsAndTargetReturn() {
        #expect(stoppingCheck(.upperBound(metric: "returns/mean", value: 10), [1, nil, 9.9, 10, 11]) == 4)
        #expect(stoppingCheck(.lowerBound(metric: "returns/mean", value: -5), [0, nil, -4, -5.5]) == 4)
        #expect(stoppingCheck(.upperBound(metric: "returns/mean", value: 10), [nil, nil]) == nil)
        #expect(stoppingCheck(.targetReturn(475), [100, 474.9, 475]) == 3)
    }

    /// rl8's `Plateaus`: the count grows while |new − old| ≤ rtol·|old| (the first old value is 0,
    /// so a first value of 0 counts), resets otherwise, and stops at `patience`.
    @Test func plateausFollowRL8() {
        let plateau = StopCondition.plateaus(metric: "returns/mean", relativeTolerance: 0.1, patience: 3)
        #expect(stoppingCheck(plateau, [100, 105, 110, 115]) == 4)
        #expect(stoppingCheck(plateau, [100, 105, 200, 205, 210, 215]) == 6)
        #expect(stoppingCheck(plateau, [0, 0, 0]) == 3)
        #expect(stoppingCheck(plateau, [100, 105, nil, 110, 115]) == 5)
        #expect(stoppingCheck(plateau, [100, 150, 100, 150, 100]) == nil)
    }

    @Test func theFirstConditionMetIsReported() {
        var monitor = StopConditionMonitor([.steps(1000), .upperBound(metric: "returns/mean", value: 5)])
        #expect(monitor.check(steps: 100, seconds: 0, metrics: metrics(6), evaluation: nil)
                == .upperBound(metric: "returns/mean", value: 5))
    }

    @Test func invalidConditionsAreRefusedNamingTheKey() {
        let names = ["returns/mean"]
        #expect(throws: ConfigurationError.self) {
            try StopCondition.plateaus(metric: "returns/median", relativeTolerance: 0.1, patience: 3)
                .validate(key: "stop_conditions[0]", metricNames: names)
        }
        #expect(throws: ConfigurationError.invalidValue(key: "stop_conditions[1].patience", value: "0",
                                                        requirement: "a positive integer")) {
            try StopCondition.plateaus(metric: "returns/mean", relativeTolerance: 0.1, patience: 0)
                .validate(key: "stop_conditions[1]", metricNames: names)
        }
        #expect(throws: ConfigurationError.self) {
            try StopCondition.wallClock(seconds: .infinity).validate(key: "s", metricNames: names)
        }
    }
}
