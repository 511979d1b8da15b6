import SwiftRLKernels

/// An elementwise activation function applied after a dense layer.
///
/// Each activation's derivative is computed from its *output*, so a backward pass needs only the
/// cached layer outputs. Training applies tanh with SwiftRL's own vectorized kernel
/// (`swiftrl_tanh_in_place`: the same bits on every CPU); a deployed policy (``MLP/deployedOutput(for:)``
/// and exported headers) calls the C library's `tanhf`.
public enum Activation: String, Sendable, Hashable, Codable, CaseIterable {
    /// f(x) = x
    case identity
    /// f(x) = max(x, 0)
    case relu
    /// f(x) = tanh(x)
    case tanh
    /// RLtools' `FAST_TANH`: x·(27 + x²)/(27 + 9x²) with x clamped to [−3, 3] (a Padé approximant of
    /// tanh, within 2 % of it, reaching ±1 at ±3), cheaper than tanh and with no library call. Its
    /// backward pass uses 1 − f(x)², tanh's derivative written in the output, as RLtools does: a
    /// surrogate of the exact derivative (within about 11 %), zero wherever f(x) = ±1.
    case fastTanh = "fast_tanh"

    /// Applies the activation in place to `count` values.
    public func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity:
            return
        case .relu:
            var index = 0
            while index + 16 <= count {
                let raw = UnsafeMutableRawPointer(values + index)
                let v = raw.loadUnaligned(as: SIMD16<Float>.self)
                raw.storeBytes(of: v.replacing(with: 0, where: v .< 0), as: SIMD16<Float>.self)
                index += 16
            }
            while index < count {
                values[index] = max(values[index], 0)
                index += 1
            }
        case .tanh:
            swiftrl_tanh_in_place(count, values)
        case .fastTanh:
            swiftrl_fast_tanh_in_place(count, values)
        }
    }

    /// RLtools' fast tanh of one value: the same operations, in the same order, as
    /// `swiftrl_fast_tanh_in_place` and an exported header.
    @inline(__always)
    public static func fastTanh(_ value: Float) -> Float {
        let x = min(max(value, -3), 3)
        let square = x * x
        return x * (27 + square) / (27 + 9 * square)
    }

    /// Multiplies `gradients` in place by the derivative at the given activation outputs.
    public func multiplyByDerivative(_ gradients: UnsafeMutablePointer<Float>, outputs: UnsafePointer<Float>, count: Int) {
        switch self {
        case .identity:
            return
        case .relu:
            var index = 0
            while index + 16 <= count {
                let raw = UnsafeMutableRawPointer(gradients + index)
                let g = raw.loadUnaligned(as: SIMD16<Float>.self)
                let y = UnsafeRawPointer(outputs + index).loadUnaligned(as: SIMD16<Float>.self)
                raw.storeBytes(of: g.replacing(with: 0, where: y .<= 0), as: SIMD16<Float>.self)
                index += 16
            }
            while index < count {
                if outputs[index] <= 0 { gradients[index] = 0 }
                index += 1
            }
        case .tanh, .fastTanh:
            var index = 0
            while index + 16 <= count {
                let raw = UnsafeMutableRawPointer(gradients + index)
                let g = raw.loadUnaligned(as: SIMD16<Float>.self)
                let y = UnsafeRawPointer(outputs + index).loadUnaligned(as: SIMD16<Float>.self)
                raw.storeBytes(of: g * (1 - y * y), as: SIMD16<Float>.self)
                index += 16
            }
            while index < count {
                gradients[index] *= 1 - outputs[index] * outputs[index]
                index += 1
            }
        }
    }
}
