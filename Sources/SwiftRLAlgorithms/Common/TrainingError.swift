/// Why training cannot start or go on.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The algorithm needs a kind of action space the environment does not have.
    case unsupportedActionSpace(algorithm: String, environment: String, actionSpace: String)
    /// An action distribution that cannot produce the environment's actions.
    case distributionMismatch(distribution: String, environment: String, actionSpace: String)
    /// The environment returned NaN or infinity.
    case nonFiniteEnvironmentOutput(step: Int, quantity: String, environment: String)
    /// A loss became NaN or infinite: the networks would be corrupted by the update.
    case nonFiniteLoss(step: Int, loss: String)
    /// A rollout that a learner cannot use: of another shape or policy version, or with values no
    /// collector could have produced.
    case invalidRollout(reason: String)
    /// A transition collected elsewhere that a learner cannot use: of another shape, or with values
    /// no collector could have produced.
    case invalidTransition(reason: String)
    /// Transitions collected elsewhere (rollout workers behind a relay) cannot be had.
    case collectorsUnavailable(reason: String)
    /// An environment could not be created (for an evaluation, say).
    case environmentUnavailable(reason: String)
    /// An observation of the wrong length.
    case observationSize(expected: Int, found: Int)
    /// A recurrent state of the wrong length (a recurrent policy asked without its state, too).
    case stateSize(expected: Int, found: Int)

    public var description: String {
        switch self {
        case .unsupportedActionSpace(let algorithm, let environment, let actionSpace):
            "\(algorithm) needs continuous (Box) actions, but \(environment) has \(actionSpace)"
        case .distributionMismatch(let distribution, let environment, let actionSpace):
            "the \(distribution) action distribution cannot act in \(environment), whose actions are \(actionSpace)"
        case .nonFiniteEnvironmentOutput(let step, let quantity, let environment):
            "\(environment) returned a non-finite \(quantity) at environment step \(step); training stopped"
        case .nonFiniteLoss(let step, let loss):
            "the \(loss) became non-finite at environment step \(step); training stopped before corrupting the networks"
        case .invalidRollout(let reason):
            "invalid rollout: \(reason)"
        case .invalidTransition(let reason):
            "invalid collected transition: \(reason)"
        case .collectorsUnavailable(let reason):
            "cannot get transitions from the collectors: \(reason)"
        case .environmentUnavailable(let reason):
            "cannot create the environment: \(reason)"
        case .observationSize(let expected, let found):
            "observation has \(found) values, the policy expects \(expected)"
        case .stateSize(let expected, let found):
            "recurrent state has \(found) values, the policy expects \(expected) (a recurrent policy acts with its state)"
        }
    }
}
