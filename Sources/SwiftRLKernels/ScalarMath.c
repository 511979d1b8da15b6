/* DeterministicMath.h's functions as calls, for Swift code (action distributions) that needs the
 * same bits on every CPU: libm's results differ between its FMA and non-FMA paths. */
#include "DeterministicMath.h"
#include "include/SwiftRLKernels.h"

float swiftrl_exp_float(float x) { return swiftrl_exp(x); }

void swiftrl_tanh_and_log_derivative_float(float u, float *tanh_u, float *log_derivative) {
    swiftrl_tanh_and_log_derivative(u, tanh_u, log_derivative);
}
