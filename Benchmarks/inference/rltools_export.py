"""Trains RLtools' SAC (default [64, 64] actor) on its native C++ Pendulum for a few steps and writes
the policy as exported by RLtools (`State.export_policy`, i.e. `rl_tools::save_code`) to argv[1].
Only for timing: the weights are whatever the short run gives. Needs the peers' Python environment
(../shared/peers/setup.sh) with the rltools 2.2.1 package; see run.sh."""
import os, sys
from rltools import SAC

peers = os.environ.get("SWIFTRL_PEERS", os.path.join(os.path.dirname(__file__), "../../../shared/peers"))
factory = {"path": os.path.join(peers, "rltools-pendulum"), "action_dim": 1, "observation_dim": 3}
module = SAC(factory, interface_name="swiftrl_export_bench", enable_evaluation=False,
             STEP_LIMIT=200, N_WARMUP_STEPS=100, EPISODE_STEP_LIMIT=200)
state = module.State(1)
while not state.step():
    pass
with open(sys.argv[1], "w") as f:
    f.write(state.export_policy())
