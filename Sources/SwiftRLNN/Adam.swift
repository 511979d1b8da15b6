import Foundation
import SwiftRLCore
import SwiftRLKernels

/// Adam's hyperparameters.
public struct AdamConfiguration: Sendable, Hashable, Codable {
    /// Step size α.
    public var learningRate: Float
    /// Decay of the first-moment estimate β₁.
    public var beta1: Float
    /// Decay of the second-moment estimate β₂.
    public var beta2: Float
    /// ε added to the denominator.
    public var epsilon: Float

    /// Creates a configuration; the defaults are RLtools' (α 1e-3, β (0.9, 0.999), ε 1e-7).
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }
}

/// The Adam optimizer (Kingma & Ba, 2015, "Adam: A Method for Stochastic Optimization") over one
/// flat parameter vector, with bias-corrected moments as PyTorch computes them:
/// `p ← p − α · m̂ / (√v̂ + ε)`, `m̂ = m / (1 − β₁ᵗ)`, `v̂ = v / (1 − β₂ᵗ)`.
///
/// The update runs in the kernels of `SwiftRLKernels` (``SwiftRLCore/KernelVariant``): the same
/// IEEE operations in every variant, with a correctly rounded square root, and subnormal moments
/// flushed to zero.
public struct Adam: Sendable, Hashable, Codable {
    /// Hyperparameters.
    public var configuration: AdamConfiguration
    /// First-moment estimates m.
    public private(set) var firstMoments: [Float]
    /// Second-moment estimates v.
    public private(set) var secondMoments: [Float]
    /// Updates applied so far (t).
    public private(set) var stepCount: Int

    /// Creates an optimizer for `parameterCount` parameters with zero moments.
    public init(parameterCount: Int, configuration: AdamConfiguration = .init()) {
        self.configuration = configuration
        firstMoments = [Float](repeating: 0, count: parameterCount)
        secondMoments = [Float](repeating: 0, count: parameterCount)
        stepCount = 0
    }

    /// Recreates an optimizer from saved state (a checkpoint): moments of equal length and a step count ≥ 0.
    public init(configuration: AdamConfiguration, firstMoments: [Float], secondMoments: [Float], stepCount: Int) {
        precondition(firstMoments.count == secondMoments.count && stepCount >= 0, "Adam state is inconsistent")
        self.configuration = configuration
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
        self.stepCount = stepCount
    }

    /// Applies one update to `parameters` given their `gradients`.
    public mutating func update(_ parameters: inout [Float], gradients: UnsafePointer<Float>) {
        precondition(parameters.count == firstMoments.count,
                     "Adam was sized for \(firstMoments.count) parameters, got \(parameters.count)")
        stepCount += 1
        let c = configuration
        let t = Float(stepCount)
        let stepSize = c.learningRate / (1 - pow(c.beta1, t))
        let secondCorrection = 1 / (1 - pow(c.beta2, t))
        let count = parameters.count
        parameters.withUnsafeMutableBufferPointer { p in
            firstMoments.withUnsafeMutableBufferPointer { m in
                secondMoments.withUnsafeMutableBufferPointer { v in
                    var arguments = swiftrl_adam_arguments(
                        count: count, parameters: p.baseAddress!, first_moments: m.baseAddress!,
                        second_moments: v.baseAddress!, gradients: gradients, beta1: c.beta1, beta2: c.beta2,
                        epsilon: c.epsilon, step_size: stepSize, second_correction: secondCorrection)
                    swiftrl_adam(&arguments)
                }
            }
        }
    }
}
