import BenchmarkSupport
import SwiftRL

/// The peak-throughput loop of the instruction set a kernel variant uses (see `PeakLoop.h`):
/// AVX-512 FMA for `avx512`, AVX2 FMA for `avx2`, SSE2 multiply + add for `portable`.
struct PeakLoop {
    let name: String
    /// Floating-point operations per iteration.
    let flops: Int
    /// Runs the given number of iterations (x86-64 only: elsewhere the loops are empty).
    let run: (Int) -> Float

    init(_ variant: KernelVariant) {
        switch variant {
        case .avx512: (name, flops, run) = ("AVX-512 FMA, 24 zmm chains", Int(PEAK_LOOP_AVX512_FMA_FLOPS), peak_loop_avx512_fma)
        case .avx2: (name, flops, run) = ("AVX2 FMA, 12 ymm chains", Int(PEAK_LOOP_AVX2_FMA_FLOPS), peak_loop_avx2_fma)
        case .portable: (name, flops, run) = ("SSE2 mul + add, 12 xmm chains", Int(PEAK_LOOP_SSE2_MUL_ADD_FLOPS), peak_loop_sse2_mul_add)
        }
    }
}
