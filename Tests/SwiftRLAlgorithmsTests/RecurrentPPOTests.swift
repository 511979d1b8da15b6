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
}
