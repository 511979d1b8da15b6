"""SAC, TD3 and PPO on SwiftRL's core: built-in Swift environments by name (no Python in the
loop) or Gymnasium environments from a factory, with RLtools' and Stable-Baselines3's habits."""

import copy
import ctypes
import json
import os
import pickle
import time

import numpy as np

from . import _names, _native
from ._environments import Bridge
from ._policy import Policy, load_checkpoint_from_path

_lib = _native.library
_session_step = _lib.swiftrl_session_step

# RLtools' interface arguments about its compilation, which has no counterpart here.
_IGNORED_ARGUMENTS = {"interface_name", "force_recompile", "enable_optimization"}


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value


def built_in_environments():
    """The names of SwiftRL's built-in environments (Gymnasium-exact dynamics, stepped in Swift)."""
    return [spec["name"] for spec in _native.environments()]


class _Algorithm:
    """An algorithm bound to its environments and hyperparameters; `State(seed)` starts a run."""

    name = ""

    def __init__(self, env, threads=0, evaluation_env=None, verbose=False, **hyperparameters):
        """`env`: a built-in environment's name ("Pendulum-v1": stepped in Swift), another
        Gymnasium id (made with `gymnasium.make`), a factory returning a Gymnasium environment (or,
        for PPO, a `gymnasium.vector.VectorEnv`), or an environment. Hyperparameters: SwiftRL's
        configuration keys (`batch_size=256`, `actor={"hidden_sizes": [128, 128]}`) or RLtools'
        names (`STEP_LIMIT=10_000`, `ACTOR_HIDDEN_DIM=64`). `threads`: 0 uses one per core.
        `evaluation_env`: a factory of the single environment evaluations and exported examples use
        (default: `env`'s factory, or for vector environments `gymnasium.make` of their spec).
        `verbose`: print a progress line every 5 % of the steps (steps, steps/s, the latest episode's
        return and evaluation), as RLtools' loop does."""
        keys = dict(hyperparameters)
        evaluation = {}
        interval = keys.pop("evaluation_interval", None)
        if keys.pop("enable_evaluation", True) is False:
            evaluation["interval"] = 0
        if interval is not None:
            evaluation["interval"] = interval
        if "num_evaluation_episodes" in keys:
            evaluation["episodes"] = keys.pop("num_evaluation_episodes")
        for ignored in _IGNORED_ARGUMENTS:
            keys.pop(ignored, None)
        self._episode_step_limit = keys.pop("EPISODE_STEP_LIMIT", None)
        configuration = _names.configuration(self.name, keys)
        for key, value in evaluation.items():
            configuration[f"evaluation.{key}"] = value
        self._configuration_json = json.dumps(_jsonable(configuration))
        self.configuration = _native.take_json(_lib.swiftrl_configuration_json, self.name.encode(),
                                               self._configuration_json.encode())
        self.threads = int(threads)
        self.verbose = bool(verbose)
        self._evaluation_factory = evaluation_env
        self._built_in = None
        self._factory = None
        if isinstance(env, str) and env in built_in_environments():
            self._built_in = env
            if self._episode_step_limit is not None:
                raise ValueError("EPISODE_STEP_LIMIT applies to Gymnasium environments; built-in ones keep Gymnasium's limits")
        elif isinstance(env, str):
            import gymnasium
            self._factory = lambda: gymnasium.make(env)
        elif isinstance(env, type) or (callable(env) and not hasattr(env, "step")):
            self._factory = env
        elif hasattr(env, "step") and hasattr(env, "reset"):
            self._instance = env
            self._unused_instance = env
            self._factory = self._copy_of_instance
        else:
            raise TypeError(f"env must be an environment name, a factory or an environment, not {type(env).__name__}")

    def _copy_of_instance(self):
        """A fresh environment like the one given: made again from its spec when it has one."""
        import gymnasium
        spec = getattr(self._instance, "spec", None)
        return gymnasium.make(spec) if spec is not None else copy.deepcopy(self._instance)

    def _make(self):
        environment = self._factory()
        if self._episode_step_limit is not None:
            import gymnasium
            environment = gymnasium.wrappers.TimeLimit(environment, int(self._episode_step_limit))
        return environment

    def _evaluation_environment(self):
        import gymnasium
        if self._evaluation_factory is not None:
            return self._evaluation_factory()
        environment = self._make()
        if not isinstance(environment, gymnasium.vector.VectorEnv):
            return environment
        spec = getattr(environment, "spec", None) or environment.get_attr("spec")[0]
        environment.close()
        if spec is None:
            raise ValueError("a vector environment without a spec: pass evaluation_env=, a factory of one environment")
        return gymnasium.make(spec)

    def _training_environments(self):
        import gymnasium
        # An environment given as such trains the first state; later states get copies.
        first = self.__dict__.pop("_unused_instance", None) or self._make()
        if isinstance(first, gymnasium.vector.VectorEnv):
            if self.name != "ppo":
                raise TypeError(f"{self.name.upper()} steps one environment; vector environments are for PPO")
            return Bridge(first)
        count = self.configuration.get("num_envs", 1)
        return Bridge([first] + [self._make() for _ in range(count - 1)])

    def State(self, seed=1):  # noqa: N802 - RLtools' name
        """A new training run with `seed` (the same seed gives the same run, bit for bit, on built-in
        environments and on deterministic Python ones)."""
        return State(self, seed)

    def Trainer(self, seed=1):  # noqa: N802 - rl8's name
        """A trainer of a new run: `run(stop_conditions=[...])` trains until one holds."""
        return Trainer(self.State(seed))


