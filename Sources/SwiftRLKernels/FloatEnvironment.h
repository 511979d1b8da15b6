/* Subnormals as zero for the duration of a kernel call: the same rule on every variant and thread,
 * and no microcode assists (x86-64: MXCSR's DAZ and FTZ; ARM: FPCR/FPSCR.FZ). Internal to the
 * kernels target. */
#ifndef SWIFTRL_KERNELS_FLOAT_ENVIRONMENT_H
#define SWIFTRL_KERNELS_FLOAT_ENVIRONMENT_H

#include "Variants.h"

#if defined(SWIFTRL_X86_64)
#include <xmmintrin.h>
typedef unsigned int swiftrl_float_environment;
/* Sets DAZ (bit 6) and FTZ (bit 15) and returns the previous MXCSR. */
static inline swiftrl_float_environment swiftrl_flush_subnormals(void) {
    unsigned int saved = _mm_getcsr();
    _mm_setcsr(saved | 0x8040u);
    return saved;
}
static inline void swiftrl_restore_float_environment(swiftrl_float_environment saved) { _mm_setcsr(saved); }
#elif defined(__aarch64__)
typedef unsigned long swiftrl_float_environment;
/* Sets FPCR.FZ (bit 24), which flushes subnormal inputs and results, and returns the previous FPCR. */
static inline swiftrl_float_environment swiftrl_flush_subnormals(void) {
    unsigned long saved;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(saved));
    __asm__ __volatile__("msr fpcr, %0" : : "r"(saved | (1ul << 24)));
    return saved;
}
static inline void swiftrl_restore_float_environment(swiftrl_float_environment saved) {
    __asm__ __volatile__("msr fpcr, %0" : : "r"(saved));
}
#elif defined(__arm__) && defined(__ARM_FP)
typedef unsigned int swiftrl_float_environment;
/* Sets FPSCR.FZ (bit 24), which flushes subnormal inputs and results, and returns the previous FPSCR. */
static inline swiftrl_float_environment swiftrl_flush_subnormals(void) {
    unsigned int saved;
    __asm__ __volatile__("vmrs %0, fpscr" : "=r"(saved));
    __asm__ __volatile__("vmsr fpscr, %0" : : "r"(saved | (1u << 24)));
    return saved;
}
static inline void swiftrl_restore_float_environment(swiftrl_float_environment saved) {
    __asm__ __volatile__("vmsr fpscr, %0" : : "r"(saved));
}
#else
typedef int swiftrl_float_environment;
static inline swiftrl_float_environment swiftrl_flush_subnormals(void) { return 0; }
static inline void swiftrl_restore_float_environment(swiftrl_float_environment saved) { (void)saved; }
#endif

#endif
