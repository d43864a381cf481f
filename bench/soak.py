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

import requests

from .common import ROOT, corpus_pages, median, p95, rss_mb

EXAMPLE = ROOT / "examples" / "us-diplomacy-gaza-2021-05-12.html"


def soak(base_url: str, seconds: float, rate: float, workers: list[int], bodies: list[dict]) -> dict:
    """Send ``rate`` requests per second for ``seconds``, cycling through ``bodies``."""
    total = int(seconds * rate)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    session = requests.Session()
    samples = [{"t": 0.0, "rss_mb": [round(rss_mb(p)[0], 1) for p in workers]}]

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
                samples.append({"t": round(elapsed, 1), "rss_mb": [round(rss_mb(p)[0], 1) for p in workers]})
                next_sample += 10.0
    elapsed = time.perf_counter() - began
    samples.append({"t": round(elapsed, 1), "rss_mb": [round(rss_mb(p)[0], 1) for p in workers]})
    growth = [round(samples[-1]["rss_mb"][i] - samples[1 if len(samples) > 2 else 0]["rss_mb"][i], 1) for i in range(len(workers))]
    return {"requests": total, "seconds": round(elapsed, 1), "achieved_rate": round(total / elapsed, 1), "errors": len(errors),
            "error_kinds": sorted(set(errors))[:5], "p50_ms": round(median(latencies), 1), "p95_ms": round(p95(latencies), 1),
            "rss_samples": samples, "rss_growth_mb": growth}


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
    with ServerProcess(cache / "cache", workers=2, env={"CONTEXTLIB_NEWS_RATE_LIMIT": "100000 per minute"}) as server:
        bodies = default_bodies()
        for body in bodies:  # warm: the soak measures steady state, not the first NER of each page
            requests.post(server.url + "/api/v1/annotate", json=body, timeout=120)
        return soak(server.url, seconds, rate, server.worker_pids(), bodies)


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
