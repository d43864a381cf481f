"""Annotate many pages on one machine: every core, resumable, polite.

The main process reads the inputs (``inputs.py``), skips what the output already holds
(``batch_output.py``), fetches pages that need it in threads (``crawler.py``), and hands pages
in groups to ``jobs`` worker processes. Each worker loads the model once and annotates a group
at once (``batch_items.annotate_items``: ``nlp.pipe``, Wikimedia lookups shared by the group).
Only the main process writes, a line per page as each group comes back, so the output is whole
at any moment; Ctrl-C (or SIGTERM) stops the workers at once and keeps every finished line.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any, Iterable, Sequence

from .batch_items import BatchItem, ItemResult, Skipped, annotate_items, failure
from .batch_output import open_output
from .errors import ContextError, InvalidInputError
from .extract import parse_date
from .inputs import read_inputs
from .settings import Settings

log = logging.getLogger(__name__)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs (the ``batch`` command's options)."""

    #: Worker processes; 0 means one per core.
    jobs: int = 0
    #: Pages annotated together by a worker (NER through ``nlp.pipe``, one set of Wikimedia requests).
    batch_size: int = 50
    #: ``jsonl`` or ``parquet``.
    format: str = "jsonl"
    #: Input kind for every source: ``auto`` (from the name) or one of inputs.KINDS.
    input_kind: str = "auto"
    #: Do again the pages that failed in an earlier run into the same output.
    retry_failed: bool = False
    #: Publication date for every page (``--date``); wins over the pages' own.
    published: str | None = None
    #: Threads fetching pages (per-host limits come from the settings).
    fetch_threads: int = 8


@dataclass
class BatchSummary:
    """What a run did, for the summary line and the exit code."""

    done: int = 0
    degraded: int = 0
    already_done: int = 0
    duplicates: int = 0
    failed: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    #: The first failures: (id, "code: message").
    failures: list[tuple[str, str]] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    retrying: int = 0
    interrupted: bool = False
    #: Seconds until every worker had its model loaded, and in all.
    startup_s: float = 0.0
    elapsed_s: float = 0.0

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    def lines(self) -> list[str]:
        """The summary as printed on stderr."""
        attempted = self.done + self.failed_total
        head = f"{self.done} of {attempted} articles annotated"
        extra = [f"{self.already_done} already done" if self.already_done else "",
                 f"{self.degraded} degraded (a knowledge source failed)" if self.degraded else "",
                 f"{self.duplicates} duplicates" if self.duplicates else ""]
        out = [head + "".join(f", {e}" for e in extra if e) + (" — interrupted; run the same command again to go on" if self.interrupted else "")]
        if self.repairs:
            out.append("  output repaired: " + "; ".join(self.repairs))
        if self.failed:
            out.append("  failed: " + ", ".join(f"{n} {code}" for code, n in _by_count(self.failed)))
        if self.skipped:
            out.append("  skipped: " + ", ".join(f"{n} {reason}" for reason, n in _by_count(self.skipped)))
        out += [f"  failed: {ident} — {reason}" for ident, reason in self.failures]
        if self.failed_total > len(self.failures):
            out.append(f"  … and {self.failed_total - len(self.failures)} more failures (lines with \"error\" in the output)")
        return out


def _by_count(counts: Counter) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def run_batch(
    sources: Sequence[str],
    output: str | Path | None,
    options: BatchOptions | None = None,
    settings: Settings | None = None,
    *,
    annotator: Any = None,
    progress: bool | None = None,
) -> BatchSummary:
    """Annotate every page of ``sources`` into ``output`` (see the module docstring).

    ``annotator`` runs the work in this process, in one thread, instead of worker processes
    (tests, notebooks). ``progress`` shows a progress bar (None: when stderr is a terminal).
    """
    options = options or BatchOptions()
    settings = settings or Settings.load()
    published = parse_date(options.published)
    items = read_inputs(sources, options.input_kind, max_bytes=settings.max_response_bytes)
    first = next(items, None)
    if first is None:
        raise InvalidInputError(f"{', '.join(sources)}: no pages to annotate (no URLs, HTML files or archive records)")
    items = chain([first], items)
    out = open_output(output, options.format, retry_failed=options.retry_failed)
    summary = BatchSummary(repairs=list(out.resumed.repairs), retrying=out.resumed.retrying)
    run = _Run(items, out, options, settings, summary, published, annotator)
    try:
        with _stop_on_sigterm():
            run.go(progress, sources)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        run.stop()
        out.close()
    return summary


