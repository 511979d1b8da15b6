/* The AVX2 + FMA variant: 6 × 16 register tiles of C (12 ymm accumulators), masked column tails.
 * It computes the same bits as the AVX-512 and portable variants (see SwiftRLKernels.h). */
#include "Variants.h"

#ifdef SWIFTRL_X86_64
#include <immintrin.h>

#pragma clang fp contract(off)

#define TARGET __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline)) TARGET

/* A load/store mask of the first `count` (0...8) lanes. */
INLINE __m256i first_lanes(int count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

INLINE __m256 epilogue(const swiftrl_gemm_arguments *g, __m256 x, const float *source, __m256i mask) {
    const __m256 zero = _mm256_setzero_ps();
    switch (g->epilogue) {
    case SWIFTRL_EPILOGUE_RELU:
        return _mm256_blendv_ps(x, zero, _mm256_cmp_ps(x, zero, _CMP_LT_OQ));
    case SWIFTRL_EPILOGUE_RELU_DERIVATIVE: {
        const __m256 y = _mm256_maskload_ps(source, mask);
        return _mm256_blendv_ps(x, zero, _mm256_cmp_ps(y, zero, _CMP_LE_OQ));
    }
    case SWIFTRL_EPILOGUE_TANH_DERIVATIVE: {
        const __m256 y = _mm256_maskload_ps(source, mask);
        return _mm256_mul_ps(x, _mm256_sub_ps(_mm256_set1_ps(1.0f), _mm256_mul_ps(y, y)));
    }
    default:
        return x;
    }
}

/* Rows i0 ..< i0 + ROWS and columns j0 ..< j0 + 8 · (VECTORS − 1) + last of C. */
INLINE void tile(const swiftrl_gemm_arguments *g, int i0, int j0, const int ROWS, const int VECTORS, int last) {
    __m256 acc[6][2];
    __m256i masks[2];
    _Pragma("clang loop unroll(full)")
    for (int v = 0; v < VECTORS; ++v) masks[v] = first_lanes(v == VECTORS - 1 ? last : 8);
    _Pragma("clang loop unroll(full)")
    for (int r = 0; r < ROWS; ++r) {
        float *c = g->c + (i0 + r) * g->c_row_stride + j0;
        _Pragma("clang loop unroll(full)")
        for (int v = 0; v < VECTORS; ++v) {
            if (g->accumulate) acc[r][v] = _mm256_maskload_ps(c + 8 * v, masks[v]);
            else if (g->bias) acc[r][v] = _mm256_maskload_ps(g->bias + j0 + 8 * v, masks[v]);
            else acc[r][v] = _mm256_setzero_ps();
        }
    }
    const float *a = g->a + i0 * g->a_row_stride;
    const float *b = g->b + j0;
    const ptrdiff_t ars = g->a_row_stride, acs = g->a_column_stride, brs = g->b_row_stride;
    for (int p = 0; p < g->k; ++p) {
        __m256 bv[2];
        _Pragma("clang loop unroll(full)")
        for (int v = 0; v < VECTORS; ++v) bv[v] = _mm256_maskload_ps(b + 8 * v, masks[v]);
        _Pragma("clang loop unroll(full)")
        for (int r = 0; r < ROWS; ++r) {
            const __m256 x = _mm256_broadcast_ss(a + r * ars);
            _Pragma("clang loop unroll(full)")
            for (int v = 0; v < VECTORS; ++v) acc[r][v] = _mm256_fmadd_ps(x, bv[v], acc[r][v]);
        }
        a += acs;
        b += brs;
    }
    _Pragma("clang loop unroll(full)")
    for (int r = 0; r < ROWS; ++r) {
        const ptrdiff_t offset = (i0 + r) * g->c_row_stride + j0;
        _Pragma("clang loop unroll(full)")
        for (int v = 0; v < VECTORS; ++v) {
            const float *source = g->epilogue_source ? g->epilogue_source + offset + 8 * v : NULL;
            _mm256_maskstore_ps(g->c + offset + 8 * v, masks[v], epilogue(g, acc[r][v], source, masks[v]));
        }
    }
}

/* All columns of rows i0 ..< i0 + ROWS, 16 at a time. */
INLINE void row_block(const swiftrl_gemm_arguments *g, int i0, const int ROWS) {
    int j = 0;
    for (; j + 16 <= g->n; j += 16) tile(g, i0, j, ROWS, 2, 8);
    const int rest = g->n - j;
    if (rest == 0) return;
    if (rest > 8) tile(g, i0, j, ROWS, 2, rest - 8);
    else tile(g, i0, j, ROWS, 1, rest);
}

TARGET static void tiles(const swiftrl_gemm_arguments *g) {
    int i = 0;
    for (; i + 6 <= g->m; i += 6) row_block(g, i, 6);
    switch (g->m - i) {
    case 1: row_block(g, i, 1); break;
    case 2: row_block(g, i, 2); break;
    case 3: row_block(g, i, 3); break;
    case 4: row_block(g, i, 4); break;
    case 5: row_block(g, i, 5); break;
    default: break;
    }
}

/* The fixed tree over 16 lanes held as lanes 0–7 and 8–15: l + 8, then + 4, + 2, + 1. */
INLINE float tree_sum(__m256 low, __m256 high) {
    const __m256 eight = _mm256_add_ps(low, high);
    const __m128 four = _mm_add_ps(_mm256_castps256_ps128(eight), _mm256_extractf128_ps(eight, 1));
    const __m128 two = _mm_add_ps(four, _mm_movehl_ps(four, four));
    const __m128 one = _mm_add_ss(two, _mm_shuffle_ps(two, two, 1));
    return _mm_cvtss_f32(one);
}

/* The dot form, as in the AVX-512 variant, with each 16-lane chain held in two ymm registers. */
enum { DOT_CHUNK = 512 };

INLINE void copy_columns(const swiftrl_gemm_arguments *g, int p0, int length, float columns[3][DOT_CHUNK]) {
    for (int j = 0; j < g->n; ++j)
        for (int p = 0; p < length; ++p) columns[j][p] = g->b[(p0 + p) * g->b_row_stride + j];
}

INLINE void dot_block(const swiftrl_gemm_arguments *g, int i0, const int ROWS, const int N,
                      float columns[3][DOT_CHUNK], int copied) {
    __m256 low[4][3], high[4][3];
    _Pragma("clang loop unroll(full)")
    for (int r = 0; r < ROWS; ++r)
        _Pragma("clang loop unroll(full)")
        for (int j = 0; j < N; ++j) low[r][j] = high[r][j] = _mm256_setzero_ps();
    for (int p0 = 0; p0 < g->k; p0 += DOT_CHUNK) {
        const int length = g->k - p0 < DOT_CHUNK ? g->k - p0 : DOT_CHUNK;
        if (!copied) copy_columns(g, p0, length, columns);
        const float *a = g->a + i0 * g->a_row_stride + p0;
        for (int p = 0; p < length; p += 16) {
            const int count = length - p;
            if (count >= 16) {
                _Pragma("clang loop unroll(full)")
                for (int r = 0; r < ROWS; ++r) {
                    const __m256 al = _mm256_loadu_ps(a + r * g->a_row_stride + p);
                    const __m256 ah = _mm256_loadu_ps(a + r * g->a_row_stride + p + 8);
                    _Pragma("clang loop unroll(full)")
                    for (int j = 0; j < N; ++j) {
                        low[r][j] = _mm256_fmadd_ps(al, _mm256_loadu_ps(columns[j] + p), low[r][j]);
                        high[r][j] = _mm256_fmadd_ps(ah, _mm256_loadu_ps(columns[j] + p + 8), high[r][j]);
                    }
                }
            } else {
                const __m256i ml = first_lanes(count < 8 ? count : 8), mh = first_lanes(count > 8 ? count - 8 : 0);
                const __m256 fl = _mm256_castsi256_ps(ml), fh = _mm256_castsi256_ps(mh);
                _Pragma("clang loop unroll(full)")
                for (int r = 0; r < ROWS; ++r) {
                    const __m256 al = _mm256_maskload_ps(a + r * g->a_row_stride + p, ml);
                    const __m256 ah = _mm256_maskload_ps(a + r * g->a_row_stride + p + 8, mh);
                    _Pragma("clang loop unroll(full)")
                    for (int j = 0; j < N; ++j) {
                        const __m256 bl = _mm256_maskload_ps(columns[j] + p, ml);
                        const __m256 bh = _mm256_maskload_ps(columns[j] + p + 8, mh);
                        low[r][j] = _mm256_blendv_ps(low[r][j], _mm256_fmadd_ps(al, bl, low[r][j]), fl);
                        high[r][j] = _mm256_blendv_ps(high[r][j], _mm256_fmadd_ps(ah, bh, high[r][j]), fh);
                    }
                }
            }
        }
    }
    _Pragma("clang loop unroll(full)")
    for (int r = 0; r < ROWS; ++r)
        _Pragma("clang loop unroll(full)")
        for (int j = 0; j < N; ++j) {
            const float sum = tree_sum(low[r][j], high[r][j]);
            const float start = swiftrl_start_value(g, i0 + r, j);
            g->c[(i0 + r) * g->c_row_stride + j] = swiftrl_epilogue_value(g, i0 + r, j, start + sum);
        }
}

INLINE void dot_columns(const swiftrl_gemm_arguments *g, const int N, float columns[3][DOT_CHUNK], int copied) {
    int i = 0;
    for (; i + 4 <= g->m; i += 4) dot_block(g, i, 4, N, columns, copied);
    switch (g->m - i) {
    case 1: dot_block(g, i, 1, N, columns, copied); break;
    case 2: dot_block(g, i, 2, N, columns, copied); break;
    case 3: dot_block(g, i, 3, N, columns, copied); break;
    default: break;
    }
}

TARGET static void dot(const swiftrl_gemm_arguments *g) {
    float columns[3][DOT_CHUNK];
    const int copied = g->k <= DOT_CHUNK;
    if (copied) copy_columns(g, 0, g->k, columns);
    switch (g->n) {
    case 1: dot_columns(g, 1, columns, copied); break;
    case 2: dot_columns(g, 2, columns, copied); break;
    default: dot_columns(g, 3, columns, copied); break;
    }
}

/* Fewer than 4 columns of C with contiguous columns of A: each lane is a row of C, BLOCKS × 8 rows
 * at a time, sequential over k. */
INLINE void sweep_block(const swiftrl_gemm_arguments *g, int i0, const int BLOCKS, const int N, int last) {
    __m256 acc[4][3];
    __m256i masks[4];
    float start[8];
    _Pragma("clang loop unroll(full)")
    for (int s = 0; s < BLOCKS; ++s) {
        const int count = s == BLOCKS - 1 ? last : 8;
        masks[s] = first_lanes(count);
        _Pragma("clang loop unroll(full)")
        for (int j = 0; j < N; ++j) {
            for (int l = 0; l < 8; ++l) start[l] = l < count ? swiftrl_start_value(g, i0 + 8 * s + l, j) : 0.0f;
            acc[s][j] = _mm256_loadu_ps(start);
        }
    }
    const float *a = g->a + i0;
    const float *b = g->b;
    for (int p = 0; p < g->k; ++p) {
        _Pragma("clang loop unroll(full)")
        for (int s = 0; s < BLOCKS; ++s) {
            const __m256 av = _mm256_maskload_ps(a + 8 * s, masks[s]);
            _Pragma("clang loop unroll(full)")
            for (int j = 0; j < N; ++j) acc[s][j] = _mm256_fmadd_ps(av, _mm256_broadcast_ss(b + j), acc[s][j]);
        }
        a += g->a_column_stride;
        b += g->b_row_stride;
    }
    _Pragma("clang loop unroll(full)")
    for (int s = 0; s < BLOCKS; ++s) {
        const int count = s == BLOCKS - 1 ? last : 8;
        _Pragma("clang loop unroll(full)")
        for (int j = 0; j < N; ++j) {
            _mm256_storeu_ps(start, acc[s][j]);
            for (int l = 0; l < count; ++l) {
                const int i = i0 + 8 * s + l;
                g->c[i * g->c_row_stride + j] = swiftrl_epilogue_value(g, i, j, start[l]);
            }
        }
    }
}

INLINE void sweep_columns(const swiftrl_gemm_arguments *g, const int N) {
    int i = 0;
    for (; i + 32 <= g->m; i += 32) sweep_block(g, i, 4, N, 8);
    const int rest = g->m - i;
    if (rest == 0) return;
    const int last = (rest - 1) % 8 + 1;
    switch ((rest + 7) / 8) {
    case 1: sweep_block(g, i, 1, N, last); break;
    case 2: sweep_block(g, i, 2, N, last); break;
    case 3: sweep_block(g, i, 3, N, last); break;
    default: sweep_block(g, i, 4, N, last); break;
    }
}

TARGET static void sweep(const swiftrl_gemm_arguments *g) {
    switch (g->n) {
    case 1: sweep_columns(g, 1); break;
    case 2: sweep_columns(g, 2); break;
    default: sweep_columns(g, 3); break;
    }
}

TARGET void swiftrl_gemm_avx2(const swiftrl_gemm_arguments *g) {
    if (swiftrl_is_dot_form(g)) dot(g);
    else if (g->n < 4 && g->a_row_stride == 1) sweep(g);
    else tiles(g);
}
#endif
