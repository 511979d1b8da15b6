import Foundation
import SwiftRLAlgorithms

/// Transitions of one sample packet, decoded and checked: every vector has its size, every value is
/// finite, every action is in [-1, 1] (SAC and TD3). A PPO worker's packet also carries the
/// log-probability of each action under the policy that acted, and its actions are the
/// distribution's stored ones (finite, not bounded: the trainer's distribution checks them).
package struct TransitionBatch: Sendable, Equatable {
    /// The most transitions one packet may carry.
    static let packetLimit = 65_536
    /// The longest observation or action a packet may carry.
    static let vectorLimit = 65_536

    let observationSize: Int
    let actionSize: Int
    private(set) var observations: [Float] = []
    private(set) var actions: [Float] = []
    private(set) var rewards: [Float] = []
    private(set) var nextObservations: [Float] = []
    private(set) var terminated: [Bool] = []
    private(set) var truncated: [Bool] = []
    /// log π(action) per transition for a PPO worker's packet; empty for SAC and TD3.
    private(set) var logProbabilities: [Float] = []

    /// An empty batch that ``append(_:truncated:)`` fills (a worker's packet in the making).
    package init(observationSize: Int, actionSize: Int) {
        self.observationSize = observationSize
        self.actionSize = actionSize
    }

    package var count: Int { rewards.count }

    /// Whether the packet is a PPO worker's (it carries log-probabilities).
    package var isOnPolicy: Bool { !logProbabilities.isEmpty }

    /// Adds one transition.
    package mutating func append(_ transition: CollectedTransition, truncated isTruncated: Bool) {
        observations += transition.observation
        actions += transition.action
        rewards.append(transition.reward)
        nextObservations += transition.nextObservation
        terminated.append(transition.terminated)
        truncated.append(isTruncated)
    }

    /// A PPO worker's rollout of its environment, `rewards.count` transitions whose arrays are laid
    /// out as the packet's (row-major vectors, one log-probability per action).
    package init(observationSize: Int, actionSize: Int, observations: [Float], actions: [Float], rewards: [Float],
                 nextObservations: [Float], terminated: [Bool], truncated: [Bool], logProbabilities: [Float]) {
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.observations = observations
        self.actions = actions
        self.rewards = rewards
        self.nextObservations = nextObservations
        self.terminated = terminated
        self.truncated = truncated
        self.logProbabilities = logProbabilities
    }

    /// Adds one transition of a PPO worker, with the log-probability of its action.
    package mutating func append(_ transition: CollectedTransition, truncated isTruncated: Bool, logProbability: Float) {
        append(transition, truncated: isTruncated)
        logProbabilities.append(logProbability)
    }

    /// Transition `index`.
    func transition(at index: Int) -> CollectedTransition {
        let o = observationSize, a = actionSize
        return CollectedTransition(
            observation: Array(observations[index * o ..< (index + 1) * o]),
            action: Array(actions[index * a ..< (index + 1) * a]), reward: rewards[index],
            nextObservation: Array(nextObservations[index * o ..< (index + 1) * o]), terminated: terminated[index])
    }

    /// The message of this batch.
    package var message: Swiftrl_Distributed_V1_Transitions {
        var message = Swiftrl_Distributed_V1_Transitions()
        message.count = UInt32(count)
        message.observationSize = UInt32(observationSize)
        message.actionSize = UInt32(actionSize)
        message.observations = PackedFloats.bytes(observations)
        message.actions = PackedFloats.bytes(actions)
        message.rewards = PackedFloats.bytes(rewards)
        message.nextObservations = PackedFloats.bytes(nextObservations)
        message.terminated = Data(terminated.map { $0 ? 1 : 0 })
        message.truncated = Data(truncated.map { $0 ? 1 : 0 })
        message.logProbabilities = PackedFloats.bytes(logProbabilities)
        return message
    }

    /// Decodes and checks a received message.
    /// - Throws: ``MessageError/malformed(_:)`` for sizes out of bounds or in disagreement with the
    ///   bytes, a value that is not finite, an action outside [-1, 1] (without log-probabilities)
    ///   or a flag other than 0 or 1.
    package init(_ message: Swiftrl_Distributed_V1_Transitions) throws(MessageError) {
        let count = Int(message.count), o = Int(message.observationSize), a = Int(message.actionSize)
        guard (1...Self.packetLimit).contains(count) else {
            throw .malformed("a packet holds 1 to \(Self.packetLimit) transitions, not \(count)")
        }
        guard (1...Self.vectorLimit).contains(o), (1...Self.vectorLimit).contains(a) else {
            throw .malformed("observation and action sizes must be 1 to \(Self.vectorLimit), not \(o) and \(a)")
        }
        guard count * max(o, a) <= 16 << 20 else { throw .malformed("the packet's tensors are too large") }
        self.init(observationSize: o, actionSize: a)
        observations = try PackedFloats.values(message.observations, count: count * o, name: "observations")
        actions = try PackedFloats.values(message.actions, count: count * a, name: "actions")
        rewards = try PackedFloats.values(message.rewards, count: count, name: "rewards")
        nextObservations = try PackedFloats.values(message.nextObservations, count: count * o, name: "next_observations")
        terminated = try PackedFloats.flags(message.terminated, count: count, name: "terminated")
        truncated = try PackedFloats.flags(message.truncated, count: count, name: "truncated")
        guard observations.allSatisfy(\.isFinite), nextObservations.allSatisfy(\.isFinite),
              rewards.allSatisfy(\.isFinite) else {
            throw .malformed("an observation or reward is not finite")
        }
        if message.logProbabilities.isEmpty {
            guard actions.allSatisfy({ $0 >= -1 && $0 <= 1 }) else {
                throw .malformed("an action is outside [-1, 1] or not a number")
            }
        } else {
            logProbabilities = try PackedFloats.values(message.logProbabilities, count: count, name: "log_probabilities")
            guard actions.allSatisfy(\.isFinite), logProbabilities.allSatisfy(\.isFinite) else {
                throw .malformed("an action or log-probability is not finite")
            }
        }
    }
}
