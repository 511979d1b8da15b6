"""The fuzz harness behind scripts/fuzz.sh (standard library only).

1. Artifacts: trains tiny SAC, TD3, PPO CartPole-v1 and PPO Pendulum-v1 (normalized observations)
   runs with checkpoints, exports each policy as a C header, copies configs/*.yaml, writes a
   relay's credentials (`swiftrl certs`), and makes a
   resumable copy of each run (config.yaml asks for twice the steps; policy.json and summary.json
   removed). Every consumer is first run on the unmutated artifacts, which must pass.
2. Cases: every (artifact, mutation family) pair, in an order shuffled by the seed; case i takes
   pair i mod P, and its variant (field, value, offset...) from its own generator seeded with
   (seed, i) plus an index that walks through all variants as i grows (see mutate.py).
3. Each case copies the artifact, mutates it and runs the command that reads it under
   `ulimit -v` and `timeout`. It fails on a time-out, a signal, more than one non-empty line on
   stderr, a non-zero exit whose stderr is not one `error: ...` line, or exit 0 where the mutation
   must be refused: any edit of a file in a checkpoint directory, any shape edit of policy.json or
   of a header. A failing case is written again into the keep directory with a repro.sh.
"""
from __future__ import annotations

import argparse
import atexit
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import layered_policy  # noqa: E402
import mutate  # noqa: E402

RUNS = {
    "sac": ["--algorithm", "sac", "--env", "Pendulum-v1", "--steps", "200", "--set", "checkpoint_interval=100",
            "--set", "warmup_steps=50", "--set", "replay_capacity=150", "--set", "batch_size=32"],
    "td3": ["--algorithm", "td3", "--env", "Pendulum-v1", "--steps", "200", "--set", "checkpoint_interval=100",
            "--set", "warmup_steps=50", "--set", "replay_capacity=150", "--set", "batch_size=32"],
    "ppo-cartpole": ["--algorithm", "ppo", "--env", "CartPole-v1", "--steps", "256", "--set", "num_envs=2",
                     "--set", "steps_per_env=64", "--set", "batch_size=64", "--set", "checkpoint_interval=128"],
    "ppo-pendulum": ["--algorithm", "ppo", "--env", "Pendulum-v1", "--steps", "256", "--set", "num_envs=2",
                     "--set", "steps_per_env=64", "--set", "batch_size=64", "--set", "checkpoint_interval=128",
                     "--set", "normalize_observations=true", "--set", "normalize_rewards=true"],
    # A recurrent policy: its layer in checkpoints, policy.json and the header, the states in checkpoints.
    "ppo-lstm": ["--algorithm", "ppo", "--env", "CartPoleNoVelocity-v1", "--steps", "256", "--set", "num_envs=2",
                 "--set", "steps_per_env=64", "--set", "batch_size=64", "--set", "checkpoint_interval=128",
                 "--set", "recurrent=lstm", "--set", "hidden_size=8", "--set", "seq_len=16",
                 "--set", "normalize_observations=true"],
    # One GRU layer shared by both networks: no critic layer or critic states in its checkpoints.
    "ppo-gru-shared": ["--algorithm", "ppo", "--env", "CartPoleNoVelocity-v1", "--steps", "256", "--set", "num_envs=2",
                       "--set", "steps_per_env=64", "--set", "batch_size=64", "--set", "checkpoint_interval=128",
                       "--set", "recurrent=gru", "--set", "shared_memory=true", "--set", "hidden_size=8",
                       "--set", "seq_len=16"],
}
# Evaluations every 100 steps give `swiftrl plot` something to draw from every metrics.csv.
COMMON = ["--set", "evaluation.episodes=1", "--set", "evaluation.interval=100", "--quiet", "--threads", "1"]

# Stands for the Python interpreter with the swiftrl package (--python) in a consumer's command.
PYTHON = "{python}"

