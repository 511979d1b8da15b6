/*
 * SwiftRL's numeric kernels: the products and elementwise passes that need wide vector
 * instructions, compiled in several variants (AVX-512, AVX2 + FMA, portable C) and chosen once at
 * run time from what the CPU supports. No compiler flag is needed: each variant carries its
 * instruction set in a per-function target attribute.
 *
 * Every variant computes the same bits. A product element is one chain of fused multiply-adds in
 * the order of k, started from its start value (see swiftrl_gemm); a "dot" product (fewer than 4
 * columns of C over rows of A read along k) keeps 16 lane chains and adds them in one fixed tree.
 * Elementwise kernels use IEEE operations only (no contraction, no approximation).
 *
 * Subnormal numbers are treated as zero, on input and output, by every variant (x86-64: the
 * MXCSR's DAZ and FTZ bits, set for the duration of each call and restored after it; ARM: FPCR.FZ or FPSCR.FZ),
 * so they never cost the 250x slow path of microcode assists and never change the result between
 * variants.
 */
#ifndef SWIFTRL_KERNELS_H
#define SWIFTRL_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MARK: - Variants */

/** The kernel families, from the most portable to the widest. */
typedef enum {
    /** Plain C with fmaf (SSE2 on x86-64, NEON on arm64 through the compiler's vectorizer). */
    SWIFTRL_KERNELS_PORTABLE = 0,
    /** AVX2 with FMA (x86-64 since Haswell / Zen). */
    SWIFTRL_KERNELS_AVX2 = 1,
    /** AVX-512 F + VL with FMA (x86-64 since Skylake-SP / Zen 4). */
    SWIFTRL_KERNELS_AVX512 = 2,
} swiftrl_kernel_variant;

/** The widest variant this CPU supports. */
swiftrl_kernel_variant swiftrl_kernels_supported(void);

/**
 * The variant the kernels use on threads without an override: the widest supported one, capped by
 * the environment variable SWIFTRL_KERNELS (avx512, avx2 or portable) when it is set. Decided once,
 * at the first call.
 */
swiftrl_kernel_variant swiftrl_kernels_selected(void);

/** 1 when SWIFTRL_KERNELS is unset or names a variant, 0 when it holds anything else (then ignored). */
int swiftrl_kernels_environment_is_valid(void);

/**
 * Makes the calling thread use `variant` (capped by what the CPU supports), or the selected variant
 * again when `variant` is negative. For tests and benchmarks that compare variants in one process.
 */
void swiftrl_kernels_set_thread_override(int variant);

/** The calling thread's override, or -1 when it has none. */
int swiftrl_kernels_thread_override(void);

/** The variant a kernel called on this thread runs. */
swiftrl_kernel_variant swiftrl_kernels_active(void);

/** A hint to the CPU that the caller is spinning (x86 `pause`, ARM `yield`): it frees the core's
 * shared resources for a hyperthread sibling and saves power. */
static inline void swiftrl_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield");
#endif
}

/* MARK: - Products */

/** What happens to each product element after its start value and the products are summed. */
typedef enum {
    /** Stored as it is. */
    SWIFTRL_EPILOGUE_NONE = 0,
    /** ReLU: x < 0 ? +0 : x (−0 and NaN pass unchanged). */
    SWIFTRL_EPILOGUE_RELU = 1,
    /** ReLU's derivative from the layer's outputs y: y <= 0 ? +0 : x (NaN in y keeps x). */
    SWIFTRL_EPILOGUE_RELU_DERIVATIVE = 2,
    /** tanh's derivative from the layer's outputs y: x · (1 − y · y), each operation rounded. */
    SWIFTRL_EPILOGUE_TANH_DERIVATIVE = 3,
} swiftrl_epilogue;

/**
 * The arguments of one product C = epilogue(start + A · B).
 *
 * A[i, p] is a[i * a_row_stride + p * a_column_stride] (a transposed operand costs nothing);
 * B[p, j] is b[p * b_row_stride + j]; C[i, j] is c[i * c_row_stride + j]. The start value of C[i, j]
 * is C[i, j] itself when `accumulate` is set, else bias[j] when `bias` is given, else +0.
 * For the derivative epilogues, `epilogue_source` holds y with C's layout.
 *
 * Every element is computed as s = start; s = fma(A[i, p], B[p, j], s) for p = 0, 1, ..., k - 1,
 * then the epilogue; except in the "dot" form, taken when n < 4 and a_column_stride == 1: there
 * lane l (0..15) accumulates fma(A[i, p], B[p, j], lane) over p ≡ l (mod 16) in order, from +0; the
 * lanes are added as x[l] + x[l + 8], then + 4, + 2, + 1; then C[i, j] = start + that sum, and the
 * epilogue. The form depends on n and the strides only, never on m, so any division of the rows
 * between threads gives the same bits.
 */
