import SwiftRLCore

/// One matrix product with its operands, as the kernels see it, and the definition the kernels
/// document (sequential fused multiply-adds, or 16 lanes and a fixed tree in the dot form),
/// written out in Swift with `Float.addingProduct` (a correctly rounded fused multiply-add).
struct Product {
    enum Epilogue { case none, relu, reluDerivative, tanhDerivative }

    let m: Int, n: Int, k: Int
    let aRowStride: Int, aColumnStride: Int, bRowStride: Int, cRowStride: Int
    var a: [Float]
    let b: [Float]
    let bias: [Float]
    let initialC: [Float]
    /// The `y` of ReLU's derivative, laid out like `C`.
    let outputs: [Float]
    var withBias = false
    var accumulate = false
    var epilogue = Epilogue.none

    /// Elements past the end of `C`, which must stay untouched.
    static let guardCount = 40
    static let guardValue: Float = -12345

    init(shape: MatrixMultiplyTests.Shape, layout: MatrixMultiplyTests.Layout, seed: UInt64) {
        (m, n, k) = (shape.m, shape.n, shape.k)
        let padding = layout == .paddedRows ? 3 : 0
        (aRowStride, aColumnStride) = layout == .transposed ? (1, m) : (k + padding, 1)
        bRowStride = n + padding
        cRowStride = n + padding
        var values = TestValues(seed: seed)
        a = values.values(layout == .transposed ? m * k : m * aRowStride)
        b = values.values(k * bRowStride)
        bias = values.values(n)
        initialC = values.values(m * cRowStride) + [Float](repeating: Self.guardValue, count: Self.guardCount)
        outputs = values.values(m * cRowStride)
    }

    /// Whether the kernels take the dot form.
    var isDotForm: Bool { n < 4 && aColumnStride == 1 }

    func aValue(_ i: Int, _ p: Int) -> Float { a[i * aRowStride + p * aColumnStride] }
    func bValue(_ p: Int, _ j: Int) -> Float { b[p * bRowStride + j] }
    func start(_ i: Int, _ j: Int) -> Float {
        accumulate ? initialC[i * cRowStride + j] : (withBias ? bias[j] : 0)
    }

    func applyEpilogue(_ x: Float, _ i: Int, _ j: Int) -> Float {
        switch epilogue {
        case .none: x
        case .relu: x < 0 ? 0 : x
        case .reluDerivative: outputs[i * cRowStride + j] <= 0 ? 0 : x
        case .tanhDerivative: x * (1 - outputs[i * cRowStride + j] * outputs[i * cRowStride + j])
        }
    }

    /// `C` after the product, with the kernels.
    func compute() -> [Float] {
        var c = initialC
        a.withUnsafeBufferPointer { a in
            outputs.withUnsafeBufferPointer { outputs in
                c.withUnsafeMutableBufferPointer { c in
                    let kernelEpilogue: MatrixMultiply.Epilogue = switch epilogue {
                    case .none: .none
                    case .relu: .relu
                    case .reluDerivative: .reluDerivative(outputs: outputs.baseAddress!)
                    case .tanhDerivative: .tanhDerivative(outputs: outputs.baseAddress!)
                    }
                    MatrixMultiply.compute(
                        m: m, n: n, k: k, a: a.baseAddress!, aRowStride: aRowStride, aColumnStride: aColumnStride,
                        b: b, bRowStride: bRowStride, c: c.baseAddress!, cRowStride: cRowStride,
                        bias: withBias ? bias : nil, accumulate: accumulate, epilogue: kernelEpilogue)
                }
            }
        }
        return c
    }

    /// `C` after the product, by the documented definition.
    func definition() -> [Float] {
        var c = initialC
        for i in 0..<m {
            for j in 0..<n {
                let value: Float
                if isDotForm {
                    var lanes = [Float](repeating: 0, count: 16)
                    for p in 0..<k { lanes[p % 16].addProduct(aValue(i, p), bValue(p, j)) }
                    for width in [8, 4, 2, 1] {
                        for l in 0..<width { lanes[l] = lanes[l] + lanes[l + width] }
                    }
                    value = start(i, j) + lanes[0]
                } else {
                    var sum = start(i, j)
                    for p in 0..<k { sum.addProduct(aValue(i, p), bValue(p, j)) }
                    value = sum
                }
                c[i * cRowStride + j] = applyEpilogue(value, i, j)
            }
        }
        return c
    }

    /// The largest deviation of `c` from the product in double precision, in units of a tolerance
    /// that grows with k and the magnitude of the terms (Float32 summation error is at most linear
    /// in the number of terms); also 2 when an element outside `C` changed.
    func maximumReferenceError(of c: [Float]) -> Double {
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var expected = Double(start(i, j)), magnitude = abs(expected)
                for p in 0..<k {
                    let product = Double(aValue(i, p)) * Double(bValue(p, j))
                    expected += product
                    magnitude += abs(product)
                }
                let tolerance = 1e-6 * Double(k + 1) * max(magnitude, 1e-30)
                worst = max(worst, abs(Double(c[i * cRowStride + j]) - expected) / tolerance)
            }
            for j in n..<cRowStride where c[i * cRowStride + j] != initialC[i * cRowStride + j] { return 2 }
        }
        return c[(m * cRowStride)...].allSatisfy { $0 == Self.guardValue } ? worst : 2
    }
}
