"""`RolloutWorker`: TMRL's rollout worker on SwiftRL's relay. It steps a Gymnasium or rtgym
environment with a copy of the trainer's policy (inference in SwiftRL's core), streams the
transitions to the relay in numbered packets that it resends until they are acknowledged, and loads
every weights version the relay broadcasts."""

import math
import os
import re
import threading
import time
from dataclasses import dataclass

import grpc
import numpy as np

from .. import _native
from .._policy import load_checkpoint_from_path
from ._actor import ActorReplica
from ._messages import PACKET_LIMIT, weights_problem
from ._outbox import PacketOutbox
from ._relay import PERMANENT_CODES, RelayConnection, RelayError, print_log
from ._spaces import flatten_observation
from .v1 import relay_pb2

_WORKER_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


@dataclass(frozen=True)
class WorkerSummary:
    """What a finished `RolloutWorker.run` did."""

    steps: int
    episodes: int
    acknowledged_sequence: int
    weights_version: int


class RolloutWorker:
    """A rollout worker (TMRL's `RolloutWorker`; the names it shares with TMRL keep their meaning).

    - `env_cls`: creates the environment, called once (a Gymnasium env, an rtgym env through
      `gymnasium.make("real-time-gym-v1", config=...)`, `functools.partial(GenericGymEnv, id=...)`).
      Its action space is a Box (SAC, TD3, PPO) or Discrete (PPO); observations are flattened by
      `flatten_observation`'s rule.
    - `server` ("HOST:PORT", TMRL's `server_ip` and `server_port`) and `credentials` (the directory of
      `ca.pem` and `worker.token`: TMRL's `password`, `security` and `keys_dir`).
    - `worker_id`: names the packet sequence; a worker restarted with the same id goes on where the
      relay's last packet of it ends.
    - `samples_per_packet` (TMRL's `samples_per_worker_packet`), `max_samples_per_episode` (episodes
      are truncated after that many steps), `obs_preprocessor` (applied to every observation before
      the policy and in the samples), `seed` (the first reset and the exploration).
    - `model_path`: each version the worker loads is written there as a C header (atomically), which
      `standalone` workers, `swiftrl.load_checkpoint_from_path`, `swiftrl eval --policy` and a
      microcontroller's compiler read; `model_history` keeps every that-many-th version beside it as
      `MODEL-vVERSION.h` (TMRL's `model_path_history`).
    - `standalone`: no relay; `run_episodes` runs the policy at `model_path`.
    - `window`: packets in flight without an acknowledgement, at most.

    TMRL's `actor_module_cls` and `device` have no counterpart (the policy runs in SwiftRL's core,
    configured by the trainer), nor has `sample_compressor` (samples travel as packed float32).
    """

    def __init__(self, env_cls, server=None, credentials=None, worker_id="worker", samples_per_packet=100,
                 max_samples_per_episode=None, model_path=None, model_history=0, obs_preprocessor=None,
                 standalone=False, seed=1, window=16, log=print_log):
        if not _WORKER_ID.fullmatch(worker_id or ""):
            raise ValueError("a worker id is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-'")
        if not 1 <= samples_per_packet <= PACKET_LIMIT:
            raise ValueError(f"samples_per_packet must be 1 to {PACKET_LIMIT}")
        if max_samples_per_episode is not None and max_samples_per_episode < 1:
            raise ValueError("max_samples_per_episode must be at least 1")
        if standalone and model_path is None:
            raise ValueError("a standalone worker runs the policy at model_path: give one")
        if not standalone and (server is None or credentials is None):
            raise ValueError("give the relay's server and credentials (or standalone=True)")
        self.env = env_cls()
        self.worker_id = worker_id
        self.samples_per_packet = int(samples_per_packet)
        self.max_samples_per_episode = max_samples_per_episode
        self.model_path = model_path
        self.model_history = int(model_history)
        self.obs_preprocessor = obs_preprocessor
        self.seed = int(seed)
        self.log = log
        self.standalone = standalone
        self._discrete, self._action_low, self._action_high = _action_space(self.env.action_space)
        self._stop = threading.Event()
        self._failure = None
        self._latest = None  # the newest checked Weights message
        self._weights_arrived = threading.Condition()
        self._window = window
        self._outbox = PacketOutbox(window)
        self._connection = None if standalone else RelayConnection(server, credentials, "worker")
        self._calls = []
        self._calls_lock = threading.Lock()
        self._relay_workers = 0  # workers connected, as the relay's last acknowledgement counted them

    # MARK: Collecting

    def run(self, steps=None):
        """Collects and sends until `steps` transitions are acknowledged (forever when None, until
        `close()`). Raises `RelayError` when the relay refuses the worker or the trainer's policy does
        not fit the environment, `TrainingError` for a NaN or infinity from the environment."""
        if self.standalone:
            raise RelayError("a standalone worker has no relay: use run_episodes")
        self._stop.clear()
        self._failure = None
        self._outbox = PacketOutbox(self._window)  # numbered again from the relay's welcome
        threads = [threading.Thread(target=self._guard, args=(self._watch_weights,), daemon=True),
                   threading.Thread(target=self._guard, args=(self._send_packets,), daemon=True)]
        for thread in threads:
            thread.start()
        try:
            summary = self._collect(steps)
            while not self._outbox.is_drained:
                self._raise_failure()
                if self._stop.wait(0.01):
                    break
            self._raise_failure()
            return WorkerSummary(summary[0], summary[1], self._outbox.acknowledged, summary[2])
        finally:
            self._stop.set()
            self._outbox.close()
            self._cancel_calls()
            for thread in threads:
                thread.join(5)

    def _collect(self, steps):
        weights = self._first_weights()
        specification = weights.specification
        self._observation = self._observe(self.env.reset(seed=self.seed)[0], 0)
        action_size = 1 if self._discrete else self._action_low.size
        if (self._observation.size, action_size) != (specification.observation_size, specification.action_size):
            raise RelayError(f"the trainer's {specification.environment} has {specification.observation_size} observations "
                             f"and {specification.action_size} actions, this worker's environment {self._observation.size} "
                             f"and {action_size}")
        self._taken = self._finished = self._episode_steps = 0
        self._episode_return = 0.0
        if specification.algorithm == "ppo":
            self._collect_on_policy(steps, weights)
        else:
            self._collect_off_policy(steps, weights)
        self._outbox.finish_collecting()
        return self._taken, self._finished, self._version

    def _collect_off_policy(self, steps, weights):
        """SAC and TD3: a step at a time with the newest version, in packets of `samples_per_packet`."""
        specification = weights.specification
        if self._discrete:
            raise RelayError(f"the environment's actions are discrete; {specification.algorithm.upper()} acts in a Box")
        try:
            actor = ActorReplica(specification.algorithm, specification.configuration_json,
                                 specification.observation_size, specification.action_size, self.seed)
        except _native.SwiftRLError as error:
            raise RelayError(f"the trainer's policy specification: {error}") from None
        self._load(actor, weights, specification)
        packet = _PacketBuffers()
        while (steps is None or self._taken < steps) and not self._stop.is_set():
            self._raise_failure()
            if self._latest.version > self._version:
                self._load(actor, self._latest, specification)
            normalized = actor.explore(self._observation)
            action = self._action_low + (normalized + 1) * np.float32(0.5) * (self._action_high - self._action_low)
            if self._step(action, normalized, None, packet):
                actor.episode_end()
            is_last = steps is not None and self._taken >= steps
            if packet.count >= self.samples_per_packet or (is_last and packet.count):
                if not self._outbox.enqueue(packet.message(self._version), self._stop.is_set):
                    return

    def _collect_on_policy(self, steps, weights):
        """PPO, as `swiftrl worker` collects: rollouts of the configuration's `steps_per_env` steps, one
        packet each, every action with its log-probability (`samples_per_packet` does not apply, and
        `steps` is rounded up to whole rollouts). A newer version is loaded between rollouts only, so
        that a packet is acted with the version it names. The trainer learns from `num_envs` packets
        per version: once this worker has sent its share of them (split among the workers the relay
        counts), it waits up to 2 s for the next version, so that it does not collect stale packets."""
        specification = weights.specification
        try:
            actor = ActorReplica.ppo(specification.configuration_json, specification.observation_size, self.seed,
                                     discrete_actions=self._discrete[0] if self._discrete else 0,
                                     action_low=self._action_low, action_high=self._action_high)
        except _native.SwiftRLError as error:
            raise RelayError(f"the trainer's policy specification: {error}") from None
        self._load(actor, weights, specification)
        steps_per_packet, packets_per_update = actor.rollout()
        packets_of_version = 0
        packet = _PacketBuffers()
        while (steps is None or self._taken < steps) and not self._stop.is_set():
            self._raise_failure()
            workers = max(self._relay_workers, 1)
            if packets_of_version >= max(-(-packets_per_update // workers), 1):
                self._wait_for_weights_after(self._version, _ON_POLICY_PATIENCE)
            if self._latest.version > self._version:
                self._load(actor, self._latest, specification)
                packets_of_version = 0
            for _ in range(steps_per_packet):
                sample, log_probability, action = actor.sample(self._observation)
                if self._discrete:
                    action = int(action[0]) + self._discrete[1]
                self._step(action, sample, log_probability, packet)
            if not self._outbox.enqueue(packet.message(self._version), self._stop.is_set):
                return
            packets_of_version += 1

    def _step(self, action, stored_action, log_probability, packet):
        """Steps the environment with `action`, records the transition (with `stored_action` and, for
        PPO, its log-probability) in `packet`, and starts the next episode when one ends (returned)."""
        if not self._discrete:
            action = action.reshape(self.env.action_space.shape)
        raw_next, reward, is_terminal, is_truncated, _ = self.env.step(action)
        self._taken += 1
        self._episode_steps += 1
        next_observation = self._observe(raw_next, self._taken)
        if not math.isfinite(float(reward)) or not math.isfinite(float(np.float32(reward))):
            raise _native.TrainingError(f"the environment returned a non-finite reward at step {self._taken}")
        if self.max_samples_per_episode is not None and self._episode_steps >= self.max_samples_per_episode:
            is_truncated = True
        packet.append(self._observation, stored_action, log_probability, reward, next_observation, is_terminal, is_truncated)
        self._episode_return += float(reward)
        if not (is_terminal or is_truncated):
            self._observation = next_observation
            return False
        packet.episodes.append(relay_pb2.Episode(episode_return=self._episode_return, length=self._episode_steps))
        self._finished += 1
        self._episode_steps, self._episode_return = 0, 0.0
        self._observation = self._observe(self.env.reset()[0], self._taken)
        return True

    def _observe(self, raw, step):
        if self.obs_preprocessor is not None:
            raw = self.obs_preprocessor(raw)
        observation = flatten_observation(raw)
        if not np.isfinite(observation).all():
            raise _native.TrainingError(f"the environment returned a non-finite observation at step {step}")
        return observation

    def _load(self, actor, weights, specification):
        if weights.specification != specification:
            raise RelayError(f"weights version {weights.version} are of another policy specification than this worker's")
        try:
            actor.load(weights.version, weights.safetensors)
        except _native.SwiftRLError as error:
            raise RelayError(f"weights version {weights.version}: {error}") from None
        if self.model_path is not None:
            self._save_model(actor, weights)
        self._version = weights.version

    def _save_model(self, actor, weights):
        environment = re.sub(r"[^A-Za-z0-9._:-]", "_", getattr(getattr(self.env, "spec", None), "id", None)
                             or type(self.env).__name__)
        header = actor.policy(self._action_low, self._action_high, environment,
                              weights.specification.seed).export_header()
        _write_atomically(self.model_path, header)
        if self.model_history > 0 and weights.version % self.model_history == 0:
            stem, extension = os.path.splitext(self.model_path)
            _write_atomically(f"{stem}-v{weights.version}{extension or '.h'}", header)

    def run_episodes(self, episodes, seed=None):
        """Runs `episodes` episodes with the deterministic policy saved at `model_path` (a standalone
        worker, TMRL's test episodes) and returns their returns; nothing is sent."""
        if self.model_path is None or not os.path.exists(self.model_path):
            raise RelayError(f"no policy at model_path '{self.model_path}'")
        policy = load_checkpoint_from_path(self.model_path)
        returns = []
        for episode in range(int(episodes)):
            raw, _ = self.env.reset(seed=None if seed is None else seed + episode)
            observation, total, length, done = self._observe(raw, 0), 0.0, 0, False
            policy.reset()
            while not done:
                action = policy.evaluate(observation)
                action = int(action[0]) + self._discrete[1] if self._discrete else action.reshape(self.env.action_space.shape)
                raw, reward, is_terminal, is_truncated, _ = self.env.step(action)
                length += 1
                total += float(reward)
                observation = self._observe(raw, length)
                done = is_terminal or is_truncated or (self.max_samples_per_episode is not None
                                                       and length >= self.max_samples_per_episode)
            returns.append(total)
        return returns

    def close(self):
        """Stops a `run` in another thread (it returns what it did) and closes the connection."""
        self._stop.set()
        self._outbox.close()
        self._cancel_calls()
        if self._connection is not None:
            self._connection.close()
        close = getattr(self.env, "close", None)
        if close is not None:
            close()

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()

    # MARK: Weights

    def _first_weights(self):
        with self._weights_arrived:
            while self._latest is None:
                self._raise_failure()
                if self._stop.is_set():
                    raise RelayError("the worker was closed before the first weights arrived")
                self._weights_arrived.wait(0.1)
            return self._latest

    def _wait_for_weights_after(self, version, patience):
        """Waits until a version newer than `version` arrives, the worker stops, or `patience` seconds
        have passed (a worker that stalled elsewhere, still counted as connected, cannot stall the run)."""
        deadline = time.monotonic() + patience
        with self._weights_arrived:
            while self._latest.version <= version and not self._stop.is_set() and self._failure is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self._weights_arrived.wait(min(left, 0.1))

    def _watch_weights(self):
        """Keeps `_latest` up to date, reconnecting after failures and after the relay ends the stream."""
        def attempt():
            latest = self._latest
            request = relay_pb2.WatchWeightsRequest(after_version=latest.version if latest else 0,
                                                    from_start=latest is None)
            for weights in self._track(self._connection.stub.WatchWeights(request, metadata=self._connection.metadata)):
                problem = weights_problem(weights)
                if problem:
                    self.log(f"worker {self.worker_id} refused weights version {weights.version}: {problem}")
                    continue
                with self._weights_arrived:
                    if self._latest is None or weights.version > self._latest.version:
                        self._latest = weights
                    self._weights_arrived.notify_all()

        while not self._stop.is_set():
            self._reconnecting("watching weights", attempt)
            self._stop.wait(0.1)

    # MARK: Packets

    def _send_packets(self):
        """Sends the outbox's packets, reconnecting after failures, until it is drained."""
        def attempt():
            connection = self._outbox.connect()
            call = self._track(self._connection.stub.SendSamples(self._requests(connection),
                                                                 metadata=self._connection.metadata))
            for message in call:
                kind = message.WhichOneof("kind")
                if kind == "welcome":
                    lost = self._outbox.welcome(message.welcome.last_sequence)
                    if lost:
                        self.log(f"worker {self.worker_id}: the relay holds packets through {message.welcome.last_sequence} "
                                 f"but had acknowledged through {lost[1]}: acknowledged packets lost")
                elif kind == "acknowledgement":
                    self._relay_workers = message.acknowledgement.workers_connected
                    self._outbox.acknowledge(message.acknowledgement.sequence)

        while not self._stop.is_set() and not self._outbox.is_drained:
            self._reconnecting("sending samples", attempt)

    def _requests(self, connection):
        yield relay_pb2.WorkerMessage(hello=relay_pb2.WorkerHello(worker_id=self.worker_id))
        while True:
            packet = self._outbox.next_to_write(connection)
            if packet is None:
                return
            yield relay_pb2.WorkerMessage(packet=packet)

    # MARK: Connections

    def _reconnecting(self, activity, attempt):
        """Runs `attempt` until it returns normally or the worker stops, waiting 0.1 s to 2 s between
        failures; a refusal that retrying cannot fix (a token, a malformed packet) ends the worker."""
        delay, reported = 0.1, False
        while not self._stop.is_set():
            try:
                attempt()
                return
            except grpc.RpcError as error:
                if self._stop.is_set():
                    return
                if error.code() in PERMANENT_CODES:
                    raise RelayError(f"{activity}: {error.details() or error.code().name}") from None
                if not reported:
                    self.log(f"worker {self.worker_id}: {activity}: {error.details() or error.code().name}; retrying")
                    reported = True
                self._stop.wait(delay)
                delay = min(delay * 2, 2)

    def _track(self, call):
        with self._calls_lock:
            self._calls = [c for c in self._calls if c.is_active()] + [call]
        if self._stop.is_set():
            call.cancel()
        return call

    def _cancel_calls(self):
        with self._calls_lock:
            for call in self._calls:
                call.cancel()

    def _guard(self, body):
        try:
            body()
        except BaseException as error:  # handed to the collecting thread, which raises it
            self._failure = self._failure or error
            self._stop.set()
            self._outbox.close()
            with self._weights_arrived:
                self._weights_arrived.notify_all()

    def _raise_failure(self):
        if self._failure is not None:
            raise self._failure


# How long a PPO worker that has sent its share of a version's packets waits for the next version
# before it collects on (as `swiftrl worker`).
_ON_POLICY_PATIENCE = 2.0


def _action_space(space):
    """`(discrete, low, high)`: `(n, start)` and None, None for a Discrete space; None and the bounds
    (flat float32 arrays) for a Box."""
    if hasattr(space, "n") and hasattr(space, "start") and not hasattr(space, "low"):
        if int(space.n) < 1:
            raise _native.EnvironmentSpecError(f"the environment's action space {space} has no actions")
        return (int(space.n), int(space.start)), None, None
    if not hasattr(space, "low") or not hasattr(space, "high"):
        raise _native.EnvironmentSpecError(f"the environment's action space {space} is neither a Box nor Discrete")
    low = np.asarray(space.low, dtype=np.float32).reshape(-1)
    high = np.asarray(space.high, dtype=np.float32).reshape(-1)
    if not (np.all(np.isfinite(low)) and np.all(np.isfinite(high))):
        raise _native.EnvironmentSpecError("the action space's bounds must be finite")
    return None, low, high


class _PacketBuffers:
    """The transitions and finished episodes of the packet being filled."""

    def __init__(self):
        self._clear()

    def _clear(self):
        self.observations, self.actions, self.log_probabilities, self.rewards = [], [], [], []
        self.next_observations, self.terminated, self.truncated, self.episodes = [], [], [], []

    @property
    def count(self):
        return len(self.rewards)

    def append(self, observation, action, log_probability, reward, next_observation, terminated, truncated):
        self.observations.append(observation)
        self.actions.append(action)
        if log_probability is not None:
            self.log_probabilities.append(log_probability)
        self.rewards.append(reward)
        self.next_observations.append(next_observation)
        self.terminated.append(bool(terminated))
        self.truncated.append(bool(truncated))

    def message(self, version):
        """The packet, acted with `version`; the buffers start again empty."""
        transitions = relay_pb2.Transitions(
            count=self.count, observation_size=self.observations[0].size, action_size=self.actions[0].size,
            observations=np.stack(self.observations).astype("<f4").tobytes(),
            actions=np.stack(self.actions).astype("<f4").tobytes(),
            rewards=np.asarray(self.rewards, dtype="<f4").tobytes(),
            next_observations=np.stack(self.next_observations).astype("<f4").tobytes(),
            terminated=np.asarray(self.terminated, dtype=np.uint8).tobytes(),
            truncated=np.asarray(self.truncated, dtype=np.uint8).tobytes(),
            log_probabilities=np.asarray(self.log_probabilities, dtype="<f4").tobytes())
        packet = relay_pb2.SamplePacket(policy_version=version, episodes=self.episodes, transitions=transitions)
        self._clear()
        return packet


def _write_atomically(path, text):
    """Writes `text` to `path` through a temporary file, synced and renamed over it, then syncs the
    directory: a crash leaves the old file or the new one, never a part."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    temporary = f"{path}.tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
