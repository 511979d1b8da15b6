/* Standard normal pairs by Box–Muller, in double precision with SwiftRL's own log and sin/cos
 * (fdlibm's algorithms, IEEE operations only, no contraction): the same bits on every CPU, C library
 * and variant, unlike libm's functions. Each variant is the same loop compiled for its instruction set. */
#include <stdint.h>
#include <string.h>

#include "Variants.h"

#pragma clang fp contract(off)

#define MATH static inline __attribute__((always_inline))

/* log x for x in [2^-24, 1] (fdlibm's e_log.c: x = 2^k (1 + f), s = f / (2 + f), a degree-14 polynomial). */
MATH double unit_log(double x) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int64_t k = (int64_t)(bits >> 52) - 1023;
    uint64_t mantissa = (bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull;
    double m;
    memcpy(&m, &mantissa, sizeof m);
    const int big = m > 1.4142135623730951;
    m = big ? 0.5 * m : m;
    k = big ? k + 1 : k;
    const double f = m - 1.0, dk = (double)k;
    const double s = f / (2.0 + f), z = s * s, w = z * z;
    const double t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01));
    const double t2 = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01
                      + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)));
    const double half_f_squared = 0.5 * f * f;
    return dk * 6.93147180369123816490e-01
        - ((half_f_squared - (s * (half_f_squared + (t1 + t2)) + dk * 1.90821492927058770002e-10)) - f);
}

/* sin and cos of θ for |θ| ≤ π/4 (fdlibm's __kernel_sin and __kernel_cos without the tail term). */
MATH double kernel_sin(double x) {
    const double z = x * x, v = z * x;
    const double r = 8.33333333332248946124e-03 + z * (-1.98412698298579493134e-04 + z * (2.75573137070700676789e-06
                     + z * (-2.50507602534068634195e-08 + z * 1.58969099521155010221e-10)));
    return x + v * (-1.66666666666666324348e-01 + z * r);
}

MATH double kernel_cos(double x) {
    const double z = x * x;
    const double r = z * (4.16666666666666019037e-02 + z * (-1.38888888888741095749e-03 + z * (2.48015872894767294178e-05
                     + z * (-2.75573143513906633035e-07 + z * (2.08757232129817482790e-09 + z * -1.13596475577881948265e-11)))));
    const double half_z = 0.5 * z, w = 1.0 - half_z;
    return w + (((1.0 - w) - half_z) + z * r);
}

/* cos and sin of 2π v for v in [0, 1): 4v = n + r exactly, |r| ≤ 1/2, then quadrant n of r π/2. */
MATH void turn_sincos(double v, double *cosine, double *sine) {
    const double t = 4.0 * v;
    const double shift = 6755399441055744.0; /* 1.5 · 2⁵², adding it rounds to an integer */
    const double n = (t + shift) - shift;
    const double theta = (t - n) * 1.57079632679489655800e+00;
    const double s = kernel_sin(theta), c = kernel_cos(theta);
    const int quadrant = (int)n & 3;
    const double c1 = (quadrant & 1) ? -s : c, s1 = (quadrant & 1) ? c : s;
    *cosine = (quadrant & 2) ? -c1 : c1;
    *sine = (quadrant & 2) ? -s1 : s1;
}

#define BOX_MULLER_BODY(SUFFIX, ATTRIBUTES)                                                               \
    ATTRIBUTES void swiftrl_box_muller_##SUFFIX(int pairs, const float *restrict u1, const float *restrict u2, \
                                               float *restrict cosines, float *restrict sines) {         \
        for (int i = 0; i < pairs; ++i) {                                                                \
            const double radius = __builtin_elementwise_sqrt(-2.0 * unit_log(1.0 - (double)u1[i]));      \
            double c, s;                                                                                 \
            turn_sincos((double)u2[i], &c, &s);                                                          \
            cosines[i] = (float)(radius * c);                                                            \
            sines[i] = (float)(radius * s);                                                              \
        }                                                                                                \
    }

BOX_MULLER_BODY(portable, )
#ifdef SWIFTRL_X86_64
BOX_MULLER_BODY(avx2, __attribute__((target("avx2,fma"))))
BOX_MULLER_BODY(avx512, __attribute__((target("avx512f,avx512vl,avx512dq,fma"))))
#endif
