/// Dense matrix multiplication on raw Float32 buffers: the one kernel that forward and backward
/// passes of every dense layer reduce to.
///
/// Computes `C[i, j] = (accumulate ? C[i, j] : bias[j] or 0) + Σₚ A[i, p] · B[p, j]`
/// for `i < m`, `j < n`, `p < k`. `B` and `C` are row-major with contiguous columns; `A` is read
/// through two strides, so a transposed operand costs nothing (`Aᵀ`: swap the strides).
///
/// The kernel holds a 4 × 16 tile of `C` in registers (SIMD16 accumulators), broadcasting one value of
/// `A` per row and streaming rows of `B`; narrower tails fall back to SIMD4 and scalar code. It is
/// written with `a * b + c`, which the default `-O` build vectorizes without library calls.
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
        let operands = Operands(
            k: k, n: n, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
            b: b, c: c, bias: bias, accumulate: accumulate)
        var row = 0
        while row + 4 <= m {
            operands.rowBlock(row, rows: 4)
            row += 4
        }
        while row < m {
            operands.rowBlock(row, rows: 1)
            row += 1
        }
    }
}

/// The operands of one multiplication, with the tile kernels that walk them.
struct Operands {
    let k: Int, n: Int
    let a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int
    let b: UnsafePointer<Float>
    let c: UnsafeMutablePointer<Float>
    let bias: UnsafePointer<Float>?
    let accumulate: Bool

    /// Computes rows `row..<row + rows` (rows is 4 or 1) across all columns.
    @inline(__always)
    func rowBlock(_ row: Int, rows: Int) {
        var column = 0
        while column + 16 <= n {
            if rows == 4 { tile4(SIMD16<Float>.self, row, column) } else { tile1(SIMD16<Float>.self, row, column) }
            column += 16
        }
        while column + 4 <= n {
            if rows == 4 { tile4(SIMD4<Float>.self, row, column) } else { tile1(SIMD4<Float>.self, row, column) }
            column += 4
        }
        while column < n {
            for r in row..<(row + rows) { scalar(r, column) }
            column += 1
        }
    }

    @inline(__always)
    func load<V: SIMD>(_: V.Type, _ pointer: UnsafePointer<Float>) -> V where V.Scalar == Float {
        UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
    }

    @inline(__always)
    func store<V: SIMD>(_ value: V, _ pointer: UnsafeMutablePointer<Float>) where V.Scalar == Float {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: V.self)
    }

    @inline(__always)
    func initial<V: SIMD>(_: V.Type, _ row: Int, _ column: Int) -> V where V.Scalar == Float {
        if accumulate { return load(V.self, c + row * n + column) }
        if let bias { return load(V.self, bias + column) }
        return V()
    }

    /// A 4-row tile of width `V.scalarCount`.
    @inline(__always)
    func tile4<V: SIMD>(_: V.Type, _ row: Int, _ column: Int) where V.Scalar == Float {
        var c0 = initial(V.self, row, column)
        var c1 = initial(V.self, row + 1, column)
        var c2 = initial(V.self, row + 2, column)
        var c3 = initial(V.self, row + 3, column)
        let a0 = a + row * aRowStride
        let a1 = a0 + aRowStride, a2 = a1 + aRowStride, a3 = a2 + aRowStride
        var bRow = b + column
        var offset = 0
        for _ in 0..<k {
            let bValues = load(V.self, bRow)
            c0 = c0 + a0[offset] * bValues
            c1 = c1 + a1[offset] * bValues
            c2 = c2 + a2[offset] * bValues
            c3 = c3 + a3[offset] * bValues
            bRow += n
            offset += aColumnStride
        }
        store(c0, c + row * n + column)
        store(c1, c + (row + 1) * n + column)
        store(c2, c + (row + 2) * n + column)
        store(c3, c + (row + 3) * n + column)
    }

    /// A 1-row tile of width `V.scalarCount`.
    @inline(__always)
    func tile1<V: SIMD>(_: V.Type, _ row: Int, _ column: Int) where V.Scalar == Float {
        var c0 = initial(V.self, row, column)
        let a0 = a + row * aRowStride
        var bRow = b + column
        var offset = 0
        for _ in 0..<k {
            c0 = c0 + a0[offset] * load(V.self, bRow)
            bRow += n
            offset += aColumnStride
        }
        store(c0, c + row * n + column)
    }

    /// One element of `C`.
    @inline(__always)
    func scalar(_ row: Int, _ column: Int) {
        var sum: Float = accumulate ? c[row * n + column] : (bias?[column] ?? 0)
        let aRow = a + row * aRowStride
        for p in 0..<k {
            sum += aRow[p * aColumnStride] * b[p * n + column]
        }
        c[row * n + column] = sum
    }
}
