import SwiftRL

/// The buffers of one product, filled with small normal numbers (or subnormal ones in `A`).
final class Operands {
    let product: Product
    let a: UnsafeMutablePointer<Float>
    let b: UnsafeMutablePointer<Float>
    let c: UnsafeMutablePointer<Float>
    let bias: UnsafeMutablePointer<Float>
    /// The layer outputs `y` that the ReLU-derivative epilogue reads, laid out like `C`; half are ≤ 0.
    let outputs: UnsafeMutablePointer<Float>

    init(_ product: Product, subnormalA: Bool = false) {
        self.product = product
        a = Self.filled(product.aCount) { index in
            subnormalA ? Float.leastNormalMagnitude * Float(index % 7 + 1) / 8 : Self.small(index)
        }
        b = Self.filled(product.k * product.n, Self.small)
        c = Self.filled(product.m * product.n) { _ in 0 }
        bias = Self.filled(product.n, Self.small)
        outputs = Self.filled(product.m * product.n) { index in Self.small(index + 3) }
    }

    deinit {
        for buffer in [a, b, c, bias, outputs] { buffer.deallocate() }
    }

    /// Computes the product `calls` times with `MatrixMultiply` (in the thread's kernel variant).
    func multiply(calls: Int) {
        let p = product
        let epilogue: MatrixMultiply.Epilogue = switch p.epilogue {
        case .none: .none
        case .relu: .relu
        case .reluDerivative: .reluDerivative(outputs: outputs)
        }
        for _ in 0..<calls {
            MatrixMultiply.compute(m: p.m, n: p.n, k: p.k, a: a, aRowStride: p.aRowStride, aColumnStride: p.aColumnStride,
                                   b: b, c: c, bias: p.bias ? bias : nil, accumulate: false, epilogue: epilogue)
        }
    }

    /// A value in [−0.5, 0.5], varying with `index`.
    private static func small(_ index: Int) -> Float { Float((index * 7919) % 17 - 8) / 16 }

    private static func filled(_ count: Int, _ value: (Int) -> Float) -> UnsafeMutablePointer<Float> {
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
        for index in 0..<count { buffer[index] = value(index) }
        return buffer
    }
}
