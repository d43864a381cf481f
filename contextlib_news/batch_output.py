"""Where a batch's results go, so that a run can stop anywhere and go on where it stopped.

- **JSON lines** (default): one line per page, appended and flushed as each page is done. When
  the file exists, a run first reads it: the pages it holds are skipped, a torn last line (a run
  killed mid-write) is cut off, and with ``retry_failed`` the failed pages' lines are removed
  (the file is rewritten to a temporary file, then swapped in) so that they are done again.
- **Parquet** (``pyarrow``): a folder, read as one table by pandas, DuckDB or Spark, of
  ``part-NNNNN.parquet`` files with one row per mention (:data:`MENTION_COLUMNS`), and a
  ``_journal.jsonl`` listing the pages of each part. A part is written whole and renamed into
  place before its journal line, so a crash leaves either both or a part no line names (deleted
  on the next run).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Iterable, Protocol

from .batch_items import MENTION_COLUMNS, ItemResult, line_status
from .errors import InvalidInputError

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "parquet")
JOURNAL = "_journal.jsonl"


@dataclass
class Resumed:
    """What an earlier run left in the output."""

    #: Ids to skip: done (and failed, unless they are retried).
    done: set[str] = field(default_factory=set)
    #: How many failed pages will be done again.
    retrying: int = 0
    #: What was repaired, for the summary ("cut a torn last line").
    repairs: list[str] = field(default_factory=list)


class BatchOutput(Protocol):
    resumed: Resumed

    def write(self, result: ItemResult) -> None: ...

    def close(self) -> None: ...


def open_output(path: str | Path | None, fmt: str = "jsonl", *, retry_failed: bool = False) -> BatchOutput:
    """The output for a run, after reading (and repairing) what an earlier run left there."""
    if fmt not in FORMATS:
        raise InvalidInputError(f"unknown output format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "parquet":
        if path is None or str(path) == "-":
            raise InvalidInputError("--format parquet writes a folder: give it with -o")
        return ParquetOutput(Path(path), retry_failed=retry_failed)
    if path is None or str(path) == "-":
        return JsonLinesOutput(None)
    return JsonLinesOutput(Path(path), retry_failed=retry_failed)


class JsonLinesOutput:
    """One JSON line per page, flushed per line (see the module docstring)."""

    def __init__(self, path: Path | None, *, retry_failed: bool = False) -> None:
        self.path = path
        self.resumed = Resumed()
        if path is None:
            self._stream: IO[str] = sys.stdout
            return
        if path.is_dir():
            raise InvalidInputError(f"{path} is a folder; JSON lines go to a file")
        if path.exists():
            self.resumed = _resume_lines(path, retry_failed)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._stream = open(path, "a", encoding="utf-8")

    def write(self, result: ItemResult) -> None:
        self._stream.write(result.line + "\n")
        self._stream.flush()

    def close(self) -> None:
        if self._stream is sys.stdout:
            self._stream.flush()
            return
        if not self._stream.closed:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()


def _resume_lines(path: Path, retry_failed: bool) -> Resumed:
    resumed = Resumed()
    ok: set[str] = set()
    failed: set[str] = set()
    good_end = 0
    unreadable = 0
    with open(path, "rb") as stream:
        for raw in stream:
            try:
                line = json.loads(raw)
            except ValueError:
                line = None
            if not raw.endswith(b"\n"):  # the last line of a run that was killed mid-write
                if line is None:
                    resumed.repairs.append(f"cut a torn last line ({len(raw)} bytes)")
                    break
                resumed.repairs.append("ended the last line")
            if not isinstance(line, dict):
                unreadable += 1
            else:
                ident, was_failure = line_status(line)
                if ident is not None:
                    (failed if was_failure else ok).add(ident)
            good_end += len(raw)
    if unreadable:
        log.warning("%s: %d lines are not JSON objects; they are left as they are", path, unreadable)
    if resumed.repairs:
        with open(path, "r+b") as stream:
            stream.truncate(good_end)
            if resumed.repairs[-1] == "ended the last line":
                stream.seek(0, os.SEEK_END)
                stream.write(b"\n")
    failed -= ok
    if retry_failed and failed:
        _rewrite_without(path, failed)
        resumed.retrying = len(failed)
        resumed.done = ok
    else:
        resumed.done = ok | failed
    return resumed


def _rewrite_without(path: Path, failed: set[str]) -> None:
    """The file without the failed pages' lines: written beside it, then swapped in."""
    temporary = path.with_name(path.name + ".retry-tmp")
    with open(path, "rb") as source, open(temporary, "wb") as target:
        for raw in source:
            try:
                line = json.loads(raw)
            except ValueError:
                line = None
            if isinstance(line, dict):
                ident, was_failure = line_status(line)
                if was_failure and ident in failed:
                    continue
            target.write(raw)
        target.flush()
        os.fsync(target.fileno())
    os.replace(temporary, path)


