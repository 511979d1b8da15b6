/// The gradient of SAC's actor loss with respect to the actor's outputs, for one sample and one
/// action dimension (Haarnoja et al., 2018, with the reparameterization trick: ε is held fixed).
///
/// With `u = μ + σε`, `σ = e^σ̃` (σ̃ clamped to [log_std_min, log_std_max]), `a = tanh u` and the
/// per-sample loss `ℓ = α log π(a|s) − Q(s, a)`:
/// - `∂ log π/∂u = −∂ log(1 − tanh²u)/∂u = 2 tanh u = 2a` and `∂Q/∂u = ∂Q/∂a · (1 − a²)`, so
///   `∂ℓ/∂u = α · 2a − ∂Q/∂a · (1 − a²)`;
/// - `∂ℓ/∂μ = ∂ℓ/∂u`;
/// - `∂ℓ/∂σ̃ = ∂ℓ/∂u · σε − α` (the `−α` from the `−σ̃` term of log π), and 0 where the clamp is active.
///
/// `standardDeviation` is σ as sampling computed it. `scale` multiplies the whole gradient (the actor loss is a mean over the batch, so `1/batch`).
enum SACActorGradient {
    @inline(__always)
    static func outputGradients(action a: Float, actionGradient: Float, noise: Float, rawLogStd: Float,
                                standardDeviation: Float, alpha: Float, scale: Float, logStdMin: Float,
                                logStdMax: Float) -> (mean: Float, logStd: Float)
    {
        let uGradient = scale * (alpha * 2 * a - actionGradient * (1 - a * a))
        let clamped = rawLogStd < logStdMin || rawLogStd > logStdMax
        return (uGradient, clamped ? 0 : uGradient * standardDeviation * noise - scale * alpha)
    }
}
