import SwiftRLKernels

/// Dense matrix multiplication on raw Float32 buffers: the one kernel that forward and backward
/// passes of every dense layer reduce to.
///
/// Computes `C[i, j] = epilogue((accumulate ? C[i, j] : bias[j] or 0) + Σₚ A[i, p] · B[p, j])`
/// for `i < m`, `j < n`, `p < k`. `B` and `C` are row-major; `A` is read through two strides, so a
/// transposed operand costs nothing (`Aᵀ`: swap the strides).
///
/// The work happens in the C kernels of `SwiftRLKernels`, in the widest variant the CPU supports
/// (see ``KernelVariant``). Every variant gives the same bits: each element is one chain of fused
/// multiply-adds in the order of `k` (products with fewer than 4 columns over rows of `A` sum 16
/// lane chains in one fixed tree instead), so the result does not depend on the CPU, on the
/// variant, or on how rows are divided between threads. Subnormal inputs and results count as zero.
///
/// ```swift
/// // Y[batch × out] = relu(X[batch × in] · W[in × out] + bias)
/// MatrixMultiply.compute(m: batch, n: out, k: inputs, a: x, aRowStride: inputs, aColumnStride: 1,
///                        b: w, c: y, bias: bias, accumulate: false, epilogue: .relu)
/// ```
public enum MatrixMultiply {
    /// What happens to each element once its sum is complete.
    public enum Epilogue {
        /// Nothing.
        case none
        /// ReLU: `x < 0 ? +0 : x` (−0 and NaN pass unchanged).
        case relu
        /// Multiplication by ReLU's derivative at the layer outputs `y` (laid out like `C`):
        /// `y ≤ 0 ? +0 : x`.
        case reluDerivative(outputs: UnsafePointer<Float>)
        /// Multiplication by tanh's derivative at the layer outputs `y` (laid out like `C`):
        /// `x · (1 − y · y)`, each operation rounded.
        case tanhDerivative(outputs: UnsafePointer<Float>)
    }

    /// Computes `C (+)= A · B (+ bias)`, then the epilogue; see the type's documentation.
    /// - Parameters:
    ///   - m: rows of `A` and `C`.
    ///   - n: columns of `B` and `C`.
    ///   - k: columns of `A`, rows of `B`.
    ///   - a: `A[i, p]` is `a[i * aRowStride + p * aColumnStride]`.
    ///   - b: `B[p, j]` is `b[p * bRowStride + j]`.
    ///   - bRowStride: the row stride of `B`; `n` when `nil`.
    ///   - c: `C[i, j]` is `c[i * cRowStride + j]`, written.
    ///   - cRowStride: the row stride of `C`; `n` when `nil`.
    ///   - bias: `n` values added to every row when not accumulating.
    ///   - accumulate: adds to the current contents of `C` (the bias is then ignored).
    ///   - epilogue: applied to every element after the sum.
    @inlinable
    public static func compute(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
        b: UnsafePointer<Float>, bRowStride: Int? = nil,
        c: UnsafeMutablePointer<Float>, cRowStride: Int? = nil,
        bias: UnsafePointer<Float>?, accumulate: Bool, epilogue: Epilogue = .none
    ) {
        var arguments = swiftrl_gemm_arguments(
            m: Int32(m), n: Int32(n), k: Int32(k),
            a: a, a_row_stride: aRowStride, a_column_stride: aColumnStride,
            b: b, b_row_stride: bRowStride ?? n, c: c, c_row_stride: cRowStride ?? n,
            bias: bias, accumulate: accumulate ? 1 : 0, epilogue: SWIFTRL_EPILOGUE_NONE, epilogue_source: nil)
        switch epilogue {
        case .none: break
        case .relu: arguments.epilogue = SWIFTRL_EPILOGUE_RELU
        case .reluDerivative(let outputs):
            arguments.epilogue = SWIFTRL_EPILOGUE_RELU_DERIVATIVE
            arguments.epilogue_source = outputs
        case .tanhDerivative(let outputs):
            arguments.epilogue = SWIFTRL_EPILOGUE_TANH_DERIVATIVE
            arguments.epilogue_source = outputs
        }
        swiftrl_gemm(&arguments)
    }

    /// Writes the transpose of the row-major `rows × columns` matrix `matrix` into `result`.
    @inlinable
    public static func transpose(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int,
                                 into result: UnsafeMutablePointer<Float>) {
        swiftrl_transpose(matrix, Int32(rows), Int32(columns), result)
    }
}
