/* The AVX-512 variant: 6 × 64 register tiles of C (24 zmm accumulators), masked column tails. */
#include "Variants.h"

#ifdef SWIFTRL_X86_64
#include <immintrin.h>

#pragma clang fp contract(off)

#define TARGET __attribute__((target("avx512f,avx512vl,fma")))
#define INLINE static inline __attribute__((always_inline)) TARGET

/* The lanes of vector v of a tile whose last vector holds `last` columns. */
INLINE __mmask16 lanes(int v, int vectors, __mmask16 last) { return v == vectors - 1 ? last : (__mmask16)0xFFFF; }

INLINE __m512 epilogue(const swiftrl_gemm_arguments *g, __m512 x, const float *source, __mmask16 mask) {
    const __m512 zero = _mm512_setzero_ps();
    switch (g->epilogue) {
    case SWIFTRL_EPILOGUE_RELU:
        return _mm512_mask_mov_ps(x, _mm512_cmp_ps_mask(x, zero, _CMP_LT_OQ), zero);
    case SWIFTRL_EPILOGUE_RELU_DERIVATIVE: {
        const __m512 y = _mm512_maskz_loadu_ps(mask, source);
        return _mm512_mask_mov_ps(x, _mm512_cmp_ps_mask(y, zero, _CMP_LE_OQ), zero);
    }
    case SWIFTRL_EPILOGUE_TANH_DERIVATIVE: {
        const __m512 y = _mm512_maskz_loadu_ps(mask, source);
        return _mm512_mul_ps(x, _mm512_sub_ps(_mm512_set1_ps(1.0f), _mm512_mul_ps(y, y)));
    }
    default:
        return x;
    }
}

/* Rows i0 ..< i0 + ROWS and columns j0 ..< j0 + 16 · (VECTORS − 1) + popcount(last) of C. */
INLINE void tile(const swiftrl_gemm_arguments *g, int i0, int j0, const int ROWS, const int VECTORS, __mmask16 last) {
    __m512 acc[6][4];
    _Pragma("clang loop unroll(full)")
    for (int r = 0; r < ROWS; ++r) {
        float *c = g->c + (i0 + r) * g->c_row_stride + j0;
        _Pragma("clang loop unroll(full)")
        for (int v = 0; v < VECTORS; ++v) {
            const __mmask16 mask = lanes(v, VECTORS, last);
            if (g->accumulate) acc[r][v] = _mm512_maskz_loadu_ps(mask, c + 16 * v);
            else if (g->bias) acc[r][v] = _mm512_maskz_loadu_ps(mask, g->bias + j0 + 16 * v);
            else acc[r][v] = _mm512_setzero_ps();
        }
    }
    const float *a = g->a + i0 * g->a_row_stride;
    const float *b = g->b + j0;
    const ptrdiff_t ars = g->a_row_stride, acs = g->a_column_stride, brs = g->b_row_stride;
    for (int p = 0; p < g->k; ++p) {
        __m512 bv[4];
        _Pragma("clang loop unroll(full)")
        for (int v = 0; v < VECTORS; ++v) bv[v] = _mm512_maskz_loadu_ps(lanes(v, VECTORS, last), b + 16 * v);
        _Pragma("clang loop unroll(full)")
        for (int r = 0; r < ROWS; ++r) {
            const __m512 x = _mm512_set1_ps(a[r * ars]);
            _Pragma("clang loop unroll(full)")
            for (int v = 0; v < VECTORS; ++v) acc[r][v] = _mm512_fmadd_ps(x, bv[v], acc[r][v]);
        }
        a += acs;
        b += brs;
    }
    _Pragma("clang loop unroll(full)")
    for (int r = 0; r < ROWS; ++r) {
        const ptrdiff_t offset = (i0 + r) * g->c_row_stride + j0;
        _Pragma("clang loop unroll(full)")
        for (int v = 0; v < VECTORS; ++v) {
            const __mmask16 mask = lanes(v, VECTORS, last);
            const float *source = g->epilogue_source ? g->epilogue_source + offset + 16 * v : NULL;
            _mm512_mask_storeu_ps(g->c + offset + 16 * v, mask, epilogue(g, acc[r][v], source, mask));
        }
    }
}

