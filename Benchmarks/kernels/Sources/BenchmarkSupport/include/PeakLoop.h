/*
 * Single-core peak arithmetic throughput: loops of many independent multiply-add chains, enough to
 * cover the latency of the two vector ports of a recent x86-64 core, with nothing else in the loop.
 * Each instruction set lives in a per-function target attribute, so no compiler flag is needed;
 * call a loop only when the CPU supports its instructions. Each loop returns the sum of its
 * accumulators, so it cannot be removed. On other architectures the loops return 0 without running.
 */
#ifndef PEAK_LOOP_H
#define PEAK_LOOP_H

/** Floating-point operations per iteration of peak_loop_avx512_fma: 24 zmm FMAs of 16 lanes. */
#define PEAK_LOOP_AVX512_FMA_FLOPS 768
/** Floating-point operations per iteration of peak_loop_avx2_fma: 12 ymm FMAs of 8 lanes. */
#define PEAK_LOOP_AVX2_FMA_FLOPS 192
/** Floating-point operations per iteration of peak_loop_sse2_mul_add: 12 xmm multiplies and 12 adds of 4 lanes. */
#define PEAK_LOOP_SSE2_MUL_ADD_FLOPS 96

/** 24 chains of AVX-512 FMAs (needs AVX-512 F and FMA). */
float peak_loop_avx512_fma(long iterations);

/** 12 chains of AVX2 FMAs on ymm registers (needs AVX2 and FMA). */
float peak_loop_avx2_fma(long iterations);

/** 12 chains of SSE2 multiplies and adds (x86-64's baseline). */
float peak_loop_sse2_mul_add(long iterations);

#endif
