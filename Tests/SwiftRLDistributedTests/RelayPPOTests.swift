import Foundation
import Testing
import SwiftRL
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLEnvironments
@testable import SwiftRLDistributed

/// PPO behind the relay: workers send one packet per rollout of their environment, with the
/// log-probability of every action, and the trainer learns from `num_envs` of them per update.
@Suite(.serialized) struct RelayPPOTests {
    private static func trainer(_ relay: TestRelay, _ configuration: PPOConfiguration,
                                maximumPolicyLag: Int = 1) async throws -> RelayPPOTrainingSession {
        let state = try PPO(environment: "CartPole-v1", configuration: configuration).makeState(seed: 1)
        let connection = try relay.connection(.trainer)
        return try await onThread {
            try RelayPPOTrainingSession(session: state, environment: "CartPole-v1", connection: connection,
                                        maximumPolicyLag: maximumPolicyLag, queueRelease: .atCheckpoints)
        }
    }

    private static func worker(_ relay: TestRelay, id: String, seed: UInt64, steps: Int?) throws -> RolloutWorker {
        var worker = RolloutWorker.Configuration(connection: try relay.connection(.worker), workerID: id) {
            try EnvironmentRegistry.make("CartPole-v1")
        }
        worker.steps = steps
        worker.seed = seed
        return RolloutWorker(worker)
    }

