"""A real redis-server on a free loopback port, for tests that share state through Redis; always
stopped by the context manager that started it."""

from __future__ import annotations

import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from .servers import free_port


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Start ``redis-server`` (no persistence) and yield its ``redis://`` URL; skip when absent."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is installed by .ci/run")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 15
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        client.close()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
