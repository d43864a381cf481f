"""URL -> HTML: a polite, bounded, cached fetch that refuses internal addresses.

Pages are fetched through a requests-cache session. Because the server fetches URLs that
clients send, every hop is checked twice against server-side request forgery: the host's
resolved addresses before the request, and the address the socket actually connected to
(so a DNS answer that changes between the two cannot slip through).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    NotFoundError,
    NotHTMLError,
    TooLargeError,
    UnknownHostError,
)
from .http import cached_session
from .settings import Settings

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class FetchedPage:
    """A fetched HTML document."""

    url: str
    html: str
    status: int
    from_cache: bool
    elapsed_ms: float


def check_url(url: str) -> str:
    """Return ``url`` if it is an http(s) URL with a host; raise InvalidURLError otherwise."""
    if not isinstance(url, str) or not url.strip():
        raise InvalidURLError("a URL is required")
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a non-numeric or out-of-range port
    except ValueError as exc:
        raise InvalidURLError(f"not a valid URL: {url!r} ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidURLError(f"only http and https URLs can be fetched, not {parts.scheme or 'a bare path'!r}")
    if not parts.hostname:
        raise InvalidURLError(f"the URL has no host: {url!r}")
    if port == 0:
        raise InvalidURLError(f"port 0 is not a valid port: {url!r}")
    return url


def is_public_address(address: str) -> bool:
    """True only for globally routable unicast addresses (IPv4-mapped IPv6 unwrapped)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip.teredo is not None:
            return False
    return ip.is_global and not ip.is_multicast


def check_host(host: str, port: int, settings: Settings) -> list[str]:
    """Resolve ``host`` and refuse it unless every address is public or the host is allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnknownHostError(f"cannot resolve host {host!r}: {exc}") from exc
    addresses = sorted({info[4][0] for info in infos})
    for address in addresses:
        if not is_public_address(address) and not settings.private_host_allowed(host, address):
            raise BlockedAddressError(
                f"refusing to fetch {host!r}: it resolves to {address}, a private, loopback, link-local "
                "or reserved address (set CONTEXTLIB_NEWS_ALLOW_PRIVATE_HOSTS to allow it)"
            )
    return addresses


class _PeerCheck:
    """Checks the address a new socket connected to; shared by both connection classes."""

    settings: Settings

    def _check_peer(self, sock: socket.socket, host: str) -> None:
        address = sock.getpeername()[0]
        if not is_public_address(address) and not self.settings.private_host_allowed(host, address):
            sock.close()
            raise BlockedAddressError(f"refusing to fetch {host!r}: connected to non-public address {address}")


def _guarded_connection(base: type, settings: Settings) -> type:
    class Guarded(base, _PeerCheck):  # type: ignore[misc, valid-type]
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            self._check_peer(sock, self.host)
            return sock

    Guarded.settings = settings
    return Guarded


class GuardedAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections refuse non-public peers (unless allowed)."""

    def __init__(self, settings: Settings, **kwargs: object) -> None:
        self._settings = settings
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)
        http_conn = _guarded_connection(HTTPConnection, self._settings)
        https_conn = _guarded_connection(HTTPSConnection, self._settings)

        class HTTPPool(HTTPConnectionPool):
            ConnectionCls = http_conn

        class HTTPSPool(HTTPSConnectionPool):
            ConnectionCls = https_conn

        self.poolmanager.pool_classes_by_scheme = {"http": HTTPPool, "https": HTTPSPool}


