"""SwiftRL: fast reinforcement learning on a Swift core. SAC, TD3 and PPO on built-in Swift
environments or any Gymnasium environment, with no compile step, bit-exact resume and C-header export.

    from swiftrl import SAC
    sac = SAC("Pendulum-v1", STEP_LIMIT=10_000)
    state = sac.State(seed=1)
    while not state.step():
        pass
"""

from ._algorithms import PPO, SAC, TD3, Model, State, Trainer, built_in_environments, load_state
from ._native import (ArgumentError, CallbackError, CheckpointError, ConfigurationError, EnvironmentSpecError,
                      PolicyError, SessionStateError, SwiftRLError, TrainingError, WriteError, environments,
                      kernel_variant, version)
from ._policy import Policy, load_checkpoint_from_path
from ._stop_conditions import HitsLowerBound, HitsUpperBound, Plateaus, StepBudget, TargetReturn, WallClock

__version__ = version()

__all__ = [
    "SAC", "TD3", "PPO", "State", "Trainer", "Model", "Policy", "load_state", "load_checkpoint_from_path",
    "built_in_environments", "environments", "kernel_variant", "version",
    "Plateaus", "HitsUpperBound", "HitsLowerBound", "StepBudget", "WallClock", "TargetReturn",
    "SwiftRLError", "ArgumentError", "ConfigurationError", "EnvironmentSpecError", "TrainingError", "CheckpointError",
    "PolicyError", "CallbackError", "SessionStateError", "WriteError",
]
