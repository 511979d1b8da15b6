"""The README's Python example, run as written, and memory over many sessions."""

import gc
import os
import re
import subprocess
import sys

import gymnasium as gym
import numpy as np

import swiftrl

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")


def test_the_readme_python_example_runs_as_written(tmp_path):
    text = open(README, encoding="utf-8").read()
    section = text[text.index("\n## Python\n"):]
    example = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    result = subprocess.run([sys.executable, "-c", example], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "policy.h").exists() and (tmp_path / "run.ckpt" / "session.json").exists()


def resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def cycle(environment):
    state = swiftrl.SAC(environment, steps=200, warmup_steps=100, replay_capacity=200,
                        evaluation={"interval": 0}).State(seed=1)
    state.step()
    policy = state.policy
    policy.evaluate(np.zeros(3, np.float32))
    state.export_policy()


def test_sessions_and_policies_release_their_memory():
    for environment in ("Pendulum-v1", lambda: gym.make("Pendulum-v1")):
        for _ in range(50):
            cycle(environment)
        gc.collect()
        before = resident_bytes()
        for index in range(1000):
            cycle(environment)
            if index % 100 == 99:
                gc.collect()
        gc.collect()
        growth = resident_bytes() - before
        assert growth < 16 << 20, f"{growth / 2**20:.1f} MiB more after 1,000 sessions"
