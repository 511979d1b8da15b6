#!/usr/bin/env bash
# Fault test of the distributed roles: a relay, two rollout workers and a SAC trainer on
# Pendulum-v1, the relay in one network namespace and the others in a second one (a veth pair,
# 10.77.0.1 and 10.77.0.2, TLS). Each role is killed once with SIGKILL during the run and
# restarted: the relay (same database), worker 1 (same id), then the trainer (--resume from its
# checkpoint). Then it checks, by sequence numbers, that no acknowledged sample was lost:
#   - no worker was told by a restarted relay that it no longer holds packets it had acknowledged;
#   - the trainer's run completes with all its steps;
#   - every acknowledged transition is accounted for: 50 x (the packets each worker had
#     acknowledged when stopped) = the transitions the trainer learned + those the relay still holds.
# With `tc ... netem` available, both ends add 50 ms of delay and 5 % loss. A kernel without netem
# gets the same from iptables (5 % of packets dropped each way) and a proxy in front of the relay
# that delays every byte by 50 ms each way (scripts/delay_proxy.py); the script says which it used.
# Without network namespaces (no CAP_NET_ADMIN) it runs on
# loopback. Needs root for namespaces. Usage: scripts/distributed-faults.sh [STEPS] (default 20000).
# The relay holds at most 20,000 untaken transitions (--queue-capacity), so workers run a little
# ahead of the trainer. The working directory is removed after a pass and kept after a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts="$PWD/scripts"
swiftrl="${SWIFTRL:-$PWD/.build/release/swiftrl}"
steps="${1:-20000}"
interval=$((steps / 10))
work="$(mktemp -d /tmp/swiftrl-faults.XXXXXX)"
cd "$work"
relay_ns=() client_ns=() host=127.0.0.1 client_port=7443 impairment="none"

cleanup() {
    jobs -p | xargs -r kill -9 2>/dev/null || true
    wait 2>/dev/null || true  # reaps them without a "Killed" line each
    if [ "${#relay_ns[@]}" -gt 0 ]; then ip netns del swrl-relay 2>/dev/null || true; ip netns del swrl-clients 2>/dev/null || true; fi
}
trap cleanup EXIT

if ip netns add swrl-relay 2>/dev/null && ip netns add swrl-clients; then
    ip link add swrl-a type veth peer name swrl-b
    ip link set swrl-a netns swrl-relay
    ip link set swrl-b netns swrl-clients
    ip -n swrl-relay addr add 10.77.0.1/24 dev swrl-a
    ip -n swrl-clients addr add 10.77.0.2/24 dev swrl-b
    for ns in swrl-relay swrl-clients; do ip -n "$ns" link set lo up; done
    ip -n swrl-relay link set swrl-a up
    ip -n swrl-clients link set swrl-b up
    relay_ns=(ip netns exec swrl-relay) client_ns=(ip netns exec swrl-clients) host=10.77.0.1
    network="network namespaces over a veth pair"
    if ip netns exec swrl-relay tc qdisc add dev swrl-a root netem delay 50ms loss 5% 2>/dev/null \
        && ip netns exec swrl-clients tc qdisc add dev swrl-b root netem delay 50ms loss 5% 2>/dev/null; then
        impairment="50 ms delay and 5 % loss each way (netem)"
    elif command -v iptables > /dev/null \
        && ip netns exec swrl-relay iptables -A INPUT -i swrl-a -m statistic --mode random --probability 0.05 -j DROP \
        && ip netns exec swrl-clients iptables -A INPUT -i swrl-b -m statistic --mode random --probability 0.05 -j DROP; then
        # No netem: iptables drops 5 % of the packets each way, and a proxy in front of the relay
        # delays every byte by 50 ms each way (the clients connect to it).
        "${relay_ns[@]}" python3 "$scripts/delay_proxy.py" "$host:7444" "$host:7443" 0.05 > proxy.log 2>&1 &
        client_port=7444
        impairment="5 % loss each way (iptables) and 50 ms delay each way (a delaying proxy; this kernel has no netem)"
    else
        impairment="none: this kernel has neither netem nor iptables"
    fi
else
    network="loopback: network namespaces are not available here"
fi
echo "network: $network; impairment: $impairment"

"$swiftrl" certs --output creds --host "$host" > /dev/null
server=(--server "$host:$client_port" --credentials creds)

