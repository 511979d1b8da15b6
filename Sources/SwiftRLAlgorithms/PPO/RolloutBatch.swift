/// What a collector sends a learner: `steps` steps of `environments` environments, time-major
/// (index `t · environments + e`), observed with the policy of version `policyVersion`.
///
/// Observations are raw (before any normalization), so a learner can update its statistics from
/// them. A plain value of arrays, ready to travel between processes.
public struct RolloutBatch: Sendable, Hashable, Codable {
    /// Steps per environment.
    public let steps: Int
    /// Environments.
    public let environments: Int
    /// Values per observation.
    public let observationDimension: Int
    /// Values per stored action (see ``ActionDistribution``).
    public let actionDimension: Int
    /// The version of the policy parameters that acted.
    public var policyVersion: Int = 0
    /// `steps × environments × observationDimension`: the observation each action was taken in.
    public var observations: [Float]
    /// `steps × environments × actionDimension`: the stored actions.
    public var actions: [Float]
    /// `steps × environments`: log π(a) under the acting policy.
    public var logProbabilities: [Float]
    /// `steps × environments`: rewards.
    public var rewards: [Float]
    /// `steps × environments`: the step ended the episode in a terminal state.
    public var terminated: [Bool]
    /// `steps × environments`: the step cut the episode off (time limit or horizon).
    public var truncated: [Bool]
    /// `steps × environments × observationDimension`: where `truncated` and not `terminated`, the
    /// episode's last observation (to bootstrap from); other rows unspecified.
    public var finalObservations: [Float]
    /// `environments × observationDimension`: each environment's observation after the last step.
    public var lastObservations: [Float]
    /// `steps × environments`: where set, an episode started at that step (the environments had just
    /// been reset, or the environment's previous step ended an episode), so a recurrent policy's state
    /// was zeroed before it.
    public var episodeStarts: [Bool]
    /// `environments × stateWidth`: a recurrent policy's state before the rollout's first step (before
    /// any zeroing at an episode start); empty for a feed-forward policy.
    public var initialStates: [Float]
    /// Episodes that finished during the rollout: return and length, in order of finishing.
    public var finishedEpisodes: [FinishedEpisode] = []

    /// An episode's return and length.
    public struct FinishedEpisode: Sendable, Hashable, Codable {
        /// Undiscounted return.
        public var episodeReturn: Double
        /// Steps.
        public var length: Int
        /// Environment steps taken in the run when it finished.
        public var step: Int

        /// Creates an episode's record.
        public init(episodeReturn: Double, length: Int, step: Int) {
            self.episodeReturn = episodeReturn
            self.length = length
            self.step = step
        }
    }

    /// A zeroed batch of the given shape, for a policy whose recurrent state has `stateWidth` values
    /// per environment (0: feed-forward).
    public init(steps: Int, environments: Int, observationDimension: Int, actionDimension: Int, stateWidth: Int = 0) {
        self.steps = steps
        self.environments = environments
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        let transitions = steps * environments
        observations = .init(repeating: 0, count: transitions * observationDimension)
        actions = .init(repeating: 0, count: transitions * actionDimension)
        logProbabilities = .init(repeating: 0, count: transitions)
        rewards = .init(repeating: 0, count: transitions)
        terminated = .init(repeating: false, count: transitions)
        truncated = .init(repeating: false, count: transitions)
        finalObservations = .init(repeating: 0, count: transitions * observationDimension)
        lastObservations = .init(repeating: 0, count: environments * observationDimension)
        episodeStarts = .init(repeating: false, count: transitions)
        initialStates = .init(repeating: 0, count: environments * stateWidth)
    }

    /// Transitions in the batch.
    public var transitionCount: Int { steps * environments }
}