class SAC(_Algorithm):
    """Soft Actor-Critic (RLtools' defaults: batch 100, [64, 64] ReLU, Adam 1e-3, α adaptive from 0.5)."""

    name = "sac"


class TD3(_Algorithm):
    """Twin Delayed DDPG (RLtools' defaults)."""

    name = "td3"


class PPO(_Algorithm):
    """Proximal Policy Optimization over `num_envs` environments (Stable-Baselines3's defaults)."""

    name = "ppo"

    @staticmethod
    def load(path):
        """A saved run's policy (a checkpoint directory or an exported header) with
        Stable-Baselines3's `predict`."""
        return Model(load_checkpoint_from_path(path))


class Model:
    """Stable-Baselines3's habit: `action, state = model.predict(observation, state, episode_start)`."""

    def __init__(self, policy):
        self.policy = policy

    def predict(self, observation, state=None, episode_start=None, deterministic=True):
        """The deterministic action (a discrete policy's as an integer) and the recurrent state to
        pass back next time (None without memory), for one observation or a batch of them as rows."""
        if not deterministic:
            raise NotImplementedError("SwiftRL's deployed policies act deterministically; sampling happens in training")
        observations = np.asarray(observation, dtype=np.float32)
        batch = observations.ndim == 2 and observations.shape[1] == self.policy.observation_dimension
        rows = observations if batch else observations.reshape(1, -1)
        width = self.policy.state.size
        states = np.zeros((len(rows), width), dtype=np.float32) if state is None or not width else \
            np.array(state, dtype=np.float32).reshape(len(rows), width)
        if episode_start is not None and width:
            states[np.asarray(episode_start, dtype=bool).reshape(-1)] = 0
        actions = []
        for row, memory in zip(rows, states):  # each row of `states` is advanced in place
            action = self.policy.evaluate(row, memory)
            actions.append(action.astype(np.int64)[0] if self.policy.is_discrete else action)
        result = np.asarray(actions) if batch else actions[0]
        return np.asarray(result), (None if not width else states if batch else states[0])


