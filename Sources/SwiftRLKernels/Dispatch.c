/* Chooses a kernel variant once, from the CPU and SWIFTRL_KERNELS, and routes each call to its kernels. */
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

/* Every kernel of one variant. */
typedef struct {
    void (*gemm)(const swiftrl_gemm_arguments *arguments);
    void (*adam)(const swiftrl_adam_arguments *arguments);
    void (*polyak)(ptrdiff_t count, float *target, const float *source, float keep);
    void (*tanh)(ptrdiff_t count, float *values);
    void (*fast_tanh)(ptrdiff_t count, float *values);
    void (*exp)(ptrdiff_t count, float *values);
    int (*all_finite)(ptrdiff_t count, const float *values);
    void (*categorical)(const swiftrl_categorical_arguments *arguments);
    void (*squashed_gaussian)(const swiftrl_squashed_gaussian_arguments *arguments);
    void (*box_muller)(int pairs, const float *u1, const float *u2, float *cosines, float *sines);
    void (*transpose)(const float *source, int rows, int columns, float *destination);
    void (*lstm_forward)(const swiftrl_lstm_forward_arguments *arguments);
    void (*gru_forward)(const swiftrl_gru_forward_arguments *arguments);
    void (*lstm_backward)(const swiftrl_lstm_backward_arguments *arguments);
    void (*gru_backward)(const swiftrl_gru_backward_arguments *arguments);
} variant_kernels;

#define VARIANT_KERNELS(SUFFIX, TRANSPOSE)                                                                \
    {swiftrl_gemm_##SUFFIX, swiftrl_adam_##SUFFIX, swiftrl_polyak_##SUFFIX, swiftrl_tanh_##SUFFIX,        \
     swiftrl_fast_tanh_##SUFFIX, swiftrl_exp_##SUFFIX, swiftrl_all_finite_##SUFFIX,                       \
     swiftrl_categorical_##SUFFIX, swiftrl_squashed_gaussian_##SUFFIX, swiftrl_box_muller_##SUFFIX,       \
     TRANSPOSE, swiftrl_lstm_forward_##SUFFIX, swiftrl_gru_forward_##SUFFIX,                             \
     swiftrl_lstm_backward_##SUFFIX, swiftrl_gru_backward_##SUFFIX}

/* Indexed by swiftrl_kernel_variant; a CPU only ever selects a variant it supports. */
static const variant_kernels kernels[] = {
    [SWIFTRL_KERNELS_PORTABLE] = VARIANT_KERNELS(portable, swiftrl_transpose_portable),
#ifdef SWIFTRL_X86_64
    [SWIFTRL_KERNELS_AVX2] = VARIANT_KERNELS(avx2, swiftrl_transpose_avx2),
    [SWIFTRL_KERNELS_AVX512] = VARIANT_KERNELS(avx512, swiftrl_transpose_avx2),
#endif
};

static const variant_kernels *active_kernels(void) { return &kernels[swiftrl_kernels_active()]; }

/* Runs STATEMENT with subnormals flushed, as every numeric kernel runs. */
#define WITH_SUBNORMALS_FLUSHED(STATEMENT)                                                                \
    do {                                                                                                  \
        swiftrl_float_environment saved = swiftrl_flush_subnormals();                                     \
        STATEMENT;                                                                                        \
        swiftrl_restore_float_environment(saved);                                                         \
    } while (0)

/* Products over long k (a weight gradient over a large batch) run in blocks of K_BLOCK steps of k, so
 * that the block of B every row of C reads stays in cache. Each element's chain of fused multiply-adds
 * goes on in the same order through C (stored and reloaded exactly), so the bits do not change; the
 * dot form, whose lanes are summed once at the end, never takes this path. */
enum { K_BLOCK = 256 };

static void gemm_in_k_blocks(void (*gemm)(const swiftrl_gemm_arguments *), const swiftrl_gemm_arguments *g) {
    for (int p0 = 0; p0 < g->k; p0 += K_BLOCK) {
        swiftrl_gemm_arguments block = *g;
        block.k = g->k - p0 < K_BLOCK ? g->k - p0 : K_BLOCK;
        block.a = g->a + p0 * g->a_column_stride;
        block.b = g->b + p0 * g->b_row_stride;
        if (p0 > 0) {
            block.accumulate = 1;
            block.bias = NULL;
        }
        if (p0 + K_BLOCK < g->k) {
            block.epilogue = SWIFTRL_EPILOGUE_NONE;
            block.epilogue_source = NULL;
        }
        gemm(&block);
    }
}

void swiftrl_gemm(const swiftrl_gemm_arguments *arguments) {
    if (arguments->m <= 0 || arguments->n <= 0) return;
    if (swiftrl_is_dot_form(arguments) || arguments->k <= 2 * K_BLOCK) {
        WITH_SUBNORMALS_FLUSHED(active_kernels()->gemm(arguments));
    } else {
        WITH_SUBNORMALS_FLUSHED(gemm_in_k_blocks(active_kernels()->gemm, arguments));
    }
}

void swiftrl_adam(const swiftrl_adam_arguments *arguments) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->adam(arguments));
}

void swiftrl_polyak_average(ptrdiff_t count, float *target, const float *source, float keep) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->polyak(count, target, source, keep));
}

void swiftrl_tanh_in_place(ptrdiff_t count, float *values) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->tanh(count, values));
}

void swiftrl_fast_tanh_in_place(ptrdiff_t count, float *values) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->fast_tanh(count, values));
}

void swiftrl_exp_in_place(ptrdiff_t count, float *values) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->exp(count, values));
}

void swiftrl_lstm_forward(const swiftrl_lstm_forward_arguments *arguments) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->lstm_forward(arguments));
}

void swiftrl_gru_forward(const swiftrl_gru_forward_arguments *arguments) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->gru_forward(arguments));
}

void swiftrl_lstm_backward(const swiftrl_lstm_backward_arguments *arguments) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->lstm_backward(arguments));
}

void swiftrl_gru_backward(const swiftrl_gru_backward_arguments *arguments) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->gru_backward(arguments));
}

int swiftrl_all_finite(ptrdiff_t count, const float *values) {
    return active_kernels()->all_finite(count, values);
}

void swiftrl_categorical(const swiftrl_categorical_arguments *arguments) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->categorical(arguments));
}

void swiftrl_squashed_gaussian(const swiftrl_squashed_gaussian_arguments *arguments) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->squashed_gaussian(arguments));
}

void swiftrl_box_muller(int pairs, const float *u1, const float *u2, float *cosines, float *sines) {
    WITH_SUBNORMALS_FLUSHED(active_kernels()->box_muller(pairs, u1, u2, cosines, sines));
}

void swiftrl_transpose(const float *source, int rows, int columns, float *destination) {
    active_kernels()->transpose(source, rows, columns, destination);
}