# What reads each mutant; paths are relative to the case directory.
CONSUMERS = {
    "resume": ["train", "--resume", "run", "--quiet", "--threads", "1"],
    "train --config": ["train", "--config", "{file}", "--steps", "100", "--quiet", "--threads", "1", "--run-dir", "out"],
    "eval --run-dir": ["eval", "--run-dir", "run", "--episodes", "1"],
    "export": ["export", "--run-dir", "run", "--output", "exported.h"],
    "eval --policy": ["eval", "--policy", "{file}", "--episodes", "1"],
    "plot": ["plot", "run", "--output", "plot.svg"],
    # A saved Python session, read by the Python package (scripts/fuzz/session.py) instead of the CLI.
    "load_state": [PYTHON, str(Path(__file__).resolve().parent / "session.py"), "load", "run"],
    # A checkpoint of the relay's Python trainer, which a Trainer resumes from (it reaches the relay).
    "trainer resume": [PYTHON, str(Path(__file__).resolve().parent / "session.py"), "trainer-load", "run", "{relay}"],
    # A relay's credentials (`swiftrl certs`): the relay checks its own; an operator's status call
    # reads ca.pem and admin.token and asks the relay the harness runs with the unmutated ones.
    "serve --check": ["serve", "--listen", "127.0.0.1:0", "--credentials", "run", "--data", "relay-data", "--check"],
    "status": ["status", "--server", "{relay}", "--credentials", "run"],
    # The relay's database, as `train --workers 1` leaves it in RUN_DIR/relay (copied to run/).
    "serve --check data": ["serve", "--listen", "127.0.0.1:0", "--credentials", "run/credentials", "--data", "run/data",
                           "--check"],
}

# The address of the relay that make_artifacts starts for the status consumer.
RELAY = {"address": None}

# The credentials files each consumer reads (ca.key and the other roles' tokens and certificates are
# read by nothing that exits on its own: a worker waits for its relay). `status` presents the admin's
# client certificate (admin.pem, admin.key) whenever the directory holds it.
CREDENTIALS = {"tokens.json": "serve --check", "server.pem": "serve --check", "server.key": "serve --check",
               "ca.pem": "status", "admin.token": "status", "admin.pem": "status", "admin.key": "status"}


@dataclass
class Target:
    """One artifact file: `base` (a directory copied to <case>/run, or None) and the file in it."""
    kind: str            # the tally's artifact name
    source: Path         # the file mutated (inside base when base is set)
    base: Path | None
    consumers: list
    refuse_any_edit: bool = False
    refuse_shape_edit: bool = False

    @property
    def name(self):
        if self.base:
            return str(self.source.relative_to(self.base.parent))  # sac/config.yaml
        return str(self.source.relative_to(self.source.parent.parent))  # headers/sac.h, configs/x.yaml

    def case_file(self):
        """Where the mutant goes, relative to the case directory."""
        return str(Path("run") / self.source.relative_to(self.base)) if self.base else self.source.name


@dataclass
class Case:
    number: int
    target: Target
    family: str
    consumer: str = ""
    mutant: mutate.Mutant | None = None
    must_refuse: bool = False
    reason: str | None = None
    failure_kind: str | None = None
    skipped: bool = False
    keep_note: str = ""
    seconds: float = 0.0


class Limits:
    def __init__(self, binary, timeout, memory_kb, python=None):
        self.binary, self.timeout, self.memory_kb, self.python = binary, timeout, memory_kb, python

    def program(self, args):
        """The program and arguments a consumer's command runs: the CLI, or Python for PYTHON."""
        return [self.python, *args[1:]] if args and args[0] == PYTHON else [self.binary, *args]

    def command(self, args):
        """The consumer under `ulimit -v` and `timeout` (killed 2 s after TERM if it ignores it)."""
        script = 'ulimit -v "$1" && shift && exec timeout -k 2 "$@"'
        return ["bash", "-c", script, "fuzz-case", str(self.memory_kb), str(self.timeout), *self.program(args)]

    def run(self, args, cwd):
        start = time.monotonic()
        try:
            result = subprocess.run(self.command(args), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    timeout=self.timeout + 30)
            rc, stderr = result.returncode, result.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired as error:
            rc, stderr = 124, (error.stderr or b"").decode("utf-8", "replace")
        return rc, stderr, time.monotonic() - start


