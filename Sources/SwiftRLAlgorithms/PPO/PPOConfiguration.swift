import SwiftRLNN

/// A PPO network's shape: hidden layers and their activation (both networks learn at PPO's
/// `learning_rate`).
public struct PPONetworkConfiguration: Sendable, Hashable, Codable {
    /// Widths of the hidden layers.
    public var hiddenSizes: [Int]
    /// Activation after each hidden layer.
    public var activation: Activation

    /// Creates a configuration (default: [64, 64] tanh, as Stable-Baselines3's and CleanRL's PPO).
    public init(hiddenSizes: [Int] = [64, 64], activation: Activation = .tanh) {
        self.hiddenSizes = hiddenSizes
        self.activation = activation
    }

    enum CodingKeys: String, CodingKey {
        case hiddenSizes = "hidden_sizes", activation
    }

    /// Checks every value, naming the offending key under `prefix`: at most 64 layers of at most
    /// 65,536 units, and at most 2²⁶ weights between hidden layers (256 MB), so that allocating the
    /// network cannot fail.
    public func validate(prefix: String) throws(ConfigurationError) {
        try ConfigurationError.requireHiddenSizes(hiddenSizes, key: "\(prefix).hidden_sizes")
    }
}

/// The action distributions a PPO configuration can name.
public enum DistributionName: String, Sendable, Hashable, Codable, CaseIterable {
    /// ``CategoricalDistribution`` (discrete actions).
    case categorical
    /// ``GaussianDistribution`` (continuous actions, clipped to the box).
    case gaussian
    /// ``SquashedGaussianDistribution`` (continuous actions, tanh-squashed).
    case squashedGaussian = "squashed_gaussian"
}

/// The memory in front of PPO's networks (`recurrent` in a configuration).
public enum RecurrentChoice: String, Sendable, Hashable, Codable, CaseIterable {
    /// Feed-forward networks.
    case none
    /// An LSTM layer in front of each network.
    case lstm
    /// A GRU layer in front of each network.
    case gru

    /// The cell, nil for `none`.
    public var cell: RecurrentCell? {
        switch self {
        case .none: nil
        case .lstm: .lstm
        case .gru: .gru
        }
    }
}

/// What PPO does when the approximate KL divergence passes `target_kl`.
public enum KLMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stop the update's remaining epochs once the mean KL of an epoch's minibatches exceeds
    /// 1.5 · target (Stable-Baselines3's rule).
    case earlyStop = "early_stop"
    /// Keep every epoch but adapt the learning rate after each minibatch: divide it by 1.5 when the
    /// KL exceeds 2 · target, multiply it by 1.5 below target / 2, within [1e-5, 1e-2] (the rule of
    /// rsl_rl and RLtools' adaptive schedule).
    case adaptiveLearningRate = "adaptive_learning_rate"
}

