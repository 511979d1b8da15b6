/// What the off-policy training loop needs from an algorithm's configuration, whichever the algorithm.
public protocol OffPolicyConfiguration: Sendable, Codable {
    /// Environment steps to train for.
    var steps: Int { get }
    /// Transitions per update.
    var batchSize: Int { get }
    /// Steps of uniformly random actions before the policy acts and updates begin.
    var warmupSteps: Int { get }
    /// Most transitions kept in the replay buffer (never more than `steps` are allocated).
    var replayCapacity: Int { get }
    /// Periodic evaluation.
    var evaluation: EvaluationConfiguration { get }
    /// Checks every value, naming the key at fault.
    func validate() throws(ConfigurationError)
}

extension OffPolicyConfiguration {
    /// Checks the values every off-policy configuration has.
    func validateCommon(gamma: Float, polyak: Float, actor: NetworkConfiguration, critic: NetworkConfiguration,
                        optimizer: OptimizerConfiguration) throws(ConfigurationError) {
        try ConfigurationError.requireSteps(steps)
        try ConfigurationError.require(batchSize > 0, "batch_size", batchSize, "a positive integer")
        try ConfigurationError.require(warmupSteps >= 0, "warmup_steps", warmupSteps, "0 or more")
        try ConfigurationError.require(replayCapacity >= batchSize, "replay_capacity", replayCapacity, "at least batch_size (\(batchSize))")
        let firstUpdate = Swift.max(warmupSteps, batchSize)
        try ConfigurationError.require(steps >= firstUpdate, "steps", steps,
                                       "at least warmup_steps and batch_size (\(firstUpdate)), or no update would ever run")
        try ConfigurationError.require((0...1).contains(gamma), "gamma", gamma, "in [0, 1]")
        try ConfigurationError.require((0...1).contains(polyak), "polyak", polyak, "in [0, 1]")
        try actor.validate(prefix: "actor")
        try critic.validate(prefix: "critic")
        try optimizer.validate()
        try evaluation.validate()
    }
}
