/* exp, expm1, log1p and tanh from IEEE operations and fused multiply-adds only, so that every
 * variant (and any vectorization of a loop that calls them) gives the same bits, unlike libm, whose
 * results differ between libraries and between its own FMA and non-FMA paths. Branch-free selects
 * keep loops vectorizable. Measured against float64 (SACPolicyMathTests): exp within 1 ulp on
 * [-20, 2], tanh within 2.5 ulp, log(1 − tanh² u) within 3e-7 · max(1, |value|). Internal. */
#ifndef SWIFTRL_KERNELS_DETERMINISTIC_MATH_H
#define SWIFTRL_KERNELS_DETERMINISTIC_MATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#pragma clang fp contract(off)

#define SWIFTRL_MATH static inline __attribute__((always_inline))

SWIFTRL_MATH float swiftrl_float_from_bits(uint32_t bits) {
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

/* Splits x in [-87, 88] into n·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 in two parts); returns r and
 * sets 2ⁿ. */
SWIFTRL_MATH float swiftrl_reduce_by_ln2(float x, float *two_to_n) {
    const float shift = 12582912.0f; /* 1.5 · 2²³: adding it rounds to an integer */
    const float n = fmaf(x, 1.44269504f, shift) - shift;
    *two_to_n = swiftrl_float_from_bits((uint32_t)((int32_t)n + 127) << 23);
    const float r = fmaf(-n, 0.693145752f, x);
    return fmaf(-n, 1.42860677e-6f, r);
}

/* eˣ for x in [-87, 88] (x below is taken as -87, above as 88): a degree-7 Taylor polynomial for eʳ
 * after swiftrl_reduce_by_ln2, times 2ⁿ. */
SWIFTRL_MATH float swiftrl_exp(float x) {
    x = x < -87.0f ? -87.0f : x;
    x = x > 88.0f ? 88.0f : x;
    float scale;
    const float r = swiftrl_reduce_by_ln2(x, &scale);
    float p = 1.0f / 5040.0f;
    p = fmaf(p, r, 1.0f / 720.0f);
    p = fmaf(p, r, 1.0f / 120.0f);
    p = fmaf(p, r, 1.0f / 24.0f);
    p = fmaf(p, r, 1.0f / 6.0f);
    p = fmaf(p, r, 0.5f);
    p = fmaf(p, r, 1.0f);
    p = fmaf(p, r, 1.0f);
    return p * scale;
}

/* eˣ − 1 and eˣ for x ≤ 0 (below -87 taken as -87): a degree-8 Taylor polynomial for eʳ − 1 after
 * swiftrl_reduce_by_ln2, then 2ⁿ·(eʳ − 1) + (2ⁿ − 1) and 2ⁿ·(eʳ − 1) + 2ⁿ, one rounding each. */
SWIFTRL_MATH void swiftrl_expm1_and_exp_nonpositive(float x, float *expm1_x, float *exp_x) {
    x = x < -87.0f ? -87.0f : x;
    float scale;
    const float r = swiftrl_reduce_by_ln2(x, &scale);
    float q = 1.0f / 40320.0f;
    q = fmaf(q, r, 1.0f / 5040.0f);
    q = fmaf(q, r, 1.0f / 720.0f);
    q = fmaf(q, r, 1.0f / 120.0f);
    q = fmaf(q, r, 1.0f / 24.0f);
    q = fmaf(q, r, 1.0f / 6.0f);
    q = fmaf(q, r, 0.5f);
    const float expm1_r = fmaf(q, r * r, r);
    *expm1_x = fmaf(scale, expm1_r, scale - 1.0f);
    *exp_x = fmaf(scale, expm1_r, scale);
}

/* log(1 + e) for e in [0, 1]: y = 1 + e rounded, log y as fdlibm's logf computes it (y = 2ᵏ(1 + f),
 * s = f / (2 + f), a degree-8 polynomial in s), plus the rounding of 1 + e, (e − (y − 1)) / y. */
SWIFTRL_MATH float swiftrl_log1p_unit(float e) {
    const float y = 1.0f + e;
    const float correction = (e - (y - 1.0f)) / y;
    const int big = y > 1.41421354f;
    const float k = big ? 1.0f : 0.0f;
    const float f = (big ? 0.5f * y : y) - 1.0f;
    const float s = f / (2.0f + f);
    const float z = s * s, w = z * z;
    const float t1 = w * (0.40000972152f + w * 0.24279078841f);
    const float t2 = z * (0.66666662693f + w * 0.28498786688f);
    const float half_f_squared = 0.5f * f * f;
    const float log_y = k * 6.9313812256e-01f
        - ((half_f_squared - (s * (half_f_squared + (t1 + t2)) + k * 9.0580006145e-06f)) - f);
    return log_y + correction;
}

/* The natural logarithm of x > 0 (−inf for 0, NaN below): x = 2ᵏ·m with m in [1, 2), m − 1 exact,
 * log m by swiftrl_log1p_unit, k·ln 2 in two parts as fdlibm adds them. */
SWIFTRL_MATH float swiftrl_log(float x) {
    if (!(x > 0.0f)) return x == 0.0f ? -INFINITY : NAN;
    if (x == INFINITY) return x;
    int k = 0;
    if (x < 1.17549435e-38f) { /* subnormal: scale into the normal range first */
        x *= 16777216.0f;
        k = -24;
    }
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    k += (int)(bits >> 23) - 127;
    const float m = swiftrl_float_from_bits((bits & 0x007fffffu) | 0x3f800000u);
    const float kf = (float)k;
    return kf * 6.9313812256e-01f + (swiftrl_log1p_unit(m - 1.0f) + kf * 9.0580006145e-06f);
}

/* log x for x in [1, ∞), branch-free so that loops over it vectorize: the same bits as swiftrl_log
 * there; ∞ for ∞ and NaN for anything below 1 or NaN. */
SWIFTRL_MATH float swiftrl_log_from_one(float x) {
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    const float kf = (float)((int)(bits >> 23) - 127);
    const float m = swiftrl_float_from_bits((bits & 0x007fffffu) | 0x3f800000u);
    const float value = kf * 6.9313812256e-01f + (swiftrl_log1p_unit(m - 1.0f) + kf * 9.0580006145e-06f);
    return x >= 1.0f && x < INFINITY ? value : (x == INFINITY ? x : NAN);
}

/* tanh u from m = e^(−2|u|) − 1 and e = e^(−2|u|): −m / (2 + m) near 0, where m is small;
 * 1 − 2e / (1 + e) further out, where e is. */
SWIFTRL_MATH float swiftrl_tanh_from(float u, float m, float e) {
    /* One division for both branches: operands selected first, so a vector lane divides once. */
    const int near_zero = fabsf(u) < 0.55f;
    const float quotient = (near_zero ? -m : 2.0f * e) / (near_zero ? 2.0f + m : 1.0f + e);
    return copysignf(near_zero ? quotient : 1.0f - quotient, u);
}

/* tanh u (within 2.5 ulp), branch-free so that loops over it vectorize. */
SWIFTRL_MATH float swiftrl_tanh(float u) {
    float m, e;
    swiftrl_expm1_and_exp_nonpositive(-2.0f * fabsf(u), &m, &e);
    return swiftrl_tanh_from(u, m, e);
}

/* tanh u and log(1 − tanh² u) = 2 (log 2 − |u| − log(1 + e^(−2|u|))), from one exponential. */
SWIFTRL_MATH void swiftrl_tanh_and_log_derivative(float u, float *tanh_u, float *log_derivative) {
    const float a = fabsf(u);
    float m, e;
    swiftrl_expm1_and_exp_nonpositive(-2.0f * a, &m, &e);
    *tanh_u = swiftrl_tanh_from(u, m, e);
    *log_derivative = 2.0f * (0.693147182f - a - swiftrl_log1p_unit(e));
}

#endif
