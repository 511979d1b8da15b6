/* Times one step of an exported recurrent policy, bench_evaluate(&state, input, output), its state
 * carried from step to step and reset every 500 steps: median ns per step over 7 runs of 1e6 steps. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "policy.h"

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    enum { RUNS = 7, STEPS = 1000000 };
    double times[RUNS];
    float input[bench_INPUT_DIM] = { 0 };
    float output[bench_OUTPUT_DIM];
    bench_state state;
    volatile float sink = 0.0f;
    int run, step;
    for (run = 0; run < RUNS; ++run) {
        const double start = now_ns();
        for (step = 0; step < STEPS; ++step) {
            if (step % 500 == 0) bench_reset(&state);
            input[0] = (float)(step & 1023) * 1e-3f;
            bench_evaluate(&state, input, output);
            sink += output[0];
        }
        times[run] = (now_ns() - start) / STEPS;
    }
    qsort(times, RUNS, sizeof times[0], compare);
    printf("%.1f\n", times[RUNS / 2]);
    return 0;
}
