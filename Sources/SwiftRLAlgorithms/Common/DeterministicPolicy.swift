import Foundation
import SwiftRLNN

/// A trained policy reduced to what acting needs: the actor's weights, how its output becomes a
/// normalized action, and the environment's action bounds. It is `Codable`, so a run can save it
/// and `swiftrl eval` can load it back.
///
/// ```swift
/// let policy = state.policy
/// let action = policy.action(for: observation)     // in the environment's units
/// ```
public struct DeterministicPolicy: Sendable, Hashable, Codable {
    /// How the network's output becomes an action in [-1, 1]ⁿ.
    public enum Squashing: String, Sendable, Hashable, Codable {
        /// The output already is the action (TD3's actor ends in tanh).
        case none
        /// The output is `[μ, log σ]`; the action is `tanh(μ)` (SAC's deterministic action).
        case tanhOfMean = "tanh_of_mean"
    }

    /// The actor network.
    public var network: MLP
    /// How the output is turned into a normalized action.
    public var squashing: Squashing
    /// Lower bounds of the environment's actions.
    public var actionLow: [Float]
    /// Upper bounds of the environment's actions.
    public var actionHigh: [Float]

    /// Creates a policy.
    public init(network: MLP, squashing: Squashing, actionLow: [Float], actionHigh: [Float]) {
        self.network = network
        self.squashing = squashing
        self.actionLow = actionLow
        self.actionHigh = actionHigh
    }

    /// Observation length.
    public var observationDimension: Int { network.architecture.inputSize }
    /// Action length.
    public var actionDimension: Int { actionLow.count }

    /// The normalized action in [-1, 1]ⁿ for one observation (allocates; for occasional calls),
    /// computed as an exported header computes it (``SwiftRLNN/MLP/deployedOutput(for:)``).
    public func normalizedAction(for observation: [Float]) -> [Float] {
        let output = network.deployedOutput(for: observation)
        switch squashing {
        case .none: return output
        case .tanhOfMean: return output.prefix(actionDimension).map { Foundation.tanh($0) }
        }
    }

    /// The action in the environment's units for one observation.
    public func action(for observation: [Float]) -> [Float] {
        var action = [Float](repeating: 0, count: actionDimension)
        ActionRescaling(low: actionLow, high: actionHigh)
            .environmentAction(from: normalizedAction(for: observation), into: &action)
        return action
    }
}
