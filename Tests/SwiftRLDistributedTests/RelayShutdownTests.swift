import Foundation
import Testing
@testable import SwiftRLDistributed

@Suite struct RelayShutdownTests {
    /// A worker that stays connected (an open sample stream, a weights watch) does not keep the
    /// relay from ending: the watch ends at once, the stream after the grace period.
    @Test func shutdownEndsWithWorkersStillConnected() async throws {
        let relay = try await TestRelay()
        let worker = try relay.connection(.worker)
        let connected = Task {
            try await worker.withClient { client in
                try await client.sendSamples(requestProducer: { writer in
                    var hello = WorkerMessage()
                    hello.hello.workerID = "idle"
                    try await writer.write(hello)
                    try await Task.sleep(for: .seconds(60))
                }, onResponse: { response in
                    for try await _ in response.messages {}
                })
            }
        }
        let watching = Task {
            try await worker.withClient { client in
                var request = Swiftrl_Distributed_V1_WatchWeightsRequest()
                request.fromStart = true
                try await client.watchWeights(request) { response in for try await _ in response.messages {} }
            }
        }
        while relay.counters.workersConnected == 0 { try await Task.sleep(for: .milliseconds(10)) }
        let start = ContinuousClock.now
        await relay.stop()
        let elapsed = ContinuousClock.now - start
        // A liveness bound, not a speed target: the grace period plus room for a loaded machine.
        #expect(elapsed < RelayServer.shutdownGrace + .seconds(25), "shutdown took \(elapsed)")
        connected.cancel()
        watching.cancel()
    }
}