class _Run:
    """One run's loop: read ahead, fetch, group, dispatch, write (single-threaded; see batch docs)."""

    def __init__(self, items: Iterable[BatchItem | Skipped], out: Any, options: BatchOptions, settings: Settings,
                 summary: BatchSummary, published: str | None, annotator: Any) -> None:
        self.items = iter(items)
        self.out = out
        self.options = options
        self.settings = settings
        self.summary = summary
        self.published = published
        self.annotator = annotator
        self.jobs = 1 if annotator is not None else (options.jobs or default_jobs())
        self.size = max(1, options.batch_size)
        self.rows = options.format == "parquet"
        self.seen: set[str] = set()
        self.buffer: deque[BatchItem] = deque()
        self.fetching: dict[Future, BatchItem] = {}
        self.working: dict[Future, tuple[list[BatchItem], Executor]] = {}
        self.exhausted = False
        self.crawler: Any = None
        self.pool: Executor | None = None
        self.bar: Any = None
        self.started = time.perf_counter()

    def go(self, progress: bool | None, sources: Sequence[str]) -> None:
        from tqdm import tqdm

        from .inputs import count_items

        total = count_items(sources, self.options.input_kind)
        self.pool = self._start_workers()
        self.summary.startup_s = round(time.perf_counter() - self.started, 2)
        self.bar = tqdm(total=total, desc="annotating", unit="article", disable=(None if progress is None else not progress),
                        file=sys.stderr, dynamic_ncols=True)
        ahead = self.size * (self.jobs + 1) * 2
        while True:
            while not self.exhausted and len(self.buffer) + len(self.fetching) < ahead:
                self._take(next(self.items, None))
            self._dispatch()
            if not (self.buffer or self.fetching or self.working) and self.exhausted:
                break
            finished, _ = wait([*self.fetching, *self.working], timeout=0.5, return_when=FIRST_COMPLETED)
            for future in finished:
                if future in self.fetching:
                    self._fetched(future, self.fetching.pop(future))
                else:
                    self._annotated(future, *self.working.pop(future))

    def _take(self, entry: BatchItem | Skipped | None) -> None:
        if entry is None:
            self.exhausted = True
            return
        if isinstance(entry, Skipped):
            self.summary.skipped[entry.reason] += 1
            self.bar.update(1)
            return
        if entry.id in self.out.resumed.done:
            self.summary.already_done += 1
            self.bar.update(1)
            return
        if entry.id in self.seen:
            self.summary.duplicates += 1
            self.bar.update(1)
            return
        self.seen.add(entry.id)
        if entry.problem is None and entry.html is None and entry.url:
            if self.crawler is None:
                from .crawler import PoliteFetcher

                self.crawler = PoliteFetcher(self.settings, threads=self.options.fetch_threads)
            self.fetching[self.crawler.submit(entry.url)] = entry
        else:
            self.buffer.append(entry)

    def _dispatch(self) -> None:
        while self.buffer and len(self.working) < self.jobs + 1:
            tail = self.exhausted and not self.fetching
            if len(self.buffer) >= self.size and not tail:
                size = self.size
            elif tail:  # the last pages, shared out so that every worker ends at about the same time
                size = min(self.size, math.ceil(len(self.buffer) / self.jobs))
            elif len(self.working) < self.jobs:  # a worker is idle: fetching is the bottleneck
                size = len(self.buffer)
            else:
                return
            group = [self.buffer.popleft() for _ in range(min(size, len(self.buffer)))]
            if self.annotator is not None:
                future = self.pool.submit(annotate_items, self.annotator, group, published=self.published, rows=self.rows)
            else:
                future = self.pool.submit(_annotate_group, group, self.published, self.rows)
            self.working[future] = (group, self.pool)

    def _fetched(self, future: Future, item: BatchItem) -> None:
        try:
            page = future.result()
        except ContextError as exc:
            self._record(failure(item, exc))
            return
        except Exception as exc:  # a bug of ours must fail the page, not the run
            log.warning("fetching %s failed unexpectedly", item.url, exc_info=True)
            self._record(failure(item, f"unexpected {type(exc).__name__} while fetching", "fetch_failed"))
            return
        self.buffer.append(replace(item, html=page.html, url=page.url))

    def _annotated(self, future: Future, group: list[BatchItem], pool: Executor) -> None:
        try:
            results = future.result()
        except BrokenProcessPool:
            # A worker died (out of memory, a crash in a C library): the pages it and the others
            # held fail (--retry-failed does them again) and a new pool carries on.
            log.warning("a worker process died; %d pages failed with it", len(group))
            for item in group:
                self._record(failure(item, "a worker process died while this page was being annotated", "worker_died"))
            if pool is self.pool:
                pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._start_workers()
            return
        for result in results:
            self._record(result)

    def _record(self, result: ItemResult) -> None:
        self.out.write(result)
        if result.ok:
            self.summary.done += 1
            self.summary.degraded += result.degraded
        else:
            self.summary.failed[result.code or "error"] += 1
            if len(self.summary.failures) < 20:
                self.summary.failures.append((result.id, f"{result.code}: {result.message}"))
        self.bar.update(1)
        if self.summary.failed_total:
            self.bar.set_postfix(failed=self.summary.failed_total, refresh=False)

    # -- workers --------------------------------------------------------------------------
    def _start_workers(self) -> Executor:
        if self.annotator is not None:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="annotate")
        context = multiprocessing.get_context("spawn")  # no fork of a process that runs threads
        ready = context.Barrier(self.jobs, timeout=600)
        pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context, initializer=_start_worker,
                                   initargs=(self.settings, ready))
        # One task per worker: each starts a process, and none answers before every model is loaded.
        for error in [f.result() for f in [pool.submit(_worker_ready) for _ in range(self.jobs)]]:
            if error:
                pool.shutdown(wait=False, cancel_futures=True)
                raise ContextError(f"a worker process could not start: {error}")
        return pool

    def stop(self) -> None:
        self.summary.elapsed_s = round(time.perf_counter() - self.started, 2)
        if self.crawler is not None:
            self.crawler.close()
        if self.pool is not None:
            finished = not self.working
            # Groups in progress are not waited for: their pages are not in the output, so the
            # next run does them. (No public API ends a pool's processes at once.)
            processes = list((getattr(self.pool, "_processes", None) or {}).values())
            self.pool.shutdown(wait=finished, cancel_futures=True)
            if not finished:
                for process in processes:
                    process.terminate()
        if self.bar is not None:
            self.bar.close()


