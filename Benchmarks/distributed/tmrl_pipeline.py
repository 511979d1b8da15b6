"""Transitions per second through TMRL's whole pipeline, worker → server → trainer, for comparison with
SwiftRL's (relay_throughput.sh) and with tlspyo alone (tlspyo_throughput.py).

What runs, all on this machine over loopback, with TLS on (tlspyo's "TLS" security, with the same kind
of self-signed certificate tlspyo_throughput.py makes) unless --no-tls:
- TMRL's `Server` (a tlspyo Relay) in the main process;
- W TMRL `RolloutWorker`s, each in its own process, on Gymnasium's Pendulum-v1 through TMRL's
  `GenericGymEnv` (200-step episodes). Each steps its environment S times through
  `RolloutWorker.reset` / `step`, which buffer TMRL's samples (action, observation, reward,
  terminated, truncated, info: tuples of NumPy arrays and floats, pickled by tlspyo), and calls
  `send_and_clear_buffer()` every P transitions, then a non-blocking `update_actor_weights` as
  `RolloutWorker.run` does after each send (`run` itself sends once per episode: P = 200 here). Each
  episode adds one reset sample (no action) to TMRL's buffers, 0.5 % more samples than transitions;
  the figure counts transitions only. `--env replayed` swaps Gymnasium's Pendulum for an environment
  with its spaces that replays observations and rewards drawn beforehand (as tlspyo_throughput.py
  does), to take Python's physics out of the workers' time;
- TMRL's `Trainer` with `TorchTrainingOffline`, `GenericTorchMemory` and `SpinupSacAgent`
  (MLPActorCritic, 256 × 256), whose `start_training` is every sample the workers send: like
  `swiftrl train --set warmup_steps=TOTAL` in relay_throughput.sh, **the trainer stores but does not
  learn**. Its epoch is TMRL's wait for `start_training` samples (`check_ratio`), and it stops there:
  no SAC update follows. (None could with P < 200: `GenericTorchMemory` makes transitions of
  consecutive samples in arrival order, so the packets of several workers must hold whole episodes,
  as `RolloutWorker.run` sends them; partial episodes interleave into wrong transitions.)
  While it waits, TMRL's trainer polls the server (`retrieve_buffer`, then
  `sleep_between_buffer_retrieval_attempts`, 1 s by default); here it sleeps --poll seconds (0.01 by
  default) so that the sleep does not quantise the measurement. The training instance is built
  before the workers start (`Trainer.run` would build it after, and the first packets would wait
  for its model).

Timed: from the first transition that reaches the trainer's memory to the last (as
tlspyo_throughput.py and swiftrl-relay-throughput time theirs), by wrapping
`TrainingOffline.update_buffer`. The line also gives the seconds from the start signal to the last
transition, and how long the slowest worker took to step and send its S transitions (when that is
close to the pipeline's time, the workers, not the transport, are the limit).
The workers act uniformly at random by default, as SwiftRL's workers do before the first weights
(which relay_throughput.sh never publishes); `--actor mlp` uses TMRL's `SquashedGaussianMLPActor`
(256 × 256, a torch forward per step) instead. Each worker process runs torch with one thread.

TMRL reads ~/TmrlData/config/config.json when imported (and tries to download it from GitHub when the
folder is missing), so the script writes one into a temporary HOME and passes every parameter
explicitly; nothing in the real ~/TmrlData is read or written. Its `BUFFERS_MAXLEN` is set high:
TMRL's `Buffer` drops the oldest samples beyond it, on the trainer's side too when packets pile up
between two polls. TMRL's roles have no stop method, so the script stops their tlspyo endpoints
itself, and every process exits.

Peers: TMRL 0.7.1, tlspyo 0.3.0, torch 2.13.0+cpu, Gymnasium 1.4.0 (Benchmarks/peers/setup_torch_peers.sh).

Usage:
    PY=$(Benchmarks/peers/setup_torch_peers.sh)
    $PY Benchmarks/distributed/tmrl_pipeline.py [WORKERS (4)] [STEPS_PER_WORKER (50000)] [PACKET (100)]
        [--env pendulum|replayed] [--actor random|mlp] [--no-tls] [--poll 0.01] [--port 32781]
        [--timeout 600] [--verbose]

SwiftRL's counterparts, same arguments, in the same session:
    SWIFTRL=.build/release/swiftrl Benchmarks/distributed/relay_throughput.sh 4 50000 100
        (the whole pipeline; it divides by the trainer's train_seconds, from the trainer's start, just
        after the workers', to its last transition: closer to this script's "from the start signal")
    .build/release/swiftrl-relay-throughput 4 50000 100     (transport, first transition to last)
    python Benchmarks/distributed/tlspyo_throughput.py 4 50000 100     (tlspyo alone; this venv has it)
"""

