"""Bad input from Python is an exception, never a dead process."""

import math

import gymnasium as gym
import numpy as np
import pytest

import swiftrl


def test_unknown_key_suggests_the_known_one():
    with pytest.raises(swiftrl.ConfigurationError, match=r"unknown configuration key 'actor.hiden_sizes'.*actor.hidden_sizes"):
        swiftrl.SAC("Pendulum-v1", actor={"hiden_sizes": [8]})


def test_values_of_the_wrong_type_or_range_are_refused():
    with pytest.raises(swiftrl.ConfigurationError, match="gamma"):
        swiftrl.SAC("Pendulum-v1", gamma=1.5)
    with pytest.raises(swiftrl.ConfigurationError, match="batch_size"):
        swiftrl.PPO("CartPole-v1", batch_size="many")
    with pytest.raises(ValueError, match="no RLtools parameter 'ACTOR_LR'"):
        swiftrl.SAC("Pendulum-v1", ACTOR_LR=1e-3)


def test_a_discrete_environment_is_refused_by_sac():
    with pytest.raises(swiftrl.TrainingError, match="SAC needs continuous"):
        swiftrl.SAC("CartPole-v1").State()
    with pytest.raises(swiftrl.TrainingError, match="SAC needs continuous"):
        swiftrl.SAC(lambda: gym.make("CartPole-v1")).State()


class Faulty(gym.Env):
    """Pendulum-like spaces; raises or returns NaN at a chosen step."""

    observation_space = gym.spaces.Box(-1, 1, (3,), np.float32)
    action_space = gym.spaces.Box(-1, 1, (1,), np.float32)

    def __init__(self, failing_step, failure):
        self.failing_step, self.failure, self.count = failing_step, failure, 0

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return np.zeros(3, np.float32), {}

    def step(self, action):
        self.count += 1
        if self.count == self.failing_step:
            if self.failure == "raise":
                raise KeyError("the robot fell over")
            return np.array([math.nan, 0, 0], np.float32), 0.0, False, False, {}
        return np.zeros(3, np.float32), 0.0, False, self.count % 50 == 0, {}


@pytest.mark.parametrize("algorithm", [swiftrl.SAC, swiftrl.PPO])
def test_an_exception_in_the_environment_reaches_the_caller_and_training_goes_on(algorithm):
    keys = dict(STEP_LIMIT=1000) if algorithm is swiftrl.SAC else dict(steps=1024, num_envs=2, steps_per_env=64,
                                                                       batch_size=64)
    faulty = iter([Faulty(120, "raise")])  # the first environment fails once; the others never
    state = algorithm(lambda: next(faulty, None) or Faulty(0, "raise"), enable_evaluation=False, **keys).State()
    with pytest.raises(KeyError, match="the robot fell over"):
        for _ in range(200):
            state.step()
    steps = state.status()["steps"]
    while not state.step():  # the episode that failed was abandoned; the environments were reset
        pass
    assert state.status()["steps"] >= 1000 > steps
    assert np.isfinite(state.action(np.zeros(3))).all()


class BrokenReset(Faulty):
    def reset(self, seed=None, options=None):
        if self.count:
            raise OSError("the simulator is gone")
        return super().reset(seed=seed)


def test_a_session_whose_environment_cannot_be_reset_stops_for_good():
    state = swiftrl.SAC(lambda: BrokenReset(40, "raise"), STEP_LIMIT=1000, enable_evaluation=False).State()
    with pytest.raises(KeyError, match="the robot fell over"):
        for _ in range(100):
            state.step()
    with pytest.raises(swiftrl.SessionStateError, match="cannot go on.*resetting the environments failed"):
        state.step()
    assert state.action(np.zeros(3)).shape == (1,), "the policy can still be read"


def test_a_nan_observation_is_a_training_error_and_training_goes_on():
    state = swiftrl.TD3(lambda: Faulty(30, "nan"), STEP_LIMIT=1000, enable_evaluation=False).State()
    with pytest.raises(swiftrl.TrainingError, match="observation"):
        for _ in range(100):
            state.step()
    while not state.step():
        pass


def test_wrong_observation_sizes_are_refused():
    state = swiftrl.SAC("Pendulum-v1", STEP_LIMIT=200).State()
    with pytest.raises(swiftrl.TrainingError, match="observation"):
        state.action(np.zeros(5))
    policy = state.policy
    with pytest.raises(swiftrl.TrainingError):
        policy.evaluate(np.zeros(2))


def test_an_unknown_environment_and_unsupported_spaces_are_refused():
    with pytest.raises(gym.error.Error):
        swiftrl.SAC("NoSuchEnvironment-v9").State()
    with pytest.raises(TypeError, match="Box observation"):
        swiftrl.PPO(lambda: gym.make("FrozenLake-v1"), num_envs=2, steps_per_env=16, batch_size=16).State()


def test_damaged_policy_headers_are_refused(tmp_path):
    state = swiftrl.SAC("Pendulum-v1", STEP_LIMIT=200).State()
    header = state.export_policy()
    path = tmp_path / "policy.h"
    path.write_text(header.replace("0x1", "0x2", 1))
    with pytest.raises(swiftrl.PolicyError):
        swiftrl.load_checkpoint_from_path(path)
    path.write_text(header[: len(header) // 2])
    with pytest.raises(swiftrl.PolicyError):
        swiftrl.load_checkpoint_from_path(path)
    with pytest.raises(swiftrl.PolicyError, match="no such file"):
        swiftrl.load_checkpoint_from_path(tmp_path / "missing.h")


class Misshapen(Faulty):
    def __init__(self, observation):
        super().__init__(0, "raise")
        self.observation = observation

    def step(self, action):
        return self.observation, 0.0, False, False, {}


@pytest.mark.parametrize("observation, error, message", [
    (np.zeros(4, np.float32), ValueError, r"observation of shape \(4,\); its observation space has shape \(3,\)"),
    (np.array(["a", "b", "c"]), TypeError, "dtype <U1"),
    (np.zeros((3, 1), np.float64), None, None),
])
def test_observations_of_the_wrong_shape_or_dtype_are_clear_errors(observation, error, message):
    state = swiftrl.SAC(lambda: Misshapen(observation), STEP_LIMIT=300, enable_evaluation=False).State()
    if error is None:
        state.step()  # the same values in another layout are fine
        return
    with pytest.raises(error, match=message):
        state.step()


def test_ctrl_c_during_training_stops_cleanly():
    import signal
    import subprocess
    import sys
    import time
    program = (
        "import gymnasium as gym, swiftrl\n"
        "state = swiftrl.SAC(lambda: gym.make('Pendulum-v1'), STEP_LIMIT=10_000_000, enable_evaluation=False).State()\n"
        "print('training', flush=True)\n"
        "try:\n"
        "    while not state.step():\n"
        "        pass\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted at', state.status()['steps'], flush=True)\n"
        "    state.step()\n"
        "    print('still usable', flush=True)\n")
    process = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "training\n"
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    output, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    assert "interrupted at" in output and "still usable" in output