typedef struct {
    int m, n, k;
    const float *a;
    ptrdiff_t a_row_stride, a_column_stride;
    const float *b;
    ptrdiff_t b_row_stride;
    float *c;
    ptrdiff_t c_row_stride;
    const float *bias;
    int accumulate;
    swiftrl_epilogue epilogue;
    const float *epilogue_source;
} swiftrl_gemm_arguments;

/** Computes one product with the thread's active variant. */
void swiftrl_gemm(const swiftrl_gemm_arguments *arguments);

/** Writes the transpose of the row-major rows × columns matrix `source` into `destination`. */
void swiftrl_transpose(const float *source, int rows, int columns, float *destination);

/* MARK: - Elementwise */

/** One Adam step over a flat parameter vector (see swiftrl_adam). */
typedef struct {
    ptrdiff_t count;
    float *parameters;
    float *first_moments;
    float *second_moments;
    const float *gradients;
    float beta1, beta2, epsilon;
    /** α / (1 − β₁ᵗ). */
    float step_size;
    /** 1 / (1 − β₂ᵗ). */
    float second_correction;
} swiftrl_adam_arguments;

/**
 * Adam, elementwise, in this order of IEEE operations (correctly rounded square root and division):
 * m = β₁·m + (1 − β₁)·g;  v = β₂·v + (1 − β₂)·(g·g);  p = p − (step_size·m) / (√(v·second_correction) + ε).
 */
void swiftrl_adam(const swiftrl_adam_arguments *arguments);

/** Polyak averaging: target = keep·target + (1 − keep)·source, elementwise. */
void swiftrl_polyak_average(ptrdiff_t count, float *target, const float *source, float keep);

/** tanh of `count` values in place, in SwiftRL's own arithmetic (within 2.5 ulp): the same bits on
 *  every CPU and variant, vectorized. */
void swiftrl_tanh_in_place(ptrdiff_t count, float *values);

/** RLtools' fast tanh of `count` values in place: x clamped to [−3, 3], then
 *  x · (27 + x²) / (27 + 9x²) (IEEE operations only, so every variant gives the same bits). */
void swiftrl_fast_tanh_in_place(ptrdiff_t count, float *values);

/** eˣ of `count` values in place, as swiftrl_exp_float computes each (within 1 ulp on [−20, 2]; x
 *  below −87 taken as −87, above 88 as 88): the same bits on every CPU and variant, vectorized. */
void swiftrl_exp_in_place(ptrdiff_t count, float *values);

/** 1 when none of `count` values is NaN or infinite, else 0 (a check before an update is applied). */
int swiftrl_all_finite(ptrdiff_t count, const float *values);

/* MARK: - Recurrent layers */

/** One LSTM step's elementwise work over `rows` rows of `hidden` units (PyTorch's gate order i, f, g, o). */
typedef struct {
    int rows, hidden;
    /** rows × 4·hidden: in, each gate's preactivation (x·Wᵢ + h·Wₕ + bᵢ + bₕ); out, its activation. */
    float *gates;
    /** rows × hidden: the cell state the step starts from. */
    const float *previous_cells;
    /** rows × hidden each: c' = f·c + i·g, tanh c', and h' = o·tanh c'. */
    float *cells, *cell_tanh, *hidden_out;
} swiftrl_lstm_forward_arguments;

/** σ and tanh of the gates, then the new cell and hidden states. */
void swiftrl_lstm_forward(const swiftrl_lstm_forward_arguments *arguments);

/** One GRU step's elementwise work over `rows` rows of `hidden` units (PyTorch's gate order r, z, n). */
typedef struct {
    int rows, hidden;
    /** rows × 3·hidden: in, x·Wᵢ + bᵢ; out, the activations r, z, n. */
    float *gates;
    /** rows × 3·hidden: h·Wₕ + bₕ. */
    const float *hidden_products;
    /** rows × hidden: the hidden state the step starts from. */
    const float *previous_hidden;
    /** rows × hidden: h' = (1 − z)·n + z·h. */
    float *hidden_out;
} swiftrl_gru_forward_arguments;

/** r = σ(·), z = σ(·), n = tanh(x-side + r·(h·Wₕₙ + bₕₙ)), then the new hidden state. */
void swiftrl_gru_forward(const swiftrl_gru_forward_arguments *arguments);

/** One LSTM step's gradients over `rows` rows, from the forward pass's cached values. */
typedef struct {
    int rows, hidden;
    /** rows × 4·hidden activations, rows × hidden tanh c' and c. */
    const float *gates, *cell_tanh, *previous_cells;
    /** rows × hidden: ∂loss/∂h' from the outputs, and ∂loss/∂h' carried from the next step. */
    const float *output_gradient, *hidden_gradient;
    /** rows × hidden: in, ∂loss/∂c' carried from the next step; out, ∂loss/∂c for the step before. */
    float *cell_gradient;
    /** rows × 4·hidden: ∂loss/∂(gate preactivations). */
    float *gate_gradients;
} swiftrl_lstm_backward_arguments;