import argparse
import json
import logging
import math
import multiprocessing
import os
import queue
import subprocess
import sys
import tempfile
import time

import gymnasium
import numpy as np

PASSWORD = "benchmark password"
HOSTNAME = "default"  # tlspyo's default TLS hostname, the certificate's name

# What the trainer's wrapped update_buffer records (the training instance lives inside TMRL's loop).
RECEIPTS = {"first": None, "last": None, "samples": 0}


class ReplayedPendulum(gymnasium.Env):
    """Pendulum-v1's spaces and 200-step episodes, with observations and rewards drawn beforehand
    (as tlspyo_throughput.py draws its transitions): the pipeline without Gymnasium's physics.
    Every step returns a new array, so that pickling a packet cannot share one object between samples."""

    observation_space = gymnasium.spaces.Box(np.array([-1, -1, -8], np.float32),
                                             np.array([1, 1, 8], np.float32))
    action_space = gymnasium.spaces.Box(-2.0, 2.0, (1,), np.float32)

    def __init__(self, render_mode=None, count=1024):
        rng = np.random.default_rng(0)
        self.observations = rng.uniform(self.observation_space.low, self.observation_space.high,
                                        (count, 3)).astype(np.float32)
        self.rewards = rng.uniform(-16.3, 0.0, count).tolist()
        self.index = 0

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        return self.observations[self.index].copy(), {}

    def step(self, action):
        self.index = (self.index + 1) % len(self.rewards)
        return self.observations[self.index].copy(), self.rewards[self.index], False, False, {}


ENVIRONMENTS = {"pendulum": "Pendulum-v1", "replayed": "SwiftRLReplayedPendulum-v0"}
gymnasium.register(ENVIRONMENTS["replayed"], entry_point=ReplayedPendulum, max_episode_steps=200)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workers", type=int, nargs="?", default=4)
    parser.add_argument("steps", type=int, nargs="?", default=50_000, help="transitions per worker")
    parser.add_argument("packet", type=int, nargs="?", default=100, help="transitions per packet")
    parser.add_argument("--actor", choices=("random", "mlp"), default="random")
    parser.add_argument("--env", choices=("pendulum", "replayed"), default="pendulum")
    parser.add_argument("--no-tls", dest="tls", action="store_false")
    parser.add_argument("--poll", type=float, default=0.01, help="trainer's sleep between polls, seconds")
    parser.add_argument("--port", type=int, default=32_781,
                        help="server port; local tlspyo ports follow it (PORT+1 … PORT+2+WORKERS)")
    parser.add_argument("--timeout", type=float, default=600, help="give up after this many seconds")
    parser.add_argument("--verbose", action="store_true", help="keep TMRL's INFO logging")
    return parser.parse_args()


def samples_sent(steps, episode_steps):
    """TMRL samples one worker sends for `steps` transitions: one reset sample per episode."""
    return steps + math.ceil(steps / episode_steps)


