"""Outage: new articles while Wikimedia is a black hole (a loopback address that accepts the
connection and never answers, as in a network partition), beside the same pages offline; then
Wikimedia comes back and we time how soon the notes return.

The server is the one README starts (gunicorn, 2 workers × 4 threads, default settings: 3
failures open the circuit, 15 s first cool-down), online against the fake Wikimedia on loopback.
One client, one request at a time, every request a corpus page the server has not seen
(page-content mode), so each is a full annotation.

Each worker has a circuit of its own, so the outage costs up to workers × failures requests that
wait out their time budget before both circuits are open ("paid the budget"). Pages are posted
until that many have paid (or a bound is reached); the next pages are the measured window, timed
beside the same pages offline.

    python3 -m bench --only outage
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import requests

from .common import corpus_pages, english_pages, median, p95

WORKERS = 2
FAILURES_TO_OPEN = 3  # Settings.breaker_failures, the server's default
MOST_FIRST = 30  # bounds the wait for both circuits when some pages need no lookup at all


def _post(url: str, body: dict) -> tuple[float, int, dict]:
    started = time.perf_counter()
    response = requests.post(url, json=body, timeout=120)
    took = (time.perf_counter() - started) * 1000
    data = response.json() if response.headers.get("Content-Type", "").startswith("application/json") else {}
    return took, response.status_code, data


def _reason(data: dict) -> str:
    return data.get("meta", {}).get("degraded_reason") or ""


def _paid(result: tuple[float, int, dict]) -> bool:
    """Whether this request waited for Wikimedia (degraded, and not by an open circuit)."""
    reason = _reason(result[2])
    return bool(reason) and "circuit" not in reason


def _summary(latencies: list[float]) -> dict:
    return {"requests": len(latencies), "p50_ms": round(median(latencies), 1), "p95_ms": round(p95(latencies), 1)}


def _circuits(server_url: str, samples: int = 6) -> list[dict]:
    """The wikimedia circuit as each worker sees it (health answers from whichever worker)."""
    seen: dict[str, dict] = {}
    for _ in range(samples):
        health = requests.get(server_url + "/api/v1/health", timeout=30).json()
        for provider in health["providers"]:
            if provider.get("circuit"):
                seen[f"{provider['circuit']['retry_at']}/{provider['circuit']['failures']}"] = provider["circuit"]
    return list(seen.values())


def run(quick: bool = False) -> dict:
    from tests.fakewiki.server import FakeWikimedia
    from tests.servers import ServerProcess

    pages = english_pages(corpus_pages())
    if not pages:
        return {"skipped": "../shared/corpus is absent"}
    later = 20 if quick else 50
    measured, warm, spare = pages[: MOST_FIRST + later], pages[-4:], pages[MOST_FIRST + later : -4]
    cache = Path(tempfile.mkdtemp(prefix="bench-outage-"))
    with FakeWikimedia() as wiki:
        env = {"CONTEXTLIB_NEWS_OFFLINE": "0", "CONTEXTLIB_NEWS_WIKIPEDIA_URL": wiki.url,
               "CONTEXTLIB_NEWS_WIKIDATA_URL": wiki.url, "CONTEXTLIB_NEWS_RATE_LIMIT": "100000 per minute"}
        with ServerProcess(cache / "cache", workers=2, env=env) as server:
            url = server.url + "/api/v1/annotate"
            for sha, html, _ in warm:  # both workers have loaded their model and run NER once
                _post(url, {"url": f"https://news.example/warm/{sha}", "html": html, "offline": True})

            offline = [_post(url, {"url": f"https://news.example/{sha}", "html": html, "offline": True})
                       for sha, html, _ in measured]

            wiki.fail("blackhole")
            first: list[tuple[float, int, dict]] = []
            for sha, html, _ in measured[:MOST_FIRST]:
                first.append(_post(url, {"url": f"https://news.example/{sha}", "html": html}))
                if sum(1 for result in first if _paid(result)) >= WORKERS * FAILURES_TO_OPEN:
                    break
            window = measured[len(first) : len(first) + later]
            outage = [_post(url, {"url": f"https://news.example/{sha}", "html": html}) for sha, html, _ in window]
            circuits = _circuits(server.url)
            reached = wiki.count()  # requests that went into the black hole

            # Wikimedia is back: a new article every second until one has its notes again.
            wiki.heal()
            back_at = time.monotonic()
            now = datetime.now(timezone.utc)
            waits = [max(0.0, (datetime.fromisoformat(c["retry_at"].replace("Z", "+00:00")) - now).total_seconds())
                     for c in circuits if c.get("retry_at")]
            limit = max(waits, default=0.0) + 60
            recovered_s, tries = None, 0
            while time.monotonic() - back_at < limit:
                sha, html, _ = spare[tries % len(spare)]
                _, status, data = _post(url, {"url": f"https://news.example/back/{tries}/{sha}", "html": html})
                tries += 1
                if status == 200 and not data["meta"]["degraded"]:
                    recovered_s = round(time.monotonic() - back_at, 1)
                    break
                time.sleep(1.0)

    offline_ms = [took for took, _, _ in offline]
    summary_offline = _summary(offline_ms[len(first) : len(first) + len(outage)])
    summary_next = _summary([took for took, _, _ in outage])
    return {
        "offline_first": _summary(offline_ms[: len(first)]),
        "offline_next": summary_offline,
        "outage_first": _summary([took for took, _, _ in first]),
        "outage_next": summary_next,
        "ratio_p95_next": round(summary_next["p95_ms"] / summary_offline["p95_ms"], 2),
        "errors": sum(1 for _, status, _ in first + outage if status != 200),
        "degraded": sum(1 for _, _, data in first + outage if data.get("meta", {}).get("degraded")),
        "paid_the_budget": sum(1 for result in first + outage if _paid(result)),
        "paid_in_the_window": sum(1 for result in outage if _paid(result)),
        "answered_by_open_circuit": sum(1 for _, _, data in outage if "circuit" in _reason(data)),
        "requests_into_the_black_hole": reached,
        "circuits_before_recovery": circuits,
        "longest_cooldown_left_s": round(max(waits, default=0.0), 1),
        "cooldown_s": max((c["cooldown_s"] for c in circuits), default=None),
        "recovered_after_s": recovered_s,
        "recovery_tries": tries,
        "target": "once both circuits are open, p95 <= 1.2x offline p95, 0 errors; notes back within one cool-down",
    }
