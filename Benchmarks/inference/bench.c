/* Times bench_evaluate from the exported header: median ns per call over 7 runs of 1e6 calls. Built
 * with -DRECURRENT for a recurrent policy: bench_evaluate(&state, input, output), the state carried
 * from call to call and reset every 500 calls. */
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
    enum { RUNS = 7, CALLS = 1000000 };
    double times[RUNS];
#ifdef RECURRENT
    float input[bench_INPUT_DIM] = { 0 };
    bench_state state;
#else
    float input[bench_INPUT_DIM] = { 0.3f, -0.2f, 0.5f };
#endif
    float output[bench_OUTPUT_DIM];
    volatile float sink = 0.0f;
    int run, call;
    for (run = 0; run < RUNS; ++run) {
        const double start = now_ns();
        for (call = 0; call < CALLS; ++call) {
            input[0] = (float)(call & 1023) * 1e-3f;
#ifdef RECURRENT
            if (call % 500 == 0) bench_reset(&state);
            bench_evaluate(&state, input, output);
#else
            bench_evaluate(input, output);
#endif
            sink += output[0];
        }
        times[run] = (now_ns() - start) / CALLS;
    }
    qsort(times, RUNS, sizeof times[0], compare);
    printf("%.1f\n", times[RUNS / 2]);
    return 0;
}
