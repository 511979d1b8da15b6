import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import SwiftRLDistributed

/// `swiftrl serve --metrics-listen`: the relay's figures in Prometheus' text format.
@Suite(.serialized) struct RelayMetricsTests {
    private static func get(_ path: String, port: Int) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func metricsCountWhatTheRelayDid() async throws {
        let relay = try await TestRelay(withMetrics: true)
        defer { Task { await relay.stop() } }
        let port = try #require(relay.metricsPort)
        let before = try await Self.get("/metrics", port: port)
        #expect(before.status == 200)
        #expect(before.body.contains("# TYPE swiftrl_relay_samples_in_total counter\nswiftrl_relay_samples_in_total 0\n"),
                "\(before.body)")

        let initial = try await relay.publishInitialWeights()
        await #expect(throws: (any Error).self, "a worker may not publish") {
            _ = try await relay.connection(.worker).withClient { client in
                try await client.publishWeights(initial, options: RelayConnection.callOptions)
            }
        }
        _ = try await relay.collect(steps: 200)

        let after = try await Self.get("/metrics", port: port)
        for line in ["swiftrl_relay_samples_in_total 200", "swiftrl_relay_samples_out_total 0",
                     "swiftrl_relay_queue_depth 200.0", "swiftrl_relay_retained 200.0", "swiftrl_relay_refusals_total 1",
                     "swiftrl_relay_duplicates_total 0", "swiftrl_relay_weights_version 0.0",
                     "swiftrl_relay_workers_connected 0.0"] {
            #expect(after.body.split(separator: "\n").contains(Substring(line)), "\(line) in \(after.body)")
        }
        let again = try await Self.get("/metrics", port: port)
        #expect(again.body == after.body, "counters are not counted twice across scrapes")
        #expect(try await Self.get("/other", port: port).status == 404)
    }
}
