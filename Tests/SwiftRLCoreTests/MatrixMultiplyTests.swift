import Testing

import SwiftRLCore

/// `MatrixMultiply.compute` against a naive double-precision reference, over shapes that exercise
/// the 4-row and 1-row blocks, the SIMD16 and SIMD4 column tiles and the scalar tails.
@Suite("MatrixMultiply")
struct MatrixMultiplyTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        let m: Int, n: Int, k: Int
        var testDescription: String { "m \(m) n \(n) k \(k)" }
    }

    /// How `A` is laid out in memory.
    enum Layout: Sendable, CaseIterable {
        /// `A[i, p] = a[i * k + p]`.
        case rowMajor
        /// `A` stored as its transpose: `A[i, p] = a[p * m + i]` (strides swapped).
        case transposed
        /// Row-major inside a wider buffer: `A[i, p] = a[i * (k + 3) + p]`.
        case paddedRows
    }

    struct Options: Sendable, CustomTestStringConvertible {
        let layout: Layout
        let withBias: Bool
        let accumulate: Bool
        var testDescription: String { "\(layout)\(withBias ? " +bias" : "")\(accumulate ? " accumulate" : "")" }
    }

    static let shapes: [Shape] = [1, 3, 4, 5, 100].flatMap { m in
        [1, 2, 3, 4, 7, 16, 17, 64, 65].flatMap { n in [1, 3, 64].map { k in Shape(m: m, n: n, k: k) } }
    }

    static let options: [Options] = Layout.allCases.flatMap { layout in
        [false, true].flatMap { withBias in
            [false, true].map { accumulate in Options(layout: layout, withBias: withBias, accumulate: accumulate) }
        }
    }

    /// Elements written past the end of `C` to catch out-of-bounds stores.
    static let guardCount = 32
    static let guardValue: Float = -12345

    @Test("Matches a double-precision reference", arguments: shapes, options)
    func matchesReference(shape: Shape, options: Options) {
        let (m, n, k) = (shape.m, shape.n, shape.k)
        var generator = TestValues(seed: UInt64(m * 10_000 + n * 100 + k))

        let (aRowStride, aColumnStride, aCount): (Int, Int, Int) =
            switch options.layout {
            case .rowMajor: (k, 1, m * k)
            case .transposed: (1, m, m * k)
            case .paddedRows: (k + 3, 1, m * (k + 3))
            }
        let a = generator.values(aCount)
        let b = generator.values(k * n)
        let bias = generator.values(n)
        let initialC = generator.values(m * n) + [Float](repeating: Self.guardValue, count: Self.guardCount)

        var c = initialC
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                bias.withUnsafeBufferPointer { bias in
                    c.withUnsafeMutableBufferPointer { c in
                        MatrixMultiply.compute(
                            m: m, n: n, k: k,
                            a: a.baseAddress!, aRowStride: aRowStride, aColumnStride: aColumnStride,
                            b: b.baseAddress!, c: c.baseAddress!,
                            bias: options.withBias ? bias.baseAddress! : nil, accumulate: options.accumulate)
                    }
                }
            }
        }

        var failures = 0
        for i in 0..<m {
            for j in 0..<n {
                var expected: Double =
                    options.accumulate ? Double(initialC[i * n + j]) : (options.withBias ? Double(bias[j]) : 0)
                var magnitude = abs(expected)
                for p in 0..<k {
                    let product = Double(a[i * aRowStride + p * aColumnStride]) * Double(b[p * n + j])
                    expected += product
                    magnitude += abs(product)
                }
                // Float32 summation error grows at most linearly with the number of terms.
                let tolerance = 1e-5 * Double(k) * max(magnitude, 1e-30)
                let actual = Double(c[i * n + j])
                if !(abs(actual - expected) <= tolerance) {
                    failures += 1
                    if failures <= 5 {
                        Issue.record("C[\(i), \(j)] = \(actual), expected \(expected) ± \(tolerance)")
                    }
                }
            }
        }
        #expect(failures == 0)
        #expect(c[(m * n)...].allSatisfy { $0 == Self.guardValue }, "wrote past the end of C")
    }

    @Test("k = 0 leaves the bias, zero, or the accumulated contents")
    func emptyInnerDimension() {
        let (m, n) = (5, 19)
        let a: [Float] = [0]
        let b: [Float] = [0]
        let bias = (0..<n).map { Float($0) }
        let original = (0..<(m * n)).map { Float($0) * 0.5 }
        for (withBias, accumulate) in [(false, false), (true, false), (true, true)] {
            var c = original
            MatrixMultiply.compute(
                m: m, n: n, k: 0, a: a, aRowStride: 0, aColumnStride: 1, b: b, c: &c,
                bias: withBias ? bias : nil, accumulate: accumulate)
            let expected: [Float] =
                accumulate ? original : (0..<(m * n)).map { withBias ? bias[$0 % n] : 0 }
            #expect(c == expected)
        }
    }
}

/// Deterministic test data in [-1, 1).
struct TestValues {
    var generator: RandomGenerator
    init(seed: UInt64) { generator = RandomGenerator(seed: seed) }
    mutating func values(_ count: Int) -> [Float] { (0..<count).map { _ in generator.uniform(-1, 1) } }
}
