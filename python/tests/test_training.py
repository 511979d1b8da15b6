"""Training from Python: built-in Swift environments, Gymnasium environments from factories and
vector environments, with the CLI's results and determinism."""

import json
import subprocess

import gymnasium as gym
import numpy as np
import pytest

import swiftrl


def train(state):
    while not state.step():
        pass
    return state


def test_built_in_sac_gives_the_command_line_tools_bits(swiftrl_cli, tmp_path):
    state = train(swiftrl.SAC("Pendulum-v1", STEP_LIMIT=1500, enable_evaluation=False).State(seed=3))
    subprocess.run([swiftrl_cli, "train", "--algorithm", "sac", "--steps", "1500", "--seed", "3", "--quiet",
                    "--set", "evaluation.interval=0", "--run-dir", str(tmp_path / "run")], check=True)
    subprocess.run([swiftrl_cli, "export", "--run-dir", str(tmp_path / "run")], check=True)
    cli_policy = swiftrl.load_checkpoint_from_path(tmp_path / "run" / "policy.h")
    for observation in np.random.default_rng(0).uniform(-1, 1, size=(20, 3)).astype(np.float32):
        assert state.action(observation).tobytes() == cli_policy.evaluate(observation).tobytes()


def test_rltools_names_and_snake_case_keys_resolve_to_the_same_configuration():
    rltools = swiftrl.SAC("Pendulum-v1", STEP_LIMIT=5000, ACTOR_HIDDEN_DIM=32, ACTOR_NUM_LAYERS=4,
                          ACTOR_BATCH_SIZE=64, CRITIC_BATCH_SIZE=64, ALPHA=0.2, OPTIMIZER_ALPHA=3e-4)
    snake = swiftrl.SAC("Pendulum-v1", steps=5000, batch_size=64, initial_entropy_coefficient=0.2,
                        actor={"hidden_sizes": [32, 32, 32], "learning_rate": 3e-4}, **{"critic": {"learning_rate": 3e-4}})
    assert rltools.configuration == snake.configuration
    assert rltools.configuration["actor"]["hidden_sizes"] == [32, 32, 32]
    assert rltools.configuration["batch_size"] == 64


def test_gymnasium_sac_is_deterministic_and_learns():
    def run():
        sac = swiftrl.SAC(lambda: gym.make("Pendulum-v1"), STEP_LIMIT=6000, enable_evaluation=False)
        return train(sac.State(seed=1))
    first, second = run(), run()
    observation = np.array([0.5, -0.5, 0.1], dtype=np.float32)
    assert first.action(observation).tobytes() == second.action(observation).tobytes()
    mean, _ = first.evaluate(episodes=5, seed=1000)
    assert mean > -600, mean  # a random policy scores about -1200


def test_box_actions_are_scaled_into_any_bounds():
    seen = []

    class Skewed(gym.Env):
        observation_space = gym.spaces.Box(-1, 1, (2,), np.float64)
        action_space = gym.spaces.Box(np.array([-2.0, 10.0]), np.array([5.0, 10.5]), dtype=np.float64)

        def reset(self, seed=None, options=None):
            super().reset(seed=seed)
            self.t = 0
            return self.np_random.uniform(-1, 1, 2), {}

        def step(self, action):
            seen.append(np.array(action))
            self.t += 1
            return self.np_random.uniform(-1, 1, 2), -float(np.sum(np.square(action - [1.0, 10.2]))), False, self.t >= 50, {}

    state = train(swiftrl.TD3(Skewed, STEP_LIMIT=400, N_WARMUP_STEPS=100, enable_evaluation=False).State(seed=2))
    actions = np.array(seen)
    assert actions.shape == (400, 2) and actions.dtype == np.float64
    assert np.all(actions[:, 0] >= -2) and np.all(actions[:, 0] <= 5)
    assert np.all(actions[:, 1] >= 10) and np.all(actions[:, 1] <= 10.5)
    assert actions[:, 0].max() - actions[:, 0].min() > 3, "warm-up actions cover the box, not [-1, 1]"
    action = state.action(np.zeros(2))
    assert -2 <= action[0] <= 5 and 10 <= action[1] <= 10.5


