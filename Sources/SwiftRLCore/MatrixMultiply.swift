/// Dense matrix multiplication on raw Float32 buffers: the one kernel that forward and backward
/// passes of every dense layer reduce to.
///
/// Computes `C[i, j] = (accumulate ? C[i, j] : bias[j] or 0) + Σₚ A[i, p] · B[p, j]`
/// for `i < m`, `j < n`, `p < k`. `B` and `C` are row-major with contiguous columns; `A` is read
/// through two strides, so a transposed operand costs nothing (`Aᵀ`: swap the strides).
///
/// Wide products hold a 4 × 16 tile of `C` in SIMD16 accumulators, broadcasting one value of `A`
/// per row and streaming rows of `B` (about 33 GFLOPS in a default `-O` build on one Zen 4 core,
/// 115 with `-target-cpu native`). Narrow products (fewer than 4 columns, such as a critic's
/// output layer) become SIMD dot products or SIMD axpy sweeps instead. Everything is written with
/// `a * b + c`, which the default build vectorizes without library calls.
///
/// ```swift
/// // Y[batch × out] = X[batch × in] · W[in × out] + bias
/// MatrixMultiply.compute(m: batch, n: out, k: inputs, a: x, aRowStride: inputs, aColumnStride: 1,
///                        b: w, c: y, bias: bias, accumulate: false)
/// ```
public enum MatrixMultiply {
    /// Computes `C (+)= A · B (+ bias)`; see the type's documentation.
    /// - Parameters:
    ///   - m: rows of `A` and `C`.
    ///   - n: columns of `B` and `C` (also the row stride of `B` and `C`).
    ///   - k: columns of `A`, rows of `B`.
    ///   - a: `A[i, p]` is `a[i * aRowStride + p * aColumnStride]`.
    ///   - b: row-major `k × n`.
    ///   - c: row-major `m × n`, written.
    ///   - bias: `n` values added to every row when not accumulating.
    ///   - accumulate: adds to the current contents of `C` (the bias is then ignored).
    public static func compute(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
        b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
        bias: UnsafePointer<Float>?, accumulate: Bool
    ) {
        let start: Start = accumulate ? .accumulate : (bias.map { .bias($0) } ?? .zero)
        if n < 4 && k >= 16 {
            if aColumnStride == 1 {
                return NarrowKernels.dotProducts(m: m, n: n, k: k, a: a, aRowStride: aRowStride, b: b, c: c, start: start)
            }
            if aRowStride == 1 && m >= 16 {
                return NarrowKernels.axpySweeps(m: m, n: n, k: k, a: a, aColumnStride: aColumnStride, b: b, c: c, start: start)
            }
        }
        var row = 0
        while row + 4 <= m {
            var column = 0
            while column + 16 <= n {
                tile4(SIMD16<Float>.self, row, column, n: n, k: k, a: a, aRowStride, aColumnStride, b: b, c: c, start: start)
                column += 16
            }
            while column + 4 <= n {
                tile4(SIMD4<Float>.self, row, column, n: n, k: k, a: a, aRowStride, aColumnStride, b: b, c: c, start: start)
                column += 4
            }
            for r in row..<(row + 4) {
                for j in column..<n { scalar(r, j, n: n, k: k, a: a, aRowStride, aColumnStride, b: b, c: c, start: start) }
            }
            row += 4
        }
        while row < m {
            var column = 0
            while column + 16 <= n {
                tile1(SIMD16<Float>.self, row, column, n: n, k: k, a: a, aRowStride, aColumnStride, b: b, c: c, start: start)
                column += 16
            }
            while column + 4 <= n {
                tile1(SIMD4<Float>.self, row, column, n: n, k: k, a: a, aRowStride, aColumnStride, b: b, c: c, start: start)
                column += 4
            }
            for j in column..<n { scalar(row, j, n: n, k: k, a: a, aRowStride, aColumnStride, b: b, c: c, start: start) }
            row += 1
        }
    }
}

/// What `C` starts from before the products are added.
enum Start {
    case zero
    case bias(UnsafePointer<Float>)
    case accumulate

    /// The starting values of `V.scalarCount` consecutive elements of row `row` from column `column`.
    @inline(__always)
    func values<V: SIMD>(_: V.Type, c: UnsafeMutablePointer<Float>, row: Int, column: Int, n: Int) -> V
    where V.Scalar == Float {
        switch self {
        case .zero: V()
        case .bias(let bias): load(V.self, bias + column)
        case .accumulate: load(V.self, c + row * n + column)
        }
    }

    /// The starting value of one element.
    @inline(__always)
    func value(c: UnsafeMutablePointer<Float>, row: Int, column: Int, n: Int) -> Float {
        switch self {
        case .zero: 0
        case .bias(let bias): bias[column]
        case .accumulate: c[row * n + column]
        }
    }
}

@inline(__always)
func load<V: SIMD>(_: V.Type, _ pointer: UnsafePointer<Float>) -> V where V.Scalar == Float {
    UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
}

@inline(__always)
func load<V: SIMD>(_: V.Type, _ pointer: UnsafeMutablePointer<Float>) -> V where V.Scalar == Float {
    UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
}

@inline(__always)
func store<V: SIMD>(_ value: V, _ pointer: UnsafeMutablePointer<Float>) where V.Scalar == Float {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: V.self)
}

/// A 4-row tile of `C`, `V.scalarCount` columns wide.
@inline(__always)
private func tile4<V: SIMD>(
    _: V.Type, _ row: Int, _ column: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, _ aRowStride: Int, _ aColumnStride: Int,
    b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, start: Start
) where V.Scalar == Float {
    var c0 = start.values(V.self, c: c, row: row, column: column, n: n)
    var c1 = start.values(V.self, c: c, row: row + 1, column: column, n: n)
    var c2 = start.values(V.self, c: c, row: row + 2, column: column, n: n)
    var c3 = start.values(V.self, c: c, row: row + 3, column: column, n: n)
    let a0 = a + row * aRowStride
    var offset = 0
    var bRow = b + column
    for _ in 0..<k {
        let bValues = load(V.self, bRow)
        c0 = c0 + a0[offset] * bValues
        c1 = c1 + a0[offset + aRowStride] * bValues
        c2 = c2 + a0[offset + 2 * aRowStride] * bValues
        c3 = c3 + a0[offset + 3 * aRowStride] * bValues
        bRow += n
        offset += aColumnStride
    }
    store(c0, c + row * n + column)
    store(c1, c + (row + 1) * n + column)
    store(c2, c + (row + 2) * n + column)
    store(c3, c + (row + 3) * n + column)
}

/// A 1-row tile of `C`, `V.scalarCount` columns wide.
@inline(__always)
private func tile1<V: SIMD>(
    _: V.Type, _ row: Int, _ column: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, _ aRowStride: Int, _ aColumnStride: Int,
    b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, start: Start
) where V.Scalar == Float {
    var c0 = start.values(V.self, c: c, row: row, column: column, n: n)
    let a0 = a + row * aRowStride
    var offset = 0
    var bRow = b + column
    for _ in 0..<k {
        c0 = c0 + a0[offset] * load(V.self, bRow)
        bRow += n
        offset += aColumnStride
    }
    store(c0, c + row * n + column)
}

/// One element of `C`.
@inline(__always)
private func scalar(
    _ row: Int, _ column: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, _ aRowStride: Int, _ aColumnStride: Int,
    b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, start: Start
) {
    var sum = start.value(c: c, row: row, column: column, n: n)
    let aRow = a + row * aRowStride
    for p in 0..<k { sum += aRow[p * aColumnStride] * b[p * n + column] }
    c[row * n + column] = sum
}