class State:
    """One training run. `step()` advances it by one unit (SAC/TD3: one environment step and its
    update; PPO: one rollout and its update) and returns True once the step budget is spent."""

    def __init__(self, algorithm, seed=1, _restore_from=None, _environments=None):
        self.algorithm = algorithm
        self.seed = int(seed)
        self._handle = ctypes.c_void_p()
        self._bridges = []
        training = evaluation = None
        if algorithm._built_in is None:
            training = algorithm._training_environments()
            evaluation = Bridge([algorithm._evaluation_environment()])
            self._bridges = [training, evaluation]
        status = _lib.swiftrl_session_create(
            algorithm.name.encode(), algorithm._configuration_json.encode(),
            algorithm._built_in.encode() if algorithm._built_in else None,
            ctypes.byref(training.structure) if training else None,
            ctypes.byref(evaluation.structure) if evaluation else None,
            ctypes.c_uint64(self.seed % 2 ** 64), algorithm.threads, ctypes.byref(self._handle))
        self._check(status)
        self._action_dimension = max(self.status()["action_dimension"], 1)
        self._progress = _Progress(algorithm.configuration)
        self._verbose = bool(getattr(algorithm, "verbose", False))
        self._finished = ctypes.c_int32()
        self._finished_reference = ctypes.byref(self._finished)
        if _environments is not None:
            self._bridges[0].restore_environments(_environments)
        if _restore_from is not None:
            self._check(_lib.swiftrl_session_restore(self._handle, os.fsencode(_restore_from)))

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            _lib.swiftrl_session_free(handle)
            self._handle = None

    def _check(self, status):
        """Raises a failed call's exception: the environment's own when a callback met one."""
        errors = [error for error in (bridge.take_error() for bridge in self._bridges) if error is not None]
        if errors:
            raise errors[0]
        _native.check(status)

    def step(self):
        """One unit of work; True once the run has taken its `steps`."""
        status = _session_step(self._handle, self._finished_reference)
        if status:
            self._check(status)
        if self._verbose:
            self._progress.report(self, bool(self._finished.value))
        return bool(self._finished.value)

    def action(self, observation):
        """The deterministic action for `observation`, in the environment's units (a numpy array;
        a discrete action's index as a float)."""
        observation = np.ascontiguousarray(observation, dtype=np.float32).reshape(-1)
        capacity = self._action_dimension
        action = np.zeros(capacity, dtype=np.float32)
        count = ctypes.c_int64()
        self._check(_lib.swiftrl_session_action(
            self._handle, observation.ctypes.data_as(ctypes.POINTER(ctypes.c_float)), observation.size,
            action.ctypes.data_as(ctypes.POINTER(ctypes.c_float)), capacity, ctypes.byref(count)))
        return action[:count.value]

    def evaluate(self, episodes=10, seed=1000):
        """Mean and standard deviation of the return of the deterministic policy over `episodes`
        episodes, episode i reset with `seed + i`."""
        mean, std = ctypes.c_double(), ctypes.c_double()
        self._check(_lib.swiftrl_session_evaluate(self._handle, int(episodes), ctypes.c_uint64(int(seed) % 2 ** 64),
                                                  ctypes.byref(mean), ctypes.byref(std)))
        return mean.value, std.value

    def export_policy(self, name="swiftrl_policy"):
        """The policy as a self-contained C99 header (functions prefixed `name`)."""
        return self._string(_lib.swiftrl_session_export_header, name.encode())

    def save(self, path):
        """Writes a checkpoint directory at `path` (which must not exist) that `load_state` resumes
        bit for bit. With Python environments, the environments and the algorithm (its factories
        included) are pickled with cloudpickle into it: load only saved sessions you trust."""
        state = None
        if self._bridges:
            import cloudpickle
            try:
                state = cloudpickle.dumps({"algorithm": self.algorithm,
                                           "training": self._bridges[0].saved_environments()})
            except Exception as error:
                raise _native.CheckpointError(f"cannot save the Python environments or their factory: {error}") from error
        self._check(_lib.swiftrl_session_save(self._handle, os.fsencode(path), state, len(state) if state else 0))

    @property
    def policy(self):
        """The current deterministic policy."""
        handle = ctypes.c_void_p()
        self._check(_lib.swiftrl_session_policy(self._handle, ctypes.byref(handle)))
        return Policy(handle.value)

    def status(self):
        """Progress: steps, total_steps, episodes, metrics (named as in metrics.csv), evaluation."""
        return json.loads(self._string(_lib.swiftrl_session_status_json))

    @property
    def steps(self):
        """Environment steps taken."""
        return self.status()["steps"]

    @property
    def metrics(self):
        """The latest update's named metrics, such as `losses/critic` or `returns/mean`."""
        return self.status()["metrics"]

    def _string(self, function, *arguments):
        return _native.take_string(function, self._handle, *arguments, check=self._check)


