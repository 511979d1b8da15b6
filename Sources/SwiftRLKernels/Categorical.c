/* Categorical distributions over logits in the math of DeterministicMath.h, so that every variant
 * gives the same bits. Rows go 16 at a time with the rows innermost, so that the compiler vectorizes
 * across rows (a row has few columns); each row's sums still run over its columns in order, so the
 * bits are those of a row-by-row loop. Each variant is the same code compiled for its instruction set. */
#include "DeterministicMath.h"
#include "Variants.h"

enum { CATEGORICAL_BLOCK = 16 };

#define CATEGORICAL_BODY(SUFFIX, ATTRIBUTES)                                                              \
    ATTRIBUTES static void block_##SUFFIX(const swiftrl_categorical_arguments *x, int row0, int count) {  \
        const int columns = x->columns;                                                                   \
        const float *z = x->logits + (ptrdiff_t)row0 * columns;                                           \
        float maximum[CATEGORICAL_BLOCK], sum[CATEGORICAL_BLOCK], shift[CATEGORICAL_BLOCK];              \
        float entropy[CATEGORICAL_BLOCK];                                                                 \
        for (int r = 0; r < count; ++r) maximum[r] = z[r * columns];                                      \
        for (int j = 1; j < columns; ++j)                                                                 \
            for (int r = 0; r < count; ++r) {                                                             \
                const float v = z[r * columns + j];                                                       \
                maximum[r] = v > maximum[r] ? v : maximum[r];                                             \
            }                                                                                             \
        for (int r = 0; r < count; ++r) sum[r] = 0.0f;                                                    \
        for (int j = 0; j < columns; ++j)                                                                 \
            for (int r = 0; r < count; ++r) sum[r] = sum[r] + swiftrl_exp(z[r * columns + j] - maximum[r]); \
        for (int r = 0; r < count; ++r) shift[r] = maximum[r] + swiftrl_log_from_one(sum[r]);           \
        for (int r = 0; r < count; ++r) entropy[r] = 0.0f;                                                \
        if (x->entropies || x->gradients) {                                                               \
            for (int j = 0; j < columns; ++j)                                                             \
                for (int r = 0; r < count; ++r) {                                                         \
                    const float log_p = z[r * columns + j] - shift[r];                                    \
                    entropy[r] = entropy[r] - swiftrl_exp(log_p) * log_p;                                 \
                }                                                                                         \
        }                                                                                                 \
        if (x->entropies)                                                                                 \
            for (int r = 0; r < count; ++r) x->entropies[row0 + r] = entropy[r];                          \
        if (x->probabilities) {                                                                           \
            float *p = x->probabilities + (ptrdiff_t)row0 * columns;                                      \
            for (int j = 0; j < columns; ++j)                                                             \
                for (int r = 0; r < count; ++r) p[r * columns + j] = swiftrl_exp(z[r * columns + j] - shift[r]); \
        }                                                                                                 \
        if (!x->actions) return;                                                                          \
        const float *actions = x->actions + row0;                                                         \
        if (x->log_probabilities)                                                                         \
            for (int r = 0; r < count; ++r)                                                               \
                x->log_probabilities[row0 + r] = z[r * columns + (int)actions[r]] - shift[r];             \
        if (x->gradients) {                                                                               \
            float *g = x->gradients + (ptrdiff_t)row0 * columns;                                          \
            const float *weights = x->weights + row0;                                                     \
            for (int j = 0; j < columns; ++j)                                                             \
                for (int r = 0; r < count; ++r) {                                                         \
                    const float log_p = z[r * columns + j] - shift[r], p = swiftrl_exp(log_p);            \
                    const float indicator = (int)actions[r] == j ? 1.0f : 0.0f;                           \
                    g[r * columns + j] = weights[r] * (indicator - p) - x->entropy_weight * p * (log_p + entropy[r]); \
                }                                                                                         \
        }                                                                                                 \
    }                                                                                                     \
    ATTRIBUTES void swiftrl_categorical_##SUFFIX(const swiftrl_categorical_arguments *x) {                \
        for (int row0 = 0; row0 < x->rows; row0 += CATEGORICAL_BLOCK) {                                   \
            const int rest = x->rows - row0;                                                              \
            block_##SUFFIX(x, row0, rest < CATEGORICAL_BLOCK ? rest : CATEGORICAL_BLOCK);                 \
        }                                                                                                 \
    }

CATEGORICAL_BODY(portable, )

#ifdef SWIFTRL_X86_64
CATEGORICAL_BODY(avx2, __attribute__((target("avx2,fma"))))
CATEGORICAL_BODY(avx512, __attribute__((target("avx512f,avx512vl,fma"))))
#endif
