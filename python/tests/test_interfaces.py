"""The C interface from C, Stable-Baselines3's predict, recurrent policies and exported headers."""

import os
import subprocess
import sys

import gymnasium as gym
import numpy as np
import pytest

import swiftrl

PACKAGE = os.path.dirname(swiftrl.__file__)

C_PROGRAM = r"""
#include <stdio.h>
#include <string.h>
#include "swiftrl.h"

int main(void) {
    swiftrl_session *session = NULL;
    if (swiftrl_session_create("sac", "{\"steps\": 300}", "Pendulum-v1", NULL, NULL, 1, 1, &session) != SWIFTRL_OK) {
        printf("create failed: %s\n", swiftrl_last_error());
        return 1;
    }
    int32_t finished = 0;
    while (!finished) {
        if (swiftrl_session_step(session, &finished) != SWIFTRL_OK) return 2;
    }
    float observation[3] = {1, 0, 0}, action[1];
    int64_t count = 0;
    if (swiftrl_session_action(session, observation, 3, action, 1, &count) != SWIFTRL_OK || count != 1) return 3;
    /* Errors are statuses with a message, never a dead process. */
    int32_t status = swiftrl_session_action(session, observation, 2, action, 1, &count);
    if (status != SWIFTRL_ERROR_TRAINING || strstr(swiftrl_last_error(), "observation") == NULL) return 4;
    if (swiftrl_session_step(NULL, &finished) != SWIFTRL_ERROR_ARGUMENT) return 5;
    swiftrl_session *other = NULL;
    if (swiftrl_session_create("dqn", NULL, "Pendulum-v1", NULL, NULL, 1, 1, &other) != SWIFTRL_ERROR_CONFIGURATION
        || other != NULL) return 6;
    if (swiftrl_session_create("sac", "{\"gamma\": \"high\"}", "Pendulum-v1", NULL, NULL, 1, 1, &other)
        != SWIFTRL_ERROR_CONFIGURATION) return 7;
    swiftrl_policy *policy = NULL;
    if (swiftrl_policy_load("/nonexistent/policy.h", &policy) != SWIFTRL_ERROR_POLICY || policy != NULL) return 8;
    char *header = NULL;
    if (swiftrl_session_export_header(session, "pendulum", &header) != SWIFTRL_OK) return 9;
    printf("%s %s %.9g %zu\n", swiftrl_version(), swiftrl_kernel_variant(), action[0], strlen(header));
    swiftrl_free_string(header);
    swiftrl_session_free(session);
    return 0;
}
"""


def test_the_c_interface_works_from_c(tmp_path):
    source = tmp_path / "program.c"
    source.write_text(C_PROGRAM)
    binary = tmp_path / "program"
    library = os.path.join(PACKAGE, "libSwiftRLCAPI.so")
    subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", PACKAGE, str(source), library,
                    f"-Wl,-rpath,{PACKAGE}", "-o", str(binary)], check=True)
    output = subprocess.run([str(binary)], capture_output=True, text=True)
    assert output.returncode == 0, output.stdout + output.stderr
    version, variant, action, header_length = output.stdout.split()
    assert version == swiftrl.version() and variant == swiftrl.kernel_variant()
    python_state = swiftrl.SAC("Pendulum-v1", steps=300).State(seed=1)
    while not python_state.step():
        pass
    assert np.float32(float(action)) == python_state.action(np.array([1, 0, 0]))[0]
    assert int(header_length) > 1000


def test_the_header_compiles_and_gives_the_sessions_actions(tmp_path):
    state = swiftrl.PPO("CartPole-v1", steps=4096, evaluation={"interval": 0}).State(seed=1)
    while not state.step():
        pass
    (tmp_path / "policy.h").write_text(state.export_policy("cartpole"))
    (tmp_path / "main.c").write_text(r"""
#include <stdio.h>
#include "policy.h"
int main(void) {
    float input[4], output[1];
    while (scanf("%f %f %f %f", &input[0], &input[1], &input[2], &input[3]) == 4) {
        cartpole_evaluate(input, output);
        printf("%d\n", (int)output[0]);
    }
    return 0;
}
""")
    subprocess.run(["cc", "-std=c99", "-O2", str(tmp_path / "main.c"), "-o", str(tmp_path / "main"), "-lm"], check=True)
    observations = np.random.default_rng(4).uniform(-0.5, 0.5, size=(50, 4)).astype(np.float32)
    text = "\n".join(" ".join(repr(float(v)) for v in row) for row in observations)
    output = subprocess.run([str(tmp_path / "main")], input=text, capture_output=True, text=True, check=True).stdout
    assert [int(v) for v in output.split()] == [int(state.action(o)[0]) for o in observations]


def test_sb3_predict_on_a_recurrent_policy(tmp_path):
    ppo = swiftrl.PPO("CartPoleNoVelocity-v1", recurrent="lstm", hidden_size=16, seq_len=4, steps=2048,
                      num_envs=4, steps_per_env=128, batch_size=128, evaluation={"interval": 0})
    state = ppo.State(seed=1)
    while not state.step():
        pass
    state.save(tmp_path / "run.ckpt")
    model = swiftrl.PPO.load(tmp_path / "run.ckpt")
    assert model.policy.is_recurrent and model.policy.is_discrete
    environment = gym.make("CartPole-v1")
    observation, _ = environment.reset(seed=0)
    recurrent_state, actions, memories = None, [], []
    policy = swiftrl.load_checkpoint_from_path(tmp_path / "run.ckpt")
    policy.reset()
    for step in range(30):
        partial = observation[[0, 2]]
        action, recurrent_state = model.predict(partial, state=recurrent_state, episode_start=[step == 0])
        assert action.dtype == np.int64 and action.shape == ()
        assert int(action) == int(policy.evaluate(partial)[0]), "predict carries the state as the header does"
        memories.append(recurrent_state.copy())
        observation, _, terminated, truncated, _ = environment.step(int(action))
        if terminated or truncated:
            break
    assert not np.array_equal(memories[0], memories[-1]), "the memory changes from step to step"
    with pytest.raises(NotImplementedError):
        model.predict(observation[[0, 2]], deterministic=False)


def test_batched_predict_matches_single_predictions():
    state = swiftrl.PPO("Pendulum-v1", steps=2048, evaluation={"interval": 0}).State(seed=3)
    state.step()
    model = swiftrl.Model(state.policy)
    batch = np.random.default_rng(5).uniform(-1, 1, size=(6, 3)).astype(np.float32)
    actions, memory = model.predict(batch)
    assert actions.shape == (6, 1) and memory is None
    for row, action in zip(batch, actions):
        assert action.tobytes() == model.predict(row)[0].tobytes()
