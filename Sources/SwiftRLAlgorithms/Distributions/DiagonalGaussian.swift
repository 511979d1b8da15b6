import SwiftRLCore
import SwiftRLKernels

/// The math that ``GaussianDistribution`` and ``SquashedGaussianDistribution`` share: a diagonal
/// Gaussian over u ∈ ℝⁿ with means from the network and a learned, state-independent log standard
/// deviation s (σ = eˢ).
///
/// log N(u; μ, σ) = Σᵢ (−½zᵢ² − sᵢ − ½ log 2π) with zᵢ = (uᵢ − μᵢ)/σᵢ; H = Σᵢ (sᵢ + ½ + ½ log 2π);
/// ∂log N/∂μᵢ = zᵢ/σᵢ, ∂log N/∂sᵢ = zᵢ² − 1, ∂H/∂sᵢ = 1. exp is SwiftRL's own.
struct DiagonalGaussian: Sendable {
    /// ½ log 2π.
    static let halfLogTwoPi: Float = 0.918938533
    let dimensions: Int
    let initialLogStd: Float

    /// `rows × dimensions` standard normals.
    func drawNoise(rows: Int, into noise: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        generator.fillNormals(noise, count: rows * dimensions)
    }

    /// u = μ + σ·ε for each row's normals ε.
    func sample(_ parameters: DistributionParameters, rows: Int, noise: UnsafePointer<Float>,
                into values: UnsafeMutablePointer<Float>) {
        for i in 0..<dimensions {
            let standardDeviation = swiftrl_exp_float(parameters.free[i])
            for row in 0..<rows {
                let index = row * dimensions + i
                values[index] = parameters.outputs[index] + standardDeviation * noise[index]
            }
        }
    }

    func logDensities(_ parameters: DistributionParameters, values: UnsafePointer<Float>, rows: Int,
                      into logDensities: UnsafeMutablePointer<Float>) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: dimensions) { deviations in
            for i in 0..<dimensions { deviations[i] = swiftrl_exp_float(parameters.free[i]) }
            for row in 0..<rows {
                var sum: Float = 0
                for i in 0..<dimensions {
                    let index = row * dimensions + i
                    let z = (values[index] - parameters.outputs[index]) / deviations[i]
                    sum += (-0.5 * z * z - parameters.free[i]) - Self.halfLogTwoPi
                }
                logDensities[row] = sum
            }
        }
    }

    func entropy(_ parameters: DistributionParameters) -> Float {
        var sum: Float = 0
        for i in 0..<dimensions { sum += (parameters.free[i] + 0.5) + Self.halfLogTwoPi }
        return sum
    }

    func backward(_ parameters: DistributionParameters, values: UnsafePointer<Float>, rows: Int,
                  logDensityWeights: UnsafePointer<Float>, entropyWeight: Float,
                  outputGradients: UnsafeMutablePointer<Float>, freeGradients: UnsafeMutablePointer<Float>) {
        for i in 0..<dimensions {
            let standardDeviation = swiftrl_exp_float(parameters.free[i])
            var freeGradient: Float = 0
            for row in 0..<rows {
                let index = row * dimensions + i
                let z = (values[index] - parameters.outputs[index]) / standardDeviation
                let weight = logDensityWeights[row]
                outputGradients[index] = weight * z / standardDeviation
                freeGradient += weight * (z * z - 1) + entropyWeight
            }
            freeGradients[i] = freeGradient
        }
    }
}

/// A diagonal Gaussian whose means are the network's outputs and whose log standard deviations are
/// learned parameters of their own, independent of the state (PPO's usual continuous policy,
/// PyTorch's `Normal(mean, log_std.exp())`).
///
/// A sampled action is u itself; the environment receives u clipped to [-1, 1] (then rescaled to its
/// box), as Stable-Baselines3 and RLtools clip. The deterministic action is the mean, clipped alike.
public struct GaussianDistribution: ActionDistribution {
    let gaussian: DiagonalGaussian

    /// A Gaussian over `dimensions` action values whose log standard deviations start at `initialLogStd`.
    public init(dimensions: Int, initialLogStd: Float = 0) {
        precondition(dimensions >= 1, "a Gaussian needs at least one dimension, got \(dimensions)")
        gaussian = DiagonalGaussian(dimensions: dimensions, initialLogStd: initialLogStd)
    }

    public var name: String { "gaussian" }
    public var actionDimension: Int { gaussian.dimensions }
    public var inputDimension: Int { gaussian.dimensions }
    public var freeParameterCount: Int { gaussian.dimensions }
    public func initialFreeParameters() -> [Float] { .init(repeating: gaussian.initialLogStd, count: gaussian.dimensions) }
    public var deterministicHead: DeterministicPolicy.Squashing { .clip }

    public var noisePerSample: Int { gaussian.dimensions }

    /// Every finite action is one it can produce.
    public func firstInvalidAction(_ actions: UnsafePointer<Float>, rows: Int) -> Int? {
        firstNonFiniteRow(actions, rows: rows, width: actionDimension)
    }

    public func drawNoise(rows: Int, into noise: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        gaussian.drawNoise(rows: rows, into: noise, generator: &generator)
    }

    public func sample(_ parameters: DistributionParameters, rows: Int, noise: UnsafePointer<Float>,
                       actions: UnsafeMutablePointer<Float>, logProbabilities: UnsafeMutablePointer<Float>) {
        gaussian.sample(parameters, rows: rows, noise: noise, into: actions)
        gaussian.logDensities(parameters, values: actions, rows: rows, into: logProbabilities)
    }

