"""Annotate past one machine, with Dask: the batch's work, one partition at a time.

The functions here run on ``dask.bag`` and ``dask.dataframe`` partitions and give the same
records as ``contextlib-news batch`` (one JSON-lines dict per page, one row per mention)::

    from dask.distributed import Client
    import dask.bag as db
    from contextlib_news.dask import AnnotatorPlugin, annotate_partition, mentions_dataframe, read_records

    client = Client("tcp://scheduler:8786")          # or Client(LocalCluster(...))
    client.register_plugin(AnnotatorPlugin(settings))  # each worker process loads the model once
    pages = db.from_sequence(warc_paths, npartitions=len(warc_paths)).map_partitions(read_records)
    annotated = pages.map_partitions(annotate_partition)       # a bag of output records
    mentions = mentions_dataframe(annotated)                   # a dask DataFrame, one row per mention

Each worker process holds one :class:`~contextlib_news.pipeline.Annotator` (built by
:class:`AnnotatorPlugin` when the worker starts, or on first use). With
``CONTEXTLIB_NEWS_REDIS_URL`` (``redis_url``) set, the HTTP and Wikimedia caches of every
worker on every host are one Redis: a page or a Wikimedia answer fetched once is fetched once.
Pages without HTML are fetched by the worker, politely (per-host limits and robots.txt within
each worker process).
"""

from __future__ import annotations

import json
import threading
from itertools import islice
from dataclasses import replace
from typing import Any, Iterable, Sequence

try:
    from distributed import WorkerPlugin
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError("contextlib_news.dask needs Dask: pip install 'contextlib-news[dask]'") from exc

from .batch_items import BatchItem, MENTION_COLUMNS, Skipped, annotate_items, failure, item_from_record, mention_rows
from .batch_output import mentions_table
from .errors import ContextError
from .inputs import read_inputs
from .settings import Settings

#: Columns of the DataFrame :func:`annotate_partition` returns for a DataFrame partition.
ANNOTATED_COLUMNS = ("id", "url", "ok", "error", "degraded", "record")

_lock = threading.Lock()
_state: dict[str, Any] = {"annotator": None, "fetcher": None}


class AnnotatorPlugin(WorkerPlugin):
    """Builds the worker process's Annotator when the worker starts (register it with
    ``client.register_plugin``). ``settings`` travel with the plugin; None loads them on the
    worker (its environment and config file)."""

    name = "contextlib-news-annotator"
    idempotent = True

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def setup(self, worker: Any) -> None:
        worker_annotator(self.settings)

    def teardown(self, worker: Any) -> None:
        with _lock:
            annotator, fetcher = _state["annotator"], _state["fetcher"]
            _state.update(annotator=None, fetcher=None)
        if fetcher is not None:
            fetcher.close()
        if annotator is not None:
            annotator.close()


def worker_annotator(settings: Settings | None = None) -> Any:
    """This process's Annotator, built on first use."""
    with _lock:
        if _state["annotator"] is None:
            from .pipeline import Annotator

            _state["annotator"] = Annotator(settings or Settings.load())
        return _state["annotator"]


