/// Named values describing training so far, in a fixed order per algorithm, with rl8's names
/// (`losses/policy`, `monitors/kl_div`, `profiling/collect_ms`, …). `metrics.csv` has one column per
/// name; a value that does not apply (yet) is `nil`, an empty cell.
public struct NamedMetrics: Sendable, Hashable, Codable {
    /// The names, in column order.
    public var names: [String]
    /// One value per name.
    public var values: [Double?]

    /// Pairs names with values of equal count.
    public init(names: [String], values: [Double?]) {
        precondition(names.count == values.count, "\(names.count) metric names for \(values.count) values")
        self.names = names
        self.values = values
    }

    /// The value called `name`, if present and set.
    public subscript(name: String) -> Double? {
        names.firstIndex(of: name).flatMap { values[$0] }
    }
}

extension UpdateMetrics {
    /// The metric names of off-policy updates.
    public static let names = ["losses/critic", "losses/actor", "monitors/entropy_coefficient"]

    /// These losses as named metrics.
    public var named: NamedMetrics {
        NamedMetrics(names: Self.names,
                     values: [Double(criticLoss), Double(actorLoss), entropyCoefficient.map { Double($0) }])
    }
}

extension UpdateMetrics {
    /// The losses in `metrics` (nil stays nil).
    /// - Throws: ``SnapshotError/invalidValue(name:reason:)`` when the names are not an off-policy
    ///   update's or a loss is missing.
    init?(named metrics: NamedMetrics?) throws(SnapshotError) {
        guard let metrics else { return nil }
        guard metrics.names == Self.names, let critic = metrics.values[0], let actor = metrics.values[1] else {
            throw .invalidValue(name: "latest_metrics", reason: "are not an off-policy update's")
        }
        self.init(criticLoss: Float(critic), actorLoss: Float(actor), entropyCoefficient: metrics.values[2].map { Float($0) })
    }
}
