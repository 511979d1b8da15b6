#!/bin/sh
# Installs what the tests need besides Swift:
# - the C toolchains that SwiftRL's export tests compile the exported header with: host gcc/g++,
#   arm-none-eabi-gcc (Cortex-M4), arm-linux-gnueabihf-gcc and qemu-arm (32-bit ARM Linux); and
#   aarch64-linux-gnu-gcc with qemu-aarch64, which the kernel tests use to run the C kernels on
#   64-bit ARM; SQLite's headers, which the relay's database (GRDB) builds against; iproute2,
#   whose network namespaces the distributed fault test runs the roles in, and iptables, whose
#   random drops give it packet loss on kernels without netem (apt-get);
# - a Python environment in .build/test-python with NumPy and safetensors (pip), in which a test
#   reproduces a policy's actions from its exported safetensors file, and TensorBoard and MLflow, whose
#   own reader and server the tracking tests check SwiftRL's event files and REST calls against, and
#   Gymnasium and pytest for the Python package's tests (scripts/test-python.sh), and grpcio, protobuf
#   and rtgym for its distributed workers' tests (rtgym's tutorial drone), and PyYAML, with which a
#   test reads a shipped configuration.
# Idempotent and quiet: does nothing when everything is already installed. Debian/Ubuntu only.
set -eu

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

# Installs the Debian packages given, failing with apt's output.
apt_install() {
    # shellcheck disable=SC2086
    if ! log=$($sudo apt-get update -qq 2>&1 && $sudo apt-get install -y -qq --no-install-recommends "$@" 2>&1); then
        echo "$log" >&2
        echo "error: could not install: $*" >&2
        exit 1
    fi
    echo "installed: $*"
}

# The cross compilers' C libraries (newlib, armhf glibc) are only recommended by their packages.
packages="gcc g++ gcc-arm-none-eabi libnewlib-arm-none-eabi gcc-arm-linux-gnueabihf libc6-dev-armhf-cross qemu-user
gcc-aarch64-linux-gnu libc6-dev-arm64-cross libsqlite3-dev iproute2 iptables"
missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
# shellcheck disable=SC2086
[ -n "$missing" ] && apt_install $missing

python_environment=".build/test-python"
if ! "$python_environment/bin/python" -c "import numpy, safetensors, tensorboard, mlflow, gymnasium, pytest, grpc, rtgym, yaml" 2>/dev/null; then
    # A Debian python3 without its venv module gets it from apt.
    python3 -m venv "$python_environment" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$python_environment"; }
    if ! log=$("$python_environment/bin/pip" install --quiet numpy safetensors tensorboard mlflow "gymnasium>=1.1" pytest \
        "grpcio>=1.85.1" "protobuf>=7.35.1" rtgym pyyaml 2>&1); then
        echo "$log" >&2
        echo "error: could not install numpy, safetensors, tensorboard, mlflow, gymnasium, pytest, grpcio, protobuf, rtgym and pyyaml into $python_environment" >&2
        exit 1
    fi
    echo "installed: numpy, safetensors, tensorboard, mlflow, gymnasium, pytest, grpcio, protobuf, rtgym, pyyaml (in $python_environment)"
fi
