"""PPO through the relay with Python rollout workers: the replica's sampling (`ActorReplica.ppo`),
and Gymnasium workers feeding `swiftrl train --algorithm ppo --server`."""

import math
import pathlib
import re
import subprocess
import threading

import gymnasium as gym
import numpy as np
import pytest
import yaml
from safetensors.numpy import save

import swiftrl
from swiftrl.distributed import ActorReplica, RelayError, RolloutWorker, Trainer

from test_distributed import Relay, relay  # noqa: F401 - the fixture

# SB3 zoo's CartPole values, as configs/ppo-cartpole.yaml ships them (8 columns of 32 steps per update):
# the file's hyperparameters, without what names the run and its evaluation.
ZOO_CARTPOLE = pathlib.Path(__file__).resolve().parents[2] / "configs" / "ppo-cartpole.yaml"
ZOO_HYPERPARAMETERS = {key: value for key, value in yaml.safe_load(ZOO_CARTPOLE.read_text()).items()
                       if key not in ("algorithm", "environment", "seed", "evaluation")}
COLUMN_STEPS = ZOO_HYPERPARAMETERS["steps_per_env"]


def _actor_tensors(inputs, outputs, hidden=64, scale=0.0, seed=0):
    """The default PPO actor's tensors (inputs → 64 → 64 → outputs), zero or random of `scale`."""
    generator = np.random.default_rng(seed)
    shapes = [(hidden, inputs), (hidden, hidden), (outputs, hidden)]
    tensors = {}
    for index, (rows, columns) in enumerate(shapes):
        tensors[f"actor.{2 * index}.weight"] = (generator.standard_normal((rows, columns)) * scale).astype(np.float32)
        tensors[f"actor.{2 * index}.bias"] = np.zeros(rows, np.float32)
    return tensors


def test_a_discrete_ppo_replica_samples_its_categorical_distribution():
    actor = ActorReplica.ppo("{}", 4, seed=3, discrete_actions=2)
    with pytest.raises(swiftrl.SessionStateError, match="no weights"):
        actor.sample(np.zeros(4, np.float32))
    actor.load(0, save(_actor_tensors(4, 2)))
    counts = [0, 0]
    for _ in range(400):
        sample, log_probability, action = actor.sample(np.array([0.1, -0.2, 0.3, 0.0], np.float32))
        # Zero weights: both actions have probability 1/2, the index is stored and taken.
        assert sample.tolist() == action.tolist() and action[0] in (0.0, 1.0)
        assert log_probability == pytest.approx(-math.log(2), abs=1e-6)
        counts[int(action[0])] += 1
    assert 150 < counts[0] < 250
    assert actor.rollout() == (256, 8)  # steps_per_env and num_envs, the defaults
    with pytest.raises(swiftrl.SessionStateError, match="swiftrl_actor_sample"):
        actor.explore(np.zeros(4, np.float32))
    with pytest.raises(swiftrl.PolicyError, match="log_std|normaliz|do not match"):
        actor.load(1, save(_actor_tensors(4, 3)))
    assert actor.version == 0
    # The same seed, the same samples.
    again = ActorReplica.ppo("{}", 4, seed=3, discrete_actions=2)
    again.load(0, save(_actor_tensors(4, 2)))
    first = ActorReplica.ppo("{}", 4, seed=3, discrete_actions=2)
    first.load(0, save(_actor_tensors(4, 2)))
    observation = np.ones(4, np.float32)
    assert [first.sample(observation)[0][0] for _ in range(20)] == [again.sample(observation)[0][0] for _ in range(20)]