    /// SB3 zoo's CartPole values (configs/ppo-cartpole.yaml, as shipped) from 2 workers: solved, as locally.
    @Test func ppoLearnsCartPoleFromTwoWorkersThroughTheRelay() async throws {
        let relay = try await TestRelay(queueCapacity: 2_048)
        defer { Task { await relay.stop() } }
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("configs/ppo-cartpole.yaml")
        guard case .ppo(let configuration) = try RunConfiguration.load(file: file.path).algorithmConfiguration else {
            Issue.record("configs/ppo-cartpole.yaml is not a PPO configuration")
            return
        }
        let session = try await Self.trainer(relay, configuration)
        let workers = try (1...2).map { try Self.worker(relay, id: "w\($0)", seed: UInt64($0), steps: nil) }
        let running = workers.map { worker in Task { try await worker.run() } }
        try await onThread { while try !session.step() {} }
        running.forEach { $0.cancel() }
        #expect(session.environmentSteps == configuration.steps)
        #expect(session.skippedPackets == 0)
        #expect(session.stalePackets * 10 <= session.learnedPackets,
                "workers send their share of each version: \(session.stalePackets) stale, \(session.learnedPackets) learned")
        #expect(session.episodes > 300, "episodes reported by the workers: \(session.episodes)")
        let evaluation = try session.evaluate(episodes: 10, seed: 1_000)
        #expect(evaluation.returnMean >= 475, "mean evaluation return \(evaluation.returnMean)")
        #expect(relay.counters.refusals == 0 && relay.counters.duplicates == 0)
    }

    /// One worker and a trainer are deterministic (the worker waits for each new version after
    /// `num_envs` packets), so a trainer resumed from a snapshot learns what an uninterrupted one does.
    @Test func aResumedPPOTrainerLearnsWhatAnUninterruptedOneLearns() async throws {
        var configuration = PPOConfiguration()
        configuration.steps = 6 * 2 * 64
        configuration.numEnvs = 2
        configuration.stepsPerEnv = 64
        configuration.batchSize = 64
        configuration.epochs = 2
        configuration.normalizeObservations = true
        configuration.evaluation = EvaluationConfiguration(interval: 256, episodes: 1)

        func run(interruptedAfter updates: Int?) async throws -> TrainingSnapshot {
            let relay = try await TestRelay()
            defer { Task { await relay.stop() } }
            let worker = Task { try await Self.worker(relay, id: "w1", seed: 3, steps: nil).run() }
            defer { worker.cancel() }
            var trainer = try await Self.trainer(relay, configuration, maximumPolicyLag: 0)
            if let updates {
                let checkpoint = try await onThread { [trainer] () throws -> TrainingSnapshot in
                    for _ in 0..<updates { try trainer.step() }
                    let snapshot = try trainer.snapshot(includingReplayBuffer: true)
                    trainer.checkpointSaved()
                    trainer.disconnect()
                    return snapshot
                }
                trainer = try await Self.trainer(relay, configuration, maximumPolicyLag: 0)
                try trainer.restore(checkpoint)
            }
            return try await onThread { [trainer] () throws -> TrainingSnapshot in
                while try !trainer.step() {}
                #expect(trainer.stalePackets == 0 && trainer.skippedPackets == 0)
                return try trainer.snapshot(includingReplayBuffer: true)
            }
        }
        var uninterrupted = try await run(interruptedAfter: nil)
        var resumed = try await run(interruptedAfter: 3)
        #expect(uninterrupted.environmentSteps == 768 && uninterrupted.updates == 6)
        #expect(resumed.collectorQueue?.learnedThrough == uninterrupted.collectorQueue?.learnedThrough)
        uninterrupted.collectorQueue = nil
        resumed.collectorQueue = nil
        #expect(resumed == uninterrupted, "bit-identical learner, statistics and evaluations")
    }

    /// A worker's packet is one rollout of its environment: each next observation is the following
    /// observation except where an episode ended, episodes are cut at `maximumEpisodeSteps`, and
    /// every action comes with its log-probability.
    @Test func aPPOWorkersPacketIsOneRolloutOfItsEnvironment() throws {
        var configuration = PPOConfiguration()
        configuration.stepsPerEnv = 12
        configuration.batchSize = 32
        let state = try PPO(environment: "CartPole-v1", configuration: configuration).makeState(seed: 4)
        let specification = PolicySpecification(configuration: .ppo(configuration), environment: "CartPole-v1",
                                                observationSize: 4, actionSize: 1)
        let collector = try OnPolicyPacketCollector(specification: specification,
                                                    environment: try EnvironmentRegistry.make("CartPole-v1"),
                                                    maximumEpisodeSteps: 5, seed: 9)
        try collector.load(PolicyWeights(version: 0, specification: specification, parameters: state.learner.parameters,
                                         actor: state.collector.actorNetwork))
        let (batch, episodes) = try collector.collectPacket()
        #expect(batch.count == 12 && batch.isOnPolicy && collector.steps == 12)
        #expect(batch.truncated == (0..<12).map { $0 == 4 || $0 == 9 }, "\(batch.truncated)")
        #expect(episodes.map(\.length) == [5, 5])
        for t in 0..<11 where !batch.truncated[t] && !batch.terminated[t] {
            #expect(batch.nextObservations[t * 4 ..< t * 4 + 4] == batch.observations[(t + 1) * 4 ..< (t + 2) * 4])
        }
        #expect(batch.actions.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(batch.logProbabilities.allSatisfy { $0 < 0 && $0 > -10 })
        let other = PolicySpecification(configuration: .ppo(configuration), environment: "Pendulum-v1",
                                        observationSize: 3, actionSize: 1)
        #expect(throws: MessageError.self) {
            try OnPolicyPacketCollector(specification: other, environment: try EnvironmentRegistry.make("CartPole-v1"),
                                        maximumEpisodeSteps: nil, seed: 9)
        }
    }

    /// A PPO packet's actions are the distribution's (unbounded for a Gaussian) and its
    /// log-probabilities must be finite; a SAC trainer refuses it.
    @Test func onPolicyPacketsAreCheckedAsSuch() throws {
        var batch = TransitionBatch(observationSize: 1, actionSize: 1)
        batch.append(CollectedTransition(observation: [0.5], action: [3.5], reward: 1, nextObservation: [0.25], terminated: false),
                     truncated: false, logProbability: -2.5)
        let decoded = try TransitionBatch(batch.message)
        #expect(decoded.isOnPolicy && decoded.logProbabilities == [-2.5] && decoded.actions == [3.5])
        var message = batch.message
        message.logProbabilities = PackedFloats.bytes([.nan])
        #expect(throws: MessageError.self) { try TransitionBatch(message) }
        message.logProbabilities = PackedFloats.bytes([1, 2])
        #expect(throws: MessageError.self) { try TransitionBatch(message) }
        message.logProbabilities = Data()
        #expect(throws: MessageError.self, "without log-probabilities the action must be in [-1, 1]") {
            try TransitionBatch(message)
        }
    }

    /// The weights of a PPO version carry the actor, the log std and the normalization; a file of
    /// another shape or with impossible values is refused.
    @Test func ppoWeightsRoundTripAndAreChecked() throws {
        var configuration = PPOConfiguration()
        configuration.normalizeObservations = true
        let state = try PPO(environment: "Pendulum-v1", configuration: configuration).makeState(seed: 2)
        var parameters = state.learner.parameters
        parameters.normalization = ObservationNormalization(mean: [0.1, 0.2, 0.3], standardDeviation: [1, 2, 3], clip: 10)
        let actor = state.collector.actorNetwork, architecture = try #require(actor.denseArchitecture)
        let bytes = parameters.safetensors(actor: actor, relayVersion: 4)
        let decoded = try PolicyParameters(safetensors: bytes, version: 4, architecture: architecture, freeParameterCount: 1,
                                           normalized: true)
        #expect(decoded.actor == parameters.actor && decoded.free == parameters.free
                && decoded.normalization == parameters.normalization)
        #expect(throws: ActorWeightsError.self) {
            try PolicyParameters(safetensors: bytes, version: 4, architecture: architecture, freeParameterCount: 2,
                                 normalized: true)
        }
        var invalid = parameters
        invalid.normalization?.standardDeviation[1] = 0
        #expect(throws: ActorWeightsError.self) {
            try PolicyParameters(safetensors: invalid.safetensors(actor: actor, relayVersion: 4), version: 4,
                                 architecture: architecture, freeParameterCount: 1, normalized: true)
        }
        #expect(throws: ActorWeightsError.self, "a policy that does not normalize refuses a normalization") {
            try PolicyParameters(safetensors: bytes, version: 4, architecture: architecture, freeParameterCount: 1,
                                 normalized: false)
        }
        invalid = parameters
        invalid.free = [.infinity]
        #expect(throws: ActorWeightsError.self) {
            try PolicyParameters(safetensors: invalid.safetensors(actor: actor, relayVersion: 4), version: 4,
                                 architecture: architecture, freeParameterCount: 1, normalized: true)
        }
    }
}

