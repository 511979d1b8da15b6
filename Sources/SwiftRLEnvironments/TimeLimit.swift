/// Truncates the episodes of `Base` after `maxEpisodeSteps` steps, as Gymnasium's `TimeLimit` wrapper.
///
/// A step reports `truncated` once the episode's step count reaches `maxEpisodeSteps`
/// (`elapsed >= max`), whatever the base environment reports; `reset` zeroes the count.
public struct TimeLimit<Base: Environment>: Environment {
    /// The wrapped environment; set it (or its state) to replay from a recorded state.
    public var base: Base
    /// The number of steps after which an episode is truncated.
    public let maxEpisodeSteps: Int
    /// Steps taken since the last `reset`.
    public var elapsedSteps: Int = 0

    /// Wraps `base`, truncating its episodes after `maxEpisodeSteps` steps (at least 1).
    public init(_ base: Base, maxEpisodeSteps: Int) {
        precondition(maxEpisodeSteps > 0, "TimeLimit needs a positive maxEpisodeSteps, got \(maxEpisodeSteps)")
        self.base = base
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    /// The base environment's name.
    public var name: String { base.name }
    /// The base environment's observation space.
    public var observationSpace: BoxSpace { base.observationSpace }
    /// The base environment's action space.
    public var actionSpace: ActionSpace { base.actionSpace }

    /// Resets the base environment and the step count.
    public mutating func reset(seed: UInt64?, observation: inout [Float]) {
        elapsedSteps = 0
        base.reset(seed: seed, observation: &observation)
    }

    /// Steps the base environment and sets `truncated` once the step count reaches the limit.
    public mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
        var outcome = base.step(action, observation: &observation)
        elapsedSteps += 1
        if elapsedSteps >= maxEpisodeSteps { outcome.truncated = true }
        return outcome
    }
}
