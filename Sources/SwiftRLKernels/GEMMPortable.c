/* The portable variant: plain C with fmaf, the definition the vector variants reproduce bit for bit.
 * On arm64 the compiler vectorizes the row loops with NEON; on x86-64 without FMA, fmaf is libm's. */
#include <math.h>

#include "Variants.h"

#pragma clang fp contract(off)

/* The sequential form, with the loops ordered so that rows of B and C stream. */
static void sequential(const swiftrl_gemm_arguments *g) {
    for (int i = 0; i < g->m; ++i) {
        float *c = g->c + i * g->c_row_stride;
        for (int j = 0; j < g->n; ++j) c[j] = swiftrl_start_value(g, i, j);
        const float *a = g->a + i * g->a_row_stride;
        for (int p = 0; p < g->k; ++p) {
            const float x = a[p * g->a_column_stride];
            const float *b = g->b + p * g->b_row_stride;
            for (int j = 0; j < g->n; ++j) c[j] = fmaf(x, b[j], c[j]);
        }
        for (int j = 0; j < g->n; ++j) c[j] = swiftrl_epilogue_value(g, i, j, c[j]);
    }
}

/* The dot form: 16 lane chains and the fixed tree. */
static void dot(const swiftrl_gemm_arguments *g) {
    for (int i = 0; i < g->m; ++i) {
        const float *a = g->a + i * g->a_row_stride;
        for (int j = 0; j < g->n; ++j) {
            float lanes[16] = {0};
            for (int p = 0; p < g->k; ++p) lanes[p % 16] = fmaf(a[p], g->b[p * g->b_row_stride + j], lanes[p % 16]);
            for (int width = 8; width >= 1; width /= 2) {
                for (int l = 0; l < width; ++l) lanes[l] = lanes[l] + lanes[l + width];
            }
            const float start = swiftrl_start_value(g, i, j);
            g->c[i * g->c_row_stride + j] = swiftrl_epilogue_value(g, i, j, start + lanes[0]);
        }
    }
}

void swiftrl_gemm_portable(const swiftrl_gemm_arguments *g) {
    if (swiftrl_is_dot_form(g)) dot(g);
    else sequential(g);
}
