import SwiftRLCore
import SwiftRLNN

/// Losses and coefficients of the latest update, for metrics.
public struct UpdateMetrics: Sendable, Hashable, Codable {
    /// Sum of the twin critics' losses.
    public var criticLoss: Float
    /// The actor's loss (from the latest actor update).
    public var actorLoss: Float
    /// SAC's entropy coefficient α (nil for algorithms without one).
    public var entropyCoefficient: Float?

    /// Creates metrics.
    public init(criticLoss: Float, actorLoss: Float, entropyCoefficient: Float? = nil) {
        self.criticLoss = criticLoss
        self.actorLoss = actorLoss
        self.entropyCoefficient = entropyCoefficient
    }
}

/// An off-policy learner: it acts on observations and learns from replay batches, and knows nothing
/// of environments, so transitions can come from anywhere.
///
/// Actions are in the normalized space [-1, 1]ⁿ; the caller maps them onto the environment's box.
public protocol OffPolicyAgent: AnyObject, Sendable {
    /// Observation length.
    var observationDimension: Int { get }
    /// Action length.
    var actionDimension: Int { get }
    /// The policy network that acts: a collector elsewhere (a rollout worker) acts with a copy of
    /// its parameters.
    var actor: TrainableMLP { get }
    /// The action to explore with for one observation, written to `action`.
    func explorationAction(for observation: [Float], into action: inout [Float], generator: inout RandomGenerator)
    /// The deterministic action for one observation, written to `action`.
    func deterministicAction(for observation: [Float], into action: inout [Float])
    /// The current actor as a deployable policy, for the given action bounds.
    func policy(actionLow: [Float], actionHigh: [Float]) -> DeterministicPolicy
    /// Called when an episode ends, for exploration that carries state across steps.
    func episodeDidEnd()
    /// One learning update from a batch of transitions.
    func update(batch: ReplayBatch, generator: inout RandomGenerator) -> UpdateMetrics
}

extension OffPolicyAgent {
    /// Does nothing: exploration without state across steps.
    public func episodeDidEnd() {}
}
