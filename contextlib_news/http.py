"""HTTP sessions shared by the fetcher and the online knowledge providers.

Every outgoing request goes through a requests-cache session built here, so caching,
the User-Agent and the choice of store (SQLite file or Redis) are decided in one place.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Callable

import requests
import requests_cache

from .settings import Settings

log = logging.getLogger(__name__)

_open_lock = threading.Lock()
_OPEN_ATTEMPTS = 5


def cache_backend(settings: Settings, name: str) -> requests_cache.BaseCache:
    """The store for cache ``name``: Redis when ``redis_url`` is set, else a SQLite file.

    A SQLite file that is corrupt is moved aside (``*.corrupt-<time>``) and recreated, so a
    damaged cache costs a cold start, never an outage.
    """
    if settings.redis_url:
        from requests_cache.backends.redis import RedisCache

        return RedisCache(namespace=f"contextlib-news:{name}", connection=_redis(settings.redis_url))
    path = settings.http_cache_file if name == "pages" else Path(settings.cache_dir) / f"{name}.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Threads of one process open the file one at a time (switching it to WAL needs it alone);
    # another process doing the same is waited for, a few times, then the error stands.
    with _open_lock:
        quarantine_if_corrupt(path)
        for attempt in range(_OPEN_ATTEMPTS):
            try:
                return requests_cache.SQLiteCache(str(path), wal=True, busy_timeout=30_000)
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc).lower() or attempt == _OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def cached_session(
    settings: Settings,
    name: str,
    *,
    expire_after: int | None = None,
    filter_fn: Callable[[Any], bool] | None = None,
    allowable_codes: tuple[int, ...] = (200,),
    cache_control: bool = True,
) -> requests_cache.CachedSession:
    """A requests-cache session with our User-Agent.

    ``cache_control`` honours the server's Cache-Control headers; APIs that answer
    ``max-age=0`` to everyone (Wikimedia's) are cached for ``expire_after`` instead.
    """
    session = requests_cache.CachedSession(
        backend=cache_backend(settings, name),
        expire_after=settings.http_cache_expire if expire_after is None else expire_after,
        cache_control=cache_control,
        allowable_codes=allowable_codes,
        allowable_methods=("GET", "HEAD"),
        stale_if_error=False,
        filter_fn=filter_fn or (lambda response: True),
    )
    session.headers["User-Agent"] = settings.user_agent
    # Proxies from the environment would hide the real peer from the address guard.
    session.trust_env = False
    return session


def _redis(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url)


def quarantine_if_corrupt(path: Path) -> None:
    """Move a damaged SQLite cache file (and its WAL files) aside so a new one is made; a file
    that is merely locked by another process is left alone."""
    if not path.exists():
        return
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            ok = conn.execute("PRAGMA quick_check").fetchone()
        if ok and ok[0] == "ok":
            return
        reason = str(ok[0]) if ok else "no answer"
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc).lower():
            return  # another worker holds it; SQLite's own busy timeout copes
        reason = str(exc)
    aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
    log.warning("cache file %s is damaged (%s); moved to %s and starting a new one", path, reason, aside)
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))


def close_quietly(session: requests.Session | None) -> None:
    if session is not None:
        try:
            session.close()
        except Exception:  # closing must never mask the real outcome
            log.debug("closing session failed", exc_info=True)
