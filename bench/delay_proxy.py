"""A TCP proxy on loopback that delays every byte by a fixed time in each direction (a slow network).

    with DelayProxy("127.0.0.1", 5432, delay_ms=20) as proxy:
        url = f"postgresql+psycopg://user:pw@127.0.0.1:{proxy.port}/kvp"

Kernel netem may be missing (and needs privileges); this needs nothing. Each chunk read from one side
is released to the other side ``delay_ms`` after it arrived, in order, so a round trip costs
2 × ``delay_ms`` plus the server's own time, the way a WAN or a VPN adds latency. Traffic goes only to
the given loopback target; the proxy stops with its ``with`` block.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from types import TracebackType


class DelayProxy:
    def __init__(self, target_host: str, target_port: int, delay_ms: float, listen_host: str = "127.0.0.1") -> None:
        if target_host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("DelayProxy forwards to loopback only")
        self.target = (target_host, target_port)
        self.delay = delay_ms / 1000.0
        self.listen_host = listen_host
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self.requests = 0  # chunks sent client → server: about one per round trip the client waits for

    # --- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> DelayProxy:
        self._thread = threading.Thread(target=self._run, name="delay-proxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("DelayProxy did not start")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        loop = self._loop
        if loop is not None:
            loop.call_soon_threadsafe(self._stop)
        if self._thread is not None:
            self._thread.join(10)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        self._server = loop.run_until_complete(asyncio.start_server(self._client, self.listen_host, 0))
        self.port = int(self._server.sockets[0].getsockname()[1])
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            with contextlib.suppress(Exception):
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

    def _stop(self) -> None:
        assert self._loop is not None
        if self._server is not None:
            self._server.close()
        self._loop.stop()

    # --- forwarding ---------------------------------------------------------------------------

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            try:
                up_reader, up_writer = await asyncio.open_connection(*self.target)
            except OSError:
                writer.close()
                return
            await asyncio.gather(self._pipe(reader, up_writer, count=True), self._pipe(up_reader, writer),
                                 return_exceptions=True)
        except asyncio.CancelledError:  # the proxy is stopping: end quietly (asyncio reports cancelled handlers)
            with contextlib.suppress(Exception):
                writer.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, count: bool = False) -> None:
        """Copy one direction; each chunk leaves ``delay`` after it arrived, order kept."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def release() -> None:
            while True:
                due, chunk = await queue.get()
                if not chunk:
                    break
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(chunk)
                await writer.drain()
            with contextlib.suppress(OSError):
                writer.close()

        sender = asyncio.ensure_future(release())
        try:
            while True:
                chunk = await reader.read(65536)
                if count and chunk:
                    self.requests += 1
                queue.put_nowait((time.monotonic() + self.delay, chunk))
                if not chunk:
                    break
        except (OSError, asyncio.IncompleteReadError):
            queue.put_nowait((time.monotonic(), b""))
        await sender