wait_for_line() { # FILE TEXT COUNT
    local deadline=$((SECONDS + 60))
    until [ "$(grep -c "$2" "$1" 2>/dev/null || true)" -ge "$3" ]; do
        [ $SECONDS -lt $deadline ] || { echo "error: '$2' never appeared in $1" >&2; exit 1; }
        sleep 0.05
    done
}
wait_for_checkpoint() { # STEP: until the run's latest checkpoint is at STEP or later
    local deadline=$((SECONDS + 300))
    until ls run/checkpoints 2>/dev/null | awk -F- -v s="$1" '$NF + 0 >= s { found = 1 } END { exit !found }'; do
        [ $SECONDS -lt $deadline ] || { echo "error: no checkpoint at step $1" >&2; exit 1; }
        sleep 0.02
    done
}
start_relay() {
    "${relay_ns[@]}" "$swiftrl" serve --listen "$host:7443" --credentials creds --data relay-data \
        --queue-capacity 20000 >> relay.log 2>&1 &
    relay_pid=$!
    relay_starts=$((${relay_starts:-0} + 1))
    wait_for_line relay.log "relay listening" "$relay_starts"
}
start_worker() { # INDEX
    "${client_ns[@]}" "$swiftrl" worker "${server[@]}" --env Pendulum-v1 --id "w$1" --seed "$1" \
        --samples-per-packet 50 >> "worker-$1.log" 2>&1 &
    eval "worker_$1_pid=$!"
}
start_trainer() { # [--resume]
    if [ "${1:-}" = --resume ]; then
        "${client_ns[@]}" "$swiftrl" train --resume run --quiet "${server[@]}" >> trainer.log 2>&1 &
    else
        "${client_ns[@]}" "$swiftrl" train --run-dir run --quiet --steps "$steps" --set warmup_steps=1000 \
            --set checkpoint_interval="$interval" --set evaluation.episodes=1 "${server[@]}" >> trainer.log 2>&1 &
    fi
    trainer_pid=$!
}

[ "$client_port" = 7443 ] || wait_for_line proxy.log "delaying" 1
start_relay
start_trainer
start_worker 1
start_worker 2
start=$SECONDS

wait_for_checkpoint $((2 * interval))
kill -9 "$relay_pid"; wait "$relay_pid" 2>/dev/null || true
echo "$((SECONDS - start)) s: relay killed (SIGKILL) after the checkpoint at step $((2 * interval)); restarted 2 s later"
sleep 2
start_relay

wait_for_checkpoint $((4 * interval))
kill -9 "$worker_1_pid"; wait "$worker_1_pid" 2>/dev/null || true
echo "$((SECONDS - start)) s: worker 1 killed (SIGKILL) after the checkpoint at step $((4 * interval)); restarted 1 s later"
sleep 1
start_worker 1

wait_for_checkpoint $((6 * interval))
kill -9 "$trainer_pid"; wait "$trainer_pid" 2>/dev/null || true
echo "$((SECONDS - start)) s: trainer killed (SIGKILL) after the checkpoint at step $((6 * interval)); resumed 1 s later"
sleep 1
start_trainer --resume

if ! wait "$trainer_pid"; then
    echo "error: the resumed trainer failed:" >&2; tail -3 trainer.log >&2; exit 1
fi
echo "$((SECONDS - start)) s: $(tail -1 trainer.log)"
kill -TERM "$worker_1_pid" "$worker_2_pid"
wait "$worker_1_pid" "$worker_2_pid" || true
status="$("${client_ns[@]}" "$swiftrl" status "${server[@]}" 2>&1 || true)"
kill -TERM "$relay_pid"; wait "$relay_pid" || true

failures=0
if grep -h "acknowledged packets lost" worker-*.log; then failures=$((failures + 1)); fi
grep -q "SAC on Pendulum-v1, seed 1: $steps steps" trainer.log || { echo "FAIL: the trainer did not finish $steps steps"; failures=$((failures + 1)); }
acknowledged=0
for index in 1 2; do
    sequence="$(grep -o 'packets acknowledged through [0-9]*' "worker-$index.log" | tail -1 | awk '{print $4}')"
    echo "worker $index: packets acknowledged through ${sequence:-?}"
    acknowledged=$((acknowledged + 50 * ${sequence:-0}))
done
retained="$(echo "$status" | awk '/^retained/ {print $2}')"
echo "transitions acknowledged: $acknowledged; learned by the trainer: $steps; still held by the relay: ${retained:-?}"
if [ "$acknowledged" -ne $((steps + ${retained:-0})) ]; then
    echo "FAIL: $acknowledged acknowledged != $steps learned + ${retained:-?} held"; failures=$((failures + 1))
fi
if [ "$failures" -eq 0 ]; then
    echo "PASS: 0 acknowledged samples lost across a SIGKILL of each role"
    rm -rf "$work"
else
    echo "FAIL ($work)"; exit 1
fi
