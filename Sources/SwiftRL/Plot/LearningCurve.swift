import Foundation

/// One line of a plot: the evaluation return of one configuration against environment steps, the
/// mean over its runs (seeds) with a band of ± one standard deviation across them.
public struct LearningCurve: Sendable, Hashable {
    /// One step of the curve.
    public struct Point: Sendable, Hashable {
        /// Environment steps.
        public var step: Int
        /// Mean over the runs evaluated at this step of their mean evaluation return.
        public var mean: Double
        /// Population standard deviation of those means across the runs (0 for one run).
        public var standardDeviation: Double
        /// How many runs were evaluated at this step.
        public var runs: Int
    }

    /// The legend's text.
    public var label: String
    /// How many runs (seeds) the curve averages.
    public var runCount: Int
    /// The points, by increasing step.
    public var points: [Point]

    /// The curves of `runs`: runs whose configurations differ only in their seed (and tracking
    /// settings) make one curve, averaged at each step where any of them was evaluated; the others
    /// one curve each, in the order first given. Labels name the algorithm and environment and,
    /// when several curves share them, the keys whose values tell them apart.
    public static func curves(of runs: [(configuration: RunConfiguration, history: EvaluationHistory)]) throws -> [LearningCurve] {
        var groups: [(key: RunConfiguration, histories: [EvaluationHistory])] = []
        for run in runs {
            var key = run.configuration
            key.seed = 0
            key.tracking = TrackingConfiguration()
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].histories.append(run.history)
            } else {
                groups.append((key, [run.history]))
            }
        }
        let labels = try Self.labels(of: groups.map(\.key))
        return zip(groups, labels).map { group, label in
            LearningCurve(label: label + (group.histories.count > 1 ? " (\(group.histories.count) seeds)" : ""),
                          runCount: group.histories.count, points: average(group.histories))
        }
    }

    private static func average(_ histories: [EvaluationHistory]) -> [Point] {
        var byStep = [Int: [Double]]()
        for history in histories {
            // A run evaluated twice at one step (a resumed run repeats none, but be safe) counts its last.
            var last = [Int: Double]()
            for point in history.points { last[point.step] = point.returnMean }
            for (step, value) in last { byStep[step, default: []].append(value) }
        }
        return byStep.keys.sorted().map { step in
            let values = byStep[step]!
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            return Point(step: step, mean: mean, standardDeviation: variance.squareRoot(), runs: values.count)
        }
    }

    /// "SAC on Pendulum-v1", followed by `key=value` for every key whose values differ between the
    /// configurations when several share an algorithm and environment.
    private static func labels(of configurations: [RunConfiguration]) throws -> [String] {
        let flattened = try configurations.map { Dictionary(try $0.flattenedValues(), uniquingKeysWith: { $1 }) }
        let keyOrder = try configurations.first.map { try $0.flattenedValues().map(\.key) } ?? []
        return configurations.enumerated().map { index, configuration in
            let base = "\(configuration.algorithm.displayName) on \(configuration.environment)"
            let peers = configurations.indices.filter {
                configurations[$0].algorithm == configuration.algorithm && configurations[$0].environment == configuration.environment
            }
            guard peers.count > 1 else { return base }
            let keys = Set(flattened[index].keys).union(peers.flatMap { flattened[$0].keys })
            let differing = (keyOrder + keys.sorted()).reduce(into: [String]()) { ordered, key in
                if !ordered.contains(key), Set(peers.map { flattened[$0][key] }).count > 1 { ordered.append(key) }
            }
            let details = differing.map { "\($0)=\(flattened[index][$0] ?? "-")" }.joined(separator: ", ")
            let text = details.count > 60 ? String(details.prefix(59)) + "…" : details
            return "\(base), \(text)"
        }
    }
}
