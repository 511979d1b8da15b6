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
        }
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
        case .tanh:
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