/// A worker's packet whose actions the trainer's distribution cannot produce (an index beyond
/// CartPole's two) is skipped and reported, not learned from and not the end of the run.
@Suite struct RelayPPOPacketCheckTests {
    @Test func aPacketOfImpossibleActionsIsSkippedAndTheRunGoesOn() async throws {
        let relay = try await TestRelay()
        var configuration = PPOConfiguration()
        configuration.numEnvs = 1
        configuration.stepsPerEnv = 4
        configuration.batchSize = 4
        configuration.steps = 4
        func packet(sequence: UInt64, action: Float) -> SamplePacket {
            var batch = TransitionBatch(observationSize: 4, actionSize: 1)
            for _ in 0..<4 {
                batch.append(CollectedTransition(observation: [0, 0, 0.01, 0], action: [action], reward: 1,
                                                 nextObservation: [0, 0, 0.01, 0], terminated: false),
                             truncated: false, logProbability: -0.7)
            }
            var packet = SamplePacket()
            packet.sequence = sequence
            packet.transitions = batch.message
            return packet
        }
        let packets = [packet(sequence: 1, action: 7), packet(sequence: 2, action: 1)]
        let worker = try relay.connection(.worker)
        try await worker.withClient { client in
            try await client.sendSamples(requestProducer: { writer in
                var hello = WorkerMessage()
                hello.hello.workerID = "forger"
                try await writer.write(hello)
                for packet in packets {
                    var message = WorkerMessage()
                    message.packet = packet
                    try await writer.write(message)
                }
            }, onResponse: { response in
                var acknowledged: UInt64 = 0
                for try await message in response.messages {
                    if case .acknowledgement(let acknowledgement)? = message.kind { acknowledged = acknowledgement.sequence }
                    if acknowledged == 2 { break }
                }
            })
        }
        let state = try PPO(environment: "CartPole-v1", configuration: configuration).makeState(seed: 1)
        let connection = try relay.connection(.trainer)
        let session = try await onThread {
            try RelayPPOTrainingSession(session: state, environment: "CartPole-v1", connection: connection,
                                        maximumPolicyLag: 1, queueRelease: .atCheckpoints)
        }
        let finished = try await onThread { try session.step() }
        session.disconnect()
        #expect(finished && session.learnedPackets == 1 && session.skippedPackets == 1 && session.environmentSteps == 4)
        await relay.stop()
    }

    @Test("a PPO model of other layers is refused before anything reaches the relay: workers act with the configuration's networks")
    func modelsOfOtherLayersAreRefused() async throws {
        let relay = try await TestRelay(queueCapacity: 16)
        defer { Task { await relay.stop() } }
        var configuration = PPOConfiguration()
        configuration.numEnvs = 2
        configuration.stepsPerEnv = 8
        configuration.batchSize = 16
        let sameSizes = PPOModel(
            actor: [DenseLayer(inputs: 4, outputs: 64, activation: .relu), DenseLayer(inputs: 64, outputs: 64, activation: .relu),
                    DenseLayer(inputs: 64, outputs: 2)],
            critic: [DenseLayer(inputs: 4, outputs: 1)])
        let state = try PPO(environment: "CartPole-v1", configuration: configuration, model: sameSizes).makeState(seed: 1)
        let connection = try relay.connection(.trainer)
        await #expect { try await onThread {
            try RelayPPOTrainingSession(session: state, environment: "CartPole-v1", connection: connection,
                                        maximumPolicyLag: 1, queueRelease: .atCheckpoints)
        } } throws: { "\($0)".contains("the configuration's networks") }
    }
}
