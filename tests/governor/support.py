"""What the shared rate governor's tests share: a real redis-server, and a fake Freshdesk on loopback.

Both come from elsewhere: :class:`freshdesk_atom.testing.RedisServer` (public: a user's
tests of several workers need one too) and the benchmarks' ``LoopbackFake``.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from types import TracebackType

from benchmarks._server import LoopbackFake

from freshdesk_atom.testing import RedisServer, redis_server_path
from tests.ports import free_port

__all__ = [
    "HAVE_REDIS_SERVER",
    "NO_REDIS_SERVER",
    "FarRedis",
    "LoopbackFake",
    "RedisServer",
    "free_port",
]

HAVE_REDIS_SERVER = redis_server_path() is not None
NO_REDIS_SERVER = (
    "no redis-server on this machine: install it (apt-get install redis-server; "
    "scripts/test installs it when run as root)"
)


class FarRedis:
    """A TCP relay in front of a Redis server that holds back each of its answers: a far-away Redis.

    Every chunk Redis sends is passed on *delay* seconds later, so each round
    trip takes *delay* (a pipeline's answers come in one chunk: one delay).
    """

    def __init__(self, port: int, delay: float) -> None:
        self.delay = delay
        self._upstream = port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = [self._listener]
        self._threads = [threading.Thread(target=self._accept, daemon=True)]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self._upstream))
            self._sockets += [client, server]
            for source, target, delay in ((client, server, 0.0), (server, client, self.delay)):
                thread = threading.Thread(
                    target=self._pump, args=(source, target, delay), daemon=True
                )
                self._threads.append(thread)
                thread.start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket, delay: float) -> None:
        try:
            while chunk := source.recv(65536):
                time.sleep(delay)
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> FarRedis:
        self._threads[0].start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for sock in self._sockets:
            sock.close()
