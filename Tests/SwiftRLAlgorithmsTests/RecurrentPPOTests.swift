import Foundation
import SwiftRLCore
import SwiftRLEnvironments
import SwiftRLNN
import Testing
@testable import SwiftRLAlgorithms

/// Recurrent PPO: determinism across thread counts, the learner's chunk states equal to the
/// collector's, evaluation with state, and learning a task that needs memory.
@Suite("Recurrent PPO", .serialized)
struct RecurrentPPOTests {
    static func small(_ recurrent: RecurrentChoice, steps: Int = 1024) -> PPOConfiguration {
        var configuration = PPOTests.small(steps: steps)
        configuration.recurrent = recurrent
        configuration.hiddenSize = 8
        configuration.seqLen = 4
        configuration.actor.hiddenSizes = [16]
        configuration.critic.hiddenSizes = [16]
        return configuration
    }

    private func run(_ configuration: PPOConfiguration, seed: UInt64 = 1, threads: Int = 1) throws -> PPOTrainingState {
        let state = try PPO(environment: "CartPoleNoVelocity-v1", configuration: configuration)
            .makeState(seed: seed, pool: ThreadPool(threadCount: threads))
        while try !state.step() {}
        return state
    }

    private func fingerprint(_ state: PPOTrainingState) -> [UInt32] {
        let learner = state.learner
        return (learner.parameters.actor + learner.parameters.memory + learner.critic.network.parameters
                + (learner.criticMemory?.layer.parameters ?? []) + learner.criticStates
                + state.collector.recurrentStates).map(\.bitPattern)
    }

    @Test("the same seed gives the same bits, whatever the thread count", arguments: [RecurrentChoice.lstm, .gru])
    func determinism(recurrent: RecurrentChoice) throws {
        var configuration = Self.small(recurrent)
        configuration.normalizeObservations = true
        let one = try run(configuration, threads: 1)
        let two = try run(configuration, threads: 2)
        #expect(fingerprint(one) == fingerprint(two))
        #expect(fingerprint(one) != fingerprint(try run(configuration, seed: 2)))
        #expect(one.learner.parameters.memory.count == RecurrentShape(cell: recurrent.cell!, inputSize: 2, hiddenSize: 8).parameterCount)
    }

    @Test("the evaluation policy carries its state through each episode", arguments: [RecurrentChoice.lstm, .gru])
    func evaluation(recurrent: RecurrentChoice) throws {
        let state = try run(Self.small(recurrent))
        let policy = state.policy
        #expect(policy.stateWidth == (recurrent == .lstm ? 16 : 8))
        #expect(throws: TrainingError.stateSize(expected: policy.stateWidth, found: 0)) { try policy.action(for: [0, 0]) }
        var memory = policy.initialState
        _ = try policy.action(for: [0.01, 0.02], state: &memory)
        #expect(memory != policy.initialState)
        let result = try state.evaluate(episodes: 2)
        #expect(result.returns.count == 2 && result.returns.allSatisfy { $0 >= 1 })
    }

    @Test("a restored snapshot continues bit for bit", arguments: [RecurrentChoice.lstm, .gru])
    func resume(recurrent: RecurrentChoice) throws {
        var configuration = Self.small(recurrent, steps: 2048)
        configuration.normalizeObservations = true
        let whole = try run(configuration)
        let ppo = PPO(environment: "CartPoleNoVelocity-v1", configuration: configuration)
        let first = try ppo.makeState(seed: 1, pool: ThreadPool(threadCount: 1))
        for _ in 0..<3 { try first.step() }
        let snapshot = try first.snapshot()
        #expect(snapshot.agent.recurrentLayers.keys.sorted() == ["actor_memory", "critic_memory"])
        let resumed = try ppo.makeState(seed: 1, pool: ThreadPool(threadCount: 2))
        try resumed.restore(snapshot)
        #expect(try resumed.snapshot() == snapshot)
        while try !resumed.step() {}
        #expect(fingerprint(resumed) == fingerprint(whole))
        #expect(try resumed.evaluate(episodes: 2) == whole.evaluate(episodes: 2))
    }

