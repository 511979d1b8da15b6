"""Saving and resuming from Python: bit-exact, sealed, and refused when damaged."""

import os
import re

import numpy as np
import pytest

import swiftrl

OBSERVATIONS = np.random.default_rng(3).uniform(-1, 1, size=(16, 3)).astype(np.float32)


def train(state, units=None):
    count = 0
    while not state.step():
        count += 1
        if units is not None and count >= units:
            break
    return state


@pytest.mark.parametrize("algorithm", [swiftrl.SAC, swiftrl.TD3])
def test_a_resumed_off_policy_run_ends_bit_identical(algorithm, tmp_path):
    make = lambda: algorithm("Pendulum-v1", STEP_LIMIT=2000, evaluation_interval=500)
    straight = train(make().State(seed=4))
    interrupted = train(make().State(seed=4), units=900)
    interrupted.save(tmp_path / "run.ckpt")
    del interrupted
    resumed = train(swiftrl.load_state(tmp_path / "run.ckpt"))
    for observation in OBSERVATIONS:
        assert resumed.action(observation).tobytes() == straight.action(observation).tobytes()
    assert resumed.status()["evaluation"] == straight.status()["evaluation"]


def test_a_resumed_ppo_run_ends_bit_identical(tmp_path):
    make = lambda: swiftrl.PPO("Pendulum-v1", steps=8192, num_envs=4, steps_per_env=256, batch_size=256,
                               normalize_observations=True, normalize_rewards=True)
    straight = train(make().State(seed=2))
    interrupted = train(make().State(seed=2), units=3)
    interrupted.save(tmp_path / "ppo.ckpt")
    resumed = train(swiftrl.load_state(tmp_path / "ppo.ckpt"))
    for observation in OBSERVATIONS:
        assert resumed.action(observation).tobytes() == straight.action(observation).tobytes()


def test_a_checkpoint_policy_loads_without_the_session(tmp_path):
    state = train(swiftrl.SAC("Pendulum-v1", STEP_LIMIT=300).State(seed=1))
    state.save(tmp_path / "run.ckpt")
    policy = swiftrl.load_checkpoint_from_path(tmp_path / "run.ckpt")
    assert policy.evaluate(OBSERVATIONS[0]).tobytes() == state.action(OBSERVATIONS[0]).tobytes()
    assert policy.info["algorithm"] == "SAC" and policy.info["environment"] == "Pendulum-v1"


def test_damaged_or_existing_checkpoints_are_refused(tmp_path):
    state = train(swiftrl.SAC("Pendulum-v1", STEP_LIMIT=300).State(seed=1))
    path = tmp_path / "run.ckpt"
    state.save(path)
    with pytest.raises(swiftrl.WriteError, match="exists"):
        state.save(path)
    session = path / "session.json"
    original = session.read_text()
    edited = re.sub(r'(batch_size\\?":)100', r'\g<1>50', original)
    assert edited != original
    session.write_text(edited)
    with pytest.raises(swiftrl.CheckpointError, match="checksum"):
        swiftrl.load_state(path)
    session.write_text(original)
    tensors = path / "tensors.safetensors"
    data = tensors.read_bytes()
    tensors.write_bytes(data[: len(data) // 2])
    with pytest.raises(swiftrl.CheckpointError):
        swiftrl.load_state(path)
    with pytest.raises(swiftrl.CheckpointError):
        swiftrl.load_state(tmp_path / "nothing-here")
    with pytest.raises(swiftrl.WriteError, match="parent directory does not exist"):
        state.save(tmp_path / "missing" / "run.ckpt")


def test_a_session_on_gymnasium_environments_resumes_bit_identical(tmp_path):
    import gymnasium as gym
    make = lambda: swiftrl.SAC(lambda: gym.make("Pendulum-v1"), STEP_LIMIT=1500, evaluation_interval=500)
    straight = train(make().State(seed=6))
    interrupted = train(make().State(seed=6), units=700)
    interrupted.save(tmp_path / "run.ckpt")
    assert sorted(os.listdir(tmp_path / "run.ckpt")) == ["checkpoint.json", "environment-state.bin", "session.json",
                                                          "tensors.safetensors"]
    del interrupted
    resumed = train(swiftrl.load_state(tmp_path / "run.ckpt"))
    for observation in OBSERVATIONS:
        assert resumed.action(observation).tobytes() == straight.action(observation).tobytes()
    assert resumed.status()["evaluation"] == straight.status()["evaluation"]


def test_a_ppo_session_on_a_vector_environment_resumes_bit_identical(tmp_path):
    import gymnasium as gym

    def make():
        vector = lambda: gym.vector.SyncVectorEnv([lambda: gym.make("CartPole-v1")] * 4)
        return swiftrl.PPO(vector, num_envs=4, steps_per_env=64, batch_size=64, steps=2048, evaluation={"interval": 0})
    straight = train(make().State(seed=3))
    interrupted = train(make().State(seed=3), units=3)
    interrupted.save(tmp_path / "ppo.ckpt")
    resumed = train(swiftrl.load_state(tmp_path / "ppo.ckpt"))
    for observation in OBSERVATIONS[:, :2].repeat(2, axis=1):
        assert resumed.action(observation).tobytes() == straight.action(observation).tobytes()
    environment = tmp_path / "ppo.ckpt" / "environment-state.bin"
    data = bytearray(environment.read_bytes())
    data[len(data) // 2] ^= 1
    environment.write_bytes(bytes(data))
    with pytest.raises(swiftrl.CheckpointError, match="checksum"):
        swiftrl.load_state(tmp_path / "ppo.ckpt")


def test_environments_that_cannot_be_pickled_are_refused_and_nothing_is_written(tmp_path):
    import threading

    import gymnasium as gym
    lock = threading.Lock()

    def factory():
        with lock:
            return gym.make("Pendulum-v1")
    state = train(swiftrl.SAC(factory, STEP_LIMIT=200).State(seed=1))
    with pytest.raises(swiftrl.CheckpointError, match="cannot save the Python environments"):
        state.save(tmp_path / "run.ckpt")
    assert os.listdir(tmp_path) == [], "nothing, not even a temporary directory, is left behind"
