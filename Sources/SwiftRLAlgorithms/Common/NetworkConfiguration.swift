import SwiftRLNN

/// The configuration of one network of an agent: its hidden layers and how it is optimized.
public struct NetworkConfiguration: Sendable, Hashable, Codable {
    /// Widths of the hidden layers.
    public var hiddenSizes: [Int]
    /// Activation after each hidden layer.
    public var activation: Activation
    /// Adam's step size.
    public var learningRate: Float
    /// Clip the gradient norm to this before each update; `nil` leaves gradients as they are.
    public var maxGradientNorm: Float?

    /// Creates a configuration; the defaults are RLtools' ([64, 64], ReLU, 1e-3, no clipping).
    public init(hiddenSizes: [Int] = [64, 64], activation: Activation = .relu,
                learningRate: Float = 1e-3, maxGradientNorm: Float? = nil) {
        self.hiddenSizes = hiddenSizes
        self.activation = activation
        self.learningRate = learningRate
        self.maxGradientNorm = maxGradientNorm
    }

    enum CodingKeys: String, CodingKey {
        case hiddenSizes = "hidden_sizes", activation, learningRate = "learning_rate"
        case maxGradientNorm = "max_gradient_norm"
    }

    /// Checks every value, naming the offending key under `prefix` (for example `actor`): at most 64
    /// hidden layers of at most 65,536 units and 2²⁶ weights between them, so that allocating the
    /// networks cannot fail.
    public func validate(prefix: String) throws(ConfigurationError) {
        try ConfigurationError.requireHiddenSizes(hiddenSizes, key: "\(prefix).hidden_sizes")
        try ConfigurationError.require(learningRate > 0 && learningRate.isFinite,
                                       "\(prefix).learning_rate", learningRate, "a positive number")
        if let maxGradientNorm {
            try ConfigurationError.require(maxGradientNorm > 0 && maxGradientNorm.isFinite, "\(prefix).max_gradient_norm",
                                           maxGradientNorm, "a positive number")
        }
    }
}

/// Adam's moment decay rates and ε, shared by an agent's networks.
public struct OptimizerConfiguration: Sendable, Hashable, Codable {
    /// β₁.
    public var beta1: Float
    /// β₂.
    public var beta2: Float
    /// ε.
    public var epsilon: Float

    /// Creates a configuration; the defaults are RLtools' (0.9, 0.999, 1e-7).
    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// Adam's configuration for a network with the given learning rate.
    public func adam(learningRate: Float) -> AdamConfiguration {
        AdamConfiguration(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    /// Checks every value.
    public func validate() throws(ConfigurationError) {
        try ConfigurationError.require((0..<1).contains(beta1), "optimizer.beta1", beta1, "in [0, 1)")
        try ConfigurationError.require((0..<1).contains(beta2), "optimizer.beta2", beta2, "in [0, 1)")
        try ConfigurationError.require(epsilon > 0 && epsilon.isFinite, "optimizer.epsilon", epsilon, "a positive number")
    }
}

/// When and how thoroughly the deterministic policy is evaluated during training.
public struct EvaluationConfiguration: Sendable, Hashable, Codable {
    /// Evaluate every this many environment steps (0: only when asked).
    public var interval: Int
    /// Episodes per evaluation.
    public var episodes: Int
    /// Episode `i` of an evaluation resets its environment with seed `seed + i`.
    public var seed: UInt64

    /// Creates a configuration (defaults: every 1,000 steps, 10 episodes, seeds 1000–1009).
    public init(interval: Int = 1000, episodes: Int = 10, seed: UInt64 = 1000) {
        self.interval = interval
        self.episodes = episodes
        self.seed = seed
    }

    /// Checks every value.
    public func validate() throws(ConfigurationError) {
        try ConfigurationError.require(interval >= 0, "evaluation.interval", interval, "0 or more")
        try ConfigurationError.require((1...10_000).contains(episodes), "evaluation.episodes", episodes, "an integer in 1...10000")
    }
}
