"""Start the real context server as a separate process on a free loopback port, for tests and
benchmarks; always stopped by the context manager that started it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process_group(process: subprocess.Popen | None) -> None:
    """SIGTERM to a process started with ``start_new_session=True`` and all its children; SIGKILL
    if they are not gone in 20 s."""
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


class ServerProcess:
    """``gunicorn`` (default) or ``contextlib-news serve`` on 127.0.0.1, offline unless told otherwise."""

    def __init__(self, cache_dir: Path, *, command: str = "gunicorn", env: Mapping[str, str] | None = None,
                 workers: int = 1, extra_args: Sequence[str] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "CONTEXTLIB_NEWS_OFFLINE": "1",
            "CONTEXTLIB_NEWS_CACHE_DIR": str(cache_dir),
            "CONTEXTLIB_NEWS_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
            "CONTEXTLIB_NEWS_HOST": "127.0.0.1",
            "CONTEXTLIB_NEWS_PORT": str(self.port),
            **(env or {}),
        }
        if command == "gunicorn":
            self.args = [sys.executable, "-m", "gunicorn", "-c", "python:contextlib_news_server.gunicorn_conf",
                         "--workers", str(workers), *extra_args, "contextlib_news_server.wsgi:app"]
        else:
            self.args = [sys.executable, "-m", "contextlib_news.cli", "serve", "--port", str(self.port), *extra_args]
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = cache_dir.parent / f"server-{self.port}.log"

    def __enter__(self) -> "ServerProcess":
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(self.args, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.output()}")
            try:
                if requests.get(self.url + "/api/v1/health", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        output = self.output()
        self.stop()
        raise RuntimeError(f"server not ready after {timeout}s: {output}")

    def output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def worker_pids(self) -> list[int]:
        """Process ids of gunicorn's workers (children of the master)."""
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return [int(p) for p in out.stdout.split()]

    def stop(self) -> None:
        stop_process_group(self.process)
        self.log.close()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def running(cache_dir: Path, **kwargs) -> Iterator[ServerProcess]:
    with ServerProcess(cache_dir, **kwargs) as server:
        yield server


def gone(pid: int) -> bool:
    """Whether a process has exited (a zombie its parent has not reaped yet counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