def test_a_continuous_ppo_replica_samples_its_gaussian_and_normalizes_observations():
    configuration = '{"normalize_observations": true}'
    actor = ActorReplica.ppo(configuration, 3, seed=5, action_low=[-2.0], action_high=[2.0])
    tensors = _actor_tensors(3, 1)
    tensors["actor.4.bias"] = np.array([0.25], np.float32)  # the mean
    tensors["log_std"] = np.array([math.log(0.5)], np.float32)
    with pytest.raises(swiftrl.PolicyError, match="normaliz"):
        actor.load(0, save(tensors))
    tensors["observation_normalization.mean"] = np.zeros(3, np.float32)
    tensors["observation_normalization.std"] = np.ones(3, np.float32)
    tensors["observation_normalization.clip"] = np.array([10], np.float32)
    actor.load(0, save(tensors))
    for _ in range(50):
        sample, log_probability, action = actor.sample(np.array([1, 0, 0.5], np.float32))
        z = (sample[0] - 0.25) / 0.5
        assert log_probability == pytest.approx(-0.5 * z * z - math.log(0.5) - 0.5 * math.log(2 * math.pi), abs=1e-4)
        # The environment's action: the sample clipped to [-1, 1], rescaled to [-2, 2].
        assert action[0] == pytest.approx(2 * min(max(sample[0], -1), 1), abs=1e-6)
    policy = actor.policy(None, None, "Pendulum-v1", 1)
    assert policy.evaluate(np.array([1, 0, 0.5], np.float32))[0] == pytest.approx(0.5, abs=1e-6)
    with pytest.raises(swiftrl.SwiftRLError, match="low < high"):
        ActorReplica.ppo("{}", 3, seed=1, action_low=[1.0], action_high=[-1.0])
    with pytest.raises(swiftrl.SwiftRLError, match="recurrent|feed-forward"):
        ActorReplica.ppo('{"recurrent": "lstm"}', 3, seed=1, action_low=[-1.0], action_high=[1.0])


