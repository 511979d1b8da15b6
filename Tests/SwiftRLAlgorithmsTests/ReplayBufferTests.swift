import Foundation
import Testing

import SwiftRLCore
@testable import SwiftRLAlgorithms

/// The replay buffer: a ring of transitions, sampled uniformly and exactly.
@Suite("Replay buffer")
struct ReplayBufferTests {
    /// One transition with values derived from `index`, all exact in Float32 and distinct.
    struct Transition: Equatable {
        var observation: [Float], action: [Float], reward: Float, nextObservation: [Float], terminated: Bool

        init(_ index: Int, terminated: Bool = false) {
            let x = Float(index)
            observation = [x, x + 0.25]
            action = [x / 16 - 0.5]
            reward = -x - 0.125
            nextObservation = [x + 1, x + 1.25]
            self.terminated = terminated
        }

        init(observation: [Float], action: [Float], reward: Float, nextObservation: [Float], terminated: Bool) {
            self.observation = observation
            self.action = action
            self.reward = reward
            self.nextObservation = nextObservation
            self.terminated = terminated
        }
    }

    static func buffer(capacity: Int, _ transitions: [Transition]) -> ReplayBuffer {
        var buffer = ReplayBuffer(capacity: capacity, observationDimension: 2, actionDimension: 1)
        for t in transitions {
            buffer.add(observation: t.observation, action: t.action, reward: t.reward,
                       nextObservation: t.nextObservation, terminated: t.terminated)
        }
        return buffer
    }

    /// Stored row `index`, read from the buffer's arrays.
    static func stored(_ buffer: ReplayBuffer, _ index: Int) -> Transition {
        Transition(observation: Array(buffer.observations[2 * index..<2 * index + 2]),
                   action: [buffer.actions[index]], reward: buffer.rewards[index],
                   nextObservation: Array(buffer.nextObservations[2 * index..<2 * index + 2]),
                   terminated: buffer.terminals[index] == 1)
    }

    /// Sampled row `row` of a batch.
    static func sampled(_ batch: ReplayBatch, _ row: Int) -> Transition {
        Transition(observation: [batch.observations[2 * row], batch.observations[2 * row + 1]],
                   action: [batch.actions[row]], reward: batch.rewards[row],
                   nextObservation: [batch.nextObservations[2 * row], batch.nextObservations[2 * row + 1]],
                   terminated: batch.terminals[row] == 1)
    }

    @Test("A full buffer overwrites its oldest transitions")
    func ring() {
        let buffer = Self.buffer(capacity: 3, (0..<5).map { Transition($0) })
        #expect(buffer.count == 3)
        #expect(buffer.position == 2)
        // Rows 0 and 1 were overwritten by transitions 3 and 4; row 2 still holds transition 2.
        #expect(Self.stored(buffer, 0) == Transition(3))
        #expect(Self.stored(buffer, 1) == Transition(4))
        #expect(Self.stored(buffer, 2) == Transition(2))

        let batch = ReplayBatch(size: 64, observationDimension: 2, actionDimension: 1)
        var generator = RandomGenerator(seed: 1)
        buffer.sample(into: batch, generator: &generator)
        let seen = Set((0..<batch.size).map { Self.sampled(batch, $0).reward })
        #expect(seen == Set([2, 3, 4].map { Transition($0).reward }))
    }

    @Test("Every sampled row is one stored transition, whole; terminated is stored as 1")
    func samplingIsExact() {
        let transitions = (0..<7).map { Transition($0, terminated: $0 % 3 == 1) }
        let buffer = Self.buffer(capacity: 10, transitions)
        #expect(buffer.count == 7)
        #expect(buffer.terminals[..<7] == [0, 1, 0, 0, 1, 0, 0])
        #expect(buffer.terminals[7...].allSatisfy { $0 == 0 })

        let batch = ReplayBatch(size: 200, observationDimension: 2, actionDimension: 1)
        var generator = RandomGenerator(seed: 42)
        buffer.sample(into: batch, generator: &generator)
        var seen = Set<Int>()
        for row in 0..<batch.size {
            let sample = Self.sampled(batch, row)
            let match = transitions.firstIndex(of: sample)
            #expect(match != nil, "row \(row) = \(sample) is no stored transition")
            if let match { seen.insert(match) }
        }
        // Rows never written (7..<10) are never drawn; 200 draws reach all 7 stored ones.
        #expect(seen == Set(0..<7))
    }

    @Test("The training loop stores a termination as 1 and a time-limit truncation as 0")
    func terminalsFromTraining() throws {
        var sac = SmallConfiguration.sac(steps: 400)
        sac.warmupSteps = 400
        let pendulumState = try SAC(environment: pendulum(), configuration: sac).makeState(seed: 1)
        try pendulumState.runToEnd()
        #expect(pendulumState.episodes == 2)   // two 200-step episodes, both truncated
        #expect(pendulumState.replayBuffer.count == 400)
        #expect(pendulumState.replayBuffer.terminals.allSatisfy { $0 == 0 })

        var td3 = SmallConfiguration.td3(steps: 12)
        td3.warmupSteps = 12
        td3.batchSize = 12
        let scriptedState = try TD3(environment: ScriptedEnvironment(terminateAfter: 5), configuration: td3).makeState(seed: 1)
        try scriptedState.runToEnd()
        #expect(scriptedState.episodes == 2)
        #expect(scriptedState.replayBuffer.terminals == [0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0])
    }

    @Test("A JSON round trip keeps every transition, the ring position and the sampling")
    func codable() throws {
        let original = Self.buffer(capacity: 4, (0..<6).map { Transition($0, terminated: $0 == 4) })
        let decoded = try JSONDecoder().decode(ReplayBuffer.self, from: JSONEncoder().encode(original))
        #expect(decoded.capacity == original.capacity)
        #expect(decoded.count == original.count)
        #expect(decoded.position == original.position)
        #expect(decoded.observationDimension == 2 && decoded.actionDimension == 1)
        #expect(bits(decoded.observations) == bits(original.observations))
        #expect(bits(decoded.actions) == bits(original.actions))
        #expect(bits(decoded.rewards) == bits(original.rewards))
        #expect(bits(decoded.nextObservations) == bits(original.nextObservations))
        #expect(bits(decoded.terminals) == bits(original.terminals))

        let first = ReplayBatch(size: 16, observationDimension: 2, actionDimension: 1)
        let second = ReplayBatch(size: 16, observationDimension: 2, actionDimension: 1)
        var generator1 = RandomGenerator(seed: 9), generator2 = RandomGenerator(seed: 9)
        original.sample(into: first, generator: &generator1)
        decoded.sample(into: second, generator: &generator2)
        for row in 0..<16 { #expect(Self.sampled(first, row) == Self.sampled(second, row)) }
    }
}
