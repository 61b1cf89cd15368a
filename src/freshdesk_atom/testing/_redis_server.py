"""``RedisServer``: a real ``redis-server`` on loopback for tests and benchmarks of the shared governor."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    import redis

__all__ = ["RedisServer", "redis_server_path"]

_START_TIMEOUT = 10.0


def redis_server_path() -> str | None:
    """Where ``redis-server`` is (``$PATH``, then Debian's ``/usr/bin``), or ``None``."""
    found = shutil.which("redis-server")
    if found is None and Path("/usr/bin/redis-server").exists():
        found = "/usr/bin/redis-server"
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _answers_ping(port: int, password: str | None) -> bool:
    """Whether the server on *port* answers ``PING`` (RESP spoken by hand: no client needed)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            if password:
                sock.sendall(f"AUTH {password}\r\n".encode())
                if not sock.recv(64).startswith(b"+OK"):
                    return False
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """One ``redis-server`` process on a free loopback port, without persistence.

    It can be killed (like a crash of the host's Redis) and started again on
    the same port, which is what the shared rate governor's fallback is
    tested with::

        with RedisServer() as redis_server:
            os.environ["FRESHDESK_GOVERNOR_URL"] = redis_server.url
            ...
            redis_server.kill()
            redis_server.start()

    Args:
        folder: its working directory (default: a new temporary one).
        password: ``requirepass``, shown in :attr:`url` only.
        executable: the ``redis-server`` binary (default: :func:`redis_server_path`).

    Raises:
        FileNotFoundError: no ``redis-server`` (``apt-get install redis-server``).
    """

    def __init__(
        self,
        folder: Path | None = None,
        *,
        password: str | None = None,
        executable: str | None = None,
    ) -> None:
        binary = executable or redis_server_path()
        if binary is None:
            raise FileNotFoundError("no redis-server on this machine: apt-get install redis-server")
        self.executable = binary
        self.folder = folder or Path(tempfile.mkdtemp(prefix="redis-"))
        self.port = _free_port()
        self.password = password
        self._process: subprocess.Popen[bytes] | None = None

    def __repr__(self) -> str:
        return f"RedisServer(port={self.port}, running={self.running})"

    @property
    def url(self) -> str:
        """``redis://[:password@]127.0.0.1:<port>/0``."""
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        """Whether the process is alive."""
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the server on its port; return once it answers ``PING``.

        Raises:
            RuntimeError: it did not answer within 10 s.
        """
        command = [
            self.executable,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.folder),
            "--enable-debug-command",
            "yes",
        ]
        if self.password:
            command += ["--requirepass", self.password]
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.folder
        )
        deadline = time.monotonic() + _START_TIMEOUT
        while not _answers_ping(self.port, self.password):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.02)

    def client(self) -> redis.Redis:
        """A plain sync client of the server, for a test's own look at its keys (needs ``redis``)."""
        import redis

        return redis.Redis(
            host="127.0.0.1", port=self.port, password=self.password, socket_timeout=5
        )

    def kill(self) -> None:
        """End the server at once (``SIGKILL``: no goodbye to its clients)."""
        self._end(graceful=False)

    def stop(self) -> None:
        """End the server (``SIGTERM``) and wait for it."""
        self._end(graceful=True)

    def _end(self, *, graceful: bool) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        if graceful:
            process.terminate()
        else:
            process.kill()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
