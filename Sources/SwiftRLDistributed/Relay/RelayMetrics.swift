import Prometheus
import Synchronization

/// The relay's figures as Prometheus metrics (swift-prometheus), read from its counters at each
/// scrape: the same figures `swiftrl status` prints.
final class RelayMetrics: Sendable {
    private let counters: RelayCounters
    private let broadcast: WeightsBroadcast
    private let registry = PrometheusCollectorRegistry()
    private let samplesIn: Counter
    private let samplesOut: Counter
    private let refusals: Counter
    private let duplicates: Counter
    private let workersConnected: Gauge
    private let queueDepth: Gauge
    private let retained: Gauge
    private let weightsVersion: Gauge
    /// The counter values the Prometheus counters hold, to add only what has happened since.
    private let exported = Mutex(RelayCounters.Values())

    init(counters: RelayCounters, broadcast: WeightsBroadcast) {
        self.counters = counters
        self.broadcast = broadcast
        samplesIn = registry.makeCounter(name: "swiftrl_relay_samples_in_total", help: "Transitions stored from workers.")
        samplesOut = registry.makeCounter(name: "swiftrl_relay_samples_out_total", help: "Transitions handed to the trainer.")
        refusals = registry.makeCounter(name: "swiftrl_relay_refusals_total",
                                        help: "Calls and messages refused (tokens, roles, malformed packets, weights).")
        duplicates = registry.makeCounter(name: "swiftrl_relay_duplicates_total",
                                          help: "Packets received again, acknowledged and not stored twice.")
        workersConnected = registry.makeGauge(name: "swiftrl_relay_workers_connected", help: "Workers sending samples now.")
        queueDepth = registry.makeGauge(name: "swiftrl_relay_queue_depth", help: "Transitions the trainer has not taken.")
        retained = registry.makeGauge(name: "swiftrl_relay_retained", help: "Transitions kept until a trainer checkpoint holds them.")
        weightsVersion = registry.makeGauge(name: "swiftrl_relay_weights_version", help: "The latest weights version.")
    }

    /// The metrics now, in Prometheus' text exposition format.
    func exposition() -> [UInt8] {
        let values = counters.current
        exported.withLock { last in
            samplesIn.increment(by: Int64(max(values.samplesIn - last.samplesIn, 0)))
            samplesOut.increment(by: Int64(max(values.samplesOut - last.samplesOut, 0)))
            refusals.increment(by: Int64(max(values.refusals - last.refusals, 0)))
            duplicates.increment(by: Int64(max(values.duplicates - last.duplicates, 0)))
            last = values
        }
        workersConnected.set(Int64(values.workersConnected))
        queueDepth.set(Int64(values.queued))
        retained.set(Int64(values.retained))
        weightsVersion.set(Int64(clamping: broadcast.latest?.version ?? 0))
        return registry.emitToBuffer()
    }
}
