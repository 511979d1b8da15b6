"""Python rollout workers on Gymnasium's Pendulum-v1 for a relay that `swiftrl serve` runs and
`swiftrl train --server` learns from: W workers, each a thread of this process, STEPS steps each,
packets of 50; prints each worker's summary.

    python Benchmarks/distributed/python_workers.py HOST:PORT CREDENTIALS [WORKERS (2)] [STEPS (10000)]
"""

import functools
import sys
import threading

from swiftrl.distributed import GenericGymEnv, RolloutWorker


def main():
    server, credentials = sys.argv[1], sys.argv[2]
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    steps = int(sys.argv[4]) if len(sys.argv) > 4 else 10_000
    summaries = {}

    def work(index):
        with RolloutWorker(functools.partial(GenericGymEnv, id="Pendulum-v1"), server=server, credentials=credentials,
                           worker_id=f"py{index}", seed=index, samples_per_packet=50) as worker:
            summaries[index] = worker.run(steps=steps)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(1, workers + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for index in sorted(summaries):
        print(f"py{index}: {summaries[index]}")


if __name__ == "__main__":
    main()