/// Every hyperparameter of PPO. The defaults are Stable-Baselines3's where it has one (γ 0.99,
/// λ 0.95, clip 0.2, 10 epochs, value coefficient 0.5, gradient norm 0.5, learning rate 3e-4), with
/// 8 environments × 256 steps and minibatches of 256.
public struct PPOConfiguration: Sendable, Hashable, Codable {
    /// Environment steps to train for (counting every environment's steps).
    public var steps = 100_000
    /// Environments stepped together.
    public var numEnvs = 8
    /// Steps each environment takes per rollout (rl8's horizon per update).
    public var stepsPerEnv = 256
    /// Transitions per minibatch.
    public var batchSize = 256
    /// Passes over each rollout.
    public var epochs = 10
    /// Adam's step size, shared by both networks and the log standard deviation.
    public var learningRate: Float = 3e-4
    /// Anneal the learning rate linearly to 0 over the run.
    public var annealLearningRate = false
    /// Discount factor γ.
    public var gamma: Float = 0.99
    /// GAE's λ.
    public var gaeLambda: Float = 0.95
    /// The probability ratio is clipped to [1 − clip, 1 + clip].
    public var clipRange: Float = 0.2
    /// Anneal the clip range linearly to 0 over the run (Stable-Baselines3's `clip_range: lin_0.2`).
    public var annealClipRange = false
    /// Clip the value prediction's change to ±this around the rollout's value (nil: no clipping).
    public var valueClipRange: Float?
    /// Weight of the entropy bonus.
    public var entropyCoefficient: Float = 0
    /// Weight of the value loss.
    public var valueCoefficient: Float = 0.5
    /// Clip the gradient norm (both networks and the log std together) to this (nil: no clipping).
    public var maxGradNorm: Float? = 0.5
    /// The KL divergence PPO keeps under (nil: no KL control); see `kl_mode`.
    public var targetKL: Float?
    /// What happens when the KL passes `target_kl`.
    public var klMode: KLMode = .earlyStop
    /// Standardize advantages per minibatch.
    public var normalizeAdvantages = true
    /// Standardize observations with running statistics (saved in checkpoints, applied in exports).
    public var normalizeObservations = false
    /// Scale rewards by the running standard deviation of the discounted return.
    public var normalizeRewards = false
    /// Sum the gradients of an epoch's minibatches and take one optimizer step per epoch (rl8's
    /// `accumulate_grads`) instead of one per minibatch.
    public var accumulateGradients = false
    /// Infinite-horizon mode (rl8's): no terminations, every environment reset after exactly this
    /// many steps (nil: the environment's own episodes and time limit).
    public var horizon: Int?
    /// The policy network.
    public var actor = PPONetworkConfiguration()
    /// The value network.
    public var critic = PPONetworkConfiguration()
    /// A recurrent layer in front of the actor and of the critic (each its own, unless
    /// ``sharedMemory``), rl8's `RecurrentTrainer`: the actor's state carries across steps and resets
    /// where an episode starts.
    public var recurrent: RecurrentChoice = .none
    /// With `recurrent`, one layer whose features both networks read, as rl8's default recurrent
    /// models have it, instead of one per network (Stable-Baselines3's default): half the recurrent
    /// work, and the value loss shapes the policy's memory too. Ignored without `recurrent`.
    public var sharedMemory = false
    /// The recurrent layers' hidden size (the networks' hidden layers follow it).
    public var hiddenSize = 64
    /// Steps per training sequence: each environment's rollout is cut into chunks of `seq_len` steps,
    /// each learned from the state it started with (truncated backpropagation through time).
    /// `steps_per_env` and `batch_size` must be multiples of it.
    public var seqLen = 16
    /// The action distribution (nil: categorical for discrete actions, Gaussian for continuous ones).
    public var distribution: DistributionName?
    /// The Gaussian distributions' log standard deviation before training.
    public var initialLogStd: Float = 0
    /// Adam's β₁, β₂ and ε.
    public var optimizer = OptimizerConfiguration()
    /// Periodic evaluation, checked after each rollout (default: every 10,000 steps, ten times over
    /// the default run).
    public var evaluation = EvaluationConfiguration(interval: 10_000)

