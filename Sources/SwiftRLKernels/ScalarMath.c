/* DeterministicMath.h's functions as calls, for Swift code (action distributions) that needs the
 * same bits on every CPU: libm's results differ between its FMA and non-FMA paths. */
#include "DeterministicMath.h"
#include "include/SwiftRLKernels.h"

float swiftrl_exp_float(float x) { return swiftrl_exp(x); }

float swiftrl_log_float(float x) {
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
    /* x = 2ᵏ · m with m in [1, 2); m − 1 is exact. */
    const float m = swiftrl_float_from_bits((bits & 0x007fffffu) | 0x3f800000u);
    const float kf = (float)k;
    return kf * 6.9313812256e-01f + (swiftrl_log1p_unit(m - 1.0f) + kf * 9.0580006145e-06f);
}

void swiftrl_tanh_and_log_derivative_float(float u, float *tanh_u, float *log_derivative) {
    swiftrl_tanh_and_log_derivative(u, tanh_u, log_derivative);
}
