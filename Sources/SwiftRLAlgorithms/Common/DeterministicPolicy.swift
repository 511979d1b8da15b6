import Foundation
import SwiftRLNN

/// A trained policy reduced to what acting needs (the policy artifact): the observation
/// normalization, if any, the actor's recurrent layer, if any, the actor's weights, how its output becomes the deterministic action (the
/// head of the action distribution), and the environment's action bounds. It is `Codable`, so a run
/// can save it and `swiftrl eval` can load it back; `export` writes the same computation as C.
///
/// ```swift
/// let policy = state.policy
/// let action = try policy.action(for: observation)     // in the environment's units
///
/// var state = policy.initialState                        // a recurrent policy: zero at each episode start
/// let next = try policy.action(for: observation, state: &state)
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
    /// The recurrent layer in front of the network (nil: a feed-forward policy).
    public var memory: RecurrentLayer?
    /// The actor network (behind `memory` when there is one): any stateless layers (an MLP's are saved
    /// as an `MLP`, in the format earlier versions read).
    public var network: Sequential
    /// How the output is turned into a normalized action.
    public var squashing: Squashing
    /// Lower bounds of the environment's actions.
    public var actionLow: [Float]
    /// Upper bounds of the environment's actions.
    public var actionHigh: [Float]

    /// Creates a policy.
    public init(network: Sequential, squashing: Squashing, actionLow: [Float], actionHigh: [Float],
                observationNormalization: ObservationNormalization? = nil, memory: RecurrentLayer? = nil) {
        self.observationNormalization = observationNormalization
        self.memory = memory
        self.network = network
        self.squashing = squashing
        self.actionLow = actionLow
        self.actionHigh = actionHigh
    }

    /// Decodes a policy and checks it as ``validate()`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let network = if try container.nestedContainer(keyedBy: MLPKeys.self, forKey: .network).contains(.architecture) {
            Sequential(try container.decode(MLP.self, forKey: .network))
        } else {
            try container.decode(Sequential.self, forKey: .network)
        }
        self.init(network: network,
                  squashing: try container.decode(Squashing.self, forKey: .squashing),
                  actionLow: try container.decode([Float].self, forKey: .actionLow),
                  actionHigh: try container.decode([Float].self, forKey: .actionHigh),
                  observationNormalization: try container.decodeIfPresent(ObservationNormalization.self,
                                                                          forKey: .observationNormalization),
                  memory: try container.decodeIfPresent(RecurrentLayer.self, forKey: .memory))
        do {
            try validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes the policy; an MLP's network as an `MLP` (`{"architecture": …, "parameters": …}`, the
    /// format of earlier versions), other networks as a `Sequential` (`{"layers": …, "parameters": …}`).
    /// - Throws: `EncodingError.invalidValue` for a network with a layer of its own.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(observationNormalization, forKey: .observationNormalization)
        try container.encodeIfPresent(memory, forKey: .memory)
        if let mlp = network.mlp {
            try container.encode(mlp, forKey: .network)
        } else {
            try container.encode(network, forKey: .network)
        }
        try container.encode(squashing, forKey: .squashing)
        try container.encode(actionLow, forKey: .actionLow)
        try container.encode(actionHigh, forKey: .actionHigh)
    }

    private enum CodingKeys: String, CodingKey {
        case observationNormalization, memory, network, squashing, actionLow, actionHigh
    }

    private enum MLPKeys: String, CodingKey { case architecture }

    /// Checks that the parts fit together: the network's outputs fit the head and the action
    /// bounds (none for `argmax`), the bounds are finite with low ≤ high, and the observation
    /// normalization, if any, fits the inputs, the recurrent layer, if any, fits the network, and the
    /// network keeps no state of its own.
    /// - Throws: ``SwiftRLNN/NetworkShapeError`` naming the first part that does not fit.
    public func validate() throws(NetworkShapeError) {
        let outputs = network.outputSize
        if let memory, memory.shape.hiddenSize != network.inputSize {
            throw NetworkShapeError("a recurrent layer of hidden size \(memory.shape.hiddenSize) cannot feed a network of \(network.inputSize) inputs")
        }
        guard network.stateWidth == 0 else {
            throw NetworkShapeError("a policy's network keeps no state: its recurrent layer goes in front (memory)")
        }
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
    public var observationDimension: Int { memory?.shape.inputSize ?? network.inputSize }
    /// Values in the recurrent state (0 for a feed-forward policy).
    public var stateWidth: Int { memory?.shape.stateWidth ?? 0 }
    /// The state at an episode's start: `stateWidth` zeros.
    public var initialState: [Float] { .init(repeating: 0, count: stateWidth) }
    /// Action length (1 for a discrete action: its index).
    public var actionDimension: Int { squashing == .argmax ? 1 : actionLow.count }

    /// The normalized action in [-1, 1]ⁿ for one observation of a feed-forward policy (allocates;
    /// for occasional calls), computed as an exported header computes it
    /// (``SwiftRLNN/Sequential/deployedStep(_:state:output:)``).
    /// - Throws: ``TrainingError/observationSize(expected:found:)`` for an observation of another
    ///   length, ``TrainingError/stateSize(expected:found:)`` for a recurrent policy.
    public func normalizedAction(for observation: [Float]) throws(TrainingError) -> [Float] {
        var state = [Float]()
        return try normalizedAction(for: observation, state: &state)
    }

    /// The normalized action for one observation, advancing a recurrent policy's `state` (pass
    /// ``initialState`` at an episode's start; an empty array for a feed-forward policy).
    /// - Throws: ``TrainingError/observationSize(expected:found:)``, ``TrainingError/stateSize(expected:found:)``.
    public func normalizedAction(for observation: [Float], state: inout [Float]) throws(TrainingError) -> [Float] {
        guard observation.count == observationDimension else {
            throw .observationSize(expected: observationDimension, found: observation.count)
        }
        guard state.count == stateWidth else { throw .stateSize(expected: stateWidth, found: state.count) }
        var input = observationNormalization?.normalized(observation) ?? observation
        if let memory {
            var features = [Float](repeating: 0, count: memory.shape.hiddenSize)
            input.withUnsafeBufferPointer { input in
                state.withUnsafeMutableBufferPointer { state in
                    features.withUnsafeMutableBufferPointer {
                        memory.deployedStep(input.baseAddress!, state: state.baseAddress!, output: $0.baseAddress!)
                    }
                }
            }
            input = features
        }
        precondition(input.count == network.inputSize,
                     "a policy whose network takes \(network.inputSize) values, given \(input.count) (call validate())")
        var output = [Float](repeating: 0, count: network.outputSize)
        input.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: max(network.stateWidth, 1)) { networkState in
                    networkState.initialize(repeating: 0)
                    network.deployedStep(input.baseAddress!, state: networkState.baseAddress!, output: output.baseAddress!)
                }
            }
        }
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

    /// The action in the environment's units for one observation of a feed-forward policy.
    /// - Throws: ``TrainingError/observationSize(expected:found:)`` for an observation of another
    ///   length, ``TrainingError/stateSize(expected:found:)`` for a recurrent policy.
    public func action(for observation: [Float]) throws(TrainingError) -> [Float] {
        var state = [Float]()
        return try action(for: observation, state: &state)
    }

    /// The action in the environment's units for one observation, advancing a recurrent policy's
    /// `state` (pass ``initialState`` at an episode's start; an empty array for a feed-forward policy).
    /// - Throws: ``TrainingError/observationSize(expected:found:)``, ``TrainingError/stateSize(expected:found:)``.
    public func action(for observation: [Float], state: inout [Float]) throws(TrainingError) -> [Float] {
        let normalized = try normalizedAction(for: observation, state: &state)
        if squashing == .argmax { return normalized }
        var action = [Float](repeating: 0, count: actionDimension)
        ActionRescaling(low: actionLow, high: actionHigh).environmentAction(from: normalized, into: &action)
        return action
    }
}

extension DeterministicPolicy {
    /// Policies are equal when every part is; networks when their layers and parameters are (see
    /// ``SwiftRLNN/Sequential/hasSameLayersAndParameters(as:)``).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.observationNormalization == rhs.observationNormalization && lhs.memory == rhs.memory
            && lhs.squashing == rhs.squashing && lhs.actionLow == rhs.actionLow && lhs.actionHigh == rhs.actionHigh
            && lhs.network.hasSameLayersAndParameters(as: rhs.network)
    }

    /// Hashes what equality compares (the network by its parameters).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(observationNormalization)
        hasher.combine(memory)
        hasher.combine(squashing)
        hasher.combine(actionLow)
        hasher.combine(actionHigh)
        hasher.combine(network.parameters)
    }
}
