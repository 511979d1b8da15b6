/// The C functions an exported network's layers call: each computes what one of SwiftRL's kernels
/// computes for a single row, with every float operation in the same order, so that a header's
/// results are bit-identical to SwiftRL's own single-observation forward pass (on the same hardware
/// and math library). A header defines each kernel its layers use once, in this enumeration's order.
public enum CKernel: Int, CaseIterable, Sendable, Comparable {
    /// `MatrixMultiply`'s general path: a dense layer with at least 4 outputs or fewer than 16 inputs.
    case denseWide
    /// `MatrixMultiply`'s narrow (SIMD16 dot product) path: fewer than 4 outputs, at least 16 inputs.
    case denseNarrow
    /// ``Activation/relu``.
    case relu
    /// ``Activation/tanh`` (`tanhf` from `<math.h>`).
    case tanh
    /// ``Activation/fastTanh``.
    case fastTanh

    public static func < (lhs: CKernel, rhs: CKernel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The function's name after the header's prefix, such as `dense_wide`.
    public var name: String {
        switch self {
        case .denseWide: "dense_wide"
        case .denseNarrow: "dense_narrow"
        case .relu: "relu"
        case .tanh: "tanh"
        case .fastTanh: "fast_tanh"
        }
    }

    /// The kernel that applies `activation`, if it does anything.
    public init?(_ activation: Activation) {
        switch activation {
        case .identity: return nil
        case .relu: self = .relu
        case .tanh: self = .tanh
        case .fastTanh: self = .fastTanh
        }
    }

    /// The C definition, named `PREFIX_NAME`, with its comment and two blank lines after it.
    public func definition(prefix p: String) -> String {
        switch self {
        case .denseWide:
            """
            /* out[j] = b[j] + in[0] * w[0][j] + in[1] * w[1][j] + ..., added in that order (SwiftRL's
             * kernel for layers with at least 4 outputs or fewer than 16 inputs). */
            static inline void \(p)_dense_wide(const float *in, const float *w, const float *b, float *out, int k, int n)
            {
                int p, j;
                for (j = 0; j < n; ++j) out[j] = b[j];
                for (p = 0; p < k; ++p) {
                    const float x = in[p];
                    const float *row = w + p * n;
                    for (j = 0; j < n; ++j) out[j] = out[j] + x * row[j];
                }
            }


            """
        case .denseNarrow:
            """
            /* out[j] = b[j] + (in . w[:][j]) summed as SwiftRL's narrow kernel does (layers with fewer than
             * 4 outputs and at least 16 inputs): 16 lane sums over whole blocks of 16 inputs, the lanes
             * added in order 0..15, then the remaining inputs one by one. */
            static inline void \(p)_dense_narrow(const float *in, const float *w, const float *b, float *out, int k, int n)
            {
                const int blocks = k - k % 16;
                int p, j, l;
                for (j = 0; j < n; ++j) {
                    const float *column = w + j;
                    float lanes[16];
                    float sum;
                    for (l = 0; l < 16; ++l) lanes[l] = 0.0f;
                    for (p = 0; p < blocks; p += 16) {
                        for (l = 0; l < 16; ++l) lanes[l] = lanes[l] + in[p + l] * column[(p + l) * n];
                    }
                    sum = lanes[0];
                    for (l = 1; l < 16; ++l) sum = sum + lanes[l];
                    for (p = blocks; p < k; ++p) sum = sum + in[p] * column[p * n];
                    out[j] = b[j] + sum;
                }
            }


            """
        case .relu:
            """
            /* max(x, 0) in place, as SwiftRL applies it: whole blocks of 16 keep -0 (x < 0 ? 0 : x), the
             * rest turn it into +0 (0 >= x ? 0 : x); NaN passes through both. */
            static inline void \(p)_relu(float *x, int n)
            {
                const int blocks = n - n % 16;
                int i;
                for (i = 0; i < blocks; ++i) x[i] = x[i] < 0.0f ? 0.0f : x[i];
                for (i = blocks; i < n; ++i) x[i] = 0.0f >= x[i] ? 0.0f : x[i];
            }


            """
        case .tanh:
            """
            /* tanh in place (tanhf from <math.h>, as SwiftRL calls it). */
            static inline void \(p)_tanh(float *x, int n)
            {
                int i;
                for (i = 0; i < n; ++i) x[i] = tanhf(x[i]);
            }


            """
        case .fastTanh:
            """
            /* RLtools' fast tanh in place, as SwiftRL computes it: x clamped to [-3, 3], then
             * x * (27 + x * x) / (27 + 9 * (x * x)). No library call. */
            static inline void \(p)_fast_tanh(float *x, int n)
            {
                int i;
                for (i = 0; i < n; ++i) {
                    const float c = x[i] < -3.0f ? -3.0f : (x[i] > 3.0f ? 3.0f : x[i]);
                    const float s = c * c;
                    x[i] = c * (27.0f + s) / (27.0f + 9.0f * s);
                }
            }


            """
        }
    }
}