    public func logProbabilities(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                                 into logProbabilities: UnsafeMutablePointer<Float>) {
        gaussian.logDensities(parameters, values: actions, rows: rows, into: logProbabilities)
    }

    public func entropies(_ parameters: DistributionParameters, rows: Int, into entropies: UnsafeMutablePointer<Float>) {
        entropies.update(repeating: gaussian.entropy(parameters), count: rows)
    }

    public func modes(_ parameters: DistributionParameters, rows: Int, into actions: UnsafeMutablePointer<Float>) {
        actions.update(from: parameters.outputs, count: rows * gaussian.dimensions)
    }

    public func environmentAction(fromSample sample: UnsafePointer<Float>, into action: UnsafeMutablePointer<Float>) {
        for i in 0..<gaussian.dimensions { action[i] = min(max(sample[i], -1), 1) }
    }

    public func backward(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                         logProbabilityWeights: UnsafePointer<Float>, entropyWeight: Float,
                         outputGradients: UnsafeMutablePointer<Float>, freeGradients: UnsafeMutablePointer<Float>) {
        gaussian.backward(parameters, values: actions, rows: rows, logDensityWeights: logProbabilityWeights,
                          entropyWeight: entropyWeight, outputGradients: outputGradients, freeGradients: freeGradients)
    }
}

/// A tanh-squashed diagonal Gaussian (rl8's `SquashedNormal`): u ~ N(μ, σ) with a learned,
/// state-independent log σ, and the action tanh(u) ∈ (-1, 1)ⁿ.
///
/// The stored action is u, so log-probabilities are exact and stable near the bounds:
/// log π(tanh u) = log N(u; μ, σ) − Σᵢ log(1 − tanh² uᵢ). The squashed distribution's entropy has no
/// closed form; ``entropies(_:rows:into:)`` reports the entropy of N(μ, σ), an upper bound, as the
/// entropy bonus (its gradient raises σ just the same). The deterministic action is tanh(μ).
public struct SquashedGaussianDistribution: ActionDistribution {
    let gaussian: DiagonalGaussian

    /// A squashed Gaussian over `dimensions` action values whose log σ start at `initialLogStd`.
    public init(dimensions: Int, initialLogStd: Float = 0) {
        precondition(dimensions >= 1, "a Gaussian needs at least one dimension, got \(dimensions)")
        gaussian = DiagonalGaussian(dimensions: dimensions, initialLogStd: initialLogStd)
    }

    public var name: String { "squashed_gaussian" }
    public var actionDimension: Int { gaussian.dimensions }
    public var inputDimension: Int { gaussian.dimensions }
    public var freeParameterCount: Int { gaussian.dimensions }
    public func initialFreeParameters() -> [Float] { .init(repeating: gaussian.initialLogStd, count: gaussian.dimensions) }
    public var deterministicHead: DeterministicPolicy.Squashing { .tanhOfMean }

    public var noisePerSample: Int { gaussian.dimensions }

    /// Every finite action is one it can produce.
    public func firstInvalidAction(_ actions: UnsafePointer<Float>, rows: Int) -> Int? {
        firstNonFiniteRow(actions, rows: rows, width: actionDimension)
    }

    public func drawNoise(rows: Int, into noise: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        gaussian.drawNoise(rows: rows, into: noise, generator: &generator)
    }

    public func sample(_ parameters: DistributionParameters, rows: Int, noise: UnsafePointer<Float>,
                       actions: UnsafeMutablePointer<Float>, logProbabilities: UnsafeMutablePointer<Float>) {
        gaussian.sample(parameters, rows: rows, noise: noise, into: actions)
        self.logProbabilities(parameters, actions: actions, rows: rows, into: logProbabilities)
    }

    public func logProbabilities(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                                 into logProbabilities: UnsafeMutablePointer<Float>) {
        gaussian.logDensities(parameters, values: actions, rows: rows, into: logProbabilities)
        for row in 0..<rows {
            var correction: Float = 0
            for i in 0..<gaussian.dimensions {
                var squashed: Float = 0, logDerivative: Float = 0
                swiftrl_tanh_and_log_derivative_float(actions[row * gaussian.dimensions + i], &squashed, &logDerivative)
                correction += logDerivative
            }
            logProbabilities[row] -= correction
        }
    }

    public func entropies(_ parameters: DistributionParameters, rows: Int, into entropies: UnsafeMutablePointer<Float>) {
        entropies.update(repeating: gaussian.entropy(parameters), count: rows)
    }

    public func modes(_ parameters: DistributionParameters, rows: Int, into actions: UnsafeMutablePointer<Float>) {
        actions.update(from: parameters.outputs, count: rows * gaussian.dimensions)
    }

    public func environmentAction(fromSample sample: UnsafePointer<Float>, into action: UnsafeMutablePointer<Float>) {
        for i in 0..<gaussian.dimensions {
            var logDerivative: Float = 0
            swiftrl_tanh_and_log_derivative_float(sample[i], action + i, &logDerivative)
        }
    }

    /// The squashing term does not depend on μ or σ once u is fixed, so the gradients are the Gaussian's.
    public func backward(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                         logProbabilityWeights: UnsafePointer<Float>, entropyWeight: Float,
                         outputGradients: UnsafeMutablePointer<Float>, freeGradients: UnsafeMutablePointer<Float>) {
        gaussian.backward(parameters, values: actions, rows: rows, logDensityWeights: logProbabilityWeights,
                          entropyWeight: entropyWeight, outputGradients: outputGradients, freeGradients: freeGradients)
    }
}
