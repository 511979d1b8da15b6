/* Matrix transposition: 8 × 8 blocks in AVX registers where the CPU has AVX2, scalar elsewhere.
 * It only moves data, so every variant's bits are the same. */
#include "Variants.h"

/* The elements of rows r0 ..< r1 and columns c0 ..< c1, one by one. */
static void transpose_scalar(const float *source, int rows, int columns, float *destination,
                             int r0, int r1, int c0, int c1) {
    for (int r = r0; r < r1; ++r)
        for (int c = c0; c < c1; ++c) destination[c * rows + r] = source[r * columns + c];
}

void swiftrl_transpose_portable(const float *source, int rows, int columns, float *destination) {
    enum { BLOCK = 16 };
    for (int r0 = 0; r0 < rows; r0 += BLOCK)
        for (int c0 = 0; c0 < columns; c0 += BLOCK)
            transpose_scalar(source, rows, columns, destination, r0, r0 + BLOCK < rows ? r0 + BLOCK : rows, c0,
                             c0 + BLOCK < columns ? c0 + BLOCK : columns);
}

#ifdef SWIFTRL_X86_64
#include <immintrin.h>

__attribute__((target("avx2"))) void swiftrl_transpose_avx2(const float *source, int rows, int columns,
                                                           float *destination) {
    const int full_rows = rows - rows % 8, full_columns = columns - columns % 8;
    for (int r0 = 0; r0 < full_rows; r0 += 8) {
        for (int c0 = 0; c0 < full_columns; c0 += 8) {
            const float *s = source + r0 * columns + c0;
            __m256 r[8], t[8], u[8];
            for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(s + i * columns);
            for (int i = 0; i < 8; i += 2) {
                t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
                t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
            }
            for (int i = 0; i < 8; i += 4) {
                u[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
                u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
                u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
                u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
            }
            float *d = destination + c0 * rows + r0;
            for (int i = 0; i < 4; ++i) {
                _mm256_storeu_ps(d + i * rows, _mm256_permute2f128_ps(u[i], u[i + 4], 0x20));
                _mm256_storeu_ps(d + (i + 4) * rows, _mm256_permute2f128_ps(u[i], u[i + 4], 0x31));
            }
        }
        transpose_scalar(source, rows, columns, destination, r0, r0 + 8, full_columns, columns);
    }
    transpose_scalar(source, rows, columns, destination, full_rows, rows, 0, columns);
}
#endif
