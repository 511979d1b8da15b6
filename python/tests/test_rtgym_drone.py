"""rtgym's tutorial drone trained end to end by two Python rollout workers through the relay and the
Python trainer (Benchmarks/distributed/drone/rc_drone.py; about 3 minutes of real time)."""

import numpy as np


def test_two_python_workers_teach_the_drone_to_reach_its_target(swiftrl_cli, repository_module, tmp_path):
    rc_drone = repository_module("Benchmarks/distributed/drone/rc_drone.py")
    result = rc_drone.train(swiftrl_cli, 6000, str(tmp_path))
    env = result["env"]
    hand, idle = rc_drone.fly(env, rc_drone.hand_controller), rc_drone.fly(env, lambda o: np.zeros(2, np.float32))
    trained = np.mean(result["trained"])
    # Both workers' episodes reached the trainer, and they acted with the weights it kept publishing.
    assert result["episodes"] >= 40 and result["weights_version"] >= 100
    # Real time: 6,000 steps of 50 ms from two workers take 150 s (rtgym's elastic steps kept the pace).
    assert 140 < result["seconds"] < 240 and abs(result["time_step_duration"][0] - 0.05) < 0.005
    # Seen: −4 to −11 after training; the tutorial's hand-written controller −19, doing nothing −40 to −65.
    assert trained > np.mean(hand) and trained > np.mean(idle) + 10, (result["trained"], hand, idle)
