"""Readers' reports of wrong notes, and the links a self-hoster has suppressed.

Both live in the result store (the SQLite file of the server's result cache, or Redis when
one is configured), which is the one source of truth: the server writes reports there, the
``contextlib-news feedback`` command reads them and writes suppressions, and every annotation
— in the server or the library — reads the suppressions before it links entities. A counter
(``generation``) changes with every suppression, and the server puts it in its result-cache
keys, so no answer stored before a change is served after it.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from .errors import InvalidInputError, StoreError
from .http import quarantine_if_corrupt
from .settings import Settings

log = logging.getLogger(__name__)

#: Why a reader says a note is wrong.
REASONS = ("wrong_entity", "outdated", "wording", "other")
#: Longest comment kept (characters); longer ones are refused, not cut.
MAX_COMMENT = 2000
#: Longest quoted text (the mention the reader saw).
MAX_EXACT = 500
_ENTITY_ID = re.compile(r"^[a-z][a-z0-9_-]{0,20}:\S{1,200}$")


@dataclass(frozen=True)
class FeedbackReport:
    """One reader's report on one note."""

    entity: str
    url: str
    reason: str
    exact: str = ""
    comment: str = ""
    #: The page's host, for suppressing a link on one site only.
    site: str = ""
    #: When it was received (ISO 8601, UTC).
    time: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Suppression:
    """A link that gets no note: everywhere (``site`` None) or on one site and its subdomains."""

    entity: str
    site: str | None
    time: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_entity_id(entity: str) -> str:
    """``entity`` if it looks like one of our ids (``wikidata:Q6279``, ``glossary:gaza``)."""
    entity = entity.strip()
    if not _ENTITY_ID.match(entity):
        raise InvalidInputError(f"not an entity id: {entity[:80]!r} (expected e.g. wikidata:Q6279 or glossary:gaza)")
    return entity


def normalize_site(site: str) -> str:
    """A host name from ``bbc.com``, ``www.bbc.com`` or ``https://www.bbc.com/news``."""
    text = site.strip().lower()
    host = urlsplit(text).hostname if "://" in text else text.split("/", 1)[0].split(":", 1)[0]
    host = (host or "").removeprefix("www.").strip(".")
    if not host or not re.match(r"^[a-z0-9.-]+$", host):
        raise InvalidInputError(f"not a site: {site[:80]!r} (give a host name such as bbc.com)")
    return host


