"""A connection to SwiftRL's relay (`swiftrl serve`) over gRPC with TLS and a role's bearer token,
from a credentials directory as `swiftrl certs` writes it."""

import os
import sys
import time

import grpc

from .._native import SwiftRLError
from .v1 import relay_pb2, relay_pb2_grpc

# The largest message either side accepts: weights of up to 64 MiB, with room for their envelope.
MESSAGE_LIMIT = (64 << 20) + (1 << 20)
# Failures that retrying cannot fix: a wrong token or role, a refused packet, a misconfigured relay.
PERMANENT_CODES = frozenset({grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED,
                             grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION})


class RelayError(SwiftRLError, ConnectionError):
    """The relay refused this client (its token, its packets), the credentials cannot be read, or
    the trainer's policy does not fit this worker's environment."""


def print_log(line):
    """The roles' default log: one line to standard error."""
    print(line, file=sys.stderr, flush=True)


def _read(path, what):
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        raise RelayError(f"cannot read {what} '{path}': {error.strerror}") from None


class RelayConnection:
    """A channel to the relay at `server` ("HOST:PORT") as `role` ("worker", "trainer" or "admin").

    `credentials` is a directory holding `ca.pem` and `ROLE.token`, and `ROLE.pem` with `ROLE.key`
    for a relay that requires client certificates (`swiftrl serve --mutual-tls`); they are presented
    whenever they are there, as the Swift client does."""

    def __init__(self, server, credentials, role):
        if not isinstance(server, str) or ":" not in server:
            raise RelayError(f"the server address '{server}' is not HOST:PORT")
        token = _read(os.path.join(credentials, f"{role}.token"), f"the {role} token").decode("utf-8", "replace").strip()
        root = _read(os.path.join(credentials, "ca.pem"), "the CA certificate")
        certificate_path = os.path.join(credentials, f"{role}.pem")
        key_path = os.path.join(credentials, f"{role}.key")
        chain = key = None
        if os.path.exists(certificate_path) and os.path.exists(key_path):
            chain, key = _read(certificate_path, "the client certificate"), _read(key_path, "the client key")
        tls = grpc.ssl_channel_credentials(root_certificates=root, private_key=key, certificate_chain=chain)
        self.server = server
        self.role = role
        self.metadata = (("authorization", f"Bearer {token}"),)
        self._channel = grpc.secure_channel(server, tls, options=[
            ("grpc.max_receive_message_length", MESSAGE_LIMIT), ("grpc.max_send_message_length", MESSAGE_LIMIT)])
        self.stub = relay_pb2_grpc.RelayStub(self._channel)

    def call(self, activity, method, request, attempts=1, timeout=30, log=None):
        """A unary call of `method` (a stub's) with this role's token, tried up to `attempts` times
        while it fails in ways reconnecting can fix (a relay restarting), 0.1 s to 2 s apart; `log`
        hears of the first retry. Raises `RelayError` naming `activity` otherwise."""
        delay = 0.1
        for attempt in range(attempts):
            try:
                return method(request, metadata=self.metadata, timeout=timeout)
            except grpc.RpcError as error:
                reason = error.details() or error.code().name
                if error.code() in PERMANENT_CODES or attempt == attempts - 1:
                    raise RelayError(f"{activity}: {reason}") from None
                if attempt == 0 and log is not None:
                    log(f"{self.role}: {activity}: {reason}; retrying")
                time.sleep(delay)
                delay = min(delay * 2, 2)

    def status(self, timeout=10):
        """The relay's counters (admin token): workers_connected, samples_in, samples_out,
        queue_depth, retained, weights_version, refusals and duplicates."""
        reply = self.call("status", self.stub.Status, relay_pb2.StatusRequest(), timeout=timeout)
        return {field.name: getattr(reply, field.name) for field in reply.DESCRIPTOR.fields}

    def close(self):
        """Closes the channel; calls in flight end with CANCELLED."""
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()
