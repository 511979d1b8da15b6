import SwiftRLCore

/// A ring buffer of transitions for off-policy learning, stored as flat Float32 arrays.
///
/// The buffer does not care where transitions come from: the built-in training loop, a Python
/// environment, or a remote rollout worker all call ``add(observation:action:reward:nextObservation:terminated:)``.
/// Actions are stored in the agent's normalized space ([-1, 1] per dimension).
public struct ReplayBuffer: Sendable, Codable {
    /// Most transitions held; the oldest is overwritten when full.
    public let capacity: Int
    /// Length of an observation.
    public let observationDimension: Int
    /// Length of an action.
    public let actionDimension: Int
    /// Transitions held now.
    public internal(set) var count = 0
    /// Where the next transition goes.
    public internal(set) var position = 0

    var observations: [Float]
    var actions: [Float]
    var rewards: [Float]
    var nextObservations: [Float]
    /// 1 where the episode terminated after the transition (no bootstrapping), 0 otherwise.
    var terminals: [Float]

    /// Creates an empty buffer.
    public init(capacity: Int, observationDimension: Int, actionDimension: Int) {
        precondition(capacity > 0, "ReplayBuffer capacity must be positive, got \(capacity)")
        self.capacity = capacity
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        observations = [Float](repeating: 0, count: capacity * observationDimension)
        actions = [Float](repeating: 0, count: capacity * actionDimension)
        rewards = [Float](repeating: 0, count: capacity)
        nextObservations = [Float](repeating: 0, count: capacity * observationDimension)
        terminals = [Float](repeating: 0, count: capacity)
    }

    /// Stores one transition.
    /// - Parameter terminated: the episode ended in a terminal state (a truncation is *not* terminal).
    public mutating func add(observation: [Float], action: [Float], reward: Float,
                             nextObservation: [Float], terminated: Bool) {
        precondition(observation.count == observationDimension && nextObservation.count == observationDimension,
                     "ReplayBuffer expects observations of \(observationDimension) values")
        precondition(action.count == actionDimension, "ReplayBuffer expects actions of \(actionDimension) values")
        let o = position * observationDimension, a = position * actionDimension
        for index in 0..<observationDimension {
            observations[o + index] = observation[index]
            nextObservations[o + index] = nextObservation[index]
        }
        for index in 0..<actionDimension { actions[a + index] = action[index] }
        rewards[position] = reward
        terminals[position] = terminated ? 1 : 0
        position = (position + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// Fills `batch` with `batch.size` transitions drawn uniformly with replacement.
    public func sample(into batch: ReplayBatch, generator: inout RandomGenerator) {
        precondition(count > 0, "cannot sample from an empty replay buffer")
        precondition(batch.observationDimension == observationDimension && batch.actionDimension == actionDimension,
                     "ReplayBatch shape differs from the buffer's")
        let od = observationDimension, ad = actionDimension
        observations.withUnsafeBufferPointer { observations in
        nextObservations.withUnsafeBufferPointer { nextObservations in
        actions.withUnsafeBufferPointer { actions in
            for row in 0..<batch.size {
                let index = generator.index(below: count)
                (batch.observations + row * od).copyShortRow(from: observations.baseAddress! + index * od, count: od)
                (batch.nextObservations + row * od).copyShortRow(from: nextObservations.baseAddress! + index * od, count: od)
                (batch.actions + row * ad).copyShortRow(from: actions.baseAddress! + index * ad, count: ad)
                batch.rewards[row] = rewards[index]
                batch.terminals[row] = terminals[index]
            }
        }
        }
        }
    }
}

/// A batch of transitions, allocated once and refilled by ``ReplayBuffer/sample(into:generator:)``.
public final class ReplayBatch: @unchecked Sendable {
    /// Transitions per batch.
    public let size: Int
    /// Length of an observation.
    public let observationDimension: Int
    /// Length of an action.
    public let actionDimension: Int
    /// `size × observationDimension` observations.
    public let observations: UnsafeMutablePointer<Float>
    /// `size × actionDimension` actions (normalized to [-1, 1]).
    public let actions: UnsafeMutablePointer<Float>
    /// `size` rewards.
    public let rewards: UnsafeMutablePointer<Float>
    /// `size × observationDimension` next observations.
    public let nextObservations: UnsafeMutablePointer<Float>
    /// `size` terminal flags (1 terminated, 0 not).
    public let terminals: UnsafeMutablePointer<Float>

    /// Allocates a batch.
    public init(size: Int, observationDimension: Int, actionDimension: Int) {
        self.size = size
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        observations = .allocateZeroed(size * observationDimension)
        actions = .allocateZeroed(size * actionDimension)
        rewards = .allocateZeroed(size)
        nextObservations = .allocateZeroed(size * observationDimension)
        terminals = .allocateZeroed(size)
    }

    deinit {
        [observations, actions, rewards, nextObservations, terminals].forEach { $0.deallocate() }
    }
}
