"""Transitions per second through tlspyo 0.3.0 (TMRL's transport), for comparison with SwiftRL's
relay (relay_throughput.sh): W worker Endpoints, each in its own process as TMRL's rollout workers
are, send packets of P Pendulum-v1 transitions (observation 3, action 1, reward, next observation 3,
terminated, truncated: float32 arrays, the payload SwiftRL's workers send) to a trainer Endpoint
through a tlspyo Relay with TLS on loopback, timed from the first transition received to the last
(as swiftrl-relay-throughput times SwiftRL's relay). The transitions are drawn at random beforehand,
so tlspyo's figure includes no environment stepping (SwiftRL's does), and tlspyo neither stores nor
acknowledges what it relays. Run it in an environment with
tlspyo==0.3.0 and numpy:

    python Benchmarks/distributed/tlspyo_throughput.py [WORKERS (4)] [STEPS_PER_WORKER (50000)] [PACKET (100)]
"""

import multiprocessing
import subprocess
import sys
import tempfile
import time

import numpy as np
from tlspyo import Endpoint, Relay

PORT = 32_761
PASSWORD = "benchmark password"


def packet(rng, size):
    """One packet's transitions, as TMRL's workers would pickle them."""
    return {"observations": rng.standard_normal((size, 3), dtype=np.float32),
            "actions": rng.uniform(-1, 1, (size, 1)).astype(np.float32),
            "rewards": rng.standard_normal(size, dtype=np.float32),
            "next_observations": rng.standard_normal((size, 3), dtype=np.float32),
            "terminated": np.zeros(size, np.uint8), "truncated": np.zeros(size, np.uint8)}


def worker(index, steps, size, keys, ready):
    endpoint = Endpoint(ip_server="127.0.0.1", port=PORT, password=PASSWORD, groups="workers",
                        local_com_port=3000 + index, security="TLS", keys_dir=keys)
    rng = np.random.default_rng(index)
    packets = [packet(rng, size) for _ in range(steps // size)]
    ready.wait()
    for item in packets:
        endpoint.send_object(item, destination="trainers")
    time.sleep(5)  # let Twisted flush before the process ends
    endpoint.stop()


def main():
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    total = workers * (steps // size) * size
    with tempfile.TemporaryDirectory() as keys:
        # tlspyo's own generator needs an older pyOpenSSL: the same self-signed RSA certificate for
        # its default hostname, written by openssl.
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:4096", "-nodes", "-days", "30", "-subj", "/CN=default",
                        "-addext", "subjectAltName=DNS:default", "-keyout", f"{keys}/key.pem",
                        "-out", f"{keys}/certificate.pem"], check=True, capture_output=True)
        relay = Relay(port=PORT, password=PASSWORD, local_com_port=2999, security="TLS", keys_dir=keys)
        trainer = Endpoint(ip_server="127.0.0.1", port=PORT, password=PASSWORD, groups="trainers",
                           local_com_port=2998, security="TLS", keys_dir=keys)
        ready = multiprocessing.Event()
        processes = [multiprocessing.Process(target=worker, args=(index, steps, size, keys, ready))
                     for index in range(1, workers + 1)]
        for process in processes:
            process.start()
        time.sleep(3)  # every Endpoint connected
        received, start = 0, None
        ready.set()
        while received < total:
            for item in trainer.receive_all(blocking=True):
                received += len(item["rewards"])
            start = start or time.monotonic()
        seconds = time.monotonic() - start
        for process in processes:
            process.join()
        trainer.stop()
        relay.stop()
    print(f"{workers} workers, {size} transitions per packet, tlspyo 0.3.0 with TLS on loopback: {received} transitions "
          f"in {seconds:.2f} s = {received / seconds:,.0f} transitions/s", flush=True)


if __name__ == "__main__":
    main()