/* All columns of rows i0 ..< i0 + ROWS, 64 at a time. */
INLINE void row_block(const swiftrl_gemm_arguments *g, int i0, const int ROWS) {
    int j = 0;
    for (; j + 64 <= g->n; j += 64) tile(g, i0, j, ROWS, 4, 0xFFFF);
    const int rest = g->n - j;
    if (rest == 0) return;
    const __mmask16 last = (__mmask16)((1u << (((rest - 1) % 16) + 1)) - 1);
    switch ((rest + 15) / 16) {
    case 1: tile(g, i0, j, ROWS, 1, last); break;
    case 2: tile(g, i0, j, ROWS, 2, last); break;
    case 3: tile(g, i0, j, ROWS, 3, last); break;
    default: tile(g, i0, j, ROWS, 4, last); break;
    }
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

/* The fixed tree over 16 lanes: l + 8, then + 4, + 2, + 1. */
INLINE float tree_sum(__m512 x) {
    const __m256 eight = _mm256_add_ps(_mm512_castps512_ps256(x), _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1)));
    const __m128 four = _mm_add_ps(_mm256_castps256_ps128(eight), _mm256_extractf128_ps(eight, 1));
    const __m128 two = _mm_add_ps(four, _mm_movehl_ps(four, four));
    const __m128 one = _mm_add_ss(two, _mm_shuffle_ps(two, two, 1));
    return _mm_cvtss_f32(one);
}

/* The dot form: rows of A against up to 3 columns of B, which are copied into contiguous columns
 * (once when k fits in one chunk, else per row block and chunk). */
enum { DOT_CHUNK = 512 };

INLINE void copy_columns(const swiftrl_gemm_arguments *g, int p0, int length, float columns[3][DOT_CHUNK]) {
    for (int j = 0; j < g->n; ++j)
        for (int p = 0; p < length; ++p) columns[j][p] = g->b[(p0 + p) * g->b_row_stride + j];
}

INLINE void dot_block(const swiftrl_gemm_arguments *g, int i0, const int ROWS, const int N,
                      float columns[3][DOT_CHUNK], int copied) {
    __m512 acc[8][3];
    _Pragma("clang loop unroll(full)")
    for (int r = 0; r < ROWS; ++r)
        _Pragma("clang loop unroll(full)")
        for (int j = 0; j < N; ++j) acc[r][j] = _mm512_setzero_ps();
    for (int p0 = 0; p0 < g->k; p0 += DOT_CHUNK) {
        const int length = g->k - p0 < DOT_CHUNK ? g->k - p0 : DOT_CHUNK;
        if (!copied) copy_columns(g, p0, length, columns);
        const float *a = g->a + i0 * g->a_row_stride + p0;
        for (int p = 0; p < length; p += 16) {
            const __mmask16 mask = length - p >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (length - p)) - 1);
            _Pragma("clang loop unroll(full)")
            for (int r = 0; r < ROWS; ++r) {
                const __m512 av = _mm512_maskz_loadu_ps(mask, a + r * g->a_row_stride + p);
                _Pragma("clang loop unroll(full)")
                for (int j = 0; j < N; ++j)
                    acc[r][j] = _mm512_mask3_fmadd_ps(av, _mm512_maskz_loadu_ps(mask, columns[j] + p), acc[r][j], mask);
            }
        }
    }
    _Pragma("clang loop unroll(full)")
    for (int r = 0; r < ROWS; ++r)
        _Pragma("clang loop unroll(full)")
        for (int j = 0; j < N; ++j) {
            const float sum = tree_sum(acc[r][j]);
            const float start = swiftrl_start_value(g, i0 + r, j);
            g->c[(i0 + r) * g->c_row_stride + j] = swiftrl_epilogue_value(g, i0 + r, j, start + sum);
        }
}