def write_tmrl_config(home, args, workers_total):
    """A TmrlData folder with the config.json TMRL 0.7.1 reads on import (its keys; values only used
    as defaults: every role below gets its parameters explicitly)."""
    folder = os.path.join(home, "TmrlData")
    for sub in ("checkpoints", "config", "dataset", "reward", "weights"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    config = {
        "RUN_NAME": "swiftrl_pipeline_benchmark", "RESET_TRAINING": False,
        "BUFFERS_MAXLEN": 1_000_000_000, "RW_MAX_SAMPLES_PER_EPISODE": 1000,
        "CUDA_TRAINING": False, "CUDA_INFERENCE": False, "VIRTUAL_GAMEPAD": False,
        "LOCALHOST_WORKER": True, "LOCALHOST_TRAINER": True, "PUBLIC_IP_SERVER": "127.0.0.1",
        "PASSWORD": PASSWORD, "TLS": args.tls, "TLS_HOSTNAME": HOSTNAME, "TLS_CREDENTIALS_DIRECTORY": "",
        "NB_WORKERS": -1, "WANDB_PROJECT": "", "WANDB_ENTITY": "", "WANDB_KEY": "",
        "PORT": args.port, "LOCAL_PORT_SERVER": args.port + 1, "LOCAL_PORT_TRAINER": args.port + 2,
        "LOCAL_PORT_WORKER": args.port + 3, "BUFFER_SIZE": 536_870_912, "HEADER_SIZE": 12,
        "MAX_EPOCHS": 1, "ROUNDS_PER_EPOCH": 1, "TRAINING_STEPS_PER_ROUND": 1,
        "MAX_TRAINING_STEPS_PER_ENVIRONMENT_STEP": 1.0, "ENVIRONMENT_STEPS_BEFORE_TRAINING": workers_total,
        "UPDATE_MODEL_INTERVAL": 1, "UPDATE_BUFFER_INTERVAL": 1, "SAVE_MODEL_EVERY": 0,
        "MEMORY_SIZE": workers_total + 1, "BATCH_SIZE": 256,
        "ALG": {"ALGORITHM": "SAC", "LEARN_ENTROPY_COEF": True, "LR_ACTOR": 1e-3, "LR_CRITIC": 1e-3,
                "LR_ENTROPY": 1e-3, "GAMMA": 0.99, "POLYAK": 0.995, "TARGET_ENTROPY": None, "ALPHA": 0.2,
                "REDQ_N": 10, "REDQ_M": 2, "REDQ_Q_UPDATES_PER_POLICY_UPDATE": 20,
                "OPTIMIZER_ACTOR": "adam", "OPTIMIZER_CRITIC": "adam"},
        "ENV": {"RTGYM_INTERFACE": "TM20FULL", "WINDOW_WIDTH": 256, "WINDOW_HEIGHT": 128, "IMG_WIDTH": 64,
                "IMG_HEIGHT": 64, "IMG_GRAYSCALE": True, "SLEEP_TIME_AT_RESET": 0.0, "IMG_HIST_LEN": 4,
                "RTGYM_CONFIG": {"time_step_duration": 0.05, "start_obs_capture": 0.04,
                                 "time_step_timeout_factor": 1.0, "act_buf_len": 2, "benchmark": False,
                                 "wait_on_done": True, "ep_max_length": 1000,
                                 "interface_kwargs": {"save_replays": False}},
                "REWARD_CONFIG": {"END_OF_TRACK": 100.0, "CONSTANT_PENALTY": 0.0, "CHECK_FORWARD": 500,
                                  "CHECK_BACKWARD": 10, "FAILURE_COUNTDOWN": 10, "MIN_STEPS": 70,
                                  "MAX_STRAY": 100.0}},
        "__VERSION__": "0.6.0",
    }
    with open(os.path.join(folder, "config", "config.json"), "w") as file:
        json.dump(config, file, indent=2)


def make_certificate(keys):
    """tlspyo's own generator needs an older pyOpenSSL: the same self-signed RSA certificate for its
    default hostname, written by openssl (as tlspyo_throughput.py does)."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:4096", "-nodes", "-days", "30", "-subj",
                    f"/CN={HOSTNAME}", "-addext", f"subjectAltName=DNS:{HOSTNAME}",
                    "-keyout", f"{keys}/key.pem", "-out", f"{keys}/certificate.pem"],
                   check=True, capture_output=True)


def tls_arguments(args, keys):
    return {"security": "TLS", "keys_dir": keys, "hostname": HOSTNAME} if args.tls else {"security": None}


def quiet_tmrl(args):
    if not args.verbose:
        logging.getLogger().setLevel(logging.WARNING)  # TMRL configures the root logger at INFO
        # tlspyo's logger took that level too; its one expected warning says that the trainer's
        # first request waits for the connection.
        logging.getLogger("tlspyo").setLevel(logging.ERROR)


def random_actor_class():
    """An `ActorModule` acting uniformly at random (TMRL needs an ActorModule in every worker). It
    draws with NumPy directly: Gymnasium's `Box.sample` costs more than a Pendulum step."""
    import numpy as np
    from tmrl.actor import ActorModule

    class UniformRandomActor(ActorModule):
        def __init__(self, observation_space, action_space):
            super().__init__(observation_space, action_space)
            self.low, self.high, self.dtype = action_space.low, action_space.high, action_space.dtype
            self.rng = np.random.default_rng()

        def act(self, obs, test=False):
            return self.rng.uniform(self.low, self.high).astype(self.dtype)

        def load(self, path, device):
            return self  # weights would not change a random policy

    return UniformRandomActor


def worker_main(index, args, keys, workdir, reports, go, finished):
    """One RolloutWorker process: connect, wait for the start, send STEPS transitions in packets,
    report how long that took, and wait until the trainer holds them all."""
    import torch

    torch.set_num_threads(1)
    from tmrl.custom.custom_models import SquashedGaussianMLPActor
    from tmrl.envs import GenericGymEnv
    from tmrl.networking import RolloutWorker
    from tmrl.util import partial

    quiet_tmrl(args)
    actor_cls = random_actor_class() if args.actor == "random" else SquashedGaussianMLPActor
    env_id = ENVIRONMENTS[args.env]
    worker = RolloutWorker(env_cls=partial(GenericGymEnv, id=env_id, gym_kwargs={"render_mode": None}),
                           actor_module_cls=actor_cls, sample_compressor=None, device="cpu",
                           server_ip="127.0.0.1", server_port=args.port, password=PASSWORD,
                           local_port=args.port + 2 + index, model_path=f"{workdir}/worker{index}.tmod",
                           model_history=0, **tls_arguments(args, keys))
    if args.actor == "random":
        worker.actor.rng = np.random.default_rng(index)
    try:
        reports.put(("ready", index, None))
        if not go.wait(args.timeout):
            return
        start = time.monotonic()
        observation, episode_over = None, True
        for step in range(1, args.steps + 1):
            if episode_over:
                observation, _ = worker.reset(collect_samples=True)
            observation, _, terminated, truncated, _ = worker.step(observation, test=False,
                                                                   collect_samples=True)
            episode_over = terminated or truncated
            if step % args.packet == 0 or step == args.steps:
                worker.send_and_clear_buffer()
                if step < args.steps:
                    worker.update_actor_weights(verbose=False)
        reports.put(("sent", index, time.monotonic() - start))
        finished.wait(args.timeout)  # the trainer holds every sample (tlspyo sends asynchronously)
    finally:
        worker._RolloutWorker__endpoint.stop()  # TMRL has no public stop


def training_class(deadline, processes):
    """TMRL's TorchTrainingOffline, recording when samples reach the trainer's memory, and ending
    when they all have (it never trains)."""
    from tmrl.training_offline import TorchTrainingOffline

    class TimedTrainingOffline(TorchTrainingOffline):
        def update_buffer(self, interface):
            before = self.total_samples
            super().update_buffer(interface)
            if self.total_samples > before:
                now = time.monotonic()
                RECEIPTS["first"] = RECEIPTS["first"] or now
                RECEIPTS["last"] = now
                RECEIPTS["samples"] = self.total_samples
            elif time.monotonic() > deadline:
                raise TimeoutError(f"only {self.total_samples} samples reached the trainer in time")
            elif any(process.exitcode not in (None, 0) for process in processes):
                raise RuntimeError("a worker process failed")

        def run_epoch(self, interface):
            """TMRL's wait for `start_training` samples, without the training that would follow."""
            self.check_ratio(interface)
            self.epoch += 1
            return []

    return TimedTrainingOffline


def wait_for_workers(reports, processes, deadline):
    """Until every worker is connected and waiting for the start signal."""
    waiting = len(processes)
    while waiting:
        try:
            reports.get(timeout=1)
            waiting -= 1
        except queue.Empty:
            if any(process.exitcode is not None for process in processes):
                raise RuntimeError("a worker process ended before it started") from None
            if time.monotonic() > deadline:
                raise TimeoutError("the workers did not start in time") from None


def main():
    args = parse_arguments()
    deadline = time.monotonic() + args.timeout
    episode_steps = 200  # Pendulum-v1's TimeLimit
    total_samples = args.workers * samples_sent(args.steps, episode_steps)
    with tempfile.TemporaryDirectory(prefix="tmrl-pipeline-") as workdir:
        home, keys = os.path.join(workdir, "home"), os.path.join(workdir, "keys")
        os.makedirs(keys)
        write_tmrl_config(home, args, total_samples)
        if args.tls:
            make_certificate(keys)
        os.environ["HOME"] = home  # TMRL finds TmrlData under the home folder; the workers inherit it
        from importlib.metadata import version
        from tmrl.custom.custom_algorithms import SpinupSacAgent
        from tmrl.custom.custom_memories import GenericTorchMemory
        from tmrl.custom.custom_models import MLPActorCritic
        from tmrl.networking import Server, Trainer
        from tmrl.util import partial

        quiet_tmrl(args)
        env_id = ENVIRONMENTS[args.env]
        assert gymnasium.spec(env_id).max_episode_steps == episode_steps
        server = Server(port=args.port, password=PASSWORD, local_port=args.port + 1,
                        **{k: v for k, v in tls_arguments(args, keys).items() if k != "hostname"})
        context = multiprocessing.get_context("spawn")  # fresh interpreters: nothing of the server's
        reports, go, finished = context.Queue(), context.Event(), context.Event()
        processes = [context.Process(target=worker_main,
                                     args=(index, args, keys, workdir, reports, go, finished))
                     for index in range(1, args.workers + 1)]
        trainer = None
        try:
            for process in processes:
                process.start()
            env = gymnasium.make(env_id)
            training = partial(
                training_class(deadline, processes),
                env_cls=(env.observation_space, env.action_space),
                memory_cls=partial(GenericTorchMemory, memory_size=total_samples + 1, batch_size=256,
                                   dataset_path=os.path.join(home, "TmrlData", "dataset")),
                training_agent_cls=partial(SpinupSacAgent, model_cls=MLPActorCritic),
                epochs=1, rounds=1, steps=1, update_buffer_interval=1, update_model_interval=1,
                max_training_steps_per_env_step=1.0, sleep_between_buffer_retrieval_attempts=args.poll,
                start_training=total_samples, device="cpu")
            # Built before the start (Trainer.run would build it after, and the first packets would
            # wait for its model); no checkpoints (they would pickle the whole memory).
            training_instance = training()
            trainer = Trainer(training_cls=lambda: training_instance, server_ip="127.0.0.1",
                              server_port=args.port, password=PASSWORD, local_com_port=args.port + 2,
                              model_path=os.path.join(workdir, "trainer.tmod"), checkpoint_path=None,
                              dump_run_instance_fn=lambda instance, path: None, **tls_arguments(args, keys))
            wait_for_workers(reports, processes, deadline)
            time.sleep(2)  # every endpoint connected
            go.set()
            started = time.monotonic()
            trainer.run()
            sending = [reports.get(timeout=30)[2] for _ in processes]
        finally:
            finished.set()
            for process in processes:
                process.join(timeout=30)
                if process.is_alive():
                    process.terminate()
                    process.join()
            if trainer is not None:
                trainer.interface._TrainerInterface__endpoint.stop()
            server._Server__relay.stop()

    transitions = args.workers * args.steps
    seconds = RECEIPTS["last"] - RECEIPTS["first"]
    security = "with TLS" if args.tls else "without TLS"
    print(f"{args.workers} workers on {ENVIRONMENTS[args.env]}, {args.packet} transitions per packet, "
          f"{args.actor} actor, TMRL {version('tmrl')} (tlspyo {version('tlspyo')}) {security} on loopback: "
          f"{transitions} transitions "
          f"({RECEIPTS['samples']} TMRL samples) in {seconds:.2f} s = {transitions / seconds:,.0f} transitions/s "
          f"worker → server → trainer ({RECEIPTS['last'] - started:.2f} s from the start signal; the "
          f"slowest worker stepped and sent its {args.steps} in {max(sending):.2f} s)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
