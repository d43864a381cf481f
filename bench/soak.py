"""Soak test: a steady request rate against gunicorn on loopback for a while; zero errors and
flat worker memory are the pass mark.

    python -m bench.soak --minutes 10 --rate 50      # the full soak
    python -m bench.soak --seconds 20 --rate 20      # the short form CI runs (tests/test_soak.py)
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import requests

from .common import ROOT, corpus_pages, median, p95, workers_rss

EXAMPLE = ROOT / "examples" / "us-diplomacy-gaza-2021-05-12.html"


def soak(base_url: str, seconds: float, rate: float, workers: Callable[[], list[int]], bodies: list[dict]) -> dict:
    """Send ``rate`` requests per second for ``seconds``, cycling through ``bodies``; sample the
    RSS of every worker each 10 s (``workers`` lists the live ones at that moment)."""
    total = int(seconds * rate)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    session = requests.Session()
    samples = [{"t": 0.0, "rss_mb": workers_rss(workers)}]

    def one(n: int) -> None:
        started = time.perf_counter()
        try:
            response = session.post(base_url + "/api/v1/annotate", json=bodies[n % len(bodies)], timeout=60)
            ok = response.status_code == 200
            detail = f"HTTP {response.status_code}"
        except requests.RequestException as exc:
            ok, detail = False, type(exc).__name__
        with lock:
            latencies.append((time.perf_counter() - started) * 1000)
            if not ok:
                errors.append(detail)

    began = time.perf_counter()
    next_sample = 10.0
    with ThreadPoolExecutor(16) as pool:
        for n in range(total):  # open-loop: requests are sent on schedule, whatever the answers do
            delay = began + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, n)
            elapsed = time.perf_counter() - began
            if elapsed >= next_sample:
                samples.append({"t": round(elapsed, 1), "rss_mb": workers_rss(workers)})
                next_sample += 10.0
    elapsed = time.perf_counter() - began
    samples.append({"t": round(elapsed, 1), "rss_mb": workers_rss(workers)})
    # Growth per worker from the first sample after warm-up to the last; a worker that was
    # replaced meanwhile has no honest growth figure and is counted as a restart instead.
    baseline = samples[1 if len(samples) > 2 else 0]["rss_mb"]
    growth = {pid: round(size - baseline[pid], 1) for pid, size in samples[-1]["rss_mb"].items() if pid in baseline}
    restarts = len({pid for sample in samples for pid in sample["rss_mb"]}) - len(samples[0]["rss_mb"])
    return {"requests": total, "seconds": round(elapsed, 1), "achieved_rate": round(total / elapsed, 1), "errors": len(errors),
            "error_kinds": sorted(set(errors))[:5], "p50_ms": round(median(latencies), 1), "p95_ms": round(p95(latencies), 1),
            "rss_samples": [{"t": s["t"], "rss_mb": list(s["rss_mb"].values())} for s in samples],
            "rss_growth_mb": list(growth.values()), "worker_restarts": restarts}


def default_bodies() -> list[dict]:
    """Mostly repeated articles (the result cache) with a share of pages seen for the first time."""
    bodies = [{"url": "https://news.example/seed", "html": EXAMPLE.read_text(encoding="utf-8")}]
    for sha, html, _ in corpus_pages(30):
        bodies.append({"url": f"https://news.example/{sha}", "html": html})
    return bodies


def run(seconds: float, rate: float) -> dict:
    from tests.servers import ServerProcess

    cache = Path(tempfile.mkdtemp(prefix="soak-"))
    # One load generator is one client: lift the per-client limit, or it would measure the limiter.
    # Worker recycling (max_requests in gunicorn_conf) is off here: it would hide a leak, and
    # flat memory without it is the honest pass mark.
    with ServerProcess(cache / "cache", workers=2, env={"CONTEXTLIB_NEWS_RATE_LIMIT": "100000 per minute"},
                       extra_args=["--max-requests", "0"]) as server:
        bodies = default_bodies()
        for body in bodies:  # warm: the soak measures steady state, not the first NER of each page
            requests.post(server.url + "/api/v1/annotate", json=body, timeout=120)
        return soak(server.url, seconds, rate, server.worker_pids, bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second")
    args = parser.parse_args()
    seconds = args.seconds if args.seconds is not None else (args.minutes or 10) * 60
    print(json.dumps(run(seconds, args.rate), indent=2))


if __name__ == "__main__":
    main()
