import Foundation
import Testing
import SwiftRLAlgorithms
import SwiftRLEnvironments
@testable import SwiftRLDistributed

@Suite(.serialized) struct RelayLearningTests {
    /// The learning goal: SAC on Pendulum-v1 from 2 workers through a TLS relay, ≥ −200
    /// within 20,000 environment steps; every acknowledged transition is learned exactly once.
    @Test func sacLearnsPendulumFromTwoWorkersThroughTheRelay() async throws {
        let relay = try await TestRelay(queueCapacity: 500)
        defer { Task { await relay.stop() } }
        var configuration = SACConfiguration()
        configuration.steps = 20_000
        let state = try SAC(environment: try EnvironmentRegistry.make("Pendulum-v1"), configuration: configuration).makeState(seed: 1)
        let trainerConnection = try relay.connection(.trainer)
        let sac = configuration
        let session = try await onThread {
            try RelayTrainingSession(session: state, configuration: .sac(sac), environment: "Pendulum-v1",
                                     connection: trainerConnection, publishInterval: 100)
        }
        let workers = try (1...2).map { index in
            var worker = RolloutWorker.Configuration(connection: try relay.connection(.worker), workerID: "w\(index)") {
                try EnvironmentRegistry.make("Pendulum-v1")
            }
            worker.steps = 10_000
            worker.seed = UInt64(index)
            worker.samplesPerPacket = 50
            return RolloutWorker(worker)
        }
        async let first = workers[0].run()
        async let second = workers[1].run()
        try await onThread { while try !session.step() {} }
        let summaries = try await [first, second]
        #expect(summaries.map(\.steps) == [10_000, 10_000])
        #expect(summaries.map(\.acknowledgedSequence) == [200, 200])
        #expect(summaries.allSatisfy { $0.weightsVersion > 50 }, "workers act with recent weights: \(summaries)")
        #expect(session.environmentSteps == 20_000)
        #expect(session.episodes == 100)
        #expect(session.skippedPackets == 0)
        let evaluation = try session.evaluate(episodes: 10, seed: 1_000)
        #expect(evaluation.returnMean >= -200, "mean evaluation return \(evaluation.returnMean)")
        #expect(relay.counters.samplesIn == 20_000)
        #expect(relay.counters.duplicates == 0 && relay.counters.refusals == 0)
    }
}
