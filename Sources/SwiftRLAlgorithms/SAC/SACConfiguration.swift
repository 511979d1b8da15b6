/// Every hyperparameter of SAC. The defaults are RLtools' (see BENCHMARKS.md): batch 100, [64, 64]
/// ReLU networks, Adam 1e-3, γ 0.99, Polyak 0.995, 100 warm-up steps, one critic and one actor
/// update per step, an adaptive entropy coefficient starting at 0.5 with target entropy −|A|.
public struct SACConfiguration: OffPolicyConfiguration, Hashable {
    /// Environment steps to train for.
    public var steps = 10_000
    /// Transitions per update.
    public var batchSize = 100
    /// Discount factor γ.
    public var gamma: Float = 0.99
    /// Target-network averaging: `target ← polyak · target + (1 − polyak) · online`.
    public var polyak: Float = 0.995
    /// Steps of uniformly random actions before learning starts.
    public var warmupSteps = 100
    /// Replay buffer capacity (at most `steps` transitions are allocated).
    public var replayCapacity = 1_000_000
    /// The policy network.
    public var actor = NetworkConfiguration()
    /// Each of the two Q-networks.
    public var critic = NetworkConfiguration()
    /// Adam's β₁, β₂ and ε for all networks.
    public var optimizer = OptimizerConfiguration()
    /// Periodic evaluation.
    public var evaluation = EvaluationConfiguration()
    /// The entropy coefficient α at the start.
    public var initialEntropyCoefficient: Float = 0.5
    /// Learn α towards `targetEntropy` (otherwise α stays fixed).
    public var adaptiveEntropy = true
    /// Adam's step size for log α.
    public var entropyLearningRate: Float = 1e-3
    /// The entropy α is tuned towards; `nil` means −(action dimension).
    public var targetEntropy: Float?
    /// Lower clamp of the policy's log standard deviation.
    public var logStdMin: Float = -20
    /// Upper clamp of the policy's log standard deviation.
    public var logStdMax: Float = 2

    /// Creates the default configuration.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case steps, batchSize = "batch_size", gamma, polyak, warmupSteps = "warmup_steps"
        case replayCapacity = "replay_capacity", actor, critic, optimizer, evaluation
        case initialEntropyCoefficient = "initial_entropy_coefficient", adaptiveEntropy = "adaptive_entropy"
        case entropyLearningRate = "entropy_learning_rate", targetEntropy = "target_entropy"
        case logStdMin = "log_std_min", logStdMax = "log_std_max"
    }

    /// Checks every value, naming the key at fault.
    public func validate() throws(ConfigurationError) {
        try validateCommon(gamma: gamma, polyak: polyak, actor: actor, critic: critic, optimizer: optimizer)
        try ConfigurationError.require(initialEntropyCoefficient > 0, "initial_entropy_coefficient",
                                       initialEntropyCoefficient, "a positive number")
        try ConfigurationError.require(entropyLearningRate > 0, "entropy_learning_rate", entropyLearningRate, "a positive number")
        try ConfigurationError.require(logStdMin < logStdMax, "log_std_min", logStdMin, "below log_std_max (\(logStdMax))")
    }
}