# ---------------------------------------------------------------------------------------------
# Artifacts

def check_call(args, cwd):
    result = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if result.returncode != 0:
        sys.exit(f"fuzz: setup command failed: {' '.join(args)}\n{result.stderr.decode(errors='replace')}")


def make_artifacts(binary, root, repository, python=None):
    """Runs, resumable copies, headers, configs and (with `python`) saved Python sessions under root;
    returns the targets."""
    targets = []
    for folder in ("runs", "resumable", "headers", "configs"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name, options in RUNS.items():
        run = root / "runs" / name
        check_call([binary, "train", *options, *COMMON, "--run-dir", str(run)], root)
        check_call([binary, "export", "--run-dir", str(run), "--output", str(root / "headers" / f"{name}.h")], root)
        resumable = root / "resumable" / name
        shutil.copytree(run, resumable)
        for finished in ("policy.json", "summary.json"):
            (resumable / finished).unlink()
        config = resumable / "config.yaml"
        steps = int(mutate.yaml_get(config.read_text(), "steps"))
        config.write_text(mutate.yaml_set(config.read_text(), "steps", str(2 * steps)))
        targets += run_targets(run, resumable, root / "headers" / f"{name}.h")
    # A policy.json whose network is a PPO model's dense layers with different activations.
    layered = root / "runs" / "ppo-layers"
    shutil.copytree(root / "runs" / "ppo-pendulum", layered)
    layered_policy.main(layered / "policy.json", layered / "policy.json")
    targets.append(Target("policy.json (layers)", layered / "policy.json", layered, ["eval --run-dir", "export"],
                          refuse_shape_edit=True))
    credentials = root / "credentials"
    check_call([binary, "certs", "--output", str(credentials)], root)
    RELAY["address"] = start_relay(binary, credentials, root / "relay-data")
    for name, consumer in CREDENTIALS.items():
        targets.append(Target(f"credentials {name}", credentials / name, credentials, [consumer]))
    # A relay database holding packets, weights and a worker's sequence.
    relay_run = root / "relay-run"
    check_call([binary, "train", "--workers", "1", "--steps", "300", "--set", "warmup_steps=100", *COMMON,
                "--run-dir", str(relay_run)], root)
    relay_state = relay_run / "relay"
    targets.append(Target("relay.sqlite", relay_state / "data" / "relay.sqlite", relay_state, ["serve --check data"]))
    for config in sorted((repository / "configs").glob("*.yaml")):
        copy = root / "configs" / config.name
        shutil.copy(config, copy)
        targets.append(Target("configs/*.yaml", copy, None, ["train --config"]))
    if python:
        for name, algorithm, environment in (("sac", "sac", "Pendulum-v1"), ("ppo", "ppo", "CartPoleNoVelocity-v1"),
                                             ("sac-gymnasium", "sac", "gym:Pendulum-v1")):
            saved = root / "sessions" / name
            check_call([python, str(Path(__file__).resolve().parent / "session.py"), "save", str(saved), algorithm,
                        environment], root)
            for file in sorted(saved.iterdir()):
                targets.append(Target(f"saved session {file.name}", file, saved, ["load_state"], refuse_any_edit=True))
        trainer = root / "trainer"
        check_call([python, str(Path(__file__).resolve().parent / "session.py"), "trainer-save", str(trainer),
                    RELAY["address"], str(credentials)], root)
        checkpoints = trainer / "checkpoints"
        # `latest` names the checkpoint: an edit that still names it (trailing space) may be accepted.
        targets.append(Target("trainer checkpoint latest", checkpoints / "latest", trainer, ["trainer resume"]))
        for checkpoint in sorted(path for path in checkpoints.iterdir() if path.is_dir()):
            for file in sorted(checkpoint.iterdir()):
                targets.append(Target(f"trainer checkpoint {file.name}", file, trainer, ["trainer resume"],
                                      refuse_any_edit=True))
    return targets


def start_relay(binary, credentials, data):
    """Starts `swiftrl serve` on a free loopback port until the harness exits; returns HOST:PORT."""
    relay = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", "--credentials", str(credentials),
                              "--data", str(data)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    atexit.register(relay.terminate)
    line = relay.stdout.readline().decode()
    if not line.startswith("relay listening on "):
        sys.exit(f"fuzz: the relay did not start: {line!r}")
    return line.split()[-1]


def run_targets(run, resumable, header):
    targets = []
    for checkpoint in sorted((resumable / "checkpoints").iterdir()):
        for file in sorted(checkpoint.iterdir()):  # every file, whatever its name (CHECKSUM...)
            targets.append(Target(f"checkpoint {file.name}", file, resumable, ["resume"], refuse_any_edit=True))
    targets.append(Target("metrics.csv", resumable / "metrics.csv", resumable, ["resume", "plot"]))
    # The run directory's lock file: its content (the owner's PID) is read only to name a second writer.
    targets.append(Target("run .lock", resumable / ".lock", resumable, ["resume"]))
    targets.append(Target("run config.yaml", resumable / "config.yaml", resumable, ["resume", "train --config", "plot"]))
    targets.append(Target("policy.json", run / "policy.json", run, ["eval --run-dir", "export"], refuse_shape_edit=True))
    targets.append(Target("summary.json", run / "summary.json", run, ["export"]))
    targets.append(Target("header", header, None, ["eval --policy"], refuse_shape_edit=True))
    return targets


# ---------------------------------------------------------------------------------------------
# Cases

def applicable(target, family):
    """False when the file has nothing for a field-picking family (summary.json has no array)."""
    if family not in ("number", "shape"):
        return True
    original = target.source.read_bytes()
    mutation = mutate.FAMILIES[mutate.file_type(target.source.name)][family]
    for round_ in range(8):
        try:
            return bool(mutation(original, Context("probe", 0, round_, random.Random(round_))))
        except mutate.NoVariant:
            pass
    return False


def schedule(targets, seed):
    pairs = [(t, family) for t in targets for family in mutate.FAMILIES[mutate.file_type(t.source.name)]
             if applicable(t, family)]
    random.Random(f"{seed}:pairs").shuffle(pairs)
    return pairs


class Context:
    """What a mutation draws from: the case's generator and a walk through the pair's variants."""

    def __init__(self, seed, pair_index, round_, rng):
        self.seed, self.pair_index, self.round, self.rng = seed, pair_index, round_, rng
        self.attempt = 0

    def pick(self, n):
        order = random.Random(f"{self.seed}:{self.pair_index}:{n}").sample(range(n), n)
        return order[(self.round + self.attempt) % n]


def make_case(number, pairs, seed):
    """The case's target, family, consumer and mutant; the same for the same (seed, number)."""
    pair_index = number % len(pairs)
    target, family = pairs[pair_index]
    rng = random.Random(f"{seed}:{number}")
    case = Case(number, target, family, consumer=rng.choice(target.consumers))
    original = target.source.read_bytes()
    ctx = Context(seed, pair_index, number // len(pairs), rng)
    for ctx.attempt in range(20):
        try:
            mutant = mutate.FAMILIES[mutate.file_type(target.source.name)][family](original, ctx)
        except mutate.NoVariant:
            continue
        if mutant.data != original:
            case.mutant = mutant
            case.must_refuse = target.refuse_any_edit or (target.refuse_shape_edit and mutant.shape)
            return case
    case.skipped = True
    return case


def prepare(case, directory):
    """Writes the case's files into directory; returns the CLI arguments."""
    target = case.target
    if target.base:
        shutil.copytree(target.base, directory / "run")
    else:
        directory.mkdir(parents=True)
    (directory / target.case_file()).write_bytes(case.mutant.data)
    return [arg.replace("{file}", target.case_file()).replace("{relay}", RELAY["address"] or "")
            for arg in CONSUMERS[case.consumer]]


FAILURE_KINDS = {"timeout": "timed out", "signal": "killed by a signal", "lines": "more than one line on stderr",
                 "message": "non-zero exit without one 'error:' line", "accepted": "exit 0 where it must refuse"}


def verdict(rc, stderr, seconds, limits, must_refuse):
    """(kind, reason) of a failing case (kind is a FAILURE_KINDS key), or None when it passes."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    first = repr(lines[0][:160]) if lines else "nothing"
    if rc == 124 or (rc == 128 + signal.SIGKILL and seconds >= limits.timeout):
        return "timeout", f"timed out after {limits.timeout} s"
    if rc >= 128 or rc < 0:  # timeout re-raises its child's signal, so Python may see -signal
        number = rc - 128 if rc >= 128 else -rc
        name = signal.Signals(number).name if number in signal.valid_signals() else f"signal {number}"
        return "signal", f"killed by {name}" + (f", stderr {first}" if lines else "")
    if len(lines) > 1:
        return "lines", f"{len(lines)} lines on stderr, the first {first}"
    if rc != 0 and not (lines and lines[0].startswith("error:")):
        return "message", f"exit {rc} with stderr {first}"
    if rc == 0 and must_refuse:
        return "accepted", "exit 0: accepted a mutation it must refuse"
    return None


def keep(case, args, keep_root, limits):
    """Writes the failing mutant again (cases are deterministic) with a repro.sh beside it."""
    directory = keep_root / f"case-{case.number:05d}"
    shutil.rmtree(directory, ignore_errors=True)
    prepare(case, directory)
    python = args and args[0] == PYTHON
    program = limits.python if python else f'"${{SWIFTRL:-{limits.binary}}}"'
    command = " ".join(f"'{arg}'" if " " in arg else arg for arg in (args[1:] if python else args))
    (directory / "repro.sh").write_text(
        "#!/bin/sh\n"
        f"# fuzz case {case.number}: {case.target.name} | {case.family}: {case.mutant.label[:300]}\n"
        f"# failed: {case.reason[:300]}\n"
        "# Runs on a copy of this directory (the command may write into it).\n"
        'tmp=$(mktemp -d) && trap \'rm -rf "$tmp"\' EXIT && cp -R "$(dirname "$0")"/. "$tmp" && cd "$tmp" || exit 1\n'
        f'ulimit -v {limits.memory_kb}; timeout -k 2 {limits.timeout} {program} {command}\n'
        'status=$?; echo "exit $status" >&2; exit $status\n')
    (directory / "repro.sh").chmod(0o755)
    return directory / "repro.sh"


def run_case(number, pairs, seed, limits, work, keep_root):
    case = make_case(number, pairs, seed)
    if case.skipped:
        return case
    directory = work / "cases" / f"{number:05d}"
    shutil.rmtree(directory, ignore_errors=True)
    args = prepare(case, directory)
    rc, stderr, case.seconds = limits.run(args, directory)
    case.failure_kind, case.reason = verdict(rc, stderr, case.seconds, limits, case.must_refuse) or (None, None)
    shutil.rmtree(directory, ignore_errors=True)
    if case.reason:
        case.keep_note = str(keep(case, args, keep_root, limits))
    return case


def failure_line(case):
    return (f"FAIL case {case.number}: {case.target.name} | {case.family}: {case.mutant.label[:200]} | "
            f"{case.consumer}: {case.reason} | repro: {case.keep_note}")


# ---------------------------------------------------------------------------------------------
# Baseline and report

def check_baseline(targets, limits, work):
    """Every consumer must accept the unmutated artifacts, or the harness is wrong, not the CLI."""
    for index, target in enumerate(targets):
        for consumer in target.consumers:
            case = Case(-1, target, "none", consumer, mutate.Mutant(target.source.read_bytes(), "unmutated"))
            directory = work / "baseline" / f"{index}-{consumer.replace(' ', '')}"
            args = prepare(case, directory)
            rc, stderr, seconds = limits.run(args, directory)
            if rc != 0 or verdict(rc, stderr, seconds, limits, False):
                sys.exit(f"fuzz: the unmutated {target.name} fails with {consumer} (exit {rc}): {stderr.strip()[:500]}")
    shutil.rmtree(work / "baseline")


def print_tally(cases):
    tally = {}
    for case in cases:
        row = tally.setdefault((case.target.kind, case.family), [0, 0, 0])
        row[2 if case.skipped else 1 if case.reason else 0] += 1
    width = max([len(f"{k} / {f}") for k, f in tally] + [19])
    print(f"{'artifact / mutation'.ljust(width)}  passed  failed")
    for (kind, family), (passed, failed, skipped) in sorted(tally.items()):
        note = f"  ({skipped} skipped: no variant)" if skipped else ""
        print(f"{f'{kind} / {family}'.ljust(width)}  {passed + skipped:6d}  {failed:6d}{note}")
    for kind, description in FAILURE_KINDS.items():
        count = sum(1 for case in cases if case.failure_kind == kind)
        if count:
            print(f"failed: {count} {description}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--python", help="a Python with the swiftrl package: adds saved Python sessions")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--timeout", type=int, default=20)
    parser.add_argument("--memory-kb", type=int, default=8 * 1024 * 1024)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", help="work directory (default: a new temporary one)")
    parser.add_argument("--keep", help="where failing mutants go (default: <work>/fuzz-failures)")
    parser.add_argument("--only", help="comma-separated case numbers to run instead of 0..CASES-1")
    parser.add_argument("--list", action="store_true", help="print the cases' mutations without running them")
    options = parser.parse_args()

    started = time.monotonic()
    work = Path(options.work or tempfile.mkdtemp(prefix="swiftrl-fuzz-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    keep_root = Path(options.keep or work / "fuzz-failures").resolve()
    limits = Limits(os.path.abspath(options.binary), options.timeout, options.memory_kb,
                    options.python and os.path.abspath(options.python))
    repository = Path(__file__).resolve().parents[2]

    targets = make_artifacts(limits.binary, work / "artifacts", repository, limits.python)
    check_baseline(targets, limits, work)
    pairs = schedule(targets, options.seed)
    numbers = [int(n) for n in options.only.split(",")] if options.only else range(options.cases)
    print(f"fuzz: seed {options.seed}, {len(numbers)} cases over {len(pairs)} (artifact, mutation) pairs, "
          f"timeout {limits.timeout} s, ulimit -v {limits.memory_kb} KiB, work directory {work}", flush=True)

    if options.list:
        for number in numbers:
            case = make_case(number, pairs, options.seed)
            label = "skipped: no variant" if case.skipped else case.mutant.label[:160]
            refuse = " (must refuse)" if case.must_refuse else ""
            print(f"case {number}: {case.target.name} | {case.family}: {label} | {case.consumer}{refuse}")
        return 0

    cases = []
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        for case in pool.map(lambda n: run_case(n, pairs, options.seed, limits, work, keep_root), numbers):
            cases.append(case)
            if case.reason:
                print(failure_line(case), flush=True)

    failed = sum(1 for case in cases if case.reason)
    print(f"ran {len(cases)} cases in {time.monotonic() - started:.0f} s" +
          (f"; failing mutants and repro.sh in {keep_root}" if failed else ""))
    print_tally(cases)
    if not failed and not options.work:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
