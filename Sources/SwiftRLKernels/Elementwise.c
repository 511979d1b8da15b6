/* Elementwise kernels: Adam and Polyak averaging over parameter vectors, tanh and RLtools' fast
 * tanh over activations, exp (PPO's probability ratios), and the finiteness check of gradients.
 * They use IEEE operations and fused multiply-adds only (no contraction, exact square root and
 * division), so the compiler's vectorization at any width gives the same bits; each variant is the
 * same loop compiled for its instruction set. */
#include <float.h>
#include <math.h>

#include "DeterministicMath.h"
#include "Variants.h"

#pragma clang fp contract(off)

/* The correctly rounded square root without errno, so that loops vectorize. */
#if __has_builtin(__builtin_elementwise_sqrt)
#define SQUARE_ROOT(x) __builtin_elementwise_sqrt(x)
#else
#define SQUARE_ROOT(x) sqrtf(x)
#endif

#define ELEMENTWISE_BODIES(SUFFIX, ATTRIBUTES)                                                            \
    ATTRIBUTES void swiftrl_adam_##SUFFIX(const swiftrl_adam_arguments *x) {                               \
        const float beta1 = x->beta1, beta2 = x->beta2, keep1 = 1.0f - beta1, keep2 = 1.0f - beta2;       \
        const float epsilon = x->epsilon, step = x->step_size, correction = x->second_correction;         \
        float *restrict p = x->parameters, *restrict m = x->first_moments, *restrict v = x->second_moments; \
        const float *restrict g = x->gradients;                                                           \
        for (ptrdiff_t i = 0; i < x->count; ++i) {                                                        \
            const float first = beta1 * m[i] + keep1 * g[i];                                               \
            const float second = beta2 * v[i] + keep2 * (g[i] * g[i]);                                     \
            m[i] = first;                                                                                  \
            v[i] = second;                                                                                 \
            p[i] = p[i] - step * first / (SQUARE_ROOT(second * correction) + epsilon);                \
        }                                                                                                  \
    }                                                                                                      \
    ATTRIBUTES void swiftrl_polyak_##SUFFIX(ptrdiff_t count, float *restrict target, const float *restrict source, \
                                          float keep) {                                                  \
        const float blend = 1.0f - keep;                                                                   \
        for (ptrdiff_t i = 0; i < count; ++i) target[i] = keep * target[i] + blend * source[i];           \
    }                                                                                                      \
    ATTRIBUTES void swiftrl_tanh_##SUFFIX(ptrdiff_t count, float *restrict values) {                      \
        for (ptrdiff_t i = 0; i < count; ++i) values[i] = swiftrl_tanh(values[i]);                        \
    }                                                                                                      \
    ATTRIBUTES void swiftrl_fast_tanh_##SUFFIX(ptrdiff_t count, float *restrict values) {                 \
        for (ptrdiff_t i = 0; i < count; ++i) {                                                            \
            const float v = values[i];                                                                     \
            const float x = v < -3.0f ? -3.0f : (v > 3.0f ? 3.0f : v);                                     \
            const float square = x * x;                                                                    \
            values[i] = x * (27.0f + square) / (27.0f + 9.0f * square);                                    \
        }                                                                                                  \
    }                                                                                                      \
    ATTRIBUTES void swiftrl_exp_##SUFFIX(ptrdiff_t count, float *restrict values) {                       \
        for (ptrdiff_t i = 0; i < count; ++i) values[i] = swiftrl_exp(values[i]);                          \
    }                                                                                                      \
    ATTRIBUTES int swiftrl_all_finite_##SUFFIX(ptrdiff_t count, const float *restrict values) {           \
        int finite = 1;                                                                                    \
        for (ptrdiff_t i = 0; i < count; ++i) finite &= fabsf(values[i]) <= FLT_MAX;                      \
        return finite;                                                                                     \
    }

ELEMENTWISE_BODIES(portable, )

#ifdef SWIFTRL_X86_64
ELEMENTWISE_BODIES(avx2, __attribute__((target("avx2,fma"))))
ELEMENTWISE_BODIES(avx512, __attribute__((target("avx512f,avx512vl,fma"))))
#endif
