"""Where a batch's pages come from: URL lists, folders of HTML files, WARC archives, JSON lines.

Each reader yields :class:`BatchItem` (a page, with or without its HTML) or :class:`Skipped`
(a record that is not a page: a WARC request record, a PDF response) lazily, so an archive of
any size streams through in constant memory.

- **URL list**: one URL per line; ``#`` comments and blank lines are ignored; ``-`` is stdin.
- **Folder**: every ``*.html``, ``*.htm``, ``*.xhtml`` (optionally ``.gz``) below it, sorted;
  the id is the folder's name and the file's path within it.
- **WARC / ARC** (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``; read with warcio): HTTP
  ``response`` records with status 200 and an HTML content type — the URL from
  ``WARC-Target-URI``, the capture date from ``WARC-Date`` (used when the page states no date),
  the id from ``WARC-Record-ID``: the layout of Common Crawl's CC-NEWS.
- **JSON lines** (``.jsonl``, ``.ndjson``, optionally ``.gz``): ``{"url", "html", "published"}``
  per line (``id`` optional; without ``html`` the URL is fetched).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from .batch_items import BatchItem, Skipped, item_from_record
from .errors import InvalidInputError

KINDS = ("auto", "urls", "html", "warc", "jsonl")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def input_kind(source: str) -> str:
    """The kind of input ``source`` is, from what it is and its name."""
    if source == "-":
        return "urls"
    path = Path(source)
    if path.is_dir():
        return "html"
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES) or name.endswith(tuple(s + ".gz" for s in HTML_SUFFIXES)):
        return "html"
    return "urls"


def read_inputs(sources: Iterable[str], kind: str = "auto", *, max_bytes: int = 5 * 1024 * 1024) -> Iterator[BatchItem | Skipped]:
    """Every page of every source, in order. Raises InvalidInputError for a source that does
    not exist or cannot be opened (checked for all sources before the first item)."""
    sources = list(sources)
    if not sources:
        raise InvalidInputError("give at least one input: a URL list, a folder of HTML files, a WARC or a JSON lines file")
    kinds = []
    for source in sources:
        if source != "-" and not Path(source).exists():
            raise InvalidInputError(f"no such file or folder: {source}")
        chosen = input_kind(source) if kind == "auto" else kind
        if chosen not in KINDS[1:]:
            raise InvalidInputError(f"unknown input kind {kind!r} (one of {', '.join(KINDS)})")
        if chosen != "html" and source != "-" and Path(source).is_dir():
            raise InvalidInputError(f"{source} is a folder; only HTML files can be read from a folder")
        kinds.append(chosen)
    return _chain(sources, kinds, max_bytes)


def _chain(sources: list[str], kinds: list[str], max_bytes: int) -> Iterator[BatchItem | Skipped]:
    for source, kind in zip(sources, kinds):
        if kind == "urls":
            yield from read_url_list(source)
        elif kind == "html":
            yield from read_html_files(Path(source), max_bytes)
        elif kind == "warc":
            yield from read_warc(Path(source), max_bytes)
        else:
            yield from read_json_lines(Path(source))


def count_items(sources: Iterable[str], kind: str = "auto") -> int | None:
    """How many items the sources hold when that is cheap to know (URL lists, folders), else None."""
    total = 0
    for source in sources:
        chosen = input_kind(source) if kind == "auto" else kind
        if source == "-" or chosen in ("warc", "jsonl"):
            return None
        if chosen == "urls":
            total += sum(1 for _ in read_url_list(source))
        else:
            total += sum(1 for _ in _html_files(Path(source)))
    return total


def read_url_list(source: str) -> Iterator[BatchItem]:
    name = "stdin" if source == "-" else source
    stream: IO[str] = sys.stdin if source == "-" else _open_text(Path(source))
    try:
        for number, line in enumerate(stream, 1):
            url = line.strip()
            if url and not url.startswith("#"):
                yield BatchItem(id=url, url=url, kind="url", origin=f"{name}:{number}")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{name} is not a UTF-8 text file of URLs ({exc.reason})") from exc
    finally:
        if stream is not sys.stdin:
            stream.close()


def read_html_files(source: Path, max_bytes: int) -> Iterator[BatchItem | Skipped]:
    for path in _html_files(source):
        # The folder's own name and the path within it: the same wherever the folder is mounted.
        ident = path.name if source.is_file() else f"{source.resolve().name}/{path.relative_to(source).as_posix()}"
        try:
            with (gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")) as stream:
                data = stream.read(max_bytes + 1)
        except (OSError, EOFError) as exc:
            yield BatchItem(id=ident, kind="html", origin=str(path), problem=f"cannot read {path}: {exc}")
            continue
        if len(data) > max_bytes:
            yield Skipped("larger than the page size limit", str(path))
            continue
        yield BatchItem(id=ident, html=data, kind="html", origin=str(path))


def _html_files(source: Path) -> Iterator[Path]:
    if source.is_file():
        yield source
        return
    suffixes = HTML_SUFFIXES + tuple(s + ".gz" for s in HTML_SUFFIXES)
    yield from sorted(p for p in source.rglob("*") if p.is_file() and p.name.lower().endswith(suffixes))


def read_warc(source: Path, max_bytes: int) -> Iterator[BatchItem | Skipped]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with open(source, "rb") as stream:
        records = ArchiveIterator(stream, arc2warc=True)
        offset = 0
        try:
            for record in records:
                reason, body = _warc_page(record, max_bytes)
                # (warcio knows a record's offset only once it has been read.)
                offset = records.get_record_offset()
                origin = f"{source}@{offset}"
                if reason is not None:
                    yield Skipped(reason, origin)
                    continue
                warc = record.rec_headers
                yield BatchItem(
                    id=warc.get_header("WARC-Record-ID") or f"{source.name}@{offset}",
                    url=warc.get_header("WARC-Target-URI"),
                    html=_decode(body, (record.http_headers.get_header("Content-Type") or "").lower()),
                    captured=(warc.get_header("WARC-Date") or "")[:10] or None,
                    kind="warc",
                    origin=origin,
                )
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield BatchItem(id=f"{source.name}@{offset}", kind="warc", origin=f"{source}@{offset}",
                            problem=f"the archive {source} is damaged after offset {offset}: {str(exc)[:200]}")


def _warc_page(record: Any, max_bytes: int) -> tuple[str | None, bytes]:
    """(why the record is not a page to annotate, or None; its HTML payload)."""
    if record.rec_type != "response":
        return f"{record.rec_type} record, not a response", b""
    headers = record.http_headers
    if headers is None:
        return "not an HTTP response", b""
    status = headers.get_statuscode()
    if status != "200":
        return f"HTTP status {status or 'missing'}, not 200", b""
    media = (headers.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    body = record.content_stream().read(max_bytes + 1)
    if media not in _HTML_TYPES and not (not media and b"<html" in body[:2048].lower()):
        return "not HTML", b""
    if len(body) > max_bytes:
        return "larger than the page size limit", b""
    return None, body


def read_json_lines(source: Path) -> Iterator[BatchItem]:
    with _open_text(source) as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            origin = f"{source}:{number}"
            try:
                record = json.loads(line)
            except ValueError as exc:
                yield BatchItem(id=origin, kind="jsonl", origin=origin, problem=f"line {number} is not JSON: {exc}")
                continue
            if not isinstance(record, dict):
                yield BatchItem(id=origin, kind="jsonl", origin=origin, problem=f"line {number} is not a JSON object")
                continue
            yield item_from_record(record, origin=origin)


def _open_text(path: Path) -> IO[str]:
    try:
        if path.name.lower().endswith(".gz"):
            return gzip.open(path, "rt", encoding="utf-8")
        return open(path, encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _decode(body: bytes, content_type: str) -> str | bytes:
    """Text when the response declared its charset; bytes (the extractor detects it) otherwise."""
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";", 1)[0].strip().strip("\"'")
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    return body
