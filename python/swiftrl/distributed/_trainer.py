"""`Trainer`: the trainer role from Python (TMRL's `Trainer` with its `TrainingOffline`), for
environments SwiftRL does not build in, such as rtgym's. It learns with SwiftRL's core from the
transitions rollout workers send through the relay, and publishes the actor they act with."""

import ctypes
import hashlib
import json
import math
import re

from .. import _native
from .._algorithms import PPO, SAC, TD3
from ._messages import Transitions
from ._relay import RelayConnection, print_log
from ._rollout_columns import RolloutColumns
from ._spaces import FlatObservations
from ._trainer_checkpoints import TrainerCheckpoints
from .v1 import relay_pb2

_LAST_POSITION = 2 ** 63 - 1


class Trainer:
    """Learns from the relay's transitions, TMRL's way, and returns the `swiftrl.State` from `run()`.
    As `swiftrl train --server` does:

    - SAC and TD3 learn each transition (one update after warm-up) and publish a new weights version
      every `publish_interval` updates (TMRL's `update_model_interval`).
    - PPO learns one update from every `num_envs` PPO workers' packets (one rollout of `steps_per_env`
      steps each, a column of the update's rollout) and publishes every update. Packets acted with a
      version up to `max_policy_lag` versions behind the latest are learned from, their ratios taken
      against the log-probabilities the workers recorded; older ones are counted in `stale_packets`
      and skipped.

    - `env_cls`: creates the environment the workers run; the trainer uses it for its spaces and for
      evaluations (`evaluation={"interval": 0}` turns them off, as real-time episodes take time). It is
      called twice: once for the spaces (never stepped: PPO's columns all name that one instance)
      and once for evaluations.
    - `algorithm`: "sac", "td3" or "ppo"; `hyperparameters`: SwiftRL's configuration keys
      (`steps=5000`, `warmup_steps=500`, `batch_size=128`, `num_envs=8`) as `swiftrl.SAC` takes them.
    - `checkpoint_dir`: where the trainer keeps its checkpoints (`checkpoint-STEPS`, saved sessions as
      `swiftrl.State.save` writes them, and `latest`), one every `checkpoint_interval` transitions
      learned (at the next packet's end; 0: only at the end) and one at the end. The relay then
      deletes a packet only once a checkpoint holds it, and a Trainer made with a `checkpoint_dir`
      that holds one resumes from it: it learns from the first packet that checkpoint had not
      learned, as an uninterrupted trainer would have, and numbers its weights after the relay's
      latest. The environment is made anew from `env_cls` (the trainer uses it for its spaces and
      evaluations only). Without `checkpoint_dir` the relay deletes each packet once it is learned.
    """

    def __init__(self, env_cls, server, credentials, algorithm="sac", seed=1, publish_interval=100, threads=0,
                 log=None, checkpoint_dir=None, checkpoint_interval=0, max_policy_lag=1, **hyperparameters):
        if algorithm not in ("sac", "td3", "ppo"):
            raise ValueError(f"the relay's trainer learns SAC, TD3 or PPO, not '{algorithm}'")
        if int(max_policy_lag) < 0:
            raise ValueError("max_policy_lag must be 0 or more")
        self.log = log or print_log
        self.publish_interval = max(int(publish_interval), 1)
        self.max_policy_lag = int(max_policy_lag)
        self._connection = RelayConnection(server, credentials, "trainer")
        algorithm_type = {"sac": SAC, "td3": TD3, "ppo": PPO}[algorithm]
        spaces = FlatObservations(env_cls())
        actions = spaces.action_space
        self._discrete_actions = int(actions.n) if hasattr(actions, "n") and not hasattr(actions, "low") else 0
        self.algorithm = algorithm_type(lambda: spaces, evaluation_env=lambda: FlatObservations(env_cls()),
                                        threads=threads, **hyperparameters)
        self.state = self.algorithm.State(seed)
        status = self.state.status()
        self._observation_size = status["observation_dimension"]
        self._action_size = status["action_dimension"]
        spec = getattr(self.state._bridges[1].environments[0], "spec", None)
        environment = getattr(spec, "id", None) or "python"
        self._specification = relay_pb2.PolicySpecification(
            algorithm=algorithm, configuration_json=json.dumps(self.algorithm.configuration),
            environment=re.sub(r"[^A-Za-z0-9._:-]", "_", environment)[:256],
            observation_size=self._observation_size, action_size=self._action_size, seed=int(seed))
        reply = self._call("reaching the relay", self._connection.stub.TakeSamples,
                           relay_pb2.TakeSamplesRequest(after=_LAST_POSITION, max_transitions=1))
        self._published = reply.latest_weights_version if reply.HasField("latest_weights_version") else None
        self._learned_through = 0
        self._updates_at_publication = 0
        self.skipped_packets = 0
        self.stale_packets = 0
        self.learned_packets = 0
        self.checkpoint_interval = max(int(checkpoint_interval), 0)
        self._checkpoints = TrainerCheckpoints(checkpoint_dir) if checkpoint_dir is not None else None
        self._checkpointed_through = 0
        self._checkpointed_at_steps = 0
        latest = self._checkpoints.latest() if self._checkpoints else None
        if latest is not None:
            self._learned_through, published = TrainerCheckpoints.restore(self.state, latest)
            self._checkpointed_through = self._learned_through
            self._checkpointed_at_steps = self.state.steps
            versions = [version for version in (self._published, published) if version is not None]
            self._published = max(versions) if versions else None
            self._updates_at_publication = self._updates()
            self.log(f"trainer: resumed from {latest} ({self._checkpointed_at_steps} transitions learned)")

    def run(self):
        """Learns until the step budget is spent; returns the `swiftrl.State` (evaluate, export, save)."""
        self._publish()
        status = self.state.status()
        if status["steps"] < status["total_steps"]:  # else a run resumed from its last checkpoint
            if self.algorithm.name == "ppo":
                self._learn_rollouts()
            else:
                self._learn_transitions()
        self._publish()
        if self._checkpoints:
            self._save_checkpoint()
        self._call("releasing learned samples", self._connection.stub.TakeSamples, relay_pb2.TakeSamplesRequest(
            after=_LAST_POSITION, max_transitions=1, release_through=self._releasable()))
        return self.state

    def _take(self, after, max_transitions):
        return self._call("taking samples", self._connection.stub.TakeSamples, relay_pb2.TakeSamplesRequest(
            after=after, max_transitions=max_transitions, wait_milliseconds=200, release_through=self._releasable()))

    def _learn_transitions(self):
        """SAC and TD3: every transition, publishing every `publish_interval` updates."""
        finished, finished_reference = False, ctypes.c_int32()
        while not finished:
            for queued in self._take(self._learned_through, 1024).packets:
                finished, whole = self._learn(queued, finished_reference)
                if not whole:
                    break  # the rest of this packet stays on the relay
                self._learned_through = queued.position
                if finished:
                    break
                status = self.state.status()
                if status["updates"] - self._updates_at_publication >= self.publish_interval:
                    self._publish()
                self._checkpoint_when_due()

    def _learn_rollouts(self):
        """PPO: an update from every `num_envs` usable packets, publishing each. The packets gathered
        for the next update stay on the relay (they are learned once that update is made)."""
        configuration = self.algorithm.configuration
        columns = RolloutColumns(configuration["steps_per_env"], configuration["num_envs"], self._observation_size,
                                 self._action_size, discrete_actions=self._discrete_actions)
        taken_through, finished = self._learned_through, False
        while not finished:
            for queued in self._take(taken_through, columns.steps * columns.count).packets:
                taken_through = queued.position
                transitions = self._usable_column(queued, columns)
                if transitions is None:
                    continue
                columns.add(transitions, queued.packet.episodes, self.log)
                if not columns.is_full:
                    continue
                finished = columns.learn(self.state)
                self.learned_packets += columns.count
                self._learned_through = taken_through
                self._publish()
                if finished:
                    break
                self._checkpoint_when_due()
        self.log(f"trainer: learned from {self.learned_packets} packets; skipped {self.stale_packets} "
                 f"acted more than {self.max_policy_lag} versions behind and {self.skipped_packets} it could not use")

    def _usable_column(self, queued, columns):
        """The packet's transitions when they can be a column of the next update; None (counted and,
        unless merely stale, logged) otherwise."""
        try:
            transitions = Transitions(queued.packet.transitions)
        except ValueError as error:
            self._skip(queued, str(error))
            return None
        problem = columns.problem(transitions)
        current, acted = self._published or 0, queued.packet.policy_version
        if problem is None and acted > current:
            problem = f"it was acted with version {acted}, newer than the trainer's {current}"
        if problem is not None:
            self._skip(queued, problem)
            return None
        if current - acted > self.max_policy_lag:
            self.stale_packets += 1
            return None
        return transitions

    def _checkpoint_when_due(self):
        if (self._checkpoints and self.checkpoint_interval
                and self.state.steps - self._checkpointed_at_steps >= self.checkpoint_interval):
            self._save_checkpoint()

    def _releasable(self):
        """Packets the relay may delete: those the latest checkpoint holds, or with no checkpoints
        those learned."""
        return self._checkpointed_through if self._checkpoints else self._learned_through

    def _save_checkpoint(self):
        steps = self.state.steps
        path = self._checkpoints.save(self.state, steps, self._learned_through, self._published)
        self._checkpointed_through = self._learned_through
        self._checkpointed_at_steps = steps
        self.log(f"trainer: saved {path} (learned through queue position {self._learned_through})")

    def close(self):
        """Closes the connection to the relay."""
        self._connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()

    def _learn(self, queued, finished_reference):
        """Learns a packet's transitions, or skips a packet of another environment's sizes. Returns
        whether the budget is spent and whether the packet was learned (or skipped) whole: when the
        budget ends within it, its remaining transitions are not learned."""
        try:
            transitions = Transitions(queued.packet.transitions)
        except ValueError as error:
            return self._skip(queued, str(error))
        if transitions.log_probabilities is not None:
            return self._skip(queued, "it carries log-probabilities: a PPO worker's packet")
        o, a = transitions.observations.shape[1], transitions.actions.shape[1]
        if (o, a) != (self._observation_size, self._action_size):
            return self._skip(queued, f"its transitions have {o} observations and {a} actions, the policy "
                                      f"{self._observation_size} and {self._action_size}")
        observations, actions, rewards = transitions.observations, transitions.actions, transitions.rewards
        next_observations, terminated = transitions.next_observations, transitions.terminated
        float_p = ctypes.POINTER(ctypes.c_float)
        for row in range(transitions.count):
            status = _native.library.swiftrl_session_learn(
                self.state._handle, observations[row].ctypes.data_as(float_p), o, actions[row].ctypes.data_as(float_p),
                a, float(rewards[row]), next_observations[row].ctypes.data_as(float_p), int(terminated[row]),
                ctypes.byref(finished_reference))
            self.state._check(status)
            if finished_reference.value and row + 1 < transitions.count:
                return True, False
        for episode in queued.packet.episodes:
            if not (math.isfinite(episode.episode_return) and episode.length >= 1):
                self.log(f"trainer: ignored an episode of packet {queued.packet.sequence} (return "
                         f"{episode.episode_return}, length {episode.length})")
                continue
            self.state._check(_native.library.swiftrl_session_record_episode(
                self.state._handle, episode.episode_return, episode.length))
        return bool(finished_reference.value), True

    def _skip(self, queued, reason):
        self.skipped_packets += 1
        self.log(f"trainer: skipped packet {queued.packet.sequence} of worker {queued.worker_id[:64]}: {reason}")
        return False, True

    def _updates(self):
        return self.state.status()["updates"]

    def _actor_weights(self, version):
        data, count = ctypes.c_void_p(), ctypes.c_int64()
        self.state._check(_native.library.swiftrl_session_actor_weights(
            self.state._handle, version, ctypes.byref(data), ctypes.byref(count)))
        try:
            return ctypes.string_at(data.value, count.value)
        finally:
            _native.library.swiftrl_free_string(data)

    def _publish(self):
        version = 0 if self._published is None else self._published + 1
        updates = self._updates()
        safetensors = self._actor_weights(version)
        weights = relay_pb2.Weights(version=version, specification=self._specification, safetensors=safetensors,
                                    sha256=hashlib.sha256(safetensors).digest())
        self._call("publishing weights", self._connection.stub.PublishWeights, weights)
        self._published = version
        self._updates_at_publication = updates

    def _call(self, activity, method, request):
        return self._connection.call(activity, method, request, attempts=50, log=self.log)