    /// A shared layer with minibatches of 32 sequences, which two threads divide between them.
    static func shared(_ recurrent: RecurrentChoice, steps: Int = 1024) -> PPOConfiguration {
        var configuration = small(recurrent, steps: steps)
        configuration.sharedMemory = true
        configuration.batchSize = 128
        return configuration
    }

    @Test("a shared layer: one layer, no critic state, the same bits whatever the thread count",
          arguments: [RecurrentChoice.lstm, .gru])
    func sharedMemory(recurrent: RecurrentChoice) throws {
        var configuration = Self.shared(recurrent)
        configuration.normalizeObservations = true
        let one = try run(configuration, threads: 1)
        let two = try run(configuration, threads: 2)
        #expect(one.learner.criticMemory == nil && one.learner.criticStates.isEmpty)
        #expect(one.learner.critic.network.inputSize == 8)
        #expect(fingerprint(one) == fingerprint(two))
        configuration.sharedMemory = false
        let separate = try run(configuration)
        #expect(fingerprint(one) != fingerprint(separate))
        #expect(try one.evaluate(episodes: 2).returns.allSatisfy { $0 >= 1 })
    }

    @Test("a shared layer's snapshot continues bit for bit, and is refused by separate layers")
    func sharedMemoryResume() throws {
        let configuration = Self.shared(.lstm, steps: 2048)
        let whole = try run(configuration)
        let ppo = PPO(environment: "CartPoleNoVelocity-v1", configuration: configuration)
        let first = try ppo.makeState(seed: 1, pool: ThreadPool(threadCount: 2))
        for _ in 0..<3 { try first.step() }
        let snapshot = try first.snapshot()
        #expect(snapshot.agent.recurrentLayers.keys.sorted() == ["actor_memory"])
        #expect(snapshot.agent.vectors["critic_states"] == nil)
        let resumed = try ppo.makeState(seed: 1, pool: ThreadPool(threadCount: 1))
        try resumed.restore(snapshot)
        while try !resumed.step() {}
        #expect(fingerprint(resumed) == fingerprint(whole))
        var separateConfiguration = configuration
        separateConfiguration.sharedMemory = false
        let separate = try PPO(environment: "CartPoleNoVelocity-v1", configuration: separateConfiguration).makeState(seed: 1)
        #expect(throws: SnapshotError.self) { try separate.restore(snapshot) }
        #expect(throws: SnapshotError.self) { try first.restore(separate.snapshot()) }
    }

    @Test func snapshotsOfAnotherMemoryAreRefused() throws {
        let lstm = try PPO(environment: "CartPoleNoVelocity-v1", configuration: Self.small(.lstm)).makeState(seed: 1)
        let gru = try PPO(environment: "CartPoleNoVelocity-v1", configuration: Self.small(.gru)).makeState(seed: 1)
        var feedForwardConfiguration = Self.small(.none)
        feedForwardConfiguration.actor.hiddenSizes = [16]
        let feedForward = try PPO(environment: "CartPoleNoVelocity-v1", configuration: feedForwardConfiguration).makeState(seed: 1)
        #expect(throws: SnapshotError.self) { try gru.restore(lstm.snapshot()) }
        #expect(throws: SnapshotError.self) { try feedForward.restore(lstm.snapshot()) }
        #expect(throws: SnapshotError.self) { try lstm.restore(feedForward.snapshot()) }
        var snapshot = try lstm.snapshot()
        snapshot.agent.vectors["episode_starts"]![0] = 0.5
        #expect(throws: SnapshotError.self) { try lstm.restore(snapshot) }
        snapshot = try lstm.snapshot()
        snapshot.agent.vectors["critic_states"]!.removeLast()
        #expect(throws: SnapshotError.self) { try lstm.restore(snapshot) }
    }

    @Test func configurationChecksSequenceLengths() {
        var configuration = Self.small(.lstm)
        configuration.seqLen = 5
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        configuration.seqLen = 16
        configuration.batchSize = 40
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        configuration = Self.small(.gru)
        configuration.hiddenSize = 0
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
    }
}
