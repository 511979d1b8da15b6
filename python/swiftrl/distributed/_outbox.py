"""A worker's packets between its collector and the relay (as the Swift worker's PacketOutbox):
numbered once the relay has said which sequence it holds last, kept until acknowledged, and resent
on every new connection. At most `window` packets wait unacknowledged; then the collector waits too,
so back-pressure from the relay reaches the environment."""

import threading


class PacketOutbox:
    def __init__(self, window):
        self.window = max(int(window), 1)
        self._condition = threading.Condition()
        self._next_sequence = None  # until the first welcome
        self._pending = []  # unacknowledged SamplePackets, in sequence order
        self._next_to_write = 0  # index in _pending of the next packet for the current connection
        self._connection = 0
        self._welcomed = False
        self._collector_finished = False
        self._closed = False
        self.acknowledged = 0

    def enqueue(self, packet, should_stop):
        """Numbers `packet` and queues it, waiting while `window` packets are unacknowledged (or
        until the first welcome); returns False, queueing nothing, once `should_stop()` holds."""
        with self._condition:
            while self._next_sequence is None or len(self._pending) >= self.window:
                if should_stop() or self._closed:
                    return False
                self._condition.wait(0.1)
            packet.sequence = self._next_sequence
            self._next_sequence += 1
            self._pending.append(packet)
            self._condition.notify_all()
            return True

    def finish_collecting(self):
        """The collector will enqueue nothing more."""
        with self._condition:
            self._collector_finished = True
            self._condition.notify_all()

    def close(self):
        """Ends every wait: writers stop and the collector enqueues nothing more."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    @property
    def is_drained(self):
        """Whether every packet is acknowledged and nothing more will come."""
        with self._condition:
            return self._collector_finished and not self._pending and self._next_sequence is not None

    def connect(self):
        """Starts a new connection: its writer writes from the first unacknowledged packet once welcomed."""
        with self._condition:
            self._connection += 1
            self._welcomed = False
            self._next_to_write = 0
            self._condition.notify_all()
            return self._connection

    def welcome(self, last_sequence):
        """The relay holds everything up to `last_sequence`. Returns the acknowledged sequences it
        no longer holds (a relay whose storage lost data) as (first, last), or None."""
        with self._condition:
            lost = (last_sequence + 1, self.acknowledged) if last_sequence < self.acknowledged else None
            if self._next_sequence is None:
                self._next_sequence = last_sequence + 1
            self._pending = [packet for packet in self._pending if packet.sequence > last_sequence]
            self.acknowledged = max(self.acknowledged, last_sequence)
            self._next_to_write = 0
            self._welcomed = True
            self._condition.notify_all()
            return lost

    def acknowledge(self, sequence):
        """Every packet up to `sequence` is durable on the relay."""
        with self._condition:
            done = 0
            while done < len(self._pending) and self._pending[done].sequence <= sequence:
                done += 1
            del self._pending[:done]
            self._next_to_write = max(self._next_to_write - done, 0)
            self.acknowledged = max(self.acknowledged, sequence)
            self._condition.notify_all()

    def next_to_write(self, connection):
        """The next packet to write on `connection`; None when that connection is stale, the
        outbox is closed, or every packet is acknowledged after the collector finished."""
        with self._condition:
            while True:
                if self._connection != connection or self._closed:
                    return None
                if self._welcomed and self._next_to_write < len(self._pending):
                    packet = self._pending[self._next_to_write]
                    self._next_to_write += 1
                    return packet
                if self._welcomed and self._collector_finished and not self._pending:
                    return None
                self._condition.wait(0.1)