class Fetcher:
    """Fetches HTML pages; one instance is shared by all threads of a process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._local = threading.local()

    def _session(self) -> requests.Session:
        # requests sessions are not documented as thread-safe: one per thread, one cache.
        session = getattr(self._local, "session", None)
        if session is None:
            cap = self.settings.max_response_bytes

            def cacheable(response: requests.Response) -> bool:
                # requests-cache reads the whole body when it stores a response; only let it
                # store responses whose declared size is within the cap, so the cap always holds.
                length = response.headers.get("Content-Length", "")
                return length.isdigit() and int(length) <= cap and _is_html(response)

            session = cached_session(self.settings, "pages", filter_fn=cacheable)
            adapter = GuardedAdapter(self.settings, max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            session.headers["Accept"] = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
            self._local.session = session
        return session

    def fetch(self, url: str) -> FetchedPage:
        """Fetch ``url`` following at most ``max_redirects`` redirects, each hop checked."""
        url = check_url(url)
        started = time.monotonic()
        session = self._session()
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        for _hop in range(self.settings.max_redirects + 1):
            parts = urlsplit(url)
            check_host(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80), self.settings)
            try:
                response = session.get(url, timeout=timeout, allow_redirects=False, stream=True)
            except BlockedAddressError:
                raise
            except requests.Timeout as exc:
                raise FetchTimeoutError(f"timed out fetching {url} (connect {timeout[0]} s, read {timeout[1]} s)") from exc
            except requests.exceptions.InvalidURL as exc:
                raise InvalidURLError(f"not a valid URL: {url!r}") from exc
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                raise FetchError(f"could not fetch {url}: {_reason(exc)}") from exc
            if response.status_code in _REDIRECTS and "Location" in response.headers:
                url = check_url(urljoin(url, response.headers["Location"]))
                response.close()
                continue
            return self._read(url, response, started)
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    def _read(self, url: str, response: requests.Response, started: float) -> FetchedPage:
        try:
            if response.status_code in (404, 410):
                raise NotFoundError(f"page not found ({response.status_code}): {url}")
            if response.status_code >= 400:
                raise HTTPStatusError(f"the site answered {response.status_code} for {url}", response.status_code)
            if not _is_html(response):
                kind = response.headers.get("Content-Type", "no content type")
                raise NotHTMLError(f"not an HTML page ({kind}): {url}")
            body = _read_capped(response, self.settings.max_response_bytes, url, self.settings.read_timeout * 2)
        finally:
            response.close()
        encoding = response.encoding if "charset" in response.headers.get("Content-Type", "").lower() else None
        html = _decode(body, encoding)
        return FetchedPage(
            url=url,
            html=html,
            status=response.status_code,
            from_cache=bool(getattr(response, "from_cache", False)),
            elapsed_ms=(time.monotonic() - started) * 1000,
        )


def _is_html(response: requests.Response) -> bool:
    ctype = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return ctype in HTML_TYPES


def _read_capped(response: requests.Response, cap: int, url: str, total_seconds: float) -> bytes:
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > cap:
        raise TooLargeError(f"the page is {int(length):,} bytes, over the {cap:,}-byte limit: {url}")
    if getattr(response, "from_cache", False):
        body = response.content
        if len(body) > cap:
            raise TooLargeError(f"the page is over the {cap:,}-byte limit: {url}")
        return body
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + total_seconds
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > cap:
                raise TooLargeError(f"the page is over the {cap:,}-byte limit: {url}")
            if time.monotonic() > deadline:
                raise FetchTimeoutError(f"reading {url} took longer than {total_seconds:.0f} s")
            chunks.append(chunk)
    except requests.exceptions.ConnectionError as exc:
        if "timed out" in str(exc).lower():
            raise FetchTimeoutError(f"timed out reading {url}") from exc
        raise FetchError(f"the connection broke while reading {url}: {_reason(exc)}") from exc
    except requests.exceptions.ChunkedEncodingError as exc:
        raise FetchError(f"the page arrived incomplete: {url}") from exc
    return b"".join(chunks)


def _decode(body: bytes, declared: str | None) -> str:
    """Decode with the declared charset, else let trafilatura's detector decide later."""
    if declared:
        try:
            return body.decode(declared, errors="replace")
        except LookupError:
            pass
    from trafilatura.utils import decode_file

    return decode_file(body)


def _reason(exc: BaseException) -> str:
    """The innermost readable reason of a requests/urllib3 exception chain."""
    seen = exc
    while seen.__cause__ is not None or seen.__context__ is not None:
        seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
    text = str(seen) or type(seen).__name__
    return text if len(text) < 200 else text[:197] + "..."
