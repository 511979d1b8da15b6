"""PPO on Gymnasium's CartPole-v1 from Python rollout workers: `swiftrl certs` and `swiftrl serve` on a
free loopback port (TLS), W worker processes (one `RolloutWorker` each, collecting until the trainer is
done), and either `swiftrl train --algorithm ppo --server` (TRAINER "swift") or
`swiftrl.distributed.Trainer(algorithm="ppo")` (TRAINER "python"). 4 columns of 128 steps per update.
Prints the training time, the evaluation over 5 episodes and the packets learned.

    SWIFTRL=.build/release/swiftrl python Benchmarks/distributed/python_ppo_workers.py [TRAINER (swift)] [WORKERS (2)] [STEPS (61440)]
"""

import multiprocessing
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import threading
import time

import gymnasium as gym

from swiftrl.distributed import RolloutWorker, Trainer


def work(address, credentials, index, stop):
    with RolloutWorker(lambda: gym.make("CartPole-v1"), server=address, credentials=credentials,
                       worker_id=f"cartpole-{index}", seed=index, log=lambda line: None) as worker:
        threading.Thread(target=lambda: (stop.wait(), worker.close()), daemon=True).start()
        worker.run()


def main():
    trainer_kind = sys.argv[1] if len(sys.argv) > 1 else "swift"
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 61_440
    cli = os.environ.get("SWIFTRL", ".build/release/swiftrl")
    with tempfile.TemporaryDirectory() as directory:
        directory = pathlib.Path(directory)
        credentials = str(directory / "creds")
        subprocess.run([cli, "certs", "--output", credentials], check=True, capture_output=True)
        relay = subprocess.Popen([cli, "serve", "--listen", "127.0.0.1:0", "--credentials", credentials, "--data",
                                  str(directory / "data")], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        address = relay.stdout.readline().split()[-1]
        stop = multiprocessing.Event()
        processes = [multiprocessing.Process(target=work, args=(address, credentials, index, stop))
                     for index in range(1, workers + 1)]
        for process in processes:
            process.start()
        try:
            if trainer_kind == "swift":
                result = subprocess.run(
                    [cli, "train", "--algorithm", "ppo", "--env", "CartPole-v1", "--run-dir", str(directory / "run"),
                     "--steps", str(steps), "--set", "num_envs=4", "--set", "steps_per_env=128",
                     "--set", "evaluation.interval=0", "--set", "evaluation.episodes=5", "--quiet",
                     "--server", address, "--credentials", credentials], capture_output=True, text=True, check=True)
                line = re.search(r"[0-9]+ steps in .*± [0-9.]+", result.stdout).group(0)
                packets = re.search(r"learned from .*", result.stderr)
                print(f"swift trainer, {workers} Python workers: {line} ({packets.group(0) if packets else ''})")
            else:
                logs = []
                trainer = Trainer(lambda: gym.make("CartPole-v1"), address, credentials, algorithm="ppo", steps=steps,
                                  num_envs=4, steps_per_env=128, evaluation={"interval": 0}, log=logs.append)
                start = time.perf_counter()
                state = trainer.run()
                seconds = time.perf_counter() - start
                trainer.close()
                mean, deviation = state.evaluate(episodes=5, seed=1000)
                print(f"python trainer, {workers} Python workers: {steps} steps in {seconds:.2f} s; evaluation over 5 "
                      f"episodes: {mean:.1f} ± {deviation:.1f} ({logs[-1]})")
        finally:
            stop.set()
            for process in processes:
                process.join(30)
            relay.terminate()
            relay.wait(30)


if __name__ == "__main__":
    main()
