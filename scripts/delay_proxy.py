"""A TCP proxy that delays every byte by a fixed time in each direction, in order: a stand-in for
netem's delay where the kernel has no netem (scripts/distributed-faults.sh runs it in the relay's
network namespace, in front of the relay). Standard library only.

    python3 scripts/delay_proxy.py LISTEN_HOST:PORT UPSTREAM_HOST:PORT DELAY_SECONDS

A connection's two directions are delay lines: what arrives at time t is written at t + DELAY. When
either side closes or fails, both are closed, so a killed relay looks the same to its clients as
without the proxy (the connection ends; they reconnect).
"""

import asyncio
import sys


async def delay_line(reader, writer, delay):
    """Copies `reader` to `writer`, each chunk `delay` seconds after it arrived."""
    loop = asyncio.get_running_loop()
    chunks = asyncio.Queue()

    async def write_when_due():
        while (chunk := await chunks.get()) is not None:
            due, data = chunk
            await asyncio.sleep(max(0.0, due - loop.time()))
            writer.write(data)
            await writer.drain()

    writing = asyncio.create_task(write_when_due())
    try:
        while data := await reader.read(65536):
            chunks.put_nowait((loop.time() + delay, data))
        chunks.put_nowait(None)
        await writing
    finally:
        writing.cancel()


async def relay_connection(client_reader, client_writer, upstream, delay):
    try:
        upstream_reader, upstream_writer = await asyncio.open_connection(*upstream)
    except OSError:
        client_writer.close()
        return
    directions = [asyncio.create_task(delay_line(client_reader, upstream_writer, delay)),
                  asyncio.create_task(delay_line(upstream_reader, client_writer, delay))]
    try:
        await asyncio.wait(directions, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for direction in directions:
            direction.cancel()
        for writer in (client_writer, upstream_writer):
            writer.close()


def address(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


async def main():
    listen, upstream, delay = address(sys.argv[1]), address(sys.argv[2]), float(sys.argv[3])
    server = await asyncio.start_server(
        lambda reader, writer: relay_connection(reader, writer, upstream, delay), *listen)
    print(f"delaying {listen[0]}:{listen[1]} -> {upstream[0]}:{upstream[1]} by {delay} s each way", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
