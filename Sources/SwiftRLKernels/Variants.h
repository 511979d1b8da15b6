/* The entry points each variant provides, and what they share. Internal to the kernels target. */
#ifndef SWIFTRL_KERNELS_VARIANTS_H
#define SWIFTRL_KERNELS_VARIANTS_H

#include "SwiftRLKernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#define SWIFTRL_X86_64 1
#endif

/* One variant's kernels. */
typedef struct {
    void (*gemm)(const swiftrl_gemm_arguments *arguments);
} swiftrl_kernel_table;

/* One variant's elementwise kernels. */
typedef struct {
    void (*adam)(const swiftrl_adam_arguments *arguments);
    void (*polyak)(ptrdiff_t count, float *target, const float *source, float keep);
} swiftrl_elementwise_table;

extern const swiftrl_kernel_table swiftrl_portable_kernels;
extern const swiftrl_elementwise_table swiftrl_portable_elementwise;
#ifdef SWIFTRL_X86_64
extern const swiftrl_kernel_table swiftrl_avx2_kernels;
extern const swiftrl_kernel_table swiftrl_avx512_kernels;
extern const swiftrl_elementwise_table swiftrl_avx2_elementwise;
extern const swiftrl_elementwise_table swiftrl_avx512_elementwise;
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
    default: return x;
    }
}

#endif