def test_python_ppo_workers_teach_the_swift_trainer_cartpole(swiftrl_cli, relay, tmp_path):  # noqa: F811
    """Two Gymnasium CartPole-v1 workers (discrete actions) collect rollouts for `swiftrl train
    --algorithm ppo`: every packet carries log-probabilities, the trainer learns from them and
    the policy it evaluates (on SwiftRL's CartPole-v1) balances the pole. SB3 zoo's values, strictly
    on-policy, so that it learns as a local run does."""
    steps = ZOO_HYPERPARAMETERS["steps"]
    trainer = subprocess.Popen(
        [swiftrl_cli, "train", "--config", str(ZOO_CARTPOLE), "--run-dir", str(tmp_path / "run"),
         "--max-policy-lag", "0", "--server", relay.address, "--credentials", relay.credentials],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    logs = []
    with _Workers(relay, logs, model_directory=tmp_path) as workers:
        output, errors = trainer.communicate(timeout=300)
    assert trainer.returncode == 0, errors
    assert f"PPO on CartPole-v1, seed 1: {steps} steps" in output, output
    evaluation = re.search(r"evaluation over 10 episodes: (-?[0-9.]+)", output)
    assert evaluation and float(evaluation.group(1)) >= 150, output
    for identifier, summary in workers.summaries.items():
        assert summary.steps >= COLUMN_STEPS and summary.steps % COLUMN_STEPS == 0, summary
        policy = swiftrl.load_checkpoint_from_path(str(tmp_path / identifier / "policy.h"))
        assert policy.is_discrete and policy.info["algorithm"] == "PPO"
    assert not [line for line in logs if "lost" in line or "refused" in line], logs


def test_a_python_worker_refuses_a_discrete_environment_for_sac(swiftrl_cli, relay, tmp_path):  # noqa: F811
    trainer = subprocess.Popen([swiftrl_cli, "train", "--env", "Pendulum-v1", "--run-dir", str(tmp_path / "run"),
                                "--steps", "400", "--quiet", "--server", relay.address, "--credentials", relay.credentials],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # CartPole's Discrete(2) under a trainer of Pendulum's sizes: refused before a step is taken.
        with RolloutWorker(lambda: gym.make("CartPole-v1"), server=relay.address, credentials=relay.credentials,
                           worker_id="wrong", log=lambda line: None) as worker:
            with pytest.raises(RelayError, match="observations"):
                worker.run(steps=10)
    finally:
        trainer.kill()
        trainer.communicate(timeout=60)


def test_python_ppo_workers_teach_the_python_trainer_cartpole(relay, tmp_path):  # noqa: F811
    """The same with `swiftrl.distributed.Trainer(algorithm="ppo")`: Gymnasium's CartPole-v1 on
    both sides, rollouts learned through `swiftrl_session_learn_rollout`, a checkpoint at the end."""
    steps, logs = ZOO_HYPERPARAMETERS["steps"], []
    trainer = Trainer(lambda: gym.make("CartPole-v1"), relay.address, relay.credentials, algorithm="ppo",
                      evaluation={"interval": 0}, log=logs.append, max_policy_lag=0,
                      checkpoint_dir=str(tmp_path / "checkpoints"), **ZOO_HYPERPARAMETERS)
    with _Workers(relay, logs) as workers:
        state = trainer.run()
    trainer.close()
    assert state.steps == steps and trainer.learned_packets == steps // COLUMN_STEPS and trainer.skipped_packets == 0, logs
    mean, _ = state.evaluate(episodes=10, seed=100)
    assert mean >= 150
    assert all(summary.steps >= COLUMN_STEPS for summary in workers.summaries.values())
    assert any(f"learned from {steps // COLUMN_STEPS} packets" in line for line in logs), logs
    assert (tmp_path / "checkpoints" / "latest").exists()


class _Workers:
    """Two Gymnasium CartPole-v1 workers, in threads, collecting until the block ends."""

    def __init__(self, relay, logs, model_directory=None):  # noqa: F811
        self.summaries = {}
        self._workers = [RolloutWorker(lambda: gym.make("CartPole-v1"), server=relay.address,
                                       credentials=relay.credentials, worker_id=f"cartpole-{seed}", seed=seed,
                                       log=logs.append, model_path=None if model_directory is None
                                       else str(model_directory / f"cartpole-{seed}" / "policy.h"))
                         for seed in (1, 2)]
        self._threads = [threading.Thread(target=self._work, args=(worker,)) for worker in self._workers]

    def _work(self, worker):
        self.summaries[worker.worker_id] = worker.run()

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exception):
        for worker in self._workers:
            worker.close()
        for thread in self._threads:
            thread.join(60)


def test_a_refused_rollout_leaves_the_session_as_it_was():
    """`swiftrl_session_learn_rollout` checks what it is given (an action the distribution cannot
    produce, a flag other than 0 or 1, a NaN, columns of another count) and raises without changing
    the session, which then learns the next valid rollout."""
    from types import SimpleNamespace

    from swiftrl.distributed._rollout_columns import RolloutColumns

    state = swiftrl.PPO("CartPole-v1", num_envs=2, steps_per_env=8, batch_size=8, steps=64, evaluation={"interval": 0}).State(seed=1)
    generator = np.random.default_rng(0)

    def column(**changes):
        values = dict(observations=generator.uniform(-0.05, 0.05, (8, 4)).astype(np.float32),
                      actions=generator.integers(0, 2, (8, 1)).astype(np.float32),
                      log_probabilities=np.full(8, -math.log(2), np.float32), rewards=np.ones(8, np.float32),
                      terminated=np.zeros(8, np.uint8), truncated=np.zeros(8, np.uint8),
                      next_observations=generator.uniform(-0.05, 0.05, (8, 4)).astype(np.float32))
        values.update(changes)
        return SimpleNamespace(count=8, **values)

    def learn(*columns):
        rollout = RolloutColumns(8, 2, 4, 1)
        for item in columns:
            rollout.add(item, [], print)
        return rollout.learn(state)

    bad_action = column(actions=np.full((8, 1), 7, np.float32))
    bad_flag = column(terminated=np.full(8, 2, np.uint8))
    bad_value = column(next_observations=np.full((8, 4), np.nan, np.float32))
    for columns, message in (((column(), bad_action), "action 1"), ((column(), bad_flag), "0 or 1"),
                             ((column(), bad_value), "NaN"), ((column(),), "1 columns")):
        with pytest.raises(swiftrl.SwiftRLError, match=message):
            learn(*columns)
        assert state.steps == 0
    assert learn(column(), column()) is False and state.steps == 16
    # The trainer checks each packet first, so that one worker's impossible actions skip its packet
    # instead of refusing the whole update.
    checked = RolloutColumns(8, 2, 4, 1, discrete_actions=2)
    assert "discrete actions" in checked.problem(bad_action)
    assert "discrete actions" in checked.problem(column(actions=np.full((8, 1), 0.5, np.float32)))
    assert checked.problem(column()) is None


def test_the_ppo_actor_and_rollout_functions_refuse_bad_arguments_without_trapping():
    """NULL handles and pointers, wrong counts and the wrong kind of actor or session each give a
    status and a message through `swiftrl.h`, never a dead process."""
    import ctypes

    from swiftrl import _native

    lib = _native.library
    handle, out = ctypes.c_void_p(), ctypes.c_void_p()
    low, high = (ctypes.c_float * 1)(-1), (ctypes.c_float * 1)(1)
    assert lib.swiftrl_actor_create_ppo(b"{}", 3, 0, low, high, 1, 1, None) != 0
    assert lib.swiftrl_actor_create_ppo(b"{}", 3, 2, low, high, 1, 1, ctypes.byref(out)) != 0  # bounds with Discrete
    assert lib.swiftrl_actor_create_ppo(b"{}", 3, -1, None, None, 1, 1, ctypes.byref(out)) != 0
    assert lib.swiftrl_actor_create_ppo(b"{}", 3, 0, None, None, 1, 1, ctypes.byref(out)) != 0  # a box without bounds
    assert lib.swiftrl_actor_create_ppo(b"{\"steps_per_env\": 0}", 3, 2, None, None, 1, 1, ctypes.byref(out)) != 0
    assert out.value is None
    assert lib.swiftrl_actor_create_ppo(b"{}", 3, 2, None, None, 1, 1, ctypes.byref(handle)) == 0
    observation = np.zeros(3, np.float32)
    sample, action, log_probability = np.zeros(1, np.float32), np.zeros(1, np.float32), np.zeros(1, np.float32)
    for arguments in ((None, observation.ctypes.data, 3, sample.ctypes.data, 1, log_probability.ctypes.data,
                       action.ctypes.data, 1),
                      (handle, None, 3, sample.ctypes.data, 1, log_probability.ctypes.data, action.ctypes.data, 1),
                      (handle, observation.ctypes.data, 3, None, 1, log_probability.ctypes.data, action.ctypes.data, 1),
                      (handle, observation.ctypes.data, 3, sample.ctypes.data, 2, log_probability.ctypes.data,
                       action.ctypes.data, 1),
                      (handle, observation.ctypes.data, -5, sample.ctypes.data, 1, log_probability.ctypes.data,
                       action.ctypes.data, 1)):
        assert lib.swiftrl_actor_sample(*arguments) != 0
    steps, packets = ctypes.c_int64(), ctypes.c_int64()
    assert lib.swiftrl_actor_rollout(handle, None, ctypes.byref(packets)) != 0
    assert lib.swiftrl_actor_policy(handle, low, high, 1, b"CartPole-v1", 1, ctypes.byref(out)) != 0
    lib.swiftrl_actor_free(handle)
    sac = ActorReplica("sac", "{}", 3, 1, seed=1)
    assert lib.swiftrl_actor_rollout(sac._handle, ctypes.byref(steps), ctypes.byref(packets)) != 0
    assert lib.swiftrl_actor_sample(sac._handle, observation.ctypes.data, 3, sample.ctypes.data, 1,
                                    log_probability.ctypes.data, action.ctypes.data, 1) != 0
    finished = ctypes.c_int32()
    assert lib.swiftrl_session_learn_rollout(None, 1, 1, None, 3, None, 1, None, None, None, None, None, None, None, 0,
                                             ctypes.byref(finished)) != 0
    state = swiftrl.SAC("Pendulum-v1", steps=100).State(seed=1)
    assert lib.swiftrl_session_learn_rollout(state._handle, 1, 1, None, 3, None, 1, None, None, None, None, None, None,
                                             None, 0, ctypes.byref(finished)) != 0
    ppo = swiftrl.PPO("CartPole-v1", num_envs=1, steps_per_env=4, batch_size=4, steps=64).State(seed=1)
    assert lib.swiftrl_session_learn_rollout(ppo._handle, 1, 4, None, 4, None, 1, None, None, None, None, None, None,
                                             None, 0, ctypes.byref(finished)) != 0
    assert lib.swiftrl_session_learn_rollout(ppo._handle, 1, 4, None, 4, None, 1, None, None, None, None, None, None,
                                             None, -3, ctypes.byref(finished)) != 0
    assert "episode_count" in lib.swiftrl_last_error().decode()
