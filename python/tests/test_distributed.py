"""Python rollout workers (`swiftrl.distributed.RolloutWorker`) against the Swift relay and trainer:
the same protocol, security and bookkeeping as `swiftrl worker`."""

import functools
import hashlib
import os
import subprocess
import threading

import gymnasium as gym
import numpy as np
import pytest
from safetensors.numpy import load, save

import swiftrl
from swiftrl.distributed import (ActorReplica, GenericGymEnv, RelayConnection, RelayError, RolloutWorker, Trainer,
                                 flatten_observation)
from swiftrl.distributed._messages import Transitions, weights_problem
from swiftrl.distributed.v1 import relay_pb2

PENDULUM = functools.partial(GenericGymEnv, id="Pendulum-v1")


class Relay:
    """`swiftrl certs` and `swiftrl serve` on a free loopback port in `directory`."""

    def __init__(self, cli, directory):
        self.directory = directory
        self.credentials = str(directory / "creds")
        subprocess.run([cli, "certs", "--output", self.credentials], check=True, capture_output=True)
        self.process = subprocess.Popen([cli, "serve", "--listen", "127.0.0.1:0", "--credentials", self.credentials,
                                         "--data", str(directory / "relay-data")],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        assert line.startswith("relay listening on "), line
        self.address = line.split()[-1]

    def status(self):
        with RelayConnection(self.address, self.credentials, "admin") as admin:
            return admin.status()

    def stop(self):
        self.process.terminate()
        _, errors = self.process.communicate(timeout=30)
        return errors


@pytest.fixture
def relay(swiftrl_cli, tmp_path):
    relay = Relay(swiftrl_cli, tmp_path)
    yield relay
    if relay.process.poll() is None:
        relay.stop()


def _train(cli, relay, directory, steps):
    return subprocess.Popen([cli, "train", "--run-dir", str(directory / "run"), "--quiet", "--steps", str(steps),
                             "--set", "warmup_steps=200", "--set", "batch_size=32", "--set", "evaluation.interval=300",
                             "--set", "evaluation.episodes=1", "--publish-interval", "50",
                             "--server", relay.address, "--credentials", relay.credentials],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_python_workers_feed_the_swift_trainer(swiftrl_cli, relay, tmp_path):
    trainer = _train(swiftrl_cli, relay, tmp_path, 600)
    summaries, logs = {}, []

    def work(identifier):
        worker = RolloutWorker(PENDULUM, server=relay.address, credentials=relay.credentials, worker_id=identifier,
                               samples_per_packet=50, seed=len(summaries) + 1, log=logs.append,
                               model_path=str(tmp_path / identifier / "policy.h"), model_history=2)
        with worker:
            summaries[identifier] = worker.run(steps=300)

    threads = [threading.Thread(target=work, args=(name,)) for name in ("py-1", "py-2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    output, errors = trainer.communicate(timeout=120)
    assert trainer.returncode == 0, errors
    assert "SAC on Pendulum-v1, seed 1: 600 steps" in output
    for name in ("py-1", "py-2"):
        summary = summaries[name]
        assert (summary.steps, summary.acknowledged_sequence) == (300, 6)
        assert summary.episodes == 1  # Pendulum's 200-step limit
        # The policy the worker acted with last, as a header that SwiftRL's loaders check in full.
        policy = swiftrl.load_checkpoint_from_path(str(tmp_path / name / "policy.h"))
        assert policy.info["algorithm"] == "SAC" and policy.info["environment"] == "Pendulum-v1"
        assert policy.evaluate(np.array([1, 0, 0], dtype=np.float32)).shape == (1,)
        assert os.path.exists(tmp_path / name / "policy-v0.h")
    assert not [line for line in logs if "lost" in line or "refused" in line]
    status = relay.status()
    assert status["samples_in"] == 600 and status["duplicates"] == 0 and status["retained"] == 0
    # A standalone worker runs the saved policy with no relay (TMRL's test episodes).
    standalone = RolloutWorker(PENDULUM, standalone=True, model_path=str(tmp_path / "py-1" / "policy.h"))
    returns = standalone.run_episodes(2, seed=5)
    assert len(returns) == 2 and all(np.isfinite(returns))


def test_a_restarted_worker_goes_on_with_its_sequence(swiftrl_cli, relay, tmp_path):
    trainer = _train(swiftrl_cli, relay, tmp_path, 600)
    for expected in (4, 8):
        with RolloutWorker(PENDULUM, server=relay.address, credentials=relay.credentials, worker_id="again",
                           samples_per_packet=50, log=lambda line: None) as worker:
            assert worker.run(steps=200).acknowledged_sequence == expected
    # A worker runs again after run() returned, numbering on from the relay's welcome.
    with RolloutWorker(PENDULUM, server=relay.address, credentials=relay.credentials, worker_id="twice",
                       samples_per_packet=50, log=lambda line: None) as worker:
        assert worker.run(steps=100).acknowledged_sequence == 2
        assert worker.run(steps=100).acknowledged_sequence == 4
    _, errors = trainer.communicate(timeout=120)
    assert trainer.returncode == 0, errors


def test_a_resumed_python_trainer_learns_what_an_uninterrupted_one_learns(swiftrl_cli, tmp_path):
    """Two relays hold the same queue (a worker acting with version 0, uniformly at random and seeded);
    one trainer learns it uninterrupted, another stops right after its first checkpoint and a third
    resumes from that checkpoint: the final policies are the same, bit for bit."""
    hyperparameters = dict(steps=1200, warmup_steps=200, batch_size=32, evaluation={"interval": 0}, publish_interval=50)

    def filled_relay(name):
        (tmp_path / name).mkdir()
        relay = Relay(swiftrl_cli, tmp_path / name)
        with Trainer(PENDULUM, relay.address, relay.credentials, log=lambda line: None, **hyperparameters) as publisher:
            publisher._publish()
        subprocess.run([swiftrl_cli, "worker", "--server", relay.address, "--credentials", relay.credentials,
                        "--env", "Pendulum-v1", "--id", "w1", "--steps", "1200", "--samples-per-packet", "50"],
                       check=True, capture_output=True)
        return relay

    class Stop(Exception):
        pass

    def stop_after_checkpoint(line):
        if "saved" in line:
            raise Stop(line)

    relays = [filled_relay("uninterrupted"), filled_relay("interrupted")]
    try:
        with Trainer(PENDULUM, relays[0].address, relays[0].credentials, log=lambda line: None,
                     checkpoint_dir=tmp_path / "a", **hyperparameters) as trainer:
            expected = trainer.run()
        directory = tmp_path / "b"
        with Trainer(PENDULUM, relays[1].address, relays[1].credentials, log=stop_after_checkpoint,
                     checkpoint_dir=directory, checkpoint_interval=500, **hyperparameters) as trainer:
            with pytest.raises(Stop, match="checkpoint-000000000500"):
                trainer.run()
        assert relays[1].status()["retained"] >= 700, "the relay keeps what the checkpoint does not hold"
        lines = []
        with Trainer(PENDULUM, relays[1].address, relays[1].credentials, log=lines.append,
                     checkpoint_dir=directory, checkpoint_interval=500, **hyperparameters) as trainer:
            resumed = trainer.run()
        assert any("resumed from" in line and "500 transitions learned" in line for line in lines), lines
        assert resumed.steps == expected.steps == 1200
        assert resumed.export_policy() == expected.export_policy()
        assert relays[1].status()["retained"] == 0
        assert sorted(os.listdir(directory)) == ["checkpoint-000000001200", "latest"]
        with Trainer(PENDULUM, relays[1].address, relays[1].credentials, log=lambda line: None,
                     checkpoint_dir=directory, **hyperparameters) as trainer:
            again = trainer.run()  # a finished run resumed: nothing to learn, its checkpoint kept
        assert again.export_policy() == expected.export_policy()
        assert sorted(os.listdir(directory)) == ["checkpoint-000000001200", "latest"]
        with open(directory / "latest", "w") as latest:
            latest.write("../elsewhere")
        with pytest.raises(swiftrl.CheckpointError, match="does not name a checkpoint"):
            Trainer(PENDULUM, relays[1].address, relays[1].credentials, checkpoint_dir=directory, **hyperparameters)
        for damaged in (b"chec\xeb\x31oi\xeet-000000001200", b"checkpoint-000000001200" + b" " * 300):
            with open(directory / "latest", "wb") as latest:
                latest.write(damaged)  # not UTF-8, then too long: refused the same way
            with pytest.raises(swiftrl.CheckpointError, match="does not name a checkpoint"):
                Trainer(PENDULUM, relays[1].address, relays[1].credentials, checkpoint_dir=directory, **hyperparameters)
    finally:
        for relay in relays:
            relay.stop()


def test_the_relay_refuses_wrong_tokens_and_roles(relay, tmp_path):
    forged = tmp_path / "forged"
    forged.mkdir()
    (forged / "ca.pem").write_bytes(open(os.path.join(relay.credentials, "ca.pem"), "rb").read())
    (forged / "worker.token").write_text("not-the-token\n")
    worker = RolloutWorker(PENDULUM, server=relay.address, credentials=str(forged), log=lambda line: None)
    with pytest.raises(RelayError, match="(?i)token|unauthenticated"):
        worker.run(steps=10)
    worker.close()
    # The trainer's token is not a worker's: sending samples with it is refused.
    (forged / "worker.token").write_text(open(os.path.join(relay.credentials, "trainer.token")).read())
    worker = RolloutWorker(PENDULUM, server=relay.address, credentials=str(forged), log=lambda line: None)
    with RelayConnection(relay.address, relay.credentials, "trainer") as trainer:
        trainer.stub.PublishWeights(_weights(1), metadata=trainer.metadata, timeout=10)
    with pytest.raises(RelayError, match="(?i)permission|may not|role"):
        worker.run(steps=10)
    worker.close()
    with pytest.raises(RelayError, match="cannot read the worker token"):
        RolloutWorker(PENDULUM, server=relay.address, credentials=str(tmp_path / "missing"))
    assert "refused" in relay.stop()


def _weights(version, algorithm="sac"):
    """Weights of SAC's default actor for Pendulum-v1 (3 → 64 → 64 → mean and log-std), all zero."""
    safetensors = save({"actor.0.weight": np.zeros((64, 3), np.float32), "actor.0.bias": np.zeros(64, np.float32),
                        "actor.2.weight": np.zeros((64, 64), np.float32), "actor.2.bias": np.zeros(64, np.float32),
                        "actor.4.weight": np.zeros((2, 64), np.float32), "actor.4.bias": np.zeros(2, np.float32)})
    specification = relay_pb2.PolicySpecification(algorithm=algorithm, configuration_json="{}", environment="Pendulum-v1",
                                                  observation_size=3, action_size=1, seed=1)
    return relay_pb2.Weights(version=version, specification=specification, safetensors=safetensors,
                             sha256=hashlib.sha256(safetensors).digest())


def test_forged_or_mismatched_weights_are_refused():
    weights = _weights(3)
    assert weights_problem(weights) is None
    forged = relay_pb2.Weights()
    forged.CopyFrom(weights)
    forged.safetensors = forged.safetensors[:-1] + bytes([forged.safetensors[-1] ^ 1])
    assert "SHA-256" in weights_problem(forged)
    assert "not 'dqn'" in weights_problem(_weights(3, algorithm="dqn"))
    actor = ActorReplica("sac", "{}", 3, 1, seed=1)
    with pytest.raises(swiftrl.SessionStateError, match="no weights"):
        actor.explore(np.zeros(3, np.float32))
    actor.load(3, weights.safetensors)
    assert actor.version == 3
    for damaged in (b"not safetensors", weights.safetensors[:100]):
        with pytest.raises(swiftrl.PolicyError):
            actor.load(4, damaged)
    with pytest.raises(swiftrl.PolicyError, match="do not match"):
        actor.load(4, save({"actor.0.weight": np.zeros((4, 3), np.float32)}))
    with pytest.raises(swiftrl.PolicyError, match="not finite"):
        tensors = {"actor.0.weight": np.full((64, 3), np.nan, np.float32)}
        actor.load(4, _replace(weights.safetensors, tensors))
    assert actor.version == 3
    with pytest.raises(swiftrl.ConfigurationError):
        ActorReplica("sac", '{"gamma": "high"}', 3, 1, seed=1)
    with pytest.raises(swiftrl.PolicyError, match="swiftrl_actor_create_ppo"):
        ActorReplica("ppo", "{}", 3, 1, seed=1)


def test_a_ppo_workers_packet_is_told_apart():
    """Log-probabilities mark a PPO worker's packet: its actions are the distribution's (unbounded),
    and the log-probabilities must be finite; without them an action must lie in [-1, 1]."""
    floats = lambda *values: np.array(values, "<f4").tobytes()
    message = relay_pb2.Transitions(count=2, observation_size=1, action_size=1, observations=floats(0.5, 0.25),
                                    actions=floats(3.5, -2.0), rewards=floats(1, 1), next_observations=floats(0.25, 0.125),
                                    terminated=bytes([0, 1]), truncated=bytes([0, 0]), log_probabilities=floats(-1.5, -0.5))
    transitions = Transitions(message)
    assert transitions.log_probabilities.tolist() == [-1.5, -0.5] and transitions.actions[0, 0] == 3.5
    for log_probabilities, problem in ((floats(-1.5, np.nan), "NaN"), (floats(-1.5), "bytes"), (b"", r"\[-1, 1\]")):
        message.log_probabilities = log_probabilities
        with pytest.raises(ValueError, match=problem):
            Transitions(message)


def _replace(safetensors, tensors):
    contents = load(safetensors)
    contents.update(tensors)
    return save(contents)


def test_the_replica_explores_as_the_algorithm_does():
    weights = _weights(0)
    first, second = ActorReplica("sac", "{}", 3, 1, seed=7), ActorReplica("sac", "{}", 3, 1, seed=7)
    observation = np.array([1, 0, 0.5], np.float32)
    for actor in (first, second):
        actor.load(0, weights.safetensors)
    # Version 0 acts uniformly at random in [-1, 1], the same for the same seed.
    uniform = [first.explore(observation) for _ in range(200)]
    assert [second.explore(observation) for _ in range(200)] == uniform
    assert -1 <= min(uniform)[0] < -0.9 and 0.9 < max(uniform)[0] <= 1
    # After that SAC samples its (here all-zero) policy: mean 0, log-std 0, squashed by tanh.
    first.load(1, weights.safetensors)
    samples = np.array([first.explore(observation)[0] for _ in range(2000)])
    assert abs(samples.mean()) < 0.05 and 0.5 < samples.std() < 0.7
    policy = first.policy([-2], [2], "Pendulum-v1", 1)
    assert policy.evaluate(observation)[0] == 0


def test_observations_flatten_by_the_documented_rule():
    observation = ({"b": np.array([3.0, 4.0]), "a": 2}, [np.array([[5, 6], [7, 8]], np.float64)], np.float32(9))
    assert flatten_observation(observation).tolist() == [2, 3, 4, 5, 6, 7, 8, 9]
    assert flatten_observation(observation).dtype == np.float32
    env = GenericGymEnv(id="Pendulum-v1")
    assert env.observation_space.dtype == np.float32
    assert env.reset(seed=1)[0].dtype == np.float32
    tuple_space = gym.spaces.Tuple((gym.spaces.Box(-1, 1, (1,)), gym.spaces.Box(-1, 1, (4, 19))))
    assert flatten_observation(tuple_space.sample()).size == 77
