/* The entry points each variant provides, and what they share. Internal to the kernels target. */
#ifndef SWIFTRL_KERNELS_VARIANTS_H
#define SWIFTRL_KERNELS_VARIANTS_H

#include "SwiftRLKernels.h"

/* No contraction of a * b + c into an FMA in the helpers below: every variant must round each
 * operation the way the definition does. */
#pragma clang fp contract(off)

#if defined(__x86_64__) || defined(_M_X64)
#define SWIFTRL_X86_64 1
#endif

/* One variant's kernels, defined by the files of each kernel with the variant's name as suffix
 * (swiftrl_gemm_avx512, …); Dispatch.c gathers them into one table per variant. */
#define SWIFTRL_DECLARE_VARIANT(SUFFIX)                                                                   \
    void swiftrl_gemm_##SUFFIX(const swiftrl_gemm_arguments *arguments);                                  \
    void swiftrl_adam_##SUFFIX(const swiftrl_adam_arguments *arguments);                                  \
    void swiftrl_polyak_##SUFFIX(ptrdiff_t count, float *target, const float *source, float keep);        \
    void swiftrl_tanh_##SUFFIX(ptrdiff_t count, float *values);                                           \
    void swiftrl_fast_tanh_##SUFFIX(ptrdiff_t count, float *values);                                      \
    void swiftrl_exp_##SUFFIX(ptrdiff_t count, float *values);                                            \
    int swiftrl_all_finite_##SUFFIX(ptrdiff_t count, const float *values);                                \
    void swiftrl_categorical_##SUFFIX(const swiftrl_categorical_arguments *arguments);                    \
    void swiftrl_squashed_gaussian_##SUFFIX(const swiftrl_squashed_gaussian_arguments *arguments);        \
    void swiftrl_box_muller_##SUFFIX(int pairs, const float *u1, const float *u2, float *cosines, float *sines); \
    void swiftrl_lstm_forward_##SUFFIX(const swiftrl_lstm_forward_arguments *arguments);                  \
    void swiftrl_gru_forward_##SUFFIX(const swiftrl_gru_forward_arguments *arguments);                    \
    void swiftrl_lstm_backward_##SUFFIX(const swiftrl_lstm_backward_arguments *arguments);                \
    void swiftrl_gru_backward_##SUFFIX(const swiftrl_gru_backward_arguments *arguments);

SWIFTRL_DECLARE_VARIANT(portable)
#ifdef SWIFTRL_X86_64
SWIFTRL_DECLARE_VARIANT(avx2)
SWIFTRL_DECLARE_VARIANT(avx512)
#endif

/* The transpose moves data only: a scalar version and an AVX2 one, which AVX-512 CPUs run too. */
void swiftrl_transpose_portable(const float *source, int rows, int columns, float *destination);
#ifdef SWIFTRL_X86_64
void swiftrl_transpose_avx2(const float *source, int rows, int columns, float *destination);
#endif

/* Whether a product takes the "dot" form (see swiftrl_gemm_arguments). */
static inline int swiftrl_is_dot_form(const swiftrl_gemm_arguments *g) {
    return g->n < 4 && g->a_column_stride == 1;
}

/* The start value of C[i, j]. */
static inline float swiftrl_start_value(const swiftrl_gemm_arguments *g, int i, int j) {
    if (g->accumulate) return g->c[i * g->c_row_stride + j];
    return g->bias ? g->bias[j] : 0.0f;
}

/* The scalar epilogue, which every variant's vector epilogue matches. */
static inline float swiftrl_epilogue_value(const swiftrl_gemm_arguments *g, int i, int j, float x) {
    switch (g->epilogue) {
    case SWIFTRL_EPILOGUE_RELU: return x < 0.0f ? 0.0f : x;
    case SWIFTRL_EPILOGUE_RELU_DERIVATIVE: return g->epilogue_source[i * g->c_row_stride + j] <= 0.0f ? 0.0f : x;
    case SWIFTRL_EPILOGUE_TANH_DERIVATIVE: {
        const float y = g->epilogue_source[i * g->c_row_stride + j];
        return x * (1.0f - y * y);
    }
    default: return x;
    }
}

#endif
