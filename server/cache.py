"""The result cache: a finished annotation, stored under a key that names what produced it.

SQLite in the cache folder by default (safe across gunicorn workers and threads), Redis when
configured (shared by many workers and hosts). A damaged SQLite file is moved aside and a new
one started, so the server keeps answering; nothing already stored elsewhere is touched.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import sqlite3
import threading
import time
import zlib
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from contextlib_news.http import quarantine_if_corrupt
from contextlib_news.settings import Settings

log = logging.getLogger(__name__)


class ResultCache(Protocol):
    kind: str

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, value: bytes, ttl: int) -> None: ...

    def writable(self) -> bool: ...


def normalize_url(url: str) -> str:
    """The form under which two requests for one page share a cache entry."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    return urlunsplit((parts.scheme.lower(), host + port, parts.path or "/", parts.query, ""))


def result_key(*, mode: str, url: str | None, html: str | None, published: str | None, offline: bool,
               library_version: str, glossary_version: str, lang: str = "en", suppressions: int = 0) -> str:
    """Key of one result. URL mode and page-content mode live in separate namespaces, so a page a
    client sent is never served to a URL-mode request; versions make old results unreachable, and
    so does every change to the suppressed links (``suppressions`` counts them)."""
    material: dict[str, Any] = {
        "mode": mode, "library": library_version, "glossary": glossary_version,
        "published": published or "", "offline": offline, "url": normalize_url(url) if url else "",
    }
    # Added only when they differ from the defaults, so English results stored before keep their keys.
    if lang != "en":
        material["lang"] = lang
    if suppressions:
        material["suppressions"] = suppressions
    if mode == "page":
        material["content"] = hashlib.sha256((html or "").encode("utf-8", "surrogatepass")).hexdigest()
    digest = hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()
    return f"{mode}:{digest}"


def pack(data: dict[str, Any]) -> bytes:
    return gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), compresslevel=5)


def unpack_json(blob: bytes) -> bytes | None:
    """The stored annotation as compact JSON text (one object), or None when the stored bytes
    are damaged: that is a cache miss, not an error."""
    try:
        text = gzip.decompress(blob)
    except (OSError, EOFError, zlib.error):
        return None
    return text if text.startswith(b"{") and text.endswith(b"}") else None


class SQLiteResultCache:
    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            quarantine_if_corrupt(self.path)
            # A store locked by someone else costs a cache miss, never a stalled answer.
            conn = sqlite3.connect(self.path, timeout=1.5, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL, expires REAL NOT NULL)")
            self._conn = conn
        return self._conn

    def _recover(self, exc: sqlite3.DatabaseError) -> None:
        """A damaged file: move it aside and start afresh (a lock is waited out, not treated as damage)."""
        log.warning("result cache %s failed (%s); checking the file", self.path, exc)
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None
        if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
            quarantine_if_corrupt(self.path)

    def get(self, key: str) -> bytes | None:
        with self._lock:
            try:
                row = self._connect().execute("SELECT value, expires FROM results WHERE key = ?", (key,)).fetchone()
            except sqlite3.DatabaseError as exc:
                self._recover(exc)
                return None
        if row is None or row[1] < time.time():
            return None
        return bytes(row[0])

    def put(self, key: str, value: bytes, ttl: int) -> None:
        with self._lock:
            try:
                self._connect().execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", (key, value, time.time() + ttl))
            except sqlite3.DatabaseError as exc:
                self._recover(exc)

    def writable(self) -> bool:
        with self._lock:
            try:
                conn = self._connect()
                conn.execute("INSERT OR REPLACE INTO results VALUES ('health', x'00', 0)")
                conn.execute("DELETE FROM results WHERE expires < ?", (time.time() - 3600,))
                return True
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc).lower():
                    return True  # another worker is writing: the store is busy, not broken
                self._recover(exc)
                return False
            except sqlite3.DatabaseError as exc:
                self._recover(exc)
                return False


class RedisResultCache:
    kind = "redis"

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def get(self, key: str) -> bytes | None:
        import redis

        try:
            return self._redis.get("contextlib-news:result:" + key)
        except redis.RedisError as exc:
            log.warning("result cache (redis) read failed: %s", exc)
            return None

    def put(self, key: str, value: bytes, ttl: int) -> None:
        import redis

        try:
            self._redis.set("contextlib-news:result:" + key, value, ex=ttl)
        except redis.RedisError as exc:
            log.warning("result cache (redis) write failed: %s", exc)

    def writable(self) -> bool:
        import redis

        try:
            return bool(self._redis.set("contextlib-news:health", b"1", ex=60))
        except redis.RedisError:
            return False


class NoResultCache:
    kind = "off"

    def get(self, key: str) -> bytes | None:
        return None

    def put(self, key: str, value: bytes, ttl: int) -> None:
        return None

    def writable(self) -> bool:
        return True


def open_result_cache(settings: Settings) -> ResultCache:
    choice = settings.result_cache.strip()
    if choice.lower() in ("none", "off"):
        return NoResultCache()
    if choice.startswith(("redis://", "rediss://", "unix://")):
        return RedisResultCache(choice)
    if not choice and settings.redis_url:
        return RedisResultCache(settings.redis_url)
    return SQLiteResultCache(Path(choice) if choice else Path(settings.cache_dir) / "results.sqlite")
