/* Chooses a kernel variant once, from the CPU and SWIFTRL_KERNELS, and routes each call to it. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "FloatEnvironment.h"
#include "Variants.h"

/* -1 until decided; then (selected variant) | (environment valid << 8). */
static _Atomic int decided = -1;
static _Thread_local int thread_override = -1;

swiftrl_kernel_variant swiftrl_kernels_supported(void) {
#ifdef SWIFTRL_X86_64
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("fma"))
        return SWIFTRL_KERNELS_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return SWIFTRL_KERNELS_AVX2;
#endif
    return SWIFTRL_KERNELS_PORTABLE;
}

/* The cap SWIFTRL_KERNELS asks for: a variant, -1 when unset, -2 when unrecognized. */
static int environment_cap(void) {
    const char *value = getenv("SWIFTRL_KERNELS");
    if (value == NULL || value[0] == '\0') return -1;
    if (strcmp(value, "avx512") == 0) return SWIFTRL_KERNELS_AVX512;
    if (strcmp(value, "avx2") == 0) return SWIFTRL_KERNELS_AVX2;
    if (strcmp(value, "portable") == 0) return SWIFTRL_KERNELS_PORTABLE;
    return -2;
}

static int decision(void) {
    int known = atomic_load_explicit(&decided, memory_order_acquire);
    if (known >= 0) return known;
    int variant = swiftrl_kernels_supported();
    int cap = environment_cap();
    if (cap >= 0 && cap < variant) variant = cap;
    int value = variant | ((cap != -2) << 8);
    /* Every thread computes the same value, so a race only repeats the work. */
    atomic_store_explicit(&decided, value, memory_order_release);
    return value;
}

swiftrl_kernel_variant swiftrl_kernels_selected(void) { return (swiftrl_kernel_variant)(decision() & 0xff); }

int swiftrl_kernels_environment_is_valid(void) { return decision() >> 8; }

void swiftrl_kernels_set_thread_override(int variant) {
    if (variant < 0) {
        thread_override = -1;
        return;
    }
    int supported = swiftrl_kernels_supported();
    thread_override = variant < supported ? variant : supported;
}

int swiftrl_kernels_thread_override(void) { return thread_override; }

swiftrl_kernel_variant swiftrl_kernels_active(void) {
    int override = thread_override;
    return override >= 0 ? (swiftrl_kernel_variant)override : swiftrl_kernels_selected();
}

static const swiftrl_kernel_table *active_table(void) {
    switch (swiftrl_kernels_active()) {
#ifdef SWIFTRL_X86_64
    case SWIFTRL_KERNELS_AVX512: return &swiftrl_avx512_kernels;
    case SWIFTRL_KERNELS_AVX2: return &swiftrl_avx2_kernels;
#endif
    default: return &swiftrl_portable_kernels;
    }
}

static const swiftrl_elementwise_table *active_elementwise_table(void) {
    switch (swiftrl_kernels_active()) {
#ifdef SWIFTRL_X86_64
    case SWIFTRL_KERNELS_AVX512: return &swiftrl_avx512_elementwise;
    case SWIFTRL_KERNELS_AVX2: return &swiftrl_avx2_elementwise;
#endif
    default: return &swiftrl_portable_elementwise;
    }
}

void swiftrl_gemm(const swiftrl_gemm_arguments *arguments) {
    if (arguments->m <= 0 || arguments->n <= 0) return;
    swiftrl_float_environment saved = swiftrl_flush_subnormals();
    active_table()->gemm(arguments);
    swiftrl_restore_float_environment(saved);
}

void swiftrl_adam(const swiftrl_adam_arguments *arguments) {
    swiftrl_float_environment saved = swiftrl_flush_subnormals();
    active_elementwise_table()->adam(arguments);
    swiftrl_restore_float_environment(saved);
}

void swiftrl_polyak_average(ptrdiff_t count, float *target, const float *source, float keep) {
    swiftrl_float_environment saved = swiftrl_flush_subnormals();
    active_elementwise_table()->polyak(count, target, source, keep);
    swiftrl_restore_float_environment(saved);
}