def site_of(url: str | None) -> str:
    """The host of a page URL as suppressions name it ("" when there is none)."""
    if not url:
        return ""
    try:
        return (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class FeedbackStore(Protocol):
    kind: str

    def add_report(self, report: FeedbackReport) -> FeedbackReport: ...

    def reports(self) -> list[FeedbackReport]: ...

    def suppress(self, entity: str, site: str | None = None) -> bool: ...

    def unsuppress(self, entity: str, site: str | None = None) -> bool: ...

    def suppressions(self) -> list[Suppression]: ...

    def generation(self) -> int: ...


def suppressed_ids(store: FeedbackStore, *urls: str | None) -> frozenset[str]:
    """Entity ids that get no note on the page at any of ``urls``. A store that cannot be read
    costs nothing but this check: the annotation goes on (and says so in the log)."""
    try:
        found = store.suppressions()
    except StoreError as exc:
        log.warning("suppressed links could not be read: %s", exc)
        return frozenset()
    hosts = {site_of(url) for url in urls} - {""}

    def applies(item: Suppression) -> bool:
        return item.site is None or any(host == item.site or host.endswith("." + item.site) for host in hosts)

    return frozenset(item.entity for item in found if applies(item))


class SQLiteFeedbackStore:
    """Tables beside the result cache's in its SQLite file (WAL: safe across workers)."""

    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._conn is None:
            if not create and not self.path.exists():
                return None  # nothing was ever reported or suppressed: reading creates nothing
            self.path.parent.mkdir(parents=True, exist_ok=True)
            quarantine_if_corrupt(self.path)  # as the result cache does with the same file
            conn = sqlite3.connect(self.path, timeout=5, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL, "
                         "url TEXT NOT NULL, site TEXT NOT NULL, exact TEXT NOT NULL, reason TEXT NOT NULL, "
                         "comment TEXT NOT NULL, time TEXT NOT NULL)")
            conn.execute("CREATE TABLE IF NOT EXISTS suppressions (entity TEXT NOT NULL, site TEXT NOT NULL, "
                         "time TEXT NOT NULL, PRIMARY KEY (entity, site))")
            conn.execute("CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
            self._conn = conn
        return self._conn

    def _run(self, create: bool, work):
        with self._lock:
            try:
                conn = self._connect(create)
                return work(conn)
            except sqlite3.DatabaseError as exc:
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None
                raise StoreError(f"feedback store {self.path}: {exc}") from exc

    def add_report(self, report: FeedbackReport) -> FeedbackReport:
        stored = FeedbackReport(**{**report.to_dict(), "time": report.time or now()})
        self._run(True, lambda c: c.execute(
            "INSERT INTO feedback (entity, url, site, exact, reason, comment, time) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (stored.entity, stored.url, stored.site, stored.exact, stored.reason, stored.comment, stored.time)))
        return stored

    def reports(self) -> list[FeedbackReport]:
        def read(conn):
            if conn is None:
                return []
            rows = conn.execute("SELECT entity, url, reason, exact, comment, site, time FROM feedback ORDER BY id").fetchall()
            return [FeedbackReport(*row) for row in rows]

        return self._run(False, read)

    def _change(self, sql: str, params: tuple[Any, ...]) -> bool:
        def work(conn):
            conn.execute("BEGIN IMMEDIATE")
            try:
                changed = conn.execute(sql, params).rowcount > 0
                if changed:
                    conn.execute("INSERT INTO store_meta VALUES ('generation', 1) "
                                 "ON CONFLICT(name) DO UPDATE SET value = value + 1")
                conn.execute("COMMIT")
                return changed
            except BaseException:
                conn.execute("ROLLBACK")
                raise

        return self._run(True, work)

    def suppress(self, entity: str, site: str | None = None) -> bool:
        return self._change("INSERT OR IGNORE INTO suppressions VALUES (?, ?, ?)", (entity, site or "", now()))

    def unsuppress(self, entity: str, site: str | None = None) -> bool:
        return self._change("DELETE FROM suppressions WHERE entity = ? AND site = ?", (entity, site or ""))

    def suppressions(self) -> list[Suppression]:
        def read(conn):
            if conn is None:
                return []
            rows = conn.execute("SELECT entity, site, time FROM suppressions ORDER BY time, entity").fetchall()
            return [Suppression(entity, site or None, when) for entity, site, when in rows]

        return self._run(False, read)

    def generation(self) -> int:
        def read(conn):
            if conn is None:
                return 0
            row = conn.execute("SELECT value FROM store_meta WHERE name = 'generation'").fetchone()
            return int(row[0]) if row else 0

        return self._run(False, read)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class RedisFeedbackStore:
    """The same in Redis, shared by every instance that uses it."""

    kind = "redis"
    _REPORTS = "contextlib-news:feedback"
    _SUPPRESSED = "contextlib-news:suppressed"
    _GENERATION = "contextlib-news:suppressed:generation"

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def _call(self, work):
        import redis

        try:
            return work(self._redis)
        except redis.RedisError as exc:
            raise StoreError(f"feedback store (redis): {exc}") from exc

    def add_report(self, report: FeedbackReport) -> FeedbackReport:
        stored = FeedbackReport(**{**report.to_dict(), "time": report.time or now()})
        self._call(lambda r: r.rpush(self._REPORTS, json.dumps(stored.to_dict(), ensure_ascii=False)))
        return stored

    def reports(self) -> list[FeedbackReport]:
        raw = self._call(lambda r: r.lrange(self._REPORTS, 0, -1))
        return [FeedbackReport(**json.loads(item)) for item in raw]

    def suppress(self, entity: str, site: str | None = None) -> bool:
        def work(r):
            added = r.hsetnx(self._SUPPRESSED, f"{entity}\t{site or ''}", now())
            if added:
                r.incr(self._GENERATION)
            return bool(added)

        return self._call(work)

    def unsuppress(self, entity: str, site: str | None = None) -> bool:
        def work(r):
            removed = r.hdel(self._SUPPRESSED, f"{entity}\t{site or ''}")
            if removed:
                r.incr(self._GENERATION)
            return bool(removed)

        return self._call(work)

    def suppressions(self) -> list[Suppression]:
        raw = self._call(lambda r: r.hgetall(self._SUPPRESSED))
        found = []
        for field, when in raw.items():
            entity, _, site = field.decode().partition("\t")
            found.append(Suppression(entity, site or None, when.decode()))
        return sorted(found, key=lambda s: (s.time, s.entity))

    def generation(self) -> int:
        return int(self._call(lambda r: r.get(self._GENERATION)) or 0)


def open_feedback_store(settings: Settings) -> FeedbackStore:
    """The store beside the server's result cache: Redis when the result cache or ``redis_url``
    says so, else the result cache's SQLite file (``results.sqlite`` in the cache folder even
    when result caching is off: reports are never thrown away)."""
    choice = settings.result_cache.strip()
    if choice.startswith(("redis://", "rediss://", "unix://")):
        return RedisFeedbackStore(choice)
    if (not choice or choice.lower() in ("none", "off")) and settings.redis_url:
        return RedisFeedbackStore(settings.redis_url)
    if choice and choice.lower() not in ("none", "off"):
        return SQLiteFeedbackStore(Path(choice))
    return SQLiteFeedbackStore(Path(settings.cache_dir) / "results.sqlite")
