/// When a training run stops before its step budget, as rl8's stop conditions: one condition met
/// is enough. Conditions are checked after every ``TrainingSession/step()``.
///
/// In YAML, under `stop_conditions`, each is a mapping with its `kind`:
///
/// ```yaml
/// stop_conditions:
///   - {kind: plateaus, metric: returns/mean, relative_tolerance: 0.05, patience: 5}
///   - {kind: upper_bound, metric: returns/mean, value: 475}
///   - {kind: target_return, value: 475}
///   - {kind: wall_clock, seconds: 60}
///   - {kind: steps, steps: 50000}
/// ```
public enum StopCondition: Sendable, Hashable {
    /// At least this many environment steps taken.
    case steps(Int)
    /// At least this many seconds of training.
    case wallClock(seconds: Double)
    /// A periodic evaluation's mean return reaches this value.
    case targetReturn(Double)
    /// rl8's `Plateaus`: the metric stayed within `relativeTolerance` of its previous value
    /// (|new − old| ≤ rtol·|old|, the first old value being 0) for `patience` checks in a row.
    case plateaus(metric: String, relativeTolerance: Double, patience: Int)
    /// rl8's `HitsUpperBound`: the metric is at least `value`.
    case upperBound(metric: String, value: Double)
    /// rl8's `HitsLowerBound`: the metric is at most `value`.
    case lowerBound(metric: String, value: Double)

    /// One line for messages and `summary.json`, such as `plateaus(returns/mean, rtol 0.05, patience 5)`.
    public var description: String {
        switch self {
        case .steps(let steps): "steps(\(steps))"
        case .wallClock(let seconds): "wall_clock(\(seconds) s)"
        case .targetReturn(let value): "target_return(\(value))"
        case .plateaus(let metric, let tolerance, let patience): "plateaus(\(metric), rtol \(tolerance), patience \(patience))"
        case .upperBound(let metric, let value): "upper_bound(\(metric) >= \(value))"
        case .lowerBound(let metric, let value): "lower_bound(\(metric) <= \(value))"
        }
    }

    /// Checks the values, naming `key` (such as `stop_conditions[0]`) at fault, and that a metric
    /// is one of `metricNames`.
    public func validate(key: String, metricNames: [String]) throws(ConfigurationError) {
        switch self {
        case .steps(let steps):
            try ConfigurationError.require(steps > 0, "\(key).steps", steps, "a positive integer")
        case .wallClock(let seconds):
            try ConfigurationError.require(seconds > 0 && seconds.isFinite, "\(key).seconds", seconds, "a positive number")
        case .targetReturn(let value):
            try ConfigurationError.require(value.isFinite, "\(key).value", value, "a finite number")
        case .plateaus(let metric, let tolerance, let patience):
            try Self.requireMetric(metric, key: key, in: metricNames)
            try ConfigurationError.require(tolerance >= 0 && tolerance.isFinite, "\(key).relative_tolerance", tolerance,
                                           "0 or a positive number")
            try ConfigurationError.require(patience > 0, "\(key).patience", patience, "a positive integer")
        case .upperBound(let metric, let value), .lowerBound(let metric, let value):
            try Self.requireMetric(metric, key: key, in: metricNames)
            try ConfigurationError.require(value.isFinite, "\(key).value", value, "a finite number")
        }
    }

    private static func requireMetric(_ metric: String, key: String, in names: [String]) throws(ConfigurationError) {
        try ConfigurationError.require(names.contains(metric), "\(key).metric", metric,
                                       "one of the run's metrics: \(names.joined(separator: ", "))")
    }
}

/// Watches a session for its stop conditions, keeping what `plateaus` needs between checks.
public struct StopConditionMonitor: Sendable {
    /// The conditions watched.
    public let conditions: [StopCondition]
    /// Per condition: checks in a row within tolerance, and the previous value (plateaus only).
    private var plateauCounts: [Int]
    private var previousValues: [Double]

    /// Watches `conditions`.
    public init(_ conditions: [StopCondition]) {
        self.conditions = conditions
        plateauCounts = .init(repeating: 0, count: conditions.count)
        previousValues = .init(repeating: 0, count: conditions.count)
    }

    /// The first condition met after a step, or nil. A metric without a value yet (no episode
    /// finished, say) meets no bound and leaves a plateau's count as it was.
    public mutating func check(steps: Int, seconds: Double, metrics: NamedMetrics?,
                               evaluation: EvaluationResult?) -> StopCondition? {
        var met: StopCondition?
        for (index, condition) in conditions.enumerated() {
            let isMet: Bool
            switch condition {
            case .steps(let budget): isMet = steps >= budget
            case .wallClock(let limit): isMet = seconds >= limit
            case .targetReturn(let target): isMet = evaluation.map { $0.returnMean >= target } ?? false
            case .upperBound(let metric, let value): isMet = metrics?[metric].map { $0 >= value } ?? false
            case .lowerBound(let metric, let value): isMet = metrics?[metric].map { $0 <= value } ?? false
            case .plateaus(let metric, let tolerance, let patience):
                guard let value = metrics?[metric] else { continue }
                let old = previousValues[index]
                plateauCounts[index] = abs(value - old) <= tolerance * abs(old) ? plateauCounts[index] + 1 : 0
                previousValues[index] = value
                isMet = plateauCounts[index] >= patience
            }
            if isMet && met == nil { met = condition }
        }
        return met
    }
}