def read_records(sources: Iterable[str], kind: str = "auto", *, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
    """The pages of URL lists, HTML folders, WARC or JSON-lines files as records (for a bag
    partition of paths); records that are not pages (WARC requests, PDFs) are left out.

    ``start``/``stop`` keep only those pages (counted from 0 across ``sources``), so that one
    large archive can feed several partitions, each holding only its own pages in memory.
    """
    pages = (entry for entry in read_inputs(list(sources), kind) if not isinstance(entry, Skipped))
    return [page.to_record() for page in islice(pages, start, stop)]


def annotate_partition(partition: Any, settings: Settings | None = None, *, batch_size: int = 50,
                       published: str | None = None) -> Any:
    """Annotate one partition of page records ``{url, html, published[, id, captured]}``.

    A bag partition (any iterable of dicts) gives a list of output records, each what
    ``contextlib-news batch`` writes as a JSON line. A pandas DataFrame partition gives a
    DataFrame with the columns :data:`ANNOTATED_COLUMNS` (``record`` holds the JSON line).
    """
    frame = _is_frame(partition)
    records = _frame_records(partition) if frame else list(partition)
    annotator = worker_annotator(settings)
    items = [item_from_record(record, origin=f"record {n}", kind=str(record.get("kind") or "record"))
             for n, record in enumerate(records)]
    results = []
    for start in range(0, len(items), max(1, batch_size)):
        group = [_with_html(item, annotator.settings) for item in items[start : start + batch_size]]
        done = iter(annotate_items(annotator, [i for i in group if not isinstance(i, tuple)], published=published))
        results += [item[1] if isinstance(item, tuple) else next(done) for item in group]
    if not frame:
        return [json.loads(r.line) for r in results]
    import pandas as pd

    return pd.DataFrame({
        "id": [r.id for r in results],
        "url": [json.loads(r.line).get("input", {}).get("url") for r in results],
        "ok": [r.ok for r in results],
        "error": [r.code for r in results],
        "degraded": [r.degraded for r in results],
        "record": [r.line for r in results],
    }, columns=list(ANNOTATED_COLUMNS))


def to_mentions_frame(partition: Any) -> Any:
    """One row per mention (:data:`~contextlib_news.batch_items.MENTION_COLUMNS`, the columns of
    ``--format parquet``) of a partition of output records, or of annotate_partition's DataFrame."""
    if _is_frame(partition):
        records = [json.loads(line) for line in partition["record"]]
    else:
        records = list(partition)
    rows = [row for record in records if "error" not in record
            for row in mention_rows(str((record.get("input") or {}).get("id") or (record.get("article") or {}).get("url")), record)]
    return mentions_table(rows).to_pandas(date_as_object=False)


def mentions_dataframe(annotated: Any) -> Any:
    """A dask DataFrame of mentions from a bag of output records (``annotated`` above)."""
    import dask
    import dask.dataframe as dd

    parts = [dask.delayed(to_mentions_frame)(part) for part in annotated.to_delayed()]
    return dd.from_delayed(parts, meta=to_mentions_frame([]))


def annotated_meta() -> Any:
    """The empty DataFrame that describes :func:`annotate_partition`'s DataFrame output (``meta=``)."""
    import pandas as pd

    return pd.DataFrame({"id": pd.Series(dtype=object), "url": pd.Series(dtype=object), "ok": pd.Series(dtype=bool),
                         "error": pd.Series(dtype=object), "degraded": pd.Series(dtype=bool),
                         "record": pd.Series(dtype=object)}, columns=list(ANNOTATED_COLUMNS))


def _with_html(item: BatchItem, settings: Settings) -> BatchItem | tuple[BatchItem, Any]:
    """The item with its page fetched when it came without; (item, failure) when that failed."""
    if item.html is not None or item.problem or not item.url:
        return item
    with _lock:
        if _state["fetcher"] is None:
            from .crawler import PoliteFetcher

            _state["fetcher"] = PoliteFetcher(settings, threads=1)
        fetcher = _state["fetcher"]
    try:
        page = fetcher.fetch(item.url)
    except ContextError as exc:
        return item, failure(item, exc)
    return replace(item, html=page.html, url=page.url)


def _is_frame(partition: Any) -> bool:
    return hasattr(partition, "columns") and hasattr(partition, "itertuples")


def _frame_records(frame: Any) -> list[dict[str, Any]]:
    import pandas as pd

    return [{k: (None if not isinstance(v, (str, bytes)) and pd.isna(v) else v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")]


__all__: Sequence[str] = ("AnnotatorPlugin", "annotate_partition", "to_mentions_frame", "mentions_dataframe",
                          "read_records", "worker_annotator", "annotated_meta", "ANNOTATED_COLUMNS", "MENTION_COLUMNS")
