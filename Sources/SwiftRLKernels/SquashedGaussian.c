/* Samples of SAC's tanh-squashed diagonal Gaussian policy, in the math of DeterministicMath.h, so
 * that every variant gives the same bits. Each variant is the same loop compiled for its
 * instruction set. */
#include "DeterministicMath.h"
#include "Variants.h"

/* One flat loop over every element (restrict parameters let it vectorize), then the per-row sums
 * in order. */
#define SQUASHED_GAUSSIAN_BODY(SUFFIX, ATTRIBUTES)                                                        \
    ATTRIBUTES static void elements_##SUFFIX(int count, int dims, const float *restrict output,          \
                                             const float *restrict noises, float minimum, float maximum, \
                                             float *restrict actions, float *restrict deviations,        \
                                             float *restrict densities) {                                \
        for (int index = 0; index < count; ++index) {                                                    \
            const int row = index / dims, i = index - row * dims;                                        \
            const float mean = output[row * 2 * dims + i];                                               \
            const float raw = output[row * 2 * dims + dims + i];                                         \
            float log_std = raw < minimum ? minimum : raw;                                               \
            log_std = log_std > maximum ? maximum : log_std;                                             \
            const float noise = noises[index];                                                           \
            const float standard_deviation = swiftrl_exp(log_std);                                       \
            const float u = fmaf(standard_deviation, noise, mean);                                       \
            float action, log_derivative;                                                                \
            swiftrl_tanh_and_log_derivative(u, &action, &log_derivative);                                \
            actions[index] = action;                                                                     \
            deviations[index] = standard_deviation;                                                      \
            densities[index] = ((-0.5f * noise * noise - log_std) - 0.918938533f) - log_derivative;     \
        }                                                                                                \
    }                                                                                                    \
    ATTRIBUTES void swiftrl_squashed_gaussian_##SUFFIX(const swiftrl_squashed_gaussian_arguments *x) { \
        const int dims = x->dimensions;                                                                  \
        elements_##SUFFIX(x->rows * dims, dims, x->actor_output, x->noise, x->log_std_min, x->log_std_max, \
                          x->actions, x->standard_deviations, x->log_densities);                         \
        for (int row = 0; row < x->rows; ++row) {                                                        \
            float sum = 0.0f;                                                                            \
            for (int i = 0; i < dims; ++i) sum = sum + x->log_densities[row * dims + i];                 \
            x->log_probabilities[row] = sum;                                                             \
        }                                                                                                \
    }

SQUASHED_GAUSSIAN_BODY(portable, )
#ifdef SWIFTRL_X86_64
SQUASHED_GAUSSIAN_BODY(avx2, __attribute__((target("avx2,fma"))))
SQUASHED_GAUSSIAN_BODY(avx512, __attribute__((target("avx512f,avx512vl,fma"))))
#endif
