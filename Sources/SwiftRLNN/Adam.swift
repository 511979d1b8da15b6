import Foundation
import SwiftRLCore

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
                    Self.apply(
                        count: count, parameters: p.baseAddress!, first: m.baseAddress!, second: v.baseAddress!,
                        gradients: gradients, beta1: c.beta1, beta2: c.beta2, epsilon: c.epsilon,
                        stepSize: stepSize, secondCorrection: secondCorrection)
                }
            }
        }
    }

    /// The elementwise update, 16 lanes at a time (the square root is ``VectorMath/squareRoot(_:)``).
    private static func apply(
        count: Int, parameters: UnsafeMutablePointer<Float>, first: UnsafeMutablePointer<Float>,
        second: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
        beta1: Float, beta2: Float, epsilon: Float, stepSize: Float, secondCorrection: Float
    ) {
        typealias V = SIMD16<Float>
        var index = 0
        while index + 16 <= count {
            let g = UnsafeRawPointer(gradients + index).loadUnaligned(as: V.self)
            let m = beta1 * UnsafeRawPointer(first + index).loadUnaligned(as: V.self) + (1 - beta1) * g
            let v = beta2 * UnsafeRawPointer(second + index).loadUnaligned(as: V.self) + (1 - beta2) * (g * g)
            let p = UnsafeRawPointer(parameters + index).loadUnaligned(as: V.self)
            let updated = p - stepSize * m / (VectorMath.squareRoot(v * secondCorrection) + epsilon)
            UnsafeMutableRawPointer(first + index).storeBytes(of: m, as: V.self)
            UnsafeMutableRawPointer(second + index).storeBytes(of: v, as: V.self)
            UnsafeMutableRawPointer(parameters + index).storeBytes(of: updated, as: V.self)
            index += 16
        }
        while index < count {
            let g = gradients[index]
            let m = beta1 * first[index] + (1 - beta1) * g
            let v = beta2 * second[index] + (1 - beta2) * (g * g)
            first[index] = m
            second[index] = v
            parameters[index] -= stepSize * m / ((v * secondCorrection).squareRoot() + epsilon)
            index += 1
        }
    }
}

