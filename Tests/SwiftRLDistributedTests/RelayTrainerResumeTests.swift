import Foundation
import Testing
import SwiftRLAlgorithms
import SwiftRLEnvironments
@testable import SwiftRLDistributed

/// A trainer behind a relay resumes from its snapshot: it takes the first transition it had not
/// learned, and the relay keeps every packet until a checkpoint holds it.
@Suite(.serialized) struct RelayTrainerResumeTests {
    private static func configuration() -> SACConfiguration {
        var configuration = SACConfiguration()
        configuration.steps = 1_200
        configuration.warmupSteps = 200
        configuration.batchSize = 32
        configuration.evaluation = EvaluationConfiguration(interval: 500, episodes: 1)
        return configuration
    }

    private static func trainer(_ relay: TestRelay) async throws -> RelayTrainingSession {
        let sac = configuration()
        let state = try SAC(environment: try EnvironmentRegistry.make("Pendulum-v1"), configuration: sac).makeState(seed: 1)
        let connection = try relay.connection(.trainer)
        return try await onThread {
            try RelayTrainingSession(session: state, configuration: .sac(sac), environment: "Pendulum-v1",
                                     connection: connection, publishInterval: 100, queueRelease: .atCheckpoints)
        }
    }

    /// Queues 1,200 transitions from one worker acting with published initial weights, in 24 packets of 50.
    private static func fillQueue(of relay: TestRelay) async throws {
        _ = try await relay.publishInitialWeights(configuration())
        let summary = try await relay.collect(steps: 1_200)
        #expect(summary.acknowledgedSequence == 24)
    }

    @Test func aTrainerResumedMidPacketLearnsExactlyWhatAnUninterruptedOneLearns() async throws {
        let relay = try await TestRelay()
        defer { Task { await relay.stop() } }
        try await Self.fillQueue(of: relay)

        let uninterrupted = try await Self.trainer(relay)
        let expected = try await onThread { () throws -> TrainingSnapshot in
            while try !uninterrupted.step() {}
            return try uninterrupted.snapshot(includingReplayBuffer: true)
        }
        #expect(expected.environmentSteps == 1_200)
        #expect(relay.counters.retained == 1_200, "nothing is released before a checkpoint holds it")

        // Interrupted 25 transitions into the 13th packet; its checkpoint releases the 12 packets before.
        let interrupted = try await Self.trainer(relay)
        let checkpoint = try await onThread { () throws -> TrainingSnapshot in
            for _ in 0..<625 { _ = try interrupted.step() }
            let snapshot = try interrupted.snapshot(includingReplayBuffer: true)
            interrupted.checkpointSaved()
            return snapshot
        }
        #expect(checkpoint.collectorQueue?.transitionsIntoNext == 25)
        let resumed = try await Self.trainer(relay)
        let finished = try await onThread { () throws -> TrainingSnapshot in
            try resumed.restore(checkpoint)
            while try !resumed.step() {}
            let snapshot = try resumed.snapshot(includingReplayBuffer: true)
            resumed.checkpointSaved()
            return snapshot
        }
        #expect(relay.counters.retained == 0, "the last checkpoint releases the rest")
        var learned = finished, reference = expected
        #expect(learned.collectorQueue?.learnedThrough == reference.collectorQueue?.learnedThrough)
        #expect(learned.collectorQueue!.weightsVersion > reference.collectorQueue!.weightsVersion,
                "versions go on after the relay's latest")
        learned.collectorQueue = nil
        reference.collectorQueue = nil
        #expect(learned == reference, "bit-identical agent, replay buffer, counters and evaluations")
    }

    @Test func snapshotsOfTheTwoKindsOfRunAreNotInterchangeable() async throws {
        let relay = try await TestRelay()
        defer { Task { await relay.stop() } }
        let sac = Self.configuration()
        let local = try SAC(environment: try EnvironmentRegistry.make("Pendulum-v1"), configuration: sac).makeState(seed: 1)
        let trainer = try await Self.trainer(relay)
        #expect(throws: SnapshotError.self) { try trainer.restore(try local.snapshot(includingReplayBuffer: false)) }
        let relayed = try trainer.snapshot(includingReplayBuffer: false)
        #expect {
            try local.restore(relayed)
        } throws: { error in
            "\(error)".contains("learned from rollout workers")
        }
    }
}
