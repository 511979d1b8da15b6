/* The elementwise work of LSTM and GRU steps, forward and backward, over all rows of a step in one
 * flat loop, in the math of DeterministicMath.h (σ(v) = 1 / (1 + e^(−v))), so that every variant
 * gives the same bits. Each variant is the same loop compiled for its instruction set. */
#include "DeterministicMath.h"
#include "Variants.h"

#pragma clang fp contract(off)

SWIFTRL_MATH float swiftrl_sigmoid(float v) { return 1.0f / (1.0f + swiftrl_exp(-v)); }

/* Each step's rows one after the other, and within a row one loop over the units, whose gate
 * blocks are contiguous, so that the loop vectorizes. */
#define RECURRENT_BODIES(SUFFIX, ATTRIBUTES)                                                              \
    ATTRIBUTES static void lstm_forward_row_##SUFFIX(int h, float *restrict input, float *restrict forget, \
                                                     float *restrict candidate, float *restrict output,   \
                                                     const float *restrict previous, float *restrict cells, \
                                                     float *restrict cell_tanh, float *restrict hidden) { \
        for (int j = 0; j < h; ++j) {                                                                     \
            const float i = swiftrl_sigmoid(input[j]), f = swiftrl_sigmoid(forget[j]);                    \
            const float g = swiftrl_tanh(candidate[j]), o = swiftrl_sigmoid(output[j]);                   \
            input[j] = i;                                                                                 \
            forget[j] = f;                                                                                \
            candidate[j] = g;                                                                             \
            output[j] = o;                                                                                \
            const float cell = f * previous[j] + i * g;                                                   \
            const float t = swiftrl_tanh(cell);                                                           \
            cells[j] = cell;                                                                              \
            cell_tanh[j] = t;                                                                             \
            hidden[j] = o * t;                                                                            \
        }                                                                                                 \
    }                                                                                                     \
    ATTRIBUTES void swiftrl_lstm_forward_##SUFFIX(const swiftrl_lstm_forward_arguments *x) {              \
        const int h = x->hidden;                                                                          \
        for (int row = 0; row < x->rows; ++row) {                                                         \
            float *z = x->gates + row * 4 * h;                                                            \
            const int at = row * h;                                                                       \
            lstm_forward_row_##SUFFIX(h, z, z + h, z + 2 * h, z + 3 * h, x->previous_cells + at, x->cells + at, \
                                      x->cell_tanh + at, x->hidden_out + at);                             \
        }                                                                                                 \
    }                                                                                                     \
    ATTRIBUTES static void gru_forward_row_##SUFFIX(int h, float *restrict reset_gate, float *restrict update_gate, \
                                                    float *restrict candidate_gate, const float *restrict products, \
                                                    const float *restrict previous, float *restrict hidden) { \
        for (int j = 0; j < h; ++j) {                                                                     \
            const float reset = swiftrl_sigmoid(reset_gate[j] + products[j]);                             \
            const float update = swiftrl_sigmoid(update_gate[j] + products[h + j]);                       \
            const float candidate = swiftrl_tanh(candidate_gate[j] + reset * products[2 * h + j]);        \
            reset_gate[j] = reset;                                                                        \
            update_gate[j] = update;                                                                      \
            candidate_gate[j] = candidate;                                                                \
            hidden[j] = (1.0f - update) * candidate + update * previous[j];                               \
        }                                                                                                 \
    }                                                                                                     \
    ATTRIBUTES void swiftrl_gru_forward_##SUFFIX(const swiftrl_gru_forward_arguments *x) {                \
        const int h = x->hidden;                                                                          \
        for (int row = 0; row < x->rows; ++row) {                                                         \
            float *z = x->gates + row * 3 * h;                                                            \
            gru_forward_row_##SUFFIX(h, z, z + h, z + 2 * h, x->hidden_products + row * 3 * h,            \
                                     x->previous_hidden + row * h, x->hidden_out + row * h);              \
        }                                                                                                 \
    }                                                                                                     \
    ATTRIBUTES static void lstm_backward_row_##SUFFIX(int h, const float *restrict z, const float *restrict cell_tanh, \
                                                      const float *restrict previous, const float *restrict dy, \
                                                      const float *restrict dh, float *restrict dc,       \
                                                      float *restrict d_input, float *restrict d_forget,  \
                                                      float *restrict d_candidate, float *restrict d_output) { \
        for (int j = 0; j < h; ++j) {                                                                     \
            const float input = z[j], forget = z[h + j], candidate = z[2 * h + j], output = z[3 * h + j]; \
            const float hidden_gradient = dy[j] + dh[j];                                                  \
            const float t = cell_tanh[j];                                                                 \
            const float cell_gradient = dc[j] + hidden_gradient * output * (1.0f - t * t);                \
            d_input[j] = cell_gradient * candidate * input * (1.0f - input);                              \
            d_forget[j] = cell_gradient * previous[j] * forget * (1.0f - forget);                         \
            d_candidate[j] = cell_gradient * input * (1.0f - candidate * candidate);                      \
            d_output[j] = hidden_gradient * t * output * (1.0f - output);                                 \
            dc[j] = cell_gradient * forget;                                                               \
        }                                                                                                 \
    }                                                                                                     \
    ATTRIBUTES void swiftrl_lstm_backward_##SUFFIX(const swiftrl_lstm_backward_arguments *x) {            \
        const int h = x->hidden;                                                                          \
        for (int row = 0; row < x->rows; ++row) {                                                         \
            float *d = x->gate_gradients + row * 4 * h;                                                   \
            const int at = row * h;                                                                       \
            lstm_backward_row_##SUFFIX(h, x->gates + row * 4 * h, x->cell_tanh + at, x->previous_cells + at, \
                                       x->output_gradient + at, x->hidden_gradient + at, x->cell_gradient + at, \
                                       d, d + h, d + 2 * h, d + 3 * h);                                   \
        }                                                                                                 \
    }                                                                                                     \
    ATTRIBUTES static void gru_backward_row_##SUFFIX(int h, const float *restrict z, const float *restrict products, \
                                                     const float *restrict previous, const float *restrict dy, \
                                                     float *restrict dh, float *restrict dx_reset,        \
                                                     float *restrict dx_update, float *restrict dx_candidate, \
                                                     float *restrict dh_reset, float *restrict dh_update, \
                                                     float *restrict dh_candidate) {                      \
        for (int j = 0; j < h; ++j) {                                                                     \
            const float reset = z[j], update = z[h + j], candidate = z[2 * h + j];                        \
            const float hidden_gradient = dy[j] + dh[j];                                                  \
            const float candidate_gradient = hidden_gradient * (1.0f - update) * (1.0f - candidate * candidate); \
            const float reset_gradient = candidate_gradient * products[2 * h + j] * reset * (1.0f - reset); \
            const float update_gradient = hidden_gradient * (previous[j] - candidate) * update * (1.0f - update); \
            dx_reset[j] = reset_gradient;                                                                 \
            dx_update[j] = update_gradient;                                                               \
            dx_candidate[j] = candidate_gradient;                                                         \
            dh_reset[j] = reset_gradient;                                                                 \
            dh_update[j] = update_gradient;                                                               \
            dh_candidate[j] = candidate_gradient * reset;                                                 \
            dh[j] = hidden_gradient * update;                                                             \
        }                                                                                                 \
    }                                                                                                     \
    ATTRIBUTES void swiftrl_gru_backward_##SUFFIX(const swiftrl_gru_backward_arguments *x) {              \
        const int h = x->hidden;                                                                          \
        for (int row = 0; row < x->rows; ++row) {                                                         \
            float *dx = x->gate_gradients + row * 3 * h, *dhz = x->hidden_gate_gradients + row * 3 * h;   \
            const int at = row * h;                                                                       \
            gru_backward_row_##SUFFIX(h, x->gates + row * 3 * h, x->hidden_products + row * 3 * h,        \
                                      x->previous_hidden + at, x->output_gradient + at, x->hidden_gradient + at, \
                                      dx, dx + h, dx + 2 * h, dhz, dhz + h, dhz + 2 * h);                 \
        }                                                                                                 \
    }

RECURRENT_BODIES(portable, )

#ifdef SWIFTRL_X86_64
RECURRENT_BODIES(avx2, __attribute__((target("avx2,fma"))))
RECURRENT_BODIES(avx512, __attribute__((target("avx512f,avx512vl,fma"))))
#endif
