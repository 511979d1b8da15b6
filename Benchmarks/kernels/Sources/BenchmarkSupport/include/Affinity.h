/* Pinning the process to one CPU, so that a single-core measurement stays on one core. */
#ifndef BENCHMARK_AFFINITY_H
#define BENCHMARK_AFFINITY_H

/**
 * Restricts the calling thread (and the threads it creates later) to the first CPU it may run on.
 * Returns that CPU's number, or -1 when the system refuses or is not Linux.
 */
int benchmark_pin_to_one_cpu(void);

#endif
