/* Categorical distributions over logits, row by row, in the math of DeterministicMath.h so that
 * every variant gives the same bits. Each variant is the same loop compiled for its instruction set. */
#include "DeterministicMath.h"
#include "Variants.h"

#define CATEGORICAL_BODY(SUFFIX, ATTRIBUTES)                                                              \
    ATTRIBUTES void swiftrl_categorical_##SUFFIX(const swiftrl_categorical_arguments *x) {                \
        const int columns = x->columns;                                                                   \
        for (int row = 0; row < x->rows; ++row) {                                                         \
            const float *z = x->logits + (ptrdiff_t)row * columns;                                        \
            float maximum = z[0];                                                                         \
            for (int j = 1; j < columns; ++j) maximum = z[j] > maximum ? z[j] : maximum;                  \
            float sum = 0.0f;                                                                             \
            for (int j = 0; j < columns; ++j) sum = sum + swiftrl_exp(z[j] - maximum);                   \
            const float log_sum = swiftrl_log(sum), shift = maximum + log_sum;                            \
            float entropy = 0.0f;                                                                         \
            if (x->entropies || x->gradients) {                                                           \
                for (int j = 0; j < columns; ++j) {                                                       \
                    const float log_p = z[j] - shift;                                                     \
                    entropy = entropy - swiftrl_exp(log_p) * log_p;                                       \
                }                                                                                         \
            }                                                                                             \
            if (x->entropies) x->entropies[row] = entropy;                                                \
            if (x->probabilities) {                                                                       \
                for (int j = 0; j < columns; ++j)                                                         \
                    x->probabilities[(ptrdiff_t)row * columns + j] = swiftrl_exp(z[j] - shift);           \
            }                                                                                             \
            if (!x->actions) continue;                                                                    \
            const int action = (int)x->actions[row];                                                      \
            if (x->log_probabilities) x->log_probabilities[row] = z[action] - shift;                      \
            if (x->gradients) {                                                                           \
                const float weight = x->weights[row];                                                     \
                float *g = x->gradients + (ptrdiff_t)row * columns;                                       \
                for (int j = 0; j < columns; ++j) {                                                       \
                    const float log_p = z[j] - shift, p = swiftrl_exp(log_p);                             \
                    const float indicator = j == action ? 1.0f : 0.0f;                                    \
                    g[j] = weight * (indicator - p) - x->entropy_weight * p * (log_p + entropy);          \
                }                                                                                         \
            }                                                                                             \
        }                                                                                                 \
    }

CATEGORICAL_BODY(portable, )

#ifdef SWIFTRL_X86_64
CATEGORICAL_BODY(avx2, __attribute__((target("avx2,fma"))))
CATEGORICAL_BODY(avx512, __attribute__((target("avx512f,avx512vl,fma"))))
#endif