INLINE void dot_columns(const swiftrl_gemm_arguments *g, const int N, float columns[3][DOT_CHUNK], int copied) {
    int i = 0;
    for (; i + 8 <= g->m; i += 8) dot_block(g, i, 8, N, columns, copied);
    switch (g->m - i) {
    case 1: dot_block(g, i, 1, N, columns, copied); break;
    case 2: dot_block(g, i, 2, N, columns, copied); break;
    case 3: dot_block(g, i, 3, N, columns, copied); break;
    case 4: dot_block(g, i, 4, N, columns, copied); break;
    case 5: dot_block(g, i, 5, N, columns, copied); break;
    case 6: dot_block(g, i, 6, N, columns, copied); break;
    case 7: dot_block(g, i, 7, N, columns, copied); break;
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

/* Fewer than 4 columns of C with contiguous columns of A (a weight gradient Xᵀ·δ): each lane is a
 * row of C, BLOCKS × 16 rows at a time, sequential over k. */
INLINE void sweep_block(const swiftrl_gemm_arguments *g, int i0, const int BLOCKS, const int N, __mmask16 last) {
    __m512 acc[4][3];
    float start[16];
    _Pragma("clang loop unroll(full)")
    for (int s = 0; s < BLOCKS; ++s) {
        const int count = s == BLOCKS - 1 ? __builtin_popcount(last) : 16;
        _Pragma("clang loop unroll(full)")
        for (int j = 0; j < N; ++j) {
            for (int l = 0; l < 16; ++l) start[l] = l < count ? swiftrl_start_value(g, i0 + 16 * s + l, j) : 0.0f;
            acc[s][j] = _mm512_loadu_ps(start);
        }
    }
    const float *a = g->a + i0;
    const float *b = g->b;
    for (int p = 0; p < g->k; ++p) {
        _Pragma("clang loop unroll(full)")
        for (int s = 0; s < BLOCKS; ++s) {
            const __m512 av = _mm512_maskz_loadu_ps(s == BLOCKS - 1 ? last : (__mmask16)0xFFFF, a + 16 * s);
            _Pragma("clang loop unroll(full)")
            for (int j = 0; j < N; ++j) acc[s][j] = _mm512_fmadd_ps(av, _mm512_set1_ps(b[j]), acc[s][j]);
        }
        a += g->a_column_stride;
        b += g->b_row_stride;
    }
    _Pragma("clang loop unroll(full)")
    for (int s = 0; s < BLOCKS; ++s) {
        const int count = s == BLOCKS - 1 ? __builtin_popcount(last) : 16;
        _Pragma("clang loop unroll(full)")
        for (int j = 0; j < N; ++j) {
            _mm512_storeu_ps(start, acc[s][j]);
            for (int l = 0; l < count; ++l) {
                const int i = i0 + 16 * s + l;
                g->c[i * g->c_row_stride + j] = swiftrl_epilogue_value(g, i, j, start[l]);
            }
        }
    }
}

INLINE void sweep_columns(const swiftrl_gemm_arguments *g, const int N) {
    int i = 0;
    for (; i + 64 <= g->m; i += 64) sweep_block(g, i, 4, N, 0xFFFF);
    const int rest = g->m - i;
    if (rest == 0) return;
    const __mmask16 last = (__mmask16)((1u << (((rest - 1) % 16) + 1)) - 1);
    switch ((rest + 15) / 16) {
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

TARGET void swiftrl_gemm_avx512(const swiftrl_gemm_arguments *g) {
    if (swiftrl_is_dot_form(g)) dot(g);
    else if (g->n < 4 && g->a_row_stride == 1) sweep(g);
    else tiles(g);
}
#endif
