/// Products with fewer than four output columns (a critic's value head, a policy's action head),
/// where the register tiles of ``MatrixMultiply`` would fall back to scalar code.
enum NarrowKernels {
    /// `C[i, j] = start + A[i, :] · B[:, j]` with contiguous rows of `A`: SIMD16 dot products,
    /// four rows at a time. Columns of `B` are gathered once onto the stack.
    static func dotProducts(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, aRowStride: Int,
        b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, start: Start
    ) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: k) { column in
            let bColumn = column.baseAddress!
            for j in 0..<n {
                for p in 0..<k { bColumn[p] = b[p * n + j] }
                var row = 0
                while row + 4 <= m {
                    let a0 = a + row * aRowStride
                    var s0 = SIMD16<Float>(), s1 = s0, s2 = s0, s3 = s0
                    var p = 0
                    while p + 16 <= k {
                        let bValues = load(SIMD16<Float>.self, bColumn + p)
                        s0 = s0 + load(SIMD16<Float>.self, a0 + p) * bValues
                        s1 = s1 + load(SIMD16<Float>.self, a0 + aRowStride + p) * bValues
                        s2 = s2 + load(SIMD16<Float>.self, a0 + 2 * aRowStride + p) * bValues
                        s3 = s3 + load(SIMD16<Float>.self, a0 + 3 * aRowStride + p) * bValues
                        p += 16
                    }
                    var sums = SIMD4(s0.sum(), s1.sum(), s2.sum(), s3.sum())
                    while p < k {
                        sums = sums + SIMD4(a0[p], a0[aRowStride + p], a0[2 * aRowStride + p], a0[3 * aRowStride + p]) * bColumn[p]
                        p += 1
                    }
                    for r in 0..<4 { c[(row + r) * n + j] = start.value(c: c, row: row + r, column: j, n: n) + sums[r] }
                    row += 4
                }
                while row < m {
                    let aRow = a + row * aRowStride
                    var s = SIMD16<Float>()
                    var p = 0
                    while p + 16 <= k {
                        s = s + load(SIMD16<Float>.self, aRow + p) * load(SIMD16<Float>.self, bColumn + p)
                        p += 16
                    }
                    var sum = s.sum()
                    while p < k {
                        sum += aRow[p] * bColumn[p]
                        p += 1
                    }
                    c[row * n + j] = start.value(c: c, row: row, column: j, n: n) + sum
                    row += 1
                }
            }
        }
    }

    /// `C[:, j] = start + Σₚ A[:, p] · B[p, j]` with contiguous columns of `A` (a weight gradient
    /// `Xᵀ·δ`): SIMD16 sweeps down 32 rows of `C` at a time.
    static func axpySweeps(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, aColumnStride: Int,
        b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, start: Start
    ) {
        for j in 0..<n {
            var row = 0
            while row + 32 <= m {
                var low = SIMD16<Float>(), high = SIMD16<Float>()
                var aColumn = a + row
                for p in 0..<k {
                    let weight = b[p * n + j]
                    low = low + load(SIMD16<Float>.self, aColumn) * weight
                    high = high + load(SIMD16<Float>.self, aColumn + 16) * weight
                    aColumn += aColumnStride
                }
                for r in 0..<16 {
                    c[(row + r) * n + j] = start.value(c: c, row: row + r, column: j, n: n) + low[r]
                    c[(row + 16 + r) * n + j] = start.value(c: c, row: row + 16 + r, column: j, n: n) + high[r]
                }
                row += 32
            }
            while row + 16 <= m {
                var sums = SIMD16<Float>()
                var aColumn = a + row
                for p in 0..<k {
                    sums = sums + load(SIMD16<Float>.self, aColumn) * b[p * n + j]
                    aColumn += aColumnStride
                }
                for r in 0..<16 { c[(row + r) * n + j] = start.value(c: c, row: row + r, column: j, n: n) + sums[r] }
                row += 16
            }
            while row < m {
                var sum = start.value(c: c, row: row, column: j, n: n)
                for p in 0..<k { sum += a[row + p * aColumnStride] * b[p * n + j] }
                c[row * n + j] = sum
                row += 1
            }
        }
    }
}
