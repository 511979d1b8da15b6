import Foundation
@testable import SwiftRL
import Testing

/// The MLflow tracker's bounded queue, against a server that takes connections and never answers.
@Suite("MLflow queue")
struct MLflowQueueTests {
    /// A loopback socket that listens but never accepts: connections complete, answers never come.
    private func silentServer() throws -> (socket: Int32, url: URL) {
        let port = try LocalServer.freePort()
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0 && listen(socket, 128) == 0)
        return (socket, URL(string: "http://127.0.0.1:\(port)")!)
    }

    @Test func aFullQueueDropsTheOldestBatchesSaysSoOnceAndEndsInTime() throws {
        let (socket, url) = try silentServer()
        defer { close(socket) }
        let warnings = Warnings()
        let tracker = MLflowTracker(server: url, description: .init(experiment: "e", name: "n", parameters: [], tags: []),
                                    warn: { warnings.append($0) })
        let row = MetricsLog.Row(step: 1, wallSeconds: 0, episodeReturn: 1)
        var scalars = TrackedScalars(row, metricNames: [], includingMetrics: false, wallTime: 1)
        scalars.values = Array(repeating: ("episode_return", 1), count: MLflowClient.batchLimits.metrics)
        let start = Date()
        for _ in 0..<(MLflowTracker.queueCapacity + 10) { tracker.record(scalars) }
        #expect(Date().timeIntervalSince(start) < 1, "handing batches over must not wait for the server")
        #expect(warnings.lines == ["MLflow at \(url.absoluteString) falls behind: its oldest metrics are dropped; training goes on"])
        tracker.finish(.finished, directory: RunDirectory(path: "/nonexistent"))
        #expect(Date().timeIntervalSince(start) < MLflowTracker.finishTimeout + 2)
        #expect(warnings.lines.count == 2)
        #expect(warnings.lines.last == "MLflow at \(url.absoluteString) unreachable: no answer within 2 s; training goes on without it")
    }
}

/// Warning lines collected from any thread.
private final class Warnings: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    var lines: [String] { lock.withLock { collected } }

    func append(_ line: String) {
        lock.withLock { collected.append(line) }
    }
}