/** The gate gradients of an LSTM step, and the cell gradient carried back. */
void swiftrl_lstm_backward(const swiftrl_lstm_backward_arguments *arguments);

/** One GRU step's gradients over `rows` rows, from the forward pass's cached values. */
typedef struct {
    int rows, hidden;
    /** rows × 3·hidden activations and hidden-side products, rows × hidden the state it started from. */
    const float *gates, *hidden_products, *previous_hidden;
    /** rows × hidden: ∂loss/∂h' from the outputs. */
    const float *output_gradient;
    /** rows × hidden: in, ∂loss/∂h' carried from the next step; out, the direct share z·∂loss/∂h'. */
    float *hidden_gradient;
    /** rows × 3·hidden: ∂loss/∂(x-side preactivations) and ∂loss/∂(h·Wₕ + bₕ). */
    float *gate_gradients, *hidden_gate_gradients;
} swiftrl_gru_backward_arguments;

/** The gate gradients of a GRU step on both sides, and the direct share of ∂loss/∂h carried back. */
void swiftrl_gru_backward(const swiftrl_gru_backward_arguments *arguments);

/* MARK: - Policies */

/** Categorical distributions, one per row of logits: log π = z − (max z + log Σ e^(z − max z)). */
typedef struct {
    int rows, columns;
    /** rows × columns logits. */
    const float *logits;
    /** rows action indices (as floats), or NULL when only entropies or probabilities are wanted. */
    const float *actions;
    /** rows: log π(a) of each row's action, or NULL. */
    float *log_probabilities;
    /** rows: entropies −Σ p log p (added in column order from +0), or NULL. */
    float *entropies;
    /** rows × columns probabilities, or NULL. */
    float *probabilities;
    /** With gradients: rows weights w of log π(a). */
    const float *weights;
    /** With gradients: the weight c of every row's entropy. */
    float entropy_weight;
    /** rows × columns: ∂(w log π(a) + c H)/∂z = w([j = a] − p) − c p (log p + H), or NULL. */
    float *gradients;
} swiftrl_categorical_arguments;

/** Log-probabilities, entropies, probabilities and gradients of categorical distributions, as asked. */
void swiftrl_categorical(const swiftrl_categorical_arguments *arguments);

/** A batch of samples of a tanh-squashed diagonal Gaussian (SAC's policy). */
typedef struct {
    int rows, dimensions;
    /** Per row: `dimensions` means, then `dimensions` raw log standard deviations. */
    const float *actor_output;
    float log_std_min, log_std_max;
    /** rows × dimensions standard normal draws ε. */
    const float *noise;
    /** rows × dimensions: tanh(u), u = fma(σ, ε, μ). */
    float *actions;
    /** rows × dimensions: σ = exp(clamp(log σ̃)). */
    float *standard_deviations;
    /** rows × dimensions: −½ε² − log σ − ½ log 2π − log(1 − tanh² u). */
    float *log_densities;
    /** rows: the sum of each row's log densities, added in order from +0. */
    float *log_probabilities;
} swiftrl_squashed_gaussian_arguments;

/**
 * Samples actions and their log-probabilities. exp, tanh and log(1 − tanh²) are SwiftRL's own
 * (DeterministicMath.h): the same bits on every CPU and variant.
 */
void swiftrl_squashed_gaussian(const swiftrl_squashed_gaussian_arguments *arguments);

/* MARK: - Scalar math */

/** eˣ in SwiftRL's own arithmetic (x clamped to [−87, 88]; within 1 ulp on [−20, 2]): the same
 *  bits on every CPU, unlike libm's expf. */
float swiftrl_exp_float(float x);

/** tanh u and log(1 − tanh² u), computed stably from one exponential (as swiftrl_squashed_gaussian). */
void swiftrl_tanh_and_log_derivative_float(float u, float *tanh_u, float *log_derivative);

/* MARK: - Random numbers */

/**
 * Box–Muller: for each i, with r = √(−2 log(1 − u1[i])) and θ = 2π u2[i] in double precision,
 * cosines[i] = (float)(r cos θ) and sines[i] = (float)(r sin θ). log, sin and cos are SwiftRL's own
 * (fdlibm's algorithms), so the bits do not depend on the C library. u1 and u2 in [0, 1).
 */
void swiftrl_box_muller(int pairs, const float *u1, const float *u2, float *cosines, float *sines);

#ifdef __cplusplus
}
#endif

#endif
