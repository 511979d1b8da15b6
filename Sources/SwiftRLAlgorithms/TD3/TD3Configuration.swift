/// Every hyperparameter of TD3. The defaults are RLtools' (see BENCHMARKS.md): batch 100, [64, 64]
/// ReLU networks, Adam 1e-3, γ 0.99, Polyak 0.995, 100 warm-up steps, actor and targets updated
/// every 2nd step, target noise 0.2 clipped at 0.5, exploration noise 0.1.
public struct TD3Configuration: OffPolicyConfiguration, Hashable {
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
    /// The policy network (its output goes through tanh).
    public var actor = NetworkConfiguration()
    /// Each of the two Q-networks.
    public var critic = NetworkConfiguration()
    /// Adam's β₁, β₂ and ε for all networks.
    public var optimizer = OptimizerConfiguration()
    /// Periodic evaluation.
    public var evaluation = EvaluationConfiguration()
    /// Critic updates per actor and target update.
    public var policyDelay = 2
    /// Standard deviation of the target policy smoothing noise (in normalized action units).
    public var targetNoise: Float = 0.2
    /// The smoothing noise is clipped to ±this.
    public var targetNoiseClip: Float = 0.5
    /// Scale of the exploration noise (in normalized action units): the standard deviation of
    /// Gaussian noise, σ of Ornstein–Uhlenbeck noise.
    public var explorationNoise: Float = 0.1
    /// The kind of exploration noise.
    public var explorationNoiseType = ExplorationNoiseKind.gaussian
    /// θ of Ornstein–Uhlenbeck noise (its pull back to zero).
    public var explorationNoiseTheta: Float = 0.15

    /// Creates the default configuration.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case steps, batchSize = "batch_size", gamma, polyak, warmupSteps = "warmup_steps"
        case replayCapacity = "replay_capacity", actor, critic, optimizer, evaluation
        case policyDelay = "policy_delay", targetNoise = "target_noise", targetNoiseClip = "target_noise_clip"
        case explorationNoise = "exploration_noise", explorationNoiseType = "exploration_noise_type"
        case explorationNoiseTheta = "exploration_noise_theta"
    }

    /// Checks every value, naming the key at fault.
    public func validate() throws(ConfigurationError) {
        try validateCommon(gamma: gamma, polyak: polyak, actor: actor, critic: critic, optimizer: optimizer)
        try ConfigurationError.require(policyDelay > 0, "policy_delay", policyDelay, "a positive integer")
        try ConfigurationError.require(targetNoise >= 0, "target_noise", targetNoise, "0 or more")
        try ConfigurationError.require(targetNoiseClip >= 0, "target_noise_clip", targetNoiseClip, "0 or more")
        try ConfigurationError.require(explorationNoise >= 0, "exploration_noise", explorationNoise, "0 or more")
        try ConfigurationError.require(explorationNoiseTheta > 0, "exploration_noise_theta", explorationNoiseTheta, "a positive number")
    }
}
