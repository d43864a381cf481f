"""Circuit breakers for online knowledge sources, one per source (``provider.name``).

When a source keeps failing (``breaker_failures`` lookups in a row raised
:class:`~contextlib_news.errors.ProviderError`: budget used up, timeouts, HTTP errors, malformed
answers), it is not asked at all for a cool-down, so an outage costs each reader nothing instead
of the whole lookup budget; the annotation returns at once with the offline notes and says why
in ``meta.degraded_reason``. After the cool-down one request probes the source (half-open):
success closes the breaker, failure opens it again for twice as long (``breaker_cooldown`` up to
``breaker_max_cooldown``). The probing reader waits ``breaker_probe_wait`` at most: a source that
is back answers within it and that reader gets the notes; one still down is left to the
background, so even the probe costs no reader the whole lookup budget.

The state machine is pybreaker's. Its state is kept where every process that may ask the source
can see it, so an outage is learnt once and probed once: in Redis when ``redis_url`` is set (a
cluster), otherwise in a small SQLite file in ``cache_dir`` (the workers of one host: gunicorn's,
a batch's), and in memory only when that file cannot be opened. pybreaker holds its lock for the
whole guarded call (danielfm/pybreaker#3), which would queue every thread's lookup behind one another;
so the lookup runs outside it — :meth:`SourceBreaker.admit` decides before the call and
:meth:`SourceBreaker.record` replays the outcome through the breaker afterwards. What pybreaker
lacks is added here: the growing cool-down (a count of trips in the store), exactly one probe at a
time across processes (a claim with an expiry, so a probe that died does not block the source),
and a recovery generation that result caches use to drop degraded answers once a source is back.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, TypeVar

import pybreaker

from ..settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Prefix of the Redis keys of the breakers (pybreaker adds ``:pybreaker:<key>``).
REDIS_NAMESPACE = "contextlib-news:breaker"
#: The file in ``cache_dir`` that the processes of one host share the breakers through.
SQLITE_FILE = "breakers.sqlite"


@dataclass(frozen=True)
class BreakerStatus:
    """What the health route reports for one source."""

    source: str
    #: ``closed`` (asked as usual), ``open`` (not asked until ``retry_at``) or ``half-open``
    #: (one request is checking whether the source is back).
    state: str
    #: Consecutive failed lookups.
    failures: int
    #: When the next probe may go out (None while closed).
    retry_at: datetime | None
    #: The cool-down in force, in seconds: the next one after a failed probe is twice as long.
    cooldown: float

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "failures": self.failures, "retry_at": _iso(self.retry_at),
                "cooldown_s": round(self.cooldown, 3)}


class _MemoryStorage(pybreaker.CircuitMemoryStorage):
    """pybreaker's in-process store, plus trips, the probe claim and the recovery generation."""

    def __init__(self) -> None:
        super().__init__(pybreaker.STATE_CLOSED)
        self._lock = threading.Lock()
        self._trips = 0
        self._probe_until = 0.0
        self._generation = 0

    @property
    def trips(self) -> int:
        return self._trips

    def increment_trips(self) -> None:
        with self._lock:
            self._trips += 1

    def reset_trips(self) -> None:
        self._trips = 0

    def claim_probe(self, ttl: float) -> bool:
        with self._lock:
            now = time.monotonic()
            if now < self._probe_until:
                return False
            self._probe_until = now + ttl
            return True

    def release_probe(self) -> None:
        self._probe_until = 0.0

    @property
    def generation(self) -> int:
        return self._generation

    def bump_generation(self) -> None:
        with self._lock:
            self._generation += 1


