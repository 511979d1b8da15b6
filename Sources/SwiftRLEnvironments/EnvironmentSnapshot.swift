import SwiftRLCore

/// Everything that determines how an environment continues from where it is: its physical state,
/// its generator and any extra bookkeeping, so a checkpoint can resume an episode exactly.
public struct EnvironmentSnapshot: Sendable, Hashable, Codable {
    /// The registered name of the environment it was taken from.
    public var name: String
    /// The physical state (`state` of the environment).
    public var state: [Double]
    /// The generator `reset(seed: nil)` draws from.
    public var generator: RandomGenerator
    /// Steps since the last reset, for an environment wrapped in ``TimeLimit``.
    public var elapsedSteps: Int?
    /// Environment-specific values, such as CartPole's `steps_beyond_terminated`.
    public var extras: [String: Int]

    /// Creates a snapshot.
    public init(name: String, state: [Double], generator: RandomGenerator, elapsedSteps: Int? = nil,
                extras: [String: Int] = [:]) {
        self.name = name
        self.state = state
        self.generator = generator
        self.elapsedSteps = elapsedSteps
        self.extras = extras
    }

    enum CodingKeys: String, CodingKey {
        case name, state, generator, elapsedSteps = "elapsed_steps", extras
    }
}

/// An environment whose complete state can be captured and restored.
public protocol SnapshottingEnvironment: Environment {
    /// The environment's current state.
    var snapshot: EnvironmentSnapshot { get }
    /// Continues from `snapshot`.
    /// - Throws: ``EnvironmentError/snapshotMismatch(environment:reason:)`` when it belongs to another
    ///   environment or its state has the wrong size.
    mutating func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError)
}

extension SnapshottingEnvironment {
    /// Checks that `snapshot` was taken from this environment and has `stateCount` state values.
    func check(_ snapshot: EnvironmentSnapshot, stateCount: Int) throws(EnvironmentError) {
        guard snapshot.name == name else {
            throw .snapshotMismatch(environment: name, reason: "the snapshot is of \(snapshot.name)")
        }
        guard snapshot.state.count == stateCount else {
            throw .snapshotMismatch(environment: name,
                                    reason: "the state has \(snapshot.state.count) values, expected \(stateCount)")
        }
    }
}
