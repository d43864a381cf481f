"""What a batch works on and what it gives back: one :class:`BatchItem` per page in, one
:class:`ItemResult` per page out, and the step between them for a group of pages at once.

These are plain, picklable data, so the same items travel to worker processes (``batch.py``)
and to Dask workers (``dask.py``), and the same records come back from both.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

from .errors import ContextError, InvalidInputError
from .extract import extract_article, parse_date
from .languages import check_article_language
from .model import Annotation

log = logging.getLogger(__name__)

#: Columns of the one-row-per-mention table (``--format parquet``, ``to_mentions_frame``).
MENTION_COLUMNS = ("id", "url", "published", "title", "entity_id", "kind", "label", "confidence",
                   "start", "end", "exact", "note_description")


@dataclass(frozen=True)
class BatchItem:
    """One page to annotate.

    ``id`` is what a rerun recognises as done: the URL for URL lists and JSON lines, the
    ``WARC-Record-ID`` for archives, the path within the folder for HTML files.
    """

    id: str
    #: The page's URL; fetched when ``html`` is None.
    url: str | None = None
    html: str | bytes | None = None
    #: Publication date the input gives (``published`` in JSON lines): wins over the page's own.
    published: str | None = None
    #: When the page was captured (``WARC-Date``): used only when the page states no date.
    captured: str | None = None
    #: ``url``, ``html``, ``warc`` or ``jsonl``.
    kind: str = "url"
    #: Where it came from, for people: ``urls.txt:12``, ``news.warc.gz@5231``, ``pages/a.html``.
    origin: str = ""
    #: Why the input itself is unusable (a JSON line that is not JSON); the item then fails.
    problem: str | None = None

    def to_record(self) -> dict[str, Any]:
        """The item as a plain dict (what :func:`item_from_record` reads back)."""
        return {"id": self.id, "url": self.url, "html": self.html, "published": self.published,
                "captured": self.captured, "kind": self.kind, "origin": self.origin, "problem": self.problem}

    def describe(self) -> dict[str, Any]:
        """The ``input`` field of the item's output line."""
        return {"id": self.id, "kind": self.kind, "origin": self.origin, "url": self.url}


@dataclass(frozen=True)
class Skipped:
    """An input record that is not a page to annotate (a WARC request record, a PDF)."""

    reason: str
    origin: str = ""


@dataclass(frozen=True)
class ItemResult:
    """The outcome for one item: its JSON line, and its mention rows when asked for."""

    id: str
    ok: bool
    line: str
    code: str | None = None
    message: str | None = None
    degraded: bool = False
    rows: tuple[dict[str, Any], ...] = field(default=(), repr=False)


def item_from_record(record: Mapping[str, Any], *, origin: str = "", kind: str = "jsonl") -> BatchItem:
    """A BatchItem from ``{url, html, published[, id, captured]}`` (a JSON line, a Dask record)."""
    url = record.get("url")
    html = record.get("html")
    published = record.get("published")
    ident = record.get("id") or url
    captured = record.get("captured") if isinstance(record.get("captured"), str) else None
    origin = str(record.get("origin") or origin)
    given = record.get("problem")
    problem = given if isinstance(given, str) and given else _record_problem(url, html, published, ident)
    return BatchItem(id=str(ident or origin), url=url if isinstance(url, str) else None,
                     html=html if isinstance(html, (str, bytes)) else None,
                     published=published if isinstance(published, str) and published else None,
                     captured=captured, kind=str(record.get("kind") or kind), origin=origin, problem=problem)


def _record_problem(url: Any, html: Any, published: Any, ident: Any) -> str | None:
    if not isinstance(url, (str, type(None))) or not isinstance(html, (str, bytes, type(None))):
        return "url and html must be strings"
    if not ident:
        return "a record needs a url (or an id) to be recognised when the batch is resumed"
    if html is None and url is None:
        return "a record needs html or a url to fetch"
    if published is not None and not isinstance(published, str):
        return "published must be a YYYY-MM-DD string"
    return None


