"""Fetching many pages politely, for batches: threads, a per-host limit and delay, robots.txt.

Every page still goes through :class:`~contextlib_news.fetch.Fetcher` (address guard, size cap,
HTTP cache). On top of it, for each host: at most ``host_concurrency`` requests at a time,
``host_delay`` seconds between the starts of two requests (longer if its robots.txt asks with
``Crawl-delay``, up to a minute), and nothing its robots.txt disallows for our User-Agent
(parsed with protego). As RFC 9309 says, a missing robots.txt (4xx) allows everything and one
that cannot be read (5xx, 429, no answer) allows nothing — for a minute, then it is asked again.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator
from urllib.parse import urlsplit

import requests

from .errors import FetchError, RobotsDisallowedError, RobotsUnavailableError
from .fetch import Fetcher, FetchedPage, GuardedAdapter, check_host, check_url
from .settings import Settings

log = logging.getLogger(__name__)

#: Longest Crawl-delay we honour (seconds); a longer one would stall a batch for hours.
MAX_CRAWL_DELAY = 60.0
#: robots.txt files are read up to this size (RFC 9309 asks for at least 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024
#: How long a robots.txt that could not be read keeps its site closed before we ask again.
UNAVAILABLE_SECONDS = 60.0


@dataclass
class _Host:
    slots: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0


@dataclass
class _Site:
    lock: threading.Lock = field(default_factory=threading.Lock)
    rules: Any = None
    #: Why robots.txt could not be read, and until when that holds.
    unavailable: str | None = None
    retry_at: float = 0.0


class PoliteFetcher:
    """Fetch pages in ``threads`` threads with per-host limits and robots.txt (see the module docstring).

    ``host_concurrency`` and ``host_delay`` default to the settings of the same names.
    """

    def __init__(self, settings: Settings, *, threads: int = 8, host_concurrency: int | None = None,
                 host_delay: float | None = None, fetcher: Fetcher | None = None) -> None:
        self.settings = settings
        self.fetcher = fetcher or Fetcher(settings)
        self.host_concurrency = max(1, host_concurrency if host_concurrency is not None else settings.host_concurrency)
        self.host_delay = max(0.0, host_delay if host_delay is not None else settings.host_delay)
        self._pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="fetch")
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._sites: dict[str, _Site] = {}
        self._stopping = threading.Event()

    def submit(self, url: str) -> "Future[FetchedPage]":
        """Fetch ``url`` in a thread; the future raises a FetchError subclass on failure."""
        return self._pool.submit(self.fetch, url)

    def fetch(self, url: str) -> FetchedPage:
        """Fetch ``url`` now (in the calling thread), within the host's limits."""
        url = check_url(url)
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        rules = self._rules(f"{parts.scheme.lower()}://{parts.netloc.lower()}", host)
        agent = self.settings.user_agent
        if not rules.can_fetch(url, agent):
            raise RobotsDisallowedError(f"robots.txt of {parts.netloc} does not allow fetching {url}")
        delay = max(self.host_delay, min(float(rules.crawl_delay(agent) or 0.0), MAX_CRAWL_DELAY))
        with self._slot(host, delay):
            return self.fetcher.fetch(url)

    def close(self) -> None:
        """Stop: queued fetches are cancelled and waits end at once."""
        self._stopping.set()
        self._pool.shutdown(wait=False, cancel_futures=True)

    @contextmanager
    def _slot(self, host: str, delay: float) -> Iterator[None]:
        with self._lock:
            state = self._hosts.setdefault(host, _Host(threading.Semaphore(self.host_concurrency)))
        state.slots.acquire()
        try:
            with state.lock:  # one start at a time per host, each ``delay`` after the one before
                wait = state.next_start - time.monotonic()
                if wait > 0 and self._stopping.wait(wait):
                    raise FetchError("the batch was stopped")
                state.next_start = time.monotonic() + delay
            yield
        finally:
            state.slots.release()

    def _rules(self, origin: str, host: str) -> Any:
        with self._lock:
            site = self._sites.setdefault(origin, _Site())
        with site.lock:  # one thread reads a site's robots.txt; the others wait for it
            if site.unavailable is not None and time.monotonic() >= site.retry_at:
                site.unavailable = None
            if site.rules is None and site.unavailable is None:
                with self._slot(host, self.host_delay):
                    try:
                        site.rules = self._read_robots(origin)
                    except RobotsUnavailableError as exc:
                        site.unavailable, site.retry_at = str(exc), time.monotonic() + UNAVAILABLE_SECONDS
            if site.unavailable is not None:
                raise RobotsUnavailableError(site.unavailable)
            return site.rules

    def _read_robots(self, origin: str) -> Any:
        from protego import Protego

        url = origin + "/robots.txt"
        parts = urlsplit(url)
        check_host(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80), self.settings)
        try:
            with self._robots_session() as session, session.get(
                    url, timeout=(self.settings.connect_timeout, self.settings.read_timeout), stream=True) as response:
                body = response.raw.read(MAX_ROBOTS_BYTES, decode_content=True) if response.status_code == 200 else b""
        except FetchError:
            raise
        except (requests.RequestException, OSError) as exc:
            raise RobotsUnavailableError(f"cannot read {url} ({type(exc).__name__}), so nothing is fetched from {parts.netloc}") from exc
        if response.status_code == 200:
            return Protego.parse(body.decode("utf-8", errors="replace"))
        if 400 <= response.status_code < 500 and response.status_code != 429:
            return Protego.parse("")  # no robots.txt: everything is allowed
        raise RobotsUnavailableError(f"{url} answered HTTP {response.status_code}, so nothing is fetched from {parts.netloc}")

    def _robots_session(self) -> requests.Session:
        # Read once per site and run, so not cached; proxies would hide the peer from the guard.
        session = requests.Session()
        session.trust_env = False
        session.headers["User-Agent"] = self.settings.user_agent
        session.max_redirects = self.settings.max_redirects
        adapter = GuardedAdapter(self.settings, max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session