# -- Parquet ----------------------------------------------------------------------------------
def mentions_schema() -> Any:
    import pyarrow as pa

    types = {"published": pa.date32(), "confidence": pa.float64(), "start": pa.int32(), "end": pa.int32()}
    return pa.schema([(name, types.get(name, pa.string())) for name in MENTION_COLUMNS])


def mentions_table(rows: Iterable[dict[str, Any]]) -> Any:
    """A pyarrow Table of mention rows (:func:`~contextlib_news.batch_items.mention_rows`)."""
    import pyarrow as pa

    columns: dict[str, list[Any]] = {name: [] for name in MENTION_COLUMNS}
    for row in rows:
        for name in MENTION_COLUMNS:
            value = row.get(name)
            if name == "published" and isinstance(value, str):
                value = date.fromisoformat(value)
            columns[name].append(value)
    return pa.table(columns, schema=mentions_schema())


class ParquetOutput:
    """A folder of Parquet parts, one row per mention, and a journal (see the module docstring)."""

    def __init__(self, folder: Path, *, retry_failed: bool = False, pages_per_part: int = 500) -> None:
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise InvalidInputError("--format parquet needs pyarrow: pip install 'contextlib-news[parquet]'") from exc
        if folder.exists() and not folder.is_dir():
            raise InvalidInputError(f"{folder} is a file; Parquet output is a folder")
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.pages_per_part = pages_per_part
        self.resumed, self._next = _resume_parquet(folder, retry_failed)
        self._journal = open(folder / JOURNAL, "a", encoding="utf-8")
        self._pending: list[ItemResult] = []

    def write(self, result: ItemResult) -> None:
        self._pending.append(result)
        if len(self._pending) >= self.pages_per_part:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        import pyarrow.parquet as pq

        rows = [row for result in self._pending for row in result.rows]
        part = None
        if rows:
            part = f"part-{self._next:05d}.parquet"
            temporary = self.folder / f".{part}.tmp"
            pq.write_table(mentions_table(rows), temporary)
            os.replace(temporary, self.folder / part)
            self._next += 1
        entry = {"part": part, "done": [r.id for r in self._pending if r.ok],
                 "failed": [[r.id, r.code, r.message] for r in self._pending if not r.ok],
                 "degraded": [r.id for r in self._pending if r.degraded]}
        self._journal.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())
        self._pending = []

    def close(self) -> None:
        if not self._journal.closed:
            self.flush()
            self._journal.close()


def _resume_parquet(folder: Path, retry_failed: bool) -> tuple[Resumed, int]:
    resumed = Resumed()
    journal = folder / JOURNAL
    entries: list[dict[str, Any]] = []
    if journal.exists():
        good_end = 0
        with open(journal, "rb") as stream:
            for raw in stream:
                try:
                    entry = json.loads(raw) if raw.endswith(b"\n") else None
                except ValueError:
                    entry = None
                if not isinstance(entry, dict):
                    resumed.repairs.append("cut a torn journal line")
                    break
                entries.append(entry)
                good_end += len(raw)
        if resumed.repairs:
            with open(journal, "r+b") as stream:
                stream.truncate(good_end)
    named = {e["part"] for e in entries if e.get("part")}
    for stray in [*folder.glob("part-*.parquet"), *folder.glob(".part-*.tmp")]:
        if stray.name not in named:  # written, but the run stopped before its journal line
            stray.unlink()
            resumed.repairs.append(f"removed {stray.name}, which no journal line named")
    failed = {f[0] for e in entries for f in e.get("failed", ())}
    ok = {i for e in entries for i in e.get("done", ())}
    failed -= ok
    if retry_failed and failed:
        temporary = journal.with_name(JOURNAL + ".retry-tmp")
        with open(temporary, "w", encoding="utf-8") as target:
            for entry in entries:
                entry["failed"] = [f for f in entry.get("failed", ()) if f[0] not in failed]
                target.write(json.dumps(entry, ensure_ascii=False) + "\n")
            target.flush()
            os.fsync(target.fileno())
        os.replace(temporary, journal)
        resumed.retrying = len(failed)
        resumed.done = ok
    else:
        resumed.done = ok | failed
    numbers = [int(name[5:10]) for name in named if name[5:10].isdigit()]
    return resumed, max(numbers, default=-1) + 1
