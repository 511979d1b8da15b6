"""Saved Python sessions for the fuzz harness: `session.py save DIR ALGORITHM ENVIRONMENT` trains a
tiny run with the Python package (ENVIRONMENT: a built-in name, or gym:ID) and saves it; `session.py load DIR` resumes it with
`swiftrl.load_state` and steps once, printing `error: MESSAGE` (one line) and exiting 1 when SwiftRL
refuses it. Any other exception (a traceback) or a signal is a failure of the package.

`session.py trainer-save DIR RELAY CREDENTIALS` writes a checkpoint of the relay's Python trainer
(`swiftrl.distributed.Trainer` with `checkpoint_dir`, under DIR/checkpoints, with the credentials
copied to DIR/credentials); `session.py trainer-load DIR RELAY` makes a Trainer that resumes from it."""

import functools
import os
import shutil
import sys

import swiftrl

CONFIGURATIONS = {
    "sac": dict(steps=200, warmup_steps=50, replay_capacity=150, batch_size=32, evaluation={"interval": 0}),
    "ppo": dict(steps=512, num_envs=2, steps_per_env=64, batch_size=64, evaluation={"interval": 0},
                recurrent="lstm", hidden_size=8, seq_len=16, normalize_observations=True),
}


def save(path, algorithm, environment):
    """`environment` is a built-in name, or `gym:ID` for a Gymnasium environment (pickled in the save)."""
    if environment.startswith("gym:"):
        import gymnasium
        name = environment[4:]
        environment = lambda: gymnasium.make(name)  # noqa: E731
    state = {"sac": swiftrl.SAC, "ppo": swiftrl.PPO}[algorithm](environment, threads=1, **CONFIGURATIONS[algorithm]).State(1)
    for _ in range(100 if algorithm == "sac" else 2):
        state.step()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    state.save(path)


def load(path):
    try:
        state = swiftrl.load_state(path, threads=1)
        state.step()
    except swiftrl.SwiftRLError as error:
        print("error: " + " ".join(str(error).split()), file=sys.stderr)
        sys.exit(1)


TRAINER = dict(steps=200, warmup_steps=50, batch_size=32, evaluation={"interval": 0})


def trainer(directory, relay, credentials):
    from swiftrl.distributed import GenericGymEnv, Trainer
    return Trainer(functools.partial(GenericGymEnv, id="Pendulum-v1"), relay, credentials, log=lambda line: None,
                   checkpoint_dir=os.path.join(directory, "checkpoints"), **TRAINER)


def trainer_save(directory, relay, credentials):
    shutil.copytree(credentials, os.path.join(directory, "credentials"))
    with trainer(directory, relay, os.path.join(directory, "credentials")) as saving:
        saving._save_checkpoint()


def trainer_load(directory, relay):
    try:
        trainer(directory, relay, os.path.join(directory, "credentials")).close()
    except swiftrl.SwiftRLError as error:
        print("error: " + " ".join(str(error).split()), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    commands = {"save": save, "load": load, "trainer-save": trainer_save, "trainer-load": trainer_load}
    commands[sys.argv[1]](*sys.argv[2:])