def cartpole_ppo(env, **extra):
    keys = dict(num_envs=4, steps_per_env=128, batch_size=128, epochs=4, steps=4096, learning_rate=1e-3)
    keys.update(extra)
    keys.setdefault("evaluation", {"interval": 0})
    return swiftrl.PPO(env, **keys)


@pytest.mark.parametrize("mode", [gym.vector.AutoresetMode.NEXT_STEP, gym.vector.AutoresetMode.SAME_STEP])
def test_ppo_on_gymnasium_vector_environments_matches_a_list_of_environments(mode):
    reference = train(cartpole_ppo(lambda: gym.make("CartPole-v1")).State(seed=5))

    def vector():
        return gym.vector.SyncVectorEnv([lambda: gym.make("CartPole-v1")] * 4, autoreset_mode=mode)
    state = train(cartpole_ppo(vector).State(seed=5))
    for observation in np.random.default_rng(1).uniform(-0.2, 0.2, size=(10, 4)).astype(np.float32):
        assert state.action(observation).tobytes() == reference.action(observation).tobytes()
    assert state.status()["episodes"] == reference.status()["episodes"] > 0


def test_ppo_discrete_actions_reach_the_environment_as_integers():
    received = []

    class Recording(gym.Wrapper):
        def step(self, action):
            received.append(action)
            return super().step(action)

    train(cartpole_ppo(lambda: Recording(gym.make("CartPole-v1")), steps=512).State(seed=1))
    assert len(received) == 512
    assert all(isinstance(a, int) and a in (0, 1) for a in received)
    assert set(received) == {0, 1}


def test_ppo_learns_cartpole_from_gymnasium():
    ppo = swiftrl.PPO(lambda: gym.make("CartPole-v1"), num_envs=8, steps_per_env=32, batch_size=256, epochs=20,
                      learning_rate=1e-3, gae_lambda=0.8, gamma=0.98, steps=60_000, evaluation={"interval": 0})
    state = train(ppo.State(seed=1))
    mean, _ = state.evaluate(episodes=5, seed=1000)
    assert mean >= 400, mean


def test_trainer_stops_on_a_condition():
    ppo = swiftrl.PPO("CartPole-v1", steps=2_000_000, evaluation={"interval": 0})
    result = ppo.Trainer(seed=1).run(stop_conditions=[swiftrl.HitsUpperBound("returns/mean", 150)])
    assert result["stopped_by"] == "upper_bound(returns/mean >= 150.0)"
    assert result["metrics"]["returns/mean"] >= 150
    assert result["steps"] < 2_000_000
    budget = swiftrl.PPO("CartPole-v1", steps=2_000_000, evaluation={"interval": 0}).Trainer(seed=1).run(steps=20_000)
    assert budget["stopped_by"] == "steps(20000)" and 20_000 <= budget["steps"] < 20_000 + 2048


def test_status_reports_named_metrics():
    state = swiftrl.PPO("CartPole-v1", steps=4096, evaluation={"interval": 0}).State(seed=1)
    state.step()
    status = state.status()
    assert status["steps"] == 2048 and status["total_steps"] == 4096
    assert set(status["metrics"]) == set(status["metric_names"])
    assert np.isfinite(status["metrics"]["losses/value"])
    assert json.dumps(status)


def test_verbose_prints_progress_lines(capsys):
    state = swiftrl.SAC("Pendulum-v1", STEP_LIMIT=2000, evaluation_interval=1000, verbose=True).State(seed=1)
    train(state)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 20 and lines[0].startswith("step 100/2000 ") and lines[-1].startswith("step 2000/2000 ")
    assert "episode return" in lines[-1] and "evaluation" in lines[-1] and "steps/s" in lines[-1]
