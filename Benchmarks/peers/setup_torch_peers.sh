#!/usr/bin/env bash
# Creates (once) a Python environment outside the project with the PyTorch-based peers we compare
# against: rl8 (massively parallel PPO) and TMRL (distributed RL over tlspyo), on CPU torch.
# Usage: Benchmarks/peers/setup_torch_peers.sh      -> prints the path of the environment's python
#   PY=$(Benchmarks/peers/setup_torch_peers.sh)
#   $PY Benchmarks/peers/rl8_throughput.py --updates 10
#   $PY Benchmarks/distributed/tmrl_pipeline.py 4 50000 100
set -euo pipefail
PEERS_HOME=${PEERS_HOME:-$HOME/.cache/swiftrl-peers}
VENV=$PEERS_HOME/torch-venv
TORCH="torch==2.13.0+cpu"
# Once the environment is complete it holds this marker; an interrupted install is redone.
MARKER=$VENV/.swiftrl-peers-complete
if [[ ! -f $MARKER ]]; then
  mkdir -p "$PEERS_HOME"
  [[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
  pip=("$VENV/bin/pip" install -q)
  "${pip[@]}" --upgrade pip >/dev/null
  # CPU torch from PyTorch's own index, alone (a local wheel named in pip's find-links serves too);
  # its dependencies, and everything else, from PyPI. The constraint keeps torch at this build.
  "${pip[@]}" --no-deps "$TORCH" --index-url https://download.pytorch.org/whl/cpu >&2
  constraints=$(mktemp)
  trap 'rm -f "$constraints"' EXIT
  echo "$TORCH" > "$constraints"
  "${pip[@]}" -c "$constraints" "$TORCH" >&2
  # rl8 1.0.0 (PyPI) with the torchrl / tensordict / MLflow versions it resolved to here.
  "${pip[@]}" -c "$constraints" rl8==1.0.0 torchrl==0.14.1 tensordict==0.14.3 mlflow-skinny==2.22.5 \
    pandas==2.3.3 numpy==2.4.6 psutil==5.9.8 >&2
  # TMRL 0.7.1's only wheel on PyPI was built on Windows: it requires pywin32 and vgamepad on every
  # platform, and its sdist downloads resources from GitHub in setup.py. So: the wheel without its
  # dependencies, then what it imports on Linux (opencv headless for cv2; mss, imported by its
  # TrackMania window code on Linux). Left out: wandb, pyautogui, pyinstrument and vgamepad, which
  # only wandb logging, profiling and the TrackMania environment use.
  "${pip[@]}" -c "$constraints" --no-deps tmrl==0.7.1 >&2
  "${pip[@]}" -c "$constraints" tlspyo==0.3.0 rtgym==0.16 gymnasium==1.4.0 opencv-python-headless==5.0.0.93 \
    mss==10.2.0 pyyaml==6.0.4 requests==2.34.2 chardet==7.7.0 packaging==24.2 >&2
  "$VENV/bin/python" -c "import tlspyo, gymnasium, cv2, mss" >&2
  "$VENV/bin/python" -c "import torch, rl8" 2>/dev/null || "$VENV/bin/python" -c "import torch, rl8"
  touch "$MARKER"
fi
echo "$VENV/bin/python"
