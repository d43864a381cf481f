"""What every benchmark section shares: the corpus, the machine, and summary statistics."""

from __future__ import annotations

import gzip
import json
import os
import platform
import statistics
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = Path(__file__).resolve().parent / "results"

if str(ROOT) not in sys.path:  # the loopback servers and fake Wikimedia live beside the tests
    sys.path.insert(0, str(ROOT))


def corpus_pages(limit: int | None = None) -> list[tuple[str, str, dict]]:
    """(sha256, html, ground truth) of the corpus pages, sorted by sha; empty when ../shared is absent."""
    truth_file = CORPUS / "ground-truth.json"
    if not truth_file.exists():
        return []
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for path in sorted((CORPUS / "html").glob("*.html.gz"))[:limit]:
        sha = path.name.split(".", 1)[0]
        pages.append((sha, gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace"), truth.get(sha, {})))
    return pages


def english_pages(pages: list[tuple[str, str, dict]]) -> list[tuple[str, str, dict]]:
    """The pages the server and the batch annotate: an article can be extracted and it is in
    English (the others get a clear 'not supported yet' answer, which is no measure of work)."""
    from contextlib_news.errors import ContextError
    from contextlib_news.extract import extract_article
    from contextlib_news.languages import check_article_language

    kept = []
    for page in pages:
        try:
            check_article_language(extract_article(page[1]).text)
        except ContextError:
            continue
        kept.append(page)
    return kept


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0
    try:
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    except (OSError, IndexError, ValueError):
        pass
    from importlib.metadata import version

    versions = {name: version(name) for name in ("contextlib-news", "spacy", "trafilatura", "requests-cache", "flask", "gunicorn")}
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": memory, "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions, "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process in MiB, from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, amount = line.split(":")
            values[key] = int(amount.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def workers_rss(pids: Callable[[], list[int]]) -> dict[int, float]:
    """Current RSS (MiB) of each live worker, re-listing the workers first: gunicorn may have
    replaced one since the last sample, and a vanished process is simply not in the answer."""
    sizes = {}
    for pid in pids():
        try:
            sizes[pid] = round(rss_mb(pid)[0], 1)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return sizes
