"""``contextlib-news batch`` as a user runs it: real processes, two workers, and runs stopped
with Ctrl-C and killed outright, then resumed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contextlib_news.batch import BatchOptions, run_batch

from .conftest import CORPUS, EXAMPLE
from .servers import gone
from .test_batch import UK_ENERGY, make_warc

pytestmark = pytest.mark.slow


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "contextlib_news.cli", "batch", "--offline", *args]


def environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTEXTLIB_NEWS_")}
    env["CONTEXTLIB_NEWS_CACHE_DIR"] = str(tmp / "cache")
    return env


def comparable(record: dict) -> dict:
    record = dict(record)
    record["meta"] = {k: v for k, v in record["meta"].items() if k != "timings_ms"}
    return record


def test_two_workers_annotate_a_warc_and_a_folder_as_one_process_does(annotator, tmp_path):
    ids = make_warc(tmp_path / "news.warc.gz")
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(UK_ENERGY, folder / UK_ENERGY.name)
    for path in sorted((CORPUS / "html").glob("*.html.gz"))[:6]:  # none when ../shared is absent
        shutil.copy(path, folder / path.name)
    out = tmp_path / "out.jsonl"
    result = subprocess.run(command(str(tmp_path / "news.warc.gz"), str(folder), "-o", str(out), "--jobs", "2",
                                    "--batch-size", "2"),
                            env=environment(tmp_path), capture_output=True, text=True, timeout=300)
    records = {r["input"]["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    pages = len(list(folder.iterdir()))
    assert len(records) == len(out.read_text().splitlines()) == 2 + pages, result.stderr
    assert set(ids.values()) <= set(records)
    assert "skipped: " in result.stderr and "1 not HTML" in result.stderr and "Traceback" not in result.stderr
    alone = tmp_path / "alone.jsonl"
    run_batch([str(tmp_path / "news.warc.gz"), str(folder)], alone, BatchOptions(batch_size=50), annotator.settings,
              annotator=annotator, progress=False)
    expected = {r["input"]["id"]: r for r in map(json.loads, alone.read_text(encoding="utf-8").splitlines())}
    assert {k: comparable(v) if "meta" in v else v for k, v in records.items()} == \
           {k: comparable(v) if "meta" in v else v for k, v in expected.items()}
    assert result.returncode == (1 if any("error" in r for r in records.values()) else 0), result.stderr


def start(tmp_path: Path, folder: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(command(str(folder), "-o", str(out), "--jobs", "2", "--batch-size", "2"),
                            env=environment(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def wait_for_lines(out: Path, count: int, process: subprocess.Popen, timeout: float = 240) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = out.read_bytes().count(b"\n") if out.exists() else 0
        if done >= count:
            return done
        if process.poll() is not None:
            pytest.fail(f"the batch ended before {count} lines: {process.stderr.read()}")
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    pytest.fail(f"fewer than {count} lines after {timeout} s")


def children(pid: int) -> list[int]:
    listing = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in listing.stdout.split()]


def test_a_run_stopped_with_ctrl_c_or_killed_goes_on_where_it_stopped(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(24):
        shutil.copy(EXAMPLE if n % 2 else UK_ENERGY, folder / f"story-{n:02d}.html")
    out = tmp_path / "out.jsonl"

    # 1. Ctrl-C: the run stops at once, says so, and leaves only whole lines.
    process = start(tmp_path, folder, out)
    wait_for_lines(out, 2, process)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and "interrupted; run the same command again" in stderr, stderr
    assert "Traceback" not in stderr and out.read_bytes().endswith(b"\n")
    after_interrupt = len(out.read_bytes().splitlines())

    # 2. Killed outright, workers and all, in the middle of the run; then a torn last line.
    process = start(tmp_path, folder, out)
    wait_for_lines(out, after_interrupt + 2, process)
    workers = children(process.pid)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while not all(gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(gone(pid) for pid in workers)
    done_before = out.read_bytes().count(b"\n")
    assert done_before < 24
    with open(out, "ab") as stream:
        stream.write(b'{"input": {"id": "pages/story-2')  # what a kill in the middle of a write leaves

    # 3. The same command again finishes the work: every page once, nothing lost, nothing twice.
    result = subprocess.run(command(str(folder), "-o", str(out), "--jobs", "2"), env=environment(tmp_path),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"{done_before} already done" in result.stderr and "cut a torn last line" in result.stderr
    ids = [json.loads(line)["input"]["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == [f"pages/story-{n:02d}.html" for n in range(24)]