class _Progress:
    """`verbose=True`'s lines: one each time the steps pass a multiple of 5 % of the budget, and at
    the end. Steps are counted from the units of work (one step for SAC and TD3, one rollout of
    num_envs × steps_per_env for PPO), so nothing is asked of the core between lines."""

    def __init__(self, configuration):
        self.total = configuration["steps"]
        self.per_unit = configuration.get("num_envs", 1) * configuration.get("steps_per_env", 1)
        self.interval = max(self.total // 20, 1)
        self.steps, self.next = 0, self.interval
        self.start = time.perf_counter()

    def report(self, state, finished):
        self.steps += self.per_unit
        if not finished and self.steps < self.next:
            return
        self.next = (self.steps // self.interval + 1) * self.interval
        status = state.status()
        seconds = max(time.perf_counter() - self.start, 1e-9)
        line = f"step {status['steps']}/{status['total_steps']}  {status['steps'] / seconds:,.0f} steps/s"
        if status["latest_episode"]:
            line += f"  episode return {status['latest_episode']['return']:.1f}"
        if status["evaluation"]:
            line += f"  evaluation {status['evaluation']['return_mean']:.1f} ± {status['evaluation']['return_std']:.1f}"
        print(line, flush=True)


class Trainer:
    """rl8's Trainer: `run(stop_conditions=[...])` trains until the step budget is spent or one
    condition holds, and returns what stopped it."""

    chunk = 16

    def __init__(self, state):
        self.state = state

    def run(self, stop_conditions=(), steps=None):
        """Trains; returns {"stopped_by": text or None, "steps", "evaluation", "metrics"}.
        `steps` adds a step budget to the conditions. Interrupt with Ctrl-C between units."""
        conditions = [condition.as_json() for condition in stop_conditions]
        if steps is not None:
            conditions.append({"kind": "steps", "steps": int(steps)})
        self.state._check(_lib.swiftrl_session_set_stop_conditions(self.state._handle,
                                                                    json.dumps(conditions).encode()))
        finished = ctypes.c_int32()
        stopped_by = None
        while not finished.value:
            stopped_by = self.state._string(_lib.swiftrl_session_run, self.chunk, ctypes.byref(finished)) or stopped_by
        status = self.state.status()
        return {"stopped_by": stopped_by, "steps": status["steps"], "evaluation": status["evaluation"],
                "metrics": status["metrics"]}


def load_state(path, threads=0):
    """Resumes a run saved with `State.save(path)`, bit for bit: the algorithm, hyperparameters,
    environments and seed come from the saved session (checked against its seal). Python
    environments are unpickled from it, with their factory: load only saved sessions you trust."""
    path = os.fsencode(path)
    info = _native.take_json(_lib.swiftrl_checkpoint_info_json, path)
    configuration = json.loads(info["configuration"])
    if info["built_in_environment"]:
        classes = {"sac": SAC, "td3": TD3, "ppo": PPO}
        algorithm = classes[info["algorithm"]](info["environment"], threads=threads, **configuration)
        return State(algorithm, int(info["seed"]), _restore_from=path)
    data, count = ctypes.c_void_p(), ctypes.c_int64()
    _native.check(_lib.swiftrl_checkpoint_environment_state(path, ctypes.byref(data), ctypes.byref(count)))
    try:
        saved = pickle.loads(ctypes.string_at(data.value, count.value))
    finally:
        _lib.swiftrl_free_string(data)
    algorithm = saved["algorithm"]
    algorithm.threads = int(threads)
    algorithm._configuration_json = info["configuration"]
    algorithm.configuration = configuration
    return State(algorithm, int(info["seed"]), _restore_from=path, _environments=saved["training"])
