"""What the shared rate governor's tests share: a real redis-server, and a fake Freshdesk on loopback.

Both come from elsewhere: :class:`freshdesk_atom.testing.RedisServer` (public: a user's
tests of several workers need one too) and the benchmarks' ``LoopbackFake``.
"""

from __future__ import annotations

import socket

from benchmarks._server import LoopbackFake

from freshdesk_atom.testing import RedisServer, redis_server_path

__all__ = ["HAVE_REDIS_SERVER", "NO_REDIS_SERVER", "LoopbackFake", "RedisServer", "free_port"]

HAVE_REDIS_SERVER = redis_server_path() is not None
NO_REDIS_SERVER = (
    "no redis-server on this machine: install it (apt-get install redis-server; "
    "scripts/test installs it when run as root)"
)


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
