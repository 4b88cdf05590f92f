"""A real redis-server of the test's own, on a free port, to stop and start."""

import shutil
import socket
import subprocess
from pathlib import Path

from tests.ops.local_server import stop, wait_until_listening

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# Tests that use it are marked `redis_server` (tests/conftest.py).
REDIS_SERVER_FOUND = Path(REDIS_SERVER).is_file()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """redis-server on 127.0.0.1:`port`, keeping nothing on disk."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_listening(self.process, self.port, 10, "redis-server")
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None
