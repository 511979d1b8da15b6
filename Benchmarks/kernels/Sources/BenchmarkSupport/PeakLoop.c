/* Peak loops: each chain is acc = acc · 0.999999 + 1e-6, started at 2, 3, ... (1 is its fixed point, which
 * the compiler would fold away); it converges to 1 and never meets a
 * subnormal, an infinity or a NaN. The chains are independent, so only port throughput limits them. */
#include "PeakLoop.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f,fma"))) float peak_loop_avx512_fma(long iterations) {
    const __m512 factor = _mm512_set1_ps(0.999999f), term = _mm512_set1_ps(1e-6f);
    __m512 acc[24];
    for (int c = 0; c < 24; ++c) acc[c] = _mm512_set1_ps((float)(c + 2));
    for (long i = 0; i < iterations; ++i) {
        _Pragma("clang loop unroll(full)")
        for (int c = 0; c < 24; ++c) acc[c] = _mm512_fmadd_ps(acc[c], factor, term);
    }
    for (int c = 1; c < 24; ++c) acc[0] = _mm512_add_ps(acc[0], acc[c]);
    return _mm512_reduce_add_ps(acc[0]);
}

__attribute__((target("avx2,fma"))) float peak_loop_avx2_fma(long iterations) {
    const __m256 factor = _mm256_set1_ps(0.999999f), term = _mm256_set1_ps(1e-6f);
    __m256 acc[12];
    for (int c = 0; c < 12; ++c) acc[c] = _mm256_set1_ps((float)(c + 2));
    for (long i = 0; i < iterations; ++i) {
        _Pragma("clang loop unroll(full)")
        for (int c = 0; c < 12; ++c) acc[c] = _mm256_fmadd_ps(acc[c], factor, term);
    }
    for (int c = 1; c < 12; ++c) acc[0] = _mm256_add_ps(acc[0], acc[c]);
    float lanes[8];
    _mm256_storeu_ps(lanes, acc[0]);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
}

float peak_loop_sse2_mul_add(long iterations) {
    const __m128 factor = _mm_set1_ps(0.999999f), term = _mm_set1_ps(1e-6f);
    __m128 acc[12];
    for (int c = 0; c < 12; ++c) acc[c] = _mm_set1_ps((float)(c + 2));
    for (long i = 0; i < iterations; ++i) {
        _Pragma("clang loop unroll(full)")
        for (int c = 0; c < 12; ++c) acc[c] = _mm_add_ps(_mm_mul_ps(acc[c], factor), term);
    }
    for (int c = 1; c < 12; ++c) acc[0] = _mm_add_ps(acc[0], acc[c]);
    float lanes[4];
    _mm_storeu_ps(lanes, acc[0]);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}
#else
float peak_loop_avx512_fma(long iterations) { (void)iterations; return 0; }
float peak_loop_avx2_fma(long iterations) { (void)iterations; return 0; }
float peak_loop_sse2_mul_add(long iterations) { (void)iterations; return 0; }
#endif
