"""rtgym's tutorial task trained end to end by two Python rollout workers: the dummy remote-controlled
drone (`rtgym.DummyRCDrone`: commands and observations each delayed 20-50 ms) must fly to a random
target, observing its position, the target and its last 4 actions, at 20 steps per second in real
time. A relay (`swiftrl serve`), a `swiftrl.distributed.Trainer` (SAC) and two `RolloutWorker`s, each
in its own thread of one process, over TLS on loopback. After training, the final policy flies 6
episodes, beside the tutorial's hand-written controller and a policy that does nothing.

    SWIFTRL=.build/release/swiftrl .build/test-python/bin/python Benchmarks/distributed/drone/rc_drone.py [STEPS] [RUNS]

Needs the Python package with its distributed extra (`pip install './python[distributed]'`) and rtgym.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time

import gymnasium
import numpy as np
from gymnasium import spaces
from rtgym import DEFAULT_CONFIG_DICT, DummyRCDrone, RealTimeGymInterface

from swiftrl.distributed import RolloutWorker, Trainer, flatten_observation


class DroneInterface(RealTimeGymInterface):
    """The drone as rtgym drives it: the observation is (x, y, target x, target y) as four Box(1,)s,
    the action a velocity command in [-2, 2]², the reward minus the distance to the target, and the
    episode ends within 1 cm of it."""

    def __init__(self):
        self.drone = None
        self.target = np.zeros(2, dtype=np.float32)

    def get_observation_space(self):
        return spaces.Tuple((spaces.Box(-1.0, 1.0, (1,)), spaces.Box(-1.0, 1.0, (1,)),
                             spaces.Box(-0.5, 0.5, (1,)), spaces.Box(-0.5, 0.5, (1,))))

    def get_action_space(self):
        return spaces.Box(-2.0, 2.0, (2,))

    def get_default_action(self):
        return np.zeros(2, dtype=np.float32)

    def send_control(self, control):
        self.drone.send_control(control[0], control[1])

    def reset(self, seed=None, options=None):
        if self.drone is None:
            self.drone = DummyRCDrone()
        self.target[:] = np.random.default_rng(seed).uniform(-0.5, 0.5, 2) if seed is not None \
            else np.random.uniform(-0.5, 0.5, 2)
        return self._observation(), {}

    def get_obs_rew_terminated_info(self):
        observation = self._observation()
        distance = float(np.linalg.norm(np.concatenate(observation[:2]) - self.target))
        return observation, -distance, distance < 0.01, {}

    def wait(self):
        pass

    def _observation(self):
        x, y = self.drone.get_observation()
        return [np.array([x], np.float32), np.array([y], np.float32),
                np.array([self.target[0]], np.float32), np.array([self.target[1]], np.float32)]


def configuration():
    """The rtgym tutorial's configuration."""
    config = dict(DEFAULT_CONFIG_DICT)
    config.update(interface=DroneInterface, time_step_duration=0.05, start_obs_capture=0.05,
                  time_step_timeout_factor=1.0, ep_max_length=100, act_buf_len=4, reset_act_buf=False,
                  benchmark=True, benchmark_polyak=0.2)
    return config


def make_drone():
    return gymnasium.make("real-time-gym-v1", config=configuration())


def fly(env, act, episodes=6, seed=100):
    """The returns of `episodes` episodes flown with `act(flat observation) -> action`."""
    returns = []
    for episode in range(episodes):
        observation, _ = env.reset(seed=seed + episode)
        total, done = 0.0, False
        while not done:
            observation, reward, terminated, truncated, _ = env.step(act(flatten_observation(observation)))
            total += float(reward)
            done = terminated or truncated
        returns.append(total)
    return returns


def hand_controller(observation):
    """The tutorial's controller: velocity proportional to the offset to the target."""
    return np.clip(np.array([observation[2] - observation[0], observation[3] - observation[1]]) * 20.0, -2, 2)


def train(cli, steps, directory):
    """Trains with a relay, a Trainer and two workers; returns the figures of the run."""
    credentials = os.path.join(directory, "creds")
    subprocess.run([cli, "certs", "--output", credentials], check=True, capture_output=True)
    relay = subprocess.Popen([cli, "serve", "--listen", "127.0.0.1:0", "--credentials", credentials,
                              "--data", os.path.join(directory, "relay-data")], stdout=subprocess.PIPE, text=True)
    try:
        address = relay.stdout.readline().split()[-1]
        start = time.monotonic()
        trainer = Trainer(make_drone, address, credentials, steps=steps, warmup_steps=300, batch_size=128,
                          publish_interval=50, evaluation={"interval": 0}, log=lambda line: None)
        summaries, failures = {}, []

        def work(index):
            try:
                with RolloutWorker(make_drone, server=address, credentials=credentials, worker_id=f"drone-{index}",
                                   samples_per_packet=50, seed=index, log=lambda line: None,
                                   model_path=os.path.join(directory, f"drone-{index}", "policy.h")) as worker:
                    summaries[index] = worker.run(steps=steps // 2)
            except Exception as error:  # reported by the caller
                failures.append(error)

        threads = [threading.Thread(target=work, args=(index,)) for index in (1, 2)]
        for thread in threads:
            thread.start()
        state = trainer.run()
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - start
        trainer.close()
        if failures:
            raise failures[0]
        policy = state.policy
        env = make_drone()
        trained = fly(env, policy.evaluate)
        benchmarks = env.unwrapped.benchmarks()
        return {"steps": steps, "seconds": round(seconds, 1), "trained": trained,
                "episodes": sum(summary.episodes for summary in summaries.values()),
                "weights_version": max(summary.weights_version for summary in summaries.values()),
                "time_step_duration": benchmarks["time_step_duration"], "env": env}
    finally:
        relay.terminate()
        relay.wait(30)


def main():
    cli = os.environ.get("SWIFTRL", ".build/release/swiftrl")
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    for run in range(runs):
        with tempfile.TemporaryDirectory() as directory:
            result = train(cli, steps, directory)
        env = result.pop("env")
        result["hand_controller"] = fly(env, hand_controller)
        result["zero_action"] = fly(env, lambda observation: np.zeros(2, np.float32))
        for key in ("trained", "hand_controller", "zero_action"):
            result[f"{key}_mean"] = round(float(np.mean(result[key])), 2)
            result[key] = [round(value, 2) for value in result[key]]
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
