import SwiftRLNN

/// A parameter vector with its Adam state.
public struct OptimizedParameters: Sendable, Hashable {
    /// The parameters.
    public var parameters: [Float]
    /// Adam's first moments.
    public var firstMoments: [Float]
    /// Adam's second moments.
    public var secondMoments: [Float]
    /// Adam's step count.
    public var stepCount: Int

    /// Creates a value.
    public init(parameters: [Float], firstMoments: [Float], secondMoments: [Float], stepCount: Int) {
        self.parameters = parameters
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
        self.stepCount = stepCount
    }

    /// The parameters and optimizer state of `parameters` optimized by `optimizer`.
    init(_ parameters: [Float], _ optimizer: Adam) {
        self.init(parameters: parameters, firstMoments: optimizer.firstMoments,
                  secondMoments: optimizer.secondMoments, stepCount: optimizer.stepCount)
    }

    /// Checks every length against `count`, that every value is finite (second moments not
    /// negative), and the step count in 0...``TrainingSnapshot/counterLimit``.
    func validate(count: Int, name: String) throws(SnapshotError) {
        try SnapshotError.requireCount(parameters, count, "\(name).parameters")
        try SnapshotError.requireCount(firstMoments, count, "\(name).adam.m")
        try SnapshotError.requireCount(secondMoments, count, "\(name).adam.v")
        guard (0...TrainingSnapshot.counterLimit).contains(stepCount) else {
            throw .invalidValue(name: "\(name).adam.step", reason: "is outside 0...2^53")
        }
        guard parameters.allSatisfy(\.isFinite), firstMoments.allSatisfy(\.isFinite),
              secondMoments.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw .invalidValue(name: name, reason: "holds a value that is not finite (or a negative second moment)")
        }
    }

    /// An optimizer with `configuration` and this state.
    func optimizer(_ configuration: AdamConfiguration) -> Adam {
        Adam(configuration: configuration, firstMoments: firstMoments, secondMoments: secondMoments, stepCount: stepCount)
    }
}

/// The learned state of an agent, by name: everything that its next actions and updates depend on.
///
/// Names are those of the checkpoint's tensors without their suffix: `actor`, `critic1`, `critic2`
/// (and `log_alpha` for SAC) are optimized; `target_critic1`, `target_critic2` (and `target_actor`,
/// `exploration_noise`, `latest_actor_loss` for TD3) are plain vectors.
public struct AgentSnapshot: Sendable, Hashable {
    /// The shapes of the agent's networks, to check a snapshot against the configuration.
    public var architectures: [String: MLPArchitecture]
    /// Optimized parameter vectors.
    public var optimized: [String: OptimizedParameters]
    /// Vectors without optimizer state.
    public var vectors: [String: [Float]]
    /// Integer counters, such as TD3's `update_count`.
    public var counters: [String: Int]
    /// Double-precision vectors, such as PPO's running normalization statistics.
    public var doubles: [String: [Double]]
    /// The shapes of the agent's recurrent layers (PPO's `actor_memory` and `critic_memory`).
    public var recurrentLayers: [String: RecurrentShape]

    /// Creates a snapshot.
    public init(architectures: [String: MLPArchitecture], optimized: [String: OptimizedParameters],
                vectors: [String: [Float]], counters: [String: Int], doubles: [String: [Double]] = [:],
                recurrentLayers: [String: RecurrentShape] = [:]) {
        self.recurrentLayers = recurrentLayers
        self.architectures = architectures
        self.optimized = optimized
        self.vectors = vectors
        self.counters = counters
        self.doubles = doubles
    }

    /// Checks that every network has the shape in `expected`, and that the snapshot describes no other
    /// (a network of other layers than an MLP's has no architecture).
    func checkArchitectures(_ expected: [String: MLPArchitecture]) throws(SnapshotError) {
        for (name, found) in architectures.sorted(by: { $0.key < $1.key }) where expected[name] == nil {
            throw .architectureMismatch(network: name, expected: "a network of other layers", found: Self.describe(found))
        }
        for (name, architecture) in expected.sorted(by: { $0.key < $1.key }) {
            guard let found = architectures[name] else { throw .missing(name: "\(name) architecture") }
            guard found == architecture else {
                throw .architectureMismatch(network: name, expected: Self.describe(architecture), found: Self.describe(found))
            }
        }
    }

    /// Checks that the recurrent layers are exactly those in `expected`.
    func checkRecurrentLayers(_ expected: [String: RecurrentShape]) throws(SnapshotError) {
        guard recurrentLayers == expected else {
            func describe(_ layers: [String: RecurrentShape]) -> String {
                layers.isEmpty ? "none" : layers.sorted { $0.key < $1.key }
                    .map { "\($0.key): \($0.value.cell.rawValue) \($0.value.inputSize)→\($0.value.hiddenSize)" }.joined(separator: ", ")
            }
            throw .architectureMismatch(network: "recurrent layers", expected: describe(expected), found: describe(recurrentLayers))
        }
    }

    /// The optimized vector `name`, checked to have `count` parameters.
    func optimized(_ name: String, count: Int) throws(SnapshotError) -> OptimizedParameters {
        guard let value = optimized[name] else { throw .missing(name: "\(name).parameters") }
        try value.validate(count: count, name: name)
        return value
    }

    /// The plain vector `name`, checked to have `count` values.
    func vector(_ name: String, count: Int) throws(SnapshotError) -> [Float] {
        guard let value = vectors[name] else { throw .missing(name: name) }
        try SnapshotError.requireCount(value, count, name)
        guard value.allSatisfy(\.isFinite) else { throw .invalidValue(name: name, reason: "holds a value that is not finite") }
        return value
    }

    /// The counter `name`, checked to be in 0...``TrainingSnapshot/counterLimit``.
    func counter(_ name: String) throws(SnapshotError) -> Int {
        guard let value = counters[name] else { throw .missing(name: name) }
        guard (0...TrainingSnapshot.counterLimit).contains(value) else {
            throw .invalidValue(name: name, reason: "is outside 0...2^53")
        }
        return value
    }

    /// `3→16→16→2 (relu, identity)`.
    static func describe(_ architecture: MLPArchitecture) -> String {
        architecture.layerSizes.map(String.init).joined(separator: "→")
            + " (\(architecture.hiddenActivation.rawValue), \(architecture.outputActivation.rawValue))"
    }
}

/// An agent whose learned state can be captured and restored exactly.
public protocol SnapshottingAgent: OffPolicyAgent {
    /// The algorithm's name, such as "SAC".
    static var algorithmName: String { get }
    /// The agent's current state.
    var snapshot: AgentSnapshot { get }
    /// Continues from `snapshot`; nothing changes when it throws.
    /// - Throws: ``SnapshotError`` when the snapshot does not fit the agent's configuration.
    func restore(_ snapshot: AgentSnapshot) throws(SnapshotError)
}
