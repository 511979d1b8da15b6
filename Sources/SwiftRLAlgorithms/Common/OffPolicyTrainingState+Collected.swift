import SwiftRLNN

/// A transition that a collector elsewhere (a rollout worker) took with its copy of the policy.
public struct CollectedTransition: Sendable, Hashable {
    /// The observation acted on.
    public var observation: [Float]
    /// The action taken, in the policy's normalized units [-1, 1]ⁿ.
    public var action: [Float]
    /// The reward received.
    public var reward: Float
    /// The next observation (the final one when the episode ended).
    public var nextObservation: [Float]
    /// Whether the episode terminated (no bootstrapping from `nextObservation`).
    public var terminated: Bool

    /// Creates a transition.
    public init(observation: [Float], action: [Float], reward: Float, nextObservation: [Float], terminated: Bool) {
        self.observation = observation
        self.action = action
        self.reward = reward
        self.nextObservation = nextObservation
        self.terminated = terminated
    }
}

/// A session that learns from transitions collected elsewhere (SAC's and TD3's): what a trainer
/// behind a relay of rollout workers drives.
public protocol CollectedTransitionLearning: SnapshottingSession {
    /// Observation length.
    var observationDimension: Int { get }
    /// Action length.
    var actionDimension: Int { get }
    /// Updates applied.
    var updates: Int { get }
    /// The seed the run was made with.
    var seed: UInt64 { get }
    /// The network collectors act with (its parameters are what a learner publishes).
    var actingNetwork: MLP { get }
    /// Learns from one transition; see ``OffPolicyTrainingState/learn(from:)``.
    @discardableResult
    func learn(from transition: CollectedTransition) throws(TrainingError) -> Bool
    /// Counts an episode a collector finished.
    func recordCollectedEpisode(return episodeReturn: Double, length: Int)
}

extension OffPolicyTrainingState: CollectedTransitionLearning where Agent: SnapshottingAgent {
    public var observationDimension: Int { agent.observationDimension }
    public var actionDimension: Int { agent.actionDimension }
    public var actingNetwork: MLP { agent.actor.network }
}

extension OffPolicyTrainingState {
    /// Learns from a transition collected elsewhere instead of stepping the run's own environment:
    /// stores it, counts it as one environment step and, as ``step()`` does, runs one update after
    /// warm-up and the periodic evaluation. The run's own environment then serves evaluations only.
    /// - Returns: `true` once the run has taken all its steps.
    /// - Throws: ``TrainingError/invalidTransition(reason:)`` for vectors of other lengths, a value
    ///   that is not finite or an action outside [-1, 1]; what an update or evaluation throws.
    @discardableResult
    public func learn(from transition: CollectedTransition) throws(TrainingError) -> Bool {
        guard !isFinished else { return true }
        try validate(transition)
        environmentSteps += 1
        replayBuffer.add(observation: transition.observation, action: transition.action, reward: transition.reward,
                         nextObservation: transition.nextObservation, terminated: transition.terminated)
        try learnAfterTransition()
        return isFinished
    }

    private func validate(_ transition: CollectedTransition) throws(TrainingError) {
        let od = agent.observationDimension, ad = agent.actionDimension
        for vector in [transition.observation, transition.nextObservation] where vector.count != od {
            throw .invalidTransition(reason: "an observation has \(vector.count) values, the policy expects \(od)")
        }
        guard transition.action.count == ad else {
            throw .invalidTransition(reason: "the action has \(transition.action.count) values, the policy expects \(ad)")
        }
        guard transition.action.allSatisfy({ $0 >= -1 && $0 <= 1 }) else {
            throw .invalidTransition(reason: "an action value is outside [-1, 1] or not a number")
        }
        guard transition.observation.allSatisfy(\.isFinite), transition.nextObservation.allSatisfy(\.isFinite),
              transition.reward.isFinite else {
            throw .invalidTransition(reason: "an observation or the reward is not finite")
        }
    }

    /// Counts an episode that a collector elsewhere finished, with its return and length, as the
    /// run's own episodes are counted (``episodes``, ``episodeReturns``, ``eventHandler``).
    public func recordCollectedEpisode(return episodeReturn: Double, length: Int) {
        recordEpisode(return: episodeReturn, length: length)
    }
}
