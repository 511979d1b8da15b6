/* Runs SwiftRL's kernels on fixed inputs and prints one FNV-1a hash of the output bits per group of
 * cases. Built for the host (each SWIFTRL_KERNELS variant) and for ARM under qemu, its output must
 * not change: the kernels compute the same bits on every CPU. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "SwiftRLKernels.h"

static uint64_t random_state = 0x9E3779B97F4A7C15ull;
static uint64_t hash = 1469598103934665603ull;

/* A value in [-scale, scale) from a 64-bit linear congruential generator (exact on every CPU). */
static float next_value(float scale) {
    random_state = random_state * 6364136223846793005ull + 1442695040888963407ull;
    return scale * (float)((int32_t)(random_state >> 40) - (1 << 23)) / (float)(1 << 23);
}

static void fill(float *x, int count, float scale) {
    for (int i = 0; i < count; ++i) x[i] = next_value(scale);
}

static void mix(const float *x, int count) {
    for (int i = 0; i < count; ++i) {
        uint32_t bits;
        memcpy(&bits, x + i, sizeof bits);
        for (int byte = 0; byte < 4; ++byte) {
            hash ^= (bits >> (8 * byte)) & 0xFF;
            hash *= 1099511628211ull;
        }
    }
}

static void report(const char *group) {
    printf("%s %016llx\n", group, (unsigned long long)hash);
    hash = 1469598103934665603ull;
}

static float a[100 * 100], b[100 * 130], c[100 * 130], y[100 * 130], bias[130];

static void products(void) {
    static const int ms[] = {1, 7, 100}, ns[] = {1, 2, 3, 4, 17, 64, 65}, ks[] = {1, 3, 16, 17, 64, 100};
    int index = 0;
    for (int mi = 0; mi < 3; ++mi)
        for (int ni = 0; ni < 7; ++ni)
            for (int ki = 0; ki < 6; ++ki)
                for (int transposed = 0; transposed < 2; ++transposed, ++index) {
                    const int m = ms[mi], n = ns[ni], k = ks[ki];
                    fill(a, m * k, 1);
                    fill(b, k * n, 1);
                    fill(c, m * n, 1);
                    fill(y, m * n, 1);
                    fill(bias, n, 1);
                    swiftrl_gemm_arguments g = {
                        m, n, k, a, transposed ? 1 : k, transposed ? m : 1, b, n, c, n,
                        index % 3 == 1 ? bias : NULL, index % 3 == 2, (swiftrl_epilogue)(index / 3 % 3), y};
                    swiftrl_gemm(&g);
                    mix(c, m * n);
                }
    report("products");
    /* Subnormal inputs count as zero. */
    fill(a, 20 * 64, 1);
    for (int i = 0; i < 20 * 64; i += 2) a[i] *= 1e-38f;
    fill(b, 64 * 64, 1);
    swiftrl_gemm_arguments g = {20, 64, 64, a, 64, 1, b, 64, c, 64, NULL, 0, SWIFTRL_EPILOGUE_NONE, NULL};
    swiftrl_gemm(&g);
    mix(c, 20 * 64);
    report("subnormals");
}

static void policies(void) {
    float output[100 * 6], noise[100 * 3], actions[100 * 3], deviations[100 * 3], densities[100 * 3], log_pi[100];
    for (int dimensions = 1; dimensions <= 3; ++dimensions) {
        fill(output, 100 * 2 * dimensions, 8);
        fill(noise, 100 * dimensions, 3);
        swiftrl_squashed_gaussian_arguments x = {
            100, dimensions, output, -20, 2, noise, actions, deviations, densities, log_pi};
        swiftrl_squashed_gaussian(&x);
        mix(actions, 100 * dimensions);
        mix(deviations, 100 * dimensions);
        mix(log_pi, 100);
    }
    /* PPO's probability ratios: exp over a range wider than its clamp, element for element as the scalar call. */
    enum { EXPONENTS = 1001 };
    static float exponents[EXPONENTS];
    fill(exponents, EXPONENTS, 100);
    static float scalar[EXPONENTS];
    for (int i = 0; i < EXPONENTS; ++i) scalar[i] = swiftrl_exp_float(exponents[i]);
    swiftrl_exp_in_place(EXPONENTS, exponents);
    if (memcmp(scalar, exponents, sizeof scalar) != 0) printf("swiftrl_exp_in_place differs from swiftrl_exp_float\n");
    mix(exponents, EXPONENTS);
    report("squashed-gaussian-exp");
}

static void optimizers(void) {
    enum { COUNT = 1000 };
    static float parameters[COUNT], first[COUNT], second[COUNT], gradients[COUNT], target[COUNT];
    fill(parameters, COUNT, 1);
    fill(target, COUNT, 1);
    for (int step = 1; step <= 5; ++step) {
        fill(gradients, COUNT, 0.1f);
        swiftrl_adam_arguments x = {COUNT, parameters, first, second, gradients, 0.9f, 0.999f, 1e-7f,
                                    1e-3f / (1.0f - 0.9f), 1.0f / (1.0f - 0.999f)};
        swiftrl_adam(&x);
        swiftrl_polyak_average(COUNT, target, parameters, 0.995f);
    }
    mix(parameters, COUNT);
    mix(first, COUNT);
    mix(second, COUNT);
    mix(target, COUNT);
    report("adam-polyak");
}

static void normals(void) {
    enum { PAIRS = 4096 };
    static float u1[PAIRS], u2[PAIRS], cosines[PAIRS], sines[PAIRS];
    fill(u1, PAIRS, 0.5f);
    fill(u2, PAIRS, 0.5f);
    for (int i = 0; i < PAIRS; ++i) {
        u1[i] += 0.5f;  /* [0, 1) */
        u2[i] += 0.5f;
    }
    u1[0] = 0;
    u2[0] = 0;
    swiftrl_box_muller(PAIRS, u1, u2, cosines, sines);
    mix(cosines, PAIRS);
    mix(sines, PAIRS);
    report("box-muller");
}

int main(void) {
    products();
    policies();
    optimizers();
    normals();
    return 0;
}
