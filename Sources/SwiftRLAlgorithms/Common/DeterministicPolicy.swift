import Foundation
import SwiftRLNN

/// A trained policy reduced to what acting needs (the policy artifact): the observation
/// normalization, if any, the actor's weights, how its output becomes the deterministic action (the
/// head of the action distribution), and the environment's action bounds. It is `Codable`, so a run
/// can save it and `swiftrl eval` can load it back; `export` writes the same computation as C.
///
/// ```swift
/// let policy = state.policy
/// let action = try policy.action(for: observation)     // in the environment's units
/// ```
public struct DeterministicPolicy: Sendable, Hashable, Codable {
    /// How the network's output becomes an action in [-1, 1]ⁿ.
    public enum Squashing: String, Sendable, Hashable, Codable {
        /// The output already is the action (TD3's actor ends in tanh).
        case none
        /// The output is `[μ, log σ]`; the action is `tanh(μ)` (SAC's deterministic action).
        case tanhOfMean = "tanh_of_mean"
        /// The output is a Gaussian's mean; the action is the mean clipped to [-1, 1].
        case clip
        /// The output holds one logit per discrete action; the action is the index of the largest
        /// (the first of equal ones), and the action bounds are empty.
        case argmax

        /// Whether a network with `outputs` outputs can give `actionDimension` action values
        /// through this head (1 for a discrete action).
        public func fits(outputs: Int, actionDimension: Int) -> Bool {
            switch self {
            case .none, .clip: outputs == actionDimension
            case .tanhOfMean: outputs == actionDimension || outputs == 2 * actionDimension
            case .argmax: actionDimension == 1
            }
        }
    }

    /// How observations are standardized before the network sees them (nil: they go in as they are).
    public var observationNormalization: ObservationNormalization?
    /// The actor network.
    public var network: MLP
    /// How the output is turned into a normalized action.
    public var squashing: Squashing
    /// Lower bounds of the environment's actions.
    public var actionLow: [Float]
    /// Upper bounds of the environment's actions.
    public var actionHigh: [Float]

    /// Creates a policy.
    public init(network: MLP, squashing: Squashing, actionLow: [Float], actionHigh: [Float],
                observationNormalization: ObservationNormalization? = nil) {
        self.observationNormalization = observationNormalization
        self.network = network
        self.squashing = squashing
        self.actionLow = actionLow
        self.actionHigh = actionHigh
    }

    /// Decodes a policy and checks it as ``validate()`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(network: try container.decode(MLP.self, forKey: .network),
                  squashing: try container.decode(Squashing.self, forKey: .squashing),
                  actionLow: try container.decode([Float].self, forKey: .actionLow),
                  actionHigh: try container.decode([Float].self, forKey: .actionHigh),
                  observationNormalization: try container.decodeIfPresent(ObservationNormalization.self,
                                                                          forKey: .observationNormalization))
        do {
            try validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Checks that the parts fit together: the network's outputs fit the head and the action
    /// bounds (none for `argmax`), the bounds are finite with low ≤ high, and the observation
    /// normalization, if any, fits the network's inputs.
    /// - Throws: ``SwiftRLNN/NetworkShapeError`` naming the first part that does not fit.
    public func validate() throws(NetworkShapeError) {
        let outputs = network.architecture.outputSize
        guard actionLow.count == actionHigh.count else {
            throw NetworkShapeError("\(actionLow.count) lower action bounds but \(actionHigh.count) upper ones")
        }
        guard squashing == .argmax ? actionLow.isEmpty : !actionLow.isEmpty,
              squashing.fits(outputs: outputs, actionDimension: actionDimension) else {
            throw NetworkShapeError("\(outputs) network outputs and \(actionLow.count) action bounds do not fit the '\(squashing.rawValue)' head")
        }
        for (low, high) in zip(actionLow, actionHigh) where !(low.isFinite && high.isFinite && low <= high) {
            throw NetworkShapeError("action bounds [\(low), \(high)] are not finite with low ≤ high")
        }
        if let observationNormalization, !observationNormalization.isValid(dimension: observationDimension) {
            throw NetworkShapeError("the observation normalization does not fit \(observationDimension) observation values with positive, finite deviations and clip")
        }
    }

    /// Observation length.
    public var observationDimension: Int { network.architecture.inputSize }
    /// Action length (1 for a discrete action: its index).
    public var actionDimension: Int { squashing == .argmax ? 1 : actionLow.count }

    /// The normalized action in [-1, 1]ⁿ for one observation (allocates; for occasional calls),
    /// computed as an exported header computes it (``SwiftRLNN/MLP/deployedOutput(for:)``).
    /// - Throws: ``TrainingError/observationSize(expected:found:)`` for an observation of another length.
    public func normalizedAction(for observation: [Float]) throws(TrainingError) -> [Float] {
        guard observation.count == observationDimension else {
            throw .observationSize(expected: observationDimension, found: observation.count)
        }
        let output = network.deployedOutput(for: observationNormalization?.normalized(observation) ?? observation)
        switch squashing {
        case .none: return output
        case .tanhOfMean: return output.prefix(actionDimension).map { Foundation.tanh($0) }
        case .clip: return output.map { min(max($0, -1), 1) }
        case .argmax:
            var best = 0
            for index in output.indices where output[index] > output[best] { best = index }
            return [Float(best)]
        }
    }

    /// The action in the environment's units for one observation.
    /// - Throws: ``TrainingError/observationSize(expected:found:)`` for an observation of another length.
    public func action(for observation: [Float]) throws(TrainingError) -> [Float] {
        let normalized = try normalizedAction(for: observation)
        if squashing == .argmax { return normalized }
        var action = [Float](repeating: 0, count: actionDimension)
        ActionRescaling(low: actionLow, high: actionHigh).environmentAction(from: normalized, into: &action)
        return action
    }
}
