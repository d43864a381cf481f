"""Per-stage latency over the corpus, beside the floor (trafilatura.extract + spaCy NER alone),
measured in the same run on the same pages, interleaved so neither side gets a warmer machine."""

from __future__ import annotations

import tempfile
import time

from .common import corpus_pages, median, p95


def run(quick: bool = False) -> dict:
    import trafilatura

    from contextlib_news import Annotator, Settings
    from tests.loopback import LoopbackServer, Reply

    pages = corpus_pages(20 if quick else None)
    if not pages:
        return {"skipped": "../shared/corpus is absent"}
    cache = tempfile.mkdtemp(prefix="bench-latency-")
    settings = Settings.load({"offline": True, "cache_dir": cache, "allow_private_hosts": "127.0.0.1"}, environ={})
    annotator = Annotator(settings)
    nlp = annotator.nlp
    routes = {f"/{sha}.html": Reply(body=html.encode("utf-8")) for sha, html, _ in pages}
    stages: dict[str, list[float]] = {k: [] for k in ("fetch_cached", "extract", "ner", "matching", "linking", "serialise", "total")}
    ours, floor, ratios = [], [], []
    with LoopbackServer(routes) as server:
        for sha, _, _ in pages:  # fill the HTTP cache once
            try:
                annotator.fetcher.fetch(server.url(f"/{sha}.html"))
            except Exception:
                pass
        annotator.annotate_text("Warm-up: Angela Merkel visited Paris.")
        for sha, html, _ in pages:
            started = time.perf_counter()
            text = trafilatura.extract(html) or ""
            nlp(text)
            floor_ms = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            try:
                page = annotator.fetcher.fetch(server.url(f"/{sha}.html"))
                fetched = time.perf_counter()
                result = annotator.annotate_html(page.html, url=page.url)
                annotated = time.perf_counter()
                result.to_json()
            except Exception:
                continue  # pages with no article: not part of either figure
            done = time.perf_counter()
            total_ms = (done - fetched) * 1000  # annotate + serialise; the floor likewise starts from HTML
            stages["fetch_cached"].append((fetched - started) * 1000)
            for key in ("extract", "ner", "matching", "linking"):
                stages[key].append(result.meta.timings_ms.get(key, 0.0))
            stages["serialise"].append((done - annotated) * 1000)
            stages["total"].append(total_ms)
            ours.append(total_ms)
            floor.append(floor_ms)
            ratios.append(total_ms / floor_ms if floor_ms else float("nan"))
    return {
        "pages": len(ours),
        "stages_ms": {k: {"median": round(median(v), 2), "p95": round(p95(v), 2)} for k, v in stages.items()},
        "floor_ms": {"median": round(median(floor), 2), "p95": round(p95(floor), 2)},
        "ratio_of_medians": round(median(ours) / median(floor), 3),
        "median_of_ratios": round(median(ratios), 3),
        "target": "<= 1.25x",
    }