# -- in the worker processes ---------------------------------------------------------------------
_WORKER: dict[str, Any] = {"annotator": None, "error": None}


def _start_worker(settings: Settings, ready: Any) -> None:
    # Ctrl-C reaches the whole process group; only the main process decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()
    try:
        from .pipeline import Annotator

        _WORKER["annotator"] = Annotator(settings)
    except Exception as exc:  # reported by _worker_ready, in words
        _WORKER["error"] = f"{type(exc).__name__}: {exc}"
    try:
        ready.wait()
    except threading.BrokenBarrierError:
        _WORKER["error"] = _WORKER["error"] or "another worker did not start"


def _exit_with_parent(parent: int) -> None:
    """A worker whose main process was killed (SIGKILL, OOM) has no one to answer: it leaves."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _worker_ready() -> str | None:
    return _WORKER["error"]


def _annotate_group(items: list[BatchItem], published: str | None, rows: bool) -> list[ItemResult]:
    annotator = _WORKER["annotator"]
    if annotator is None:
        return [failure(item, _WORKER["error"] or "the worker has no annotator", "worker_failed") for item in items]
    return annotate_items(annotator, items, published=published, rows=rows)


class _stop_on_sigterm:
    """SIGTERM stops a run as Ctrl-C does (only possible in the main thread)."""

    def __enter__(self) -> None:
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, _raise_interrupt)

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
