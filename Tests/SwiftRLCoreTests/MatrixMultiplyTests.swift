import Testing

import SwiftRLCore

/// `MatrixMultiply.compute` in every kernel variant the CPU supports: against a double-precision
/// reference, and bit for bit against the documented definition (and so against each other), over
/// shapes that exercise every tile, tail and form.
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
        /// Row-major inside a wider buffer: `A[i, p] = a[i * (k + 3) + p]`, and `B`, `C` with padded rows too.
        case paddedRows
    }

    struct Options: Sendable, CustomTestStringConvertible {
        let layout: Layout
        let withBias: Bool
        let accumulate: Bool
        var testDescription: String { "\(layout)\(withBias ? " +bias" : "")\(accumulate ? " accumulate" : "")" }
    }

    static let shapes: [Shape] = [1, 3, 5, 6, 7, 17, 100].flatMap { m in
        [1, 2, 3, 4, 7, 16, 17, 33, 64, 65, 130].flatMap { n in [1, 3, 16, 17, 64, 100].map { k in Shape(m: m, n: n, k: k) } }
    }

    static let options: [Options] = Layout.allCases.flatMap { layout in
        [false, true].flatMap { withBias in
            [false, true].map { accumulate in Options(layout: layout, withBias: withBias, accumulate: accumulate) }
        }
    }

    @Test("Every variant equals the definition bit for bit and a double-precision reference", arguments: shapes, options)
    func matchesDefinition(shape: Shape, options: Options) {
        var problem = Product(shape: shape, layout: options.layout, seed: UInt64(shape.m * 10_000 + shape.n * 100 + shape.k))
        problem.withBias = options.withBias
        problem.accumulate = options.accumulate
        let expected = problem.definition()
        for variant in KernelVariant.testable {
            let actual = variant.withOverride { problem.compute() }
            #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "variant \(variant)")
        }
        #expect(problem.maximumReferenceError(of: expected) <= 1)
    }

    @Test("The dot form (n < 4, contiguous rows of A) over more than one chunk of k", arguments: [511, 512, 513, 1100])
    func longDotProducts(k: Int) {
        for n in 1...3 {
            let problem = Product(shape: Shape(m: 9, n: n, k: k), layout: .rowMajor, seed: UInt64(k + n))
            let expected = problem.definition()
            for variant in KernelVariant.testable {
                #expect(variant.withOverride { problem.compute() }.map(\.bitPattern) == expected.map(\.bitPattern))
            }
            #expect(problem.maximumReferenceError(of: expected) <= 1)
        }
    }

    /// Products over k > 512 run in blocks of k (the partial sums going through C); the chains, and so
    /// the bits, stay the definition's, with bias, accumulation and epilogues at the right block.
    @Test("Long k in blocks: every form, layout, start value and epilogue", arguments: Layout.allCases)
    func longInnerDimension(layout: Layout) {
        for shape in [Shape(m: 13, n: 70, k: 1100), Shape(m: 70, n: 2, k: 777), Shape(m: 6, n: 5, k: 513)] {
            for (withBias, accumulate, epilogue) in [(false, false, Product.Epilogue.none), (true, false, .relu),
                                                     (false, true, .none), (true, false, .reluDerivative),
                                                     (false, false, .tanhDerivative)] {
                var problem = Product(shape: shape, layout: layout, seed: UInt64(shape.k + shape.n))
                problem.withBias = withBias
                problem.accumulate = accumulate
                problem.epilogue = epilogue
                let expected = problem.definition()
                for variant in KernelVariant.testable {
                    #expect(variant.withOverride { problem.compute() }.map(\.bitPattern) == expected.map(\.bitPattern),
                            "\(variant) \(shape.testDescription) \(epilogue)")
                }
                if epilogue == .none { #expect(problem.maximumReferenceError(of: expected) <= 1) }
            }
        }
    }

    @Test("Epilogues: ReLU, ReLU's derivative and tanh's, in every variant", arguments: Layout.allCases)
    func epilogues(layout: Layout) {
        for shape in [Shape(m: 100, n: 64, k: 64), Shape(m: 7, n: 2, k: 40), Shape(m: 33, n: 1, k: 5), Shape(m: 5, n: 70, k: 3)] {
            for epilogue in [Product.Epilogue.relu, .reluDerivative, .tanhDerivative] {
                var problem = Product(shape: shape, layout: layout, seed: UInt64(shape.n))
                problem.withBias = true
                problem.epilogue = epilogue
                let expected = problem.definition()
                if epilogue != .tanhDerivative { #expect(expected.contains(0) && expected.contains { $0 != 0 }) }
                for variant in KernelVariant.testable {
                    #expect(variant.withOverride { problem.compute() }.map(\.bitPattern) == expected.map(\.bitPattern),
                            "\(epilogue) \(variant) \(shape.testDescription)")
                }
            }
        }
    }

    @Test("Subnormal inputs count as zero, in every variant")
    func subnormals() {
        for shape in [Shape(m: 20, n: 64, k: 64), Shape(m: 20, n: 1, k: 64), Shape(m: 3, n: 2, k: 20)] {
            var problem = Product(shape: shape, layout: .rowMajor, seed: 9)
            var flushed = problem
            // Row 0 all subnormal: in IEEE arithmetic its products sum to a nonzero subnormal.
            for p in 0..<shape.k {
                problem.a[p] = Float.leastNonzeroMagnitude * Float(p % 7 + 1)
                flushed.a[p] = 0
            }
            for index in stride(from: shape.k, to: problem.a.count, by: 3) {
                problem.a[index] = Float.leastNormalMagnitude / Float(index % 5 + 2)
                flushed.a[index] = 0
            }
            let expected = flushed.definition()
            #expect(problem.definition()[0 ..< shape.n].contains { $0 != 0 })
            #expect(expected[0 ..< shape.n].allSatisfy { $0 == 0 })
            for variant in KernelVariant.testable {
                #expect(variant.withOverride { problem.compute() }.map(\.bitPattern) == expected.map(\.bitPattern))
            }
        }
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

    @Test("Transpose")
    func transpose() {
        for (rows, columns) in [(1, 1), (3, 70), (64, 64), (17, 33)] {
            var values = TestValues(seed: UInt64(rows))
            let matrix = values.values(rows * columns)
            var result = [Float](repeating: 0, count: rows * columns)
            MatrixMultiply.transpose(matrix, rows: rows, columns: columns, into: &result)
            for r in 0..<rows {
                for c in 0..<columns { #expect(result[c * rows + r] == matrix[r * columns + c]) }
            }
        }
    }
}

extension KernelVariant {
    /// The variants this CPU can run.
    static var testable: [KernelVariant] { allCases.filter { $0.rawValue <= supported.rawValue } }
}

/// Deterministic test data in [-1, 1).
struct TestValues {
    var generator: RandomGenerator
    init(seed: UInt64) { generator = RandomGenerator(seed: seed) }
    mutating func values(_ count: Int) -> [Float] { (0..<count).map { _ in generator.uniform(-1, 1) } }
}