def failure(item: BatchItem, error: ContextError | str, code: str | None = None) -> ItemResult:
    """The result of an item that could not be annotated."""
    message = str(error)
    code = code or (error.code if isinstance(error, ContextError) else "error")
    line = json.dumps({"input": item.describe(), "url": item.url, "error": {"code": code, "message": message}}, ensure_ascii=False)
    return ItemResult(id=item.id, ok=False, line=line, code=code, message=message)


def success(item: BatchItem, annotation: Annotation, *, rows: bool = False) -> ItemResult:
    data = annotation.to_dict()
    line = json.dumps({"input": item.describe(), **data}, ensure_ascii=False)
    return ItemResult(id=item.id, ok=True, line=line, degraded=annotation.meta.degraded,
                      rows=tuple(mention_rows(item.id, data)) if rows else ())


def annotate_items(annotator: Any, items: Sequence[BatchItem], *, published: str | None = None,
                   rows: bool = False) -> list[ItemResult]:
    """Extract and annotate pages that have their HTML, all at once (``Annotator.annotate_articles``:
    ``nlp.pipe`` and knowledge lookups shared across the pages). ``published`` (``--date``) wins
    over every other date. One bad page fails alone."""
    results: list[ItemResult | None] = [None] * len(items)
    articles, timings, places = [], [], []
    for index, item in enumerate(items):
        try:
            if item.problem:
                raise InvalidInputError(item.problem)
            if item.html is None:
                raise InvalidInputError("no HTML to annotate")
            started = time.perf_counter()
            article = extract_article(item.html, url=item.url, published=published or item.published)
            check_article_language(article.text)  # a page in another language fails as it does in the server
            if article.published is None and item.captured:
                article = replace(article, published=parse_date(item.captured))
        except ContextError as exc:
            results[index] = failure(item, exc)
            continue
        except Exception as exc:  # a page that breaks the extractor fails alone
            log.warning("extracting %s failed: %s: %s", item.origin or item.id, type(exc).__name__, exc)
            results[index] = failure(item, f"unexpected {type(exc).__name__} while extracting", "internal_error")
            continue
        articles.append(article)
        timings.append({"extract": (time.perf_counter() - started) * 1000})
        places.append(index)
    if articles:
        try:
            annotations = annotator.annotate_articles(articles, _timings=timings)
        except Exception as exc:  # a bug of ours: these pages fail, the batch goes on
            log.exception("annotating %d pages failed", len(articles))
            for index in places:
                results[index] = failure(items[index], f"unexpected {type(exc).__name__} while annotating", "internal_error")
        else:
            for index, annotation in zip(places, annotations):
                results[index] = success(items[index], annotation, rows=rows)
    return [r for r in results if r is not None]


def mention_rows(item_id: str, data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per mention of an annotation dict (the JSON contract), columns :data:`MENTION_COLUMNS`."""
    article = data.get("article") or {}
    rows = []
    for entity in data.get("entities") or ():
        note = entity.get("note") or {}
        for mention in entity.get("mentions") or ():
            rows.append({
                "id": item_id, "url": article.get("url"), "published": article.get("published"),
                "title": article.get("title"), "entity_id": entity["id"], "kind": entity["kind"],
                "label": entity["label"], "confidence": float(entity["confidence"]),
                "start": int(mention["start"]), "end": int(mention["end"]), "exact": mention["exact"],
                "note_description": note.get("description") or None,
            })
    return rows


def line_status(line: Mapping[str, Any]) -> tuple[str | None, bool]:
    """(id, failed) of an output line written by a batch (or by an older ``batch``, keyed by URL)."""
    given = line.get("input")
    ident = given.get("id") if isinstance(given, Mapping) else None
    if ident is None:
        ident = line.get("url") or (line.get("article") or {}).get("url")
    return (str(ident) if ident is not None else None), "error" in line