class _RedisStorage(pybreaker.CircuitRedisStorage):
    """pybreaker's Redis store, plus the same three things, shared by every process.

    A Redis that cannot be reached never stops an annotation: pybreaker then reads the state as
    closed, and so do the additions here.
    """

    def _initialize_redis_state(self, state: str) -> None:
        try:
            super()._initialize_redis_state(state)
        except pybreaker.RedisError as exc:
            log.warning("circuit breaker store (redis) unreachable, assuming closed: %s", exc)

    def _get_int(self, key: str) -> int:
        try:
            return int(self._redis.get(self._namespace(key)) or 0)
        except pybreaker.RedisError:
            return 0

    def _do(self, method: str, key: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self._redis, method)(self._namespace(key), *args, **kwargs)
        except pybreaker.RedisError as exc:
            log.warning("circuit breaker store (redis): %s failed: %s", method, exc)
            return None

    # pybreaker keeps whole seconds here, which cuts up to a second off every cool-down (all of a
    # short one): the time is kept to the microsecond instead.
    @property
    def opened_at(self) -> datetime | None:
        try:
            value = self._redis.get(self._namespace("opened_at"))
            return datetime.fromtimestamp(float(value), timezone.utc) if value else None
        except (pybreaker.RedisError, ValueError):
            return None

    @opened_at.setter
    def opened_at(self, now: datetime) -> None:
        self._do("set", "opened_at", repr(now.timestamp()))

    @property
    def trips(self) -> int:
        return self._get_int("trips")

    def increment_trips(self) -> None:
        self._do("incr", "trips")

    def reset_trips(self) -> None:
        self._do("set", "trips", 0)

    def claim_probe(self, ttl: float) -> bool:
        # SET NX: of all the processes that see the cool-down over, one gets to probe.
        try:
            return bool(self._redis.set(self._namespace("probe"), 1, nx=True, px=max(1, int(ttl * 1000))))
        except pybreaker.RedisError:
            return True  # the state reads as closed then anyway

    def release_probe(self) -> None:
        self._do("delete", "probe")

    @property
    def generation(self) -> int:
        return self._get_int("generation")

    def bump_generation(self) -> None:
        self._do("incr", "generation")