    /// Creates the default configuration.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case steps, numEnvs = "num_envs", stepsPerEnv = "steps_per_env", batchSize = "batch_size", epochs
        case learningRate = "learning_rate", annealLearningRate = "anneal_learning_rate", gamma
        case gaeLambda = "gae_lambda", clipRange = "clip_range", annealClipRange = "anneal_clip_range"
        case valueClipRange = "value_clip_range"
        case entropyCoefficient = "entropy_coefficient", valueCoefficient = "value_coefficient"
        case maxGradNorm = "max_grad_norm", targetKL = "target_kl", klMode = "kl_mode"
        case normalizeAdvantages = "normalize_advantages", normalizeObservations = "normalize_observations"
        case normalizeRewards = "normalize_rewards", accumulateGradients = "accumulate_gradients", horizon
        case actor, critic, recurrent, sharedMemory = "shared_memory", hiddenSize = "hidden_size", seqLen = "seq_len"
        case distribution, initialLogStd = "initial_log_std", optimizer, evaluation
    }

    /// Transitions per rollout: `num_envs × steps_per_env`.
    public var rolloutSize: Int { numEnvs * stepsPerEnv }

    /// Checks every value, naming the key at fault.
    public func validate() throws(ConfigurationError) {
        typealias E = ConfigurationError
        try E.requireSteps(steps)
        try E.require((1...65_536).contains(numEnvs), "num_envs", numEnvs, "an integer in 1...65536")
        try E.require((1...1_000_000).contains(stepsPerEnv), "steps_per_env", stepsPerEnv, "an integer in 1...1000000")
        try E.require(rolloutSize <= 1 << 24, "steps_per_env", stepsPerEnv,
                      "such that num_envs × steps_per_env is at most 16777216")
        try E.require(batchSize > 0 && batchSize <= rolloutSize, "batch_size", batchSize,
                      "in 1...num_envs × steps_per_env (\(rolloutSize))")
        // The networks first: the products below assume their sizes are in range.
        try actor.validate(prefix: "actor")
        try critic.validate(prefix: "critic")
        let widest = max(actor.hiddenSizes.max() ?? 0, critic.hiddenSizes.max() ?? 0)
        try E.require(rolloutSize * widest <= 1 << 28, "steps_per_env", stepsPerEnv,
                      "such that num_envs × steps_per_env × the widest hidden layer is at most 268435456 (the values pass)")
        if recurrent != .none {
            try E.require((1...4096).contains(hiddenSize), "hidden_size", hiddenSize, "an integer in 1...4096")
            try E.require((1...stepsPerEnv).contains(seqLen) && stepsPerEnv % seqLen == 0, "seq_len", seqLen,
                          "a divisor of steps_per_env (\(stepsPerEnv))")
            try E.require(batchSize % seqLen == 0, "batch_size", batchSize, "a multiple of seq_len (\(seqLen))")
            try E.require(rolloutSize * 4 * hiddenSize <= 1 << 28, "hidden_size", hiddenSize,
                          "such that num_envs × steps_per_env × 4 × hidden_size is at most 268435456 (the gates of a rollout)")
        }
        try E.require((1...10_000).contains(epochs), "epochs", epochs, "an integer in 1...10000")
        try E.require(learningRate > 0 && learningRate.isFinite, "learning_rate", learningRate, "a positive number")
        try E.require((0...1).contains(gamma), "gamma", gamma, "in [0, 1]")
        try E.require((0...1).contains(gaeLambda), "gae_lambda", gaeLambda, "in [0, 1]")
        try E.require(clipRange > 0 && clipRange.isFinite, "clip_range", clipRange, "a positive number")
        if let valueClipRange {
            try E.require(valueClipRange > 0 && valueClipRange.isFinite, "value_clip_range", valueClipRange, "a positive number")
        }
        try E.require(entropyCoefficient >= 0 && entropyCoefficient.isFinite, "entropy_coefficient",
                      entropyCoefficient, "0 or a positive number")
        try E.require(valueCoefficient >= 0 && valueCoefficient.isFinite, "value_coefficient", valueCoefficient,
                      "0 or a positive number")
        if let maxGradNorm {
            try E.require(maxGradNorm > 0 && maxGradNorm.isFinite, "max_grad_norm", maxGradNorm, "a positive number")
        }
        if let targetKL { try E.require(targetKL > 0 && targetKL.isFinite, "target_kl", targetKL, "a positive number") }
        if let horizon { try E.require((1...1 << 30).contains(horizon), "horizon", horizon, "a positive integer") }
        try E.require(initialLogStd.isFinite && abs(initialLogStd) <= 20, "initial_log_std", initialLogStd, "in [-20, 20]")
        try optimizer.validate()
        try evaluation.validate()
    }
}
