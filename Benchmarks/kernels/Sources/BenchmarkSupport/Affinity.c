/* Pinning through sched_setaffinity, which Swift cannot reach (it needs _GNU_SOURCE and macros). */
#define _GNU_SOURCE
#include "Affinity.h"

#ifdef __linux__
#include <sched.h>

int benchmark_pin_to_one_cpu(void) {
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return -1;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &allowed)) continue;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        return sched_setaffinity(0, sizeof one, &one) == 0 ? cpu : -1;
    }
    return -1;
}
#else
int benchmark_pin_to_one_cpu(void) { return -1; }
#endif
