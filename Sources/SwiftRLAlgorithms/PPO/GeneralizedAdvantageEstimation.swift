/// Generalized advantage estimation (Schulman et al., 2016, "High-Dimensional Continuous Control
/// Using Generalized Advantage Estimation") over a time-major rollout.
///
/// For each environment, backwards in time: δₜ = rₜ + γ·(1 − dₜ)·Vₜ₊₁ − Vₜ and
/// Aₜ = δₜ + γλ·(1 − dₜ)·Aₜ₊₁, where dₜ marks the step that ended an episode (terminated or
/// truncated) and V after the last step is the value of the observation the rollout ended in. A
/// truncated step's bootstrap (γ·V of its final observation) is expected in rₜ already, as
/// Stable-Baselines3 adds it. Returns are Aₜ + Vₜ.
public enum GeneralizedAdvantageEstimation {
    /// Computes advantages and returns in place of `advantages` and `returns` (`steps × environments`).
    /// - Parameters:
    ///   - rewards: `steps × environments`, bootstrapped on truncation.
    ///   - values: `steps × environments` values of the observations acted in.
    ///   - lastValues: `environments` values of the observations after the last step.
    ///   - episodeEnded: `steps × environments`, terminated or truncated.
    public static func compute(
        steps: Int, environments: Int, gamma: Float, lambda: Float,
        rewards: UnsafePointer<Float>, values: UnsafePointer<Float>, lastValues: UnsafePointer<Float>,
        episodeEnded: UnsafePointer<Bool>, advantages: UnsafeMutablePointer<Float>, returns: UnsafeMutablePointer<Float>
    ) {
        for e in 0..<environments {
            var nextValue = lastValues[e], nextAdvantage: Float = 0
            for t in stride(from: steps - 1, through: 0, by: -1) {
                let index = t * environments + e
                let continues: Float = episodeEnded[index] ? 0 : 1
                let delta = rewards[index] + gamma * continues * nextValue - values[index]
                let advantage = delta + gamma * lambda * continues * nextAdvantage
                advantages[index] = advantage
                returns[index] = advantage + values[index]
                nextValue = values[index]
                nextAdvantage = advantage
            }
        }
    }
}
