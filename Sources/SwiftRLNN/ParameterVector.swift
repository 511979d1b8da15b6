import SwiftRLKernels

/// Operations on whole flat parameter vectors: target-network averaging and gradient clipping.
public enum ParameterVector {
    /// Polyak averaging: `target ← keep · target + (1 − keep) · source`.
    ///
    /// With `keep` = 0.995 this is the usual soft target update with τ = 0.005.
    public static func polyakAverage(target: inout [Float], source: [Float], keep: Float) {
        precondition(target.count == source.count, "Polyak averaging of vectors of \(target.count) and \(source.count) values")
        let count = target.count
        target.withUnsafeMutableBufferPointer { t in
            source.withUnsafeBufferPointer { s in swiftrl_polyak_average(count, t.baseAddress!, s.baseAddress!, keep) }
        }
    }

    /// The Euclidean norm of `count` values, accumulated in double precision.
    public static func norm(_ values: UnsafePointer<Float>, count: Int) -> Float {
        var sum: Double = 0
        for index in 0..<count { sum += Double(values[index]) * Double(values[index]) }
        return Float(sum.squareRoot())
    }

    /// Scales `gradients` down so that their norm is at most `maximumNorm` (as PyTorch's
    /// `clip_grad_norm_`); returns the norm before clipping.
    @discardableResult
    public static func clipNorm(_ gradients: UnsafeMutablePointer<Float>, count: Int, maximumNorm: Float) -> Float {
        let total = norm(gradients, count: count)
        if total > maximumNorm {
            let scale = maximumNorm / (total + 1e-6)
            for index in 0..<count { gradients[index] *= scale }
        }
        return total
    }
}
