import Foundation

/// The tanh-squashed diagonal Gaussian policy of SAC (Haarnoja et al., 2018, appendix C).
///
/// The actor outputs a mean μ and a log standard deviation σ̃ (clamped) per action dimension;
/// an action is `a = tanh(μ + e^σ̃ · ε)` with ε ~ N(0, 1), and
/// `log π(a|s) = Σᵢ [−½εᵢ² − σ̃ᵢ − ½log 2π − log(1 − tanh²uᵢ)]`, the last term computed stably as
/// `2(log 2 − u − softplus(−2u))`.
enum SquashedGaussian {
    static let halfLogTwoPi = Float(0.5 * Foundation.log(2 * Double.pi))
    static let logTwo = Float(Foundation.log(2.0))

    /// The action `tanh(μ + e^σ̃ ε)` and its log-density term `−½ε² − σ̃ − ½log 2π − log(1 − tanh²u)`
    /// for one dimension, given the (already clamped) log standard deviation σ̃ and the noise ε.
    @inline(__always)
    static func sample(mean: Float, logStd: Float, noise epsilon: Float) -> (action: Float, logDensity: Float) {
        let u = mean + Foundation.exp(logStd) * epsilon
        let logDensity = -0.5 * epsilon * epsilon - logStd - halfLogTwoPi - logOneMinusTanhSquared(u)
        return (Foundation.tanh(u), logDensity)
    }

    /// log(1 − tanh²u), stable for large |u|.
    @inline(__always)
    static func logOneMinusTanhSquared(_ u: Float) -> Float {
        2 * (logTwo - u - softplus(-2 * u))
    }

    @inline(__always)
    static func softplus(_ x: Float) -> Float {
        x > 20 ? x : Foundation.log1p(Foundation.exp(x))
    }
}