class _SQLiteStorage(pybreaker.CircuitBreakerStorage):
    """The breaker of one source in a SQLite file that every process of a host opens.

    Each change is one statement, so it is atomic without a transaction of ours; the probe claim
    is a conditional update that only one process can win. As with Redis, a file that cannot be
    read or written never stops an annotation: the state then reads as closed.
    """

    _COLUMNS = ("state", "failures", "successes", "opened_at", "trips", "probe_until", "generation")

    def __init__(self, path: Path, source: str) -> None:
        super().__init__("sqlite")
        self._path = path
        self._source = source
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._execute("INSERT OR IGNORE INTO breakers (source) VALUES (?)", (source,))

    def _connect(self) -> sqlite3.Connection:
        # A connection must not cross a fork (gunicorn forks its workers from one process).
        if self._connection is None or self._pid != os.getpid():
            connection = sqlite3.connect(self._path, timeout=1.0, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS breakers (source TEXT PRIMARY KEY, state TEXT NOT NULL DEFAULT 'closed', "
                "failures INTEGER NOT NULL DEFAULT 0, successes INTEGER NOT NULL DEFAULT 0, opened_at REAL, "
                "trips INTEGER NOT NULL DEFAULT 0, probe_until REAL NOT NULL DEFAULT 0, "
                "generation INTEGER NOT NULL DEFAULT 0)")
            self._connection, self._pid = connection, os.getpid()
        return self._connection

    def _run(self, sql: str, parameters: tuple[Any, ...], fetch: bool) -> Any:
        """One statement under the lock: its first row (``fetch``) or the count of rows it
        changed; None when the file could not be used."""
        with self._lock:
            try:
                cursor = self._connect().execute(sql, parameters)
                return cursor.fetchone() if fetch else cursor.rowcount
            except sqlite3.Error as exc:
                log.warning("circuit breaker store (%s): %s", self._path, exc)
                self._connection = None
                return None

    def _execute(self, sql: str, parameters: tuple[Any, ...] = ()) -> int | None:
        return self._run(sql, parameters, fetch=False)

    def _get(self, column: str) -> Any:
        assert column in self._COLUMNS  # names, never values, are put into the statement
        row = self._run(f"SELECT {column} FROM breakers WHERE source = ?", (self._source,), fetch=True)
        return row[0] if row else None

    def _set(self, assignment: str, *parameters: Any) -> None:
        self._execute(f"UPDATE breakers SET {assignment} WHERE source = ?", (*parameters, self._source))

    @property
    def state(self) -> str:
        return self._get("state") or pybreaker.STATE_CLOSED

    @state.setter
    def state(self, state: str) -> None:
        self._set("state = ?", state)

    def increment_counter(self) -> None:
        self._set("failures = failures + 1")

    def reset_counter(self) -> None:
        # Every successful lookup resets the count: written only when there is something to reset.
        self._execute("UPDATE breakers SET failures = 0 WHERE source = ? AND failures != 0", (self._source,))

    def increment_success_counter(self) -> None:
        self._set("successes = successes + 1")

    def reset_success_counter(self) -> None:
        self._set("successes = 0")

    @property
    def counter(self) -> int:
        return int(self._get("failures") or 0)

    @property
    def success_counter(self) -> int:
        return int(self._get("successes") or 0)

    @property
    def opened_at(self) -> datetime | None:
        value = self._get("opened_at")
        return datetime.fromtimestamp(value, timezone.utc) if value else None

    @opened_at.setter
    def opened_at(self, now: datetime) -> None:
        self._set("opened_at = ?", now.timestamp())

    @property
    def trips(self) -> int:
        return int(self._get("trips") or 0)

    def increment_trips(self) -> None:
        self._set("trips = trips + 1")

    def reset_trips(self) -> None:
        self._set("trips = 0")

    def claim_probe(self, ttl: float) -> bool:
        # Of all the processes that see the cool-down over, the one whose update lands probes.
        now = time.time()
        changed = self._execute("UPDATE breakers SET probe_until = ? WHERE source = ? AND probe_until <= ?",
                                (now + ttl, self._source, now))
        return changed is None or changed == 1

    def release_probe(self) -> None:
        self._set("probe_until = 0")

    @property
    def generation(self) -> int:
        return int(self._get("generation") or 0)

    def bump_generation(self) -> None:
        self._set("generation = generation + 1")

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


class _GrowingBreaker(pybreaker.CircuitBreaker):
    """A pybreaker breaker whose cool-down doubles with each trip in a row (kept in the store)."""

    def __init__(self, *, cooldown: float, max_cooldown: float, **kwargs: Any) -> None:
        super().__init__(reset_timeout=cooldown, **kwargs)
        self._max_cooldown = max(cooldown, max_cooldown)

    @property
    def reset_timeout(self) -> float:
        trips = self._state_storage.trips
        return min(self._reset_timeout * 2 ** max(trips - 1, 0), self._max_cooldown)

    @reset_timeout.setter
    def reset_timeout(self, timeout: float) -> None:
        self._reset_timeout = timeout

    def open(self) -> bool:
        with self._lock:
            self._state_storage.increment_trips()
            self._state_storage.release_probe()
            return super().open()

    def close(self) -> None:
        with self._lock:
            was = self._state_storage.state
            super().close()
            if was != pybreaker.STATE_CLOSED:
                self._state_storage.reset_trips()
                self._state_storage.release_probe()
                # Degraded answers made while the source was down are now stale.
                self._state_storage.bump_generation()
                log.info("knowledge source %s is back: circuit closed", self.name)


class SourceBreaker:
    """The breaker of one online source."""

    def __init__(self, source: str, settings: Settings, redis: Any = None) -> None:
        self.source = source
        storage: Any
        if redis is not None:
            storage = _RedisStorage(pybreaker.STATE_CLOSED, redis, namespace=f"{REDIS_NAMESPACE}:{source}")
        else:
            storage = _host_storage(Path(settings.cache_dir), source)
        self._storage = storage
        self._breaker = _GrowingBreaker(cooldown=settings.breaker_cooldown, max_cooldown=settings.breaker_max_cooldown,
                                        fail_max=settings.breaker_failures, state_storage=storage, name=source)
        # A probe is bounded by the lookup budget; past that (a worker killed mid-probe) another may go.
        self._probe_ttl = settings.lookup_budget + 2.0

    def admit(self) -> str:
        """Whether to ask the source now: ``"call"`` while closed, ``"skip"`` while open, and
        after the cool-down ``"probe"`` for exactly one caller until its outcome is recorded."""
        state = self._storage.state
        if state == pybreaker.STATE_CLOSED:
            return "call"
        if state == pybreaker.STATE_OPEN and time.time() < self._retry_at():
            return "skip"
        if not self._storage.claim_probe(self._probe_ttl):
            return "skip"
        with self._breaker._lock:
            if self._storage.state != pybreaker.STATE_CLOSED:
                self._breaker.half_open()
        log.info("knowledge source %s: cool-down over, probing", self.source)
        return "probe"

    def record(self, error: BaseException | None) -> None:
        """Count a lookup's outcome: ``error`` is the ProviderError it raised, or None on success."""

        def replay() -> None:
            if error is not None:
                raise error

        before = self._storage.state
        try:
            self._breaker.call(replay)
        except pybreaker.CircuitBreakerError:
            # This outcome opened the breaker, or it was already open (another request tripped
            # it while this lookup ran): either way the source is now left alone.
            if before != pybreaker.STATE_OPEN:
                log.warning("knowledge source %s unavailable: circuit open for %.0fs after %d failures (%s)",
                            self.source, self._breaker.reset_timeout, self._breaker.fail_counter, error)
        except Exception as exc:
            if exc is not error:
                raise

    def abandon(self) -> None:
        """A lookup ended in neither success nor a source failure (a bug of ours): a probe it
        held goes back, so the next request may probe instead."""
        if self._storage.state == pybreaker.STATE_HALF_OPEN:
            self._storage.release_probe()

    def status(self) -> BreakerStatus:
        state = self._storage.state
        retry_at = None
        if state != pybreaker.STATE_CLOSED:
            retry_at = datetime.fromtimestamp(self._retry_at(), timezone.utc)
        return BreakerStatus(self.source, state, self._breaker.fail_counter, retry_at, self._breaker.reset_timeout)

    def skip_reason(self, probing: bool = False) -> str:
        """What ``meta.degraded_reason`` says when the source was not asked (or, ``probing``, when
        this request's probe is still waiting for it)."""
        status = self.status()
        if probing:
            return (f"{self.source} unavailable (circuit half-open after {status.failures} failures: "
                    "checking in the background whether it is back)")
        if status.state == pybreaker.STATE_HALF_OPEN:
            return (f"{self.source} unavailable (circuit half-open after {status.failures} failures: "
                    "another request is checking whether it is back)")
        return (f"{self.source} unavailable (circuit open after {status.failures} failures), "
                f"retrying at {_iso(status.retry_at)}")

    @property
    def generation(self) -> int:
        return self._storage.generation

    def close(self) -> None:
        if isinstance(self._storage, _SQLiteStorage):
            self._storage.close()

    def _retry_at(self) -> float:
        opened = self._storage.opened_at
        if opened is None:
            return 0.0
        return (opened + timedelta(seconds=self._breaker.reset_timeout)).timestamp()


class Breakers:
    """The breakers of an :class:`~contextlib_news.pipeline.Annotator`'s online sources, made on
    first use: in Redis when ``redis_url`` is set, otherwise shared by the processes of this host
    that use the same ``cache_dir``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.enabled = settings.breaker_failures > 0
        #: Seconds the probing request waits for its probe before answering without the source.
        self.probe_wait = min(settings.breaker_probe_wait, settings.lookup_budget)
        self._lock = threading.Lock()
        self._breakers: dict[str, SourceBreaker] = {}
        self._redis: Any = None
        self._pool: ThreadPoolExecutor | None = None

    def get(self, source: str) -> SourceBreaker | None:
        """The breaker of ``source``, or None when breakers are turned off."""
        if not self.enabled:
            return None
        with self._lock:
            breaker = self._breakers.get(source)
            if breaker is None:
                breaker = self._breakers[source] = SourceBreaker(source, self.settings, self._redis_client())
            return breaker

    def statuses(self) -> dict[str, BreakerStatus]:
        with self._lock:
            breakers = list(self._breakers.values())
        return {b.source: b.status() for b in breakers}

    def generation(self, sources: list[str]) -> str:
        """A token that changes whenever one of ``sources`` comes back after an outage."""
        if not self.enabled:
            return ""
        return ",".join(f"{s}:{breaker.generation}" for s in sorted(sources) if (breaker := self.get(s)) is not None)

    def probe(self, lookup: Callable[[], T]) -> Future[T]:
        """Run a probe's lookup in the background: its reader waits :attr:`probe_wait` at most,
        and the outcome is recorded whenever it comes."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="breaker-probe")
            return self._pool.submit(lookup)

    def close(self) -> None:
        with self._lock:
            for breaker in self._breakers.values():
                breaker.close()
        if self._pool is not None:
            self._pool.shutdown(wait=False)
        if self._redis is not None:
            self._redis.close()

    def _redis_client(self) -> Any:
        if not self.settings.redis_url:
            return None
        if self._redis is None:
            import redis

            # Short timeouts: a slow Redis must cost an annotation less than the outage it guards against.
            self._redis = redis.Redis.from_url(self.settings.redis_url, socket_timeout=1, socket_connect_timeout=1)
        return self._redis


def _host_storage(cache_dir: Path, source: str) -> Any:
    """The SQLite store in ``cache_dir``, or memory (per process) when that cannot be made."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        storage = _SQLiteStorage(cache_dir / SQLITE_FILE, source)
    except OSError as exc:
        log.warning("circuit breaker of %s kept per process: %s", source, exc)
        return _MemoryStorage()
    if storage._connection is None:
        log.warning("circuit breaker of %s kept per process: %s is not usable", source, cache_dir / SQLITE_FILE)
        return _MemoryStorage()
    return storage


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None
