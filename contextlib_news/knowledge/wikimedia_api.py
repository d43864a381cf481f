"""The Wikipedia and Wikidata APIs as our provider uses them: batched, cached, polite.

Every call goes through :meth:`WikimediaClient.get`, which keeps to the article's lookup
budget, waits when the API asks (429, 503, ``maxlag`` with ``Retry-After``) and turns every
failure into a :class:`~contextlib_news.errors.ProviderError`. Answers are kept by
requests-cache (never an error, a throttle or a malformed body), so a repeated article costs
no request. Formats: ``../shared/reference/wikimedia-api.md`` and the MediaWiki API pages.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence, TypeVar

import requests

from ..errors import ProviderError
from ..http import cached_session
from ..settings import Settings
from .base import LookupContext

log = logging.getLogger(__name__)

#: Per-request limits of the APIs.
MAX_TITLES = 50
MAX_EXTRACTS = 20
MAX_IDS = 50
#: Attempts per request when the API asks us to wait (429, 503, maxlag).
MAX_ATTEMPTS = 3
#: Requests in flight at once: Wikimedia asks for low concurrency; independent calls of one
#: article (titles and their items, searches for several surnames) still overlap.
CONCURRENCY = 4

_PAGE_PROPS = "extracts|pageprops|description|pageimages|info"

T = TypeVar("T")


@dataclass
class Page:
    """A Wikipedia page as ``action=query`` describes it."""

    title: str
    item: str | None = None
    description: str = ""
    extract: str = ""
    thumbnail: str | None = None
    url: str = ""
    disambiguation: bool = False
    #: Rank in a search result (1 = best), when the page came from a search.
    rank: int | None = None
    #: Size of the page's wikitext in bytes (``prop=info``): how much there is to say about it.
    length: int | None = None


class WikimediaClient:
    """Batched, cached requests to one Wikipedia and one Wikidata."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.api = settings.wikipedia_url.rstrip("/") + "/w/api.php"
        self.wikidata_api = settings.wikidata_url.rstrip("/") + "/w/api.php"
        self._session: Any = None
        self._session_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=CONCURRENCY, thread_name_prefix="wikimedia")
        # Work that itself gathers requests (deciding the names that need no namesakes while the
        # namesakes are looked for) runs beside the request pool, not on it: its requests then
        # overlap as the caller's do, and a pool thread never waits for pool work.
        self._side = ThreadPoolExecutor(max_workers=CONCURRENCY, thread_name_prefix="lookup-side")

    @property
    def session(self) -> Any:
        with self._session_lock:
            if self._session is None:
                # Wikimedia answers max-age=0 to everyone; we keep answers for our own expiry,
                # but never an error, a throttle or a malformed body.
                self._session = cached_session(self.settings, "wikimedia", filter_fn=_cacheable, cache_control=False)
            return self._session

    def close(self) -> None:
        self._side.shutdown(wait=False)
        self._pool.shutdown(wait=False)
        if self._session is not None:
            self._session.close()

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """Run an independent call, which may gather requests of its own, concurrently with the
        caller's next one."""
        return self._side.submit(function, *args)

    def gather(self, calls: Iterable[tuple[Callable[..., T], tuple[Any, ...]]]) -> list[T]:
        """Run calls concurrently and return their results in order; the first failure is raised
        after all have finished, so no request is left running past the lookup."""
        calls = list(calls)
        if len(calls) == 1 or threading.current_thread().name.startswith("wikimedia"):
            # One call, or already on a pool thread (waiting there for more pool work could
            # starve the pool): run in this thread.
            return [function(*args) for function, args in calls]
        futures = [self._pool.submit(function, *args) for function, args in calls]
        results: list[Any] = []
        failure: ProviderError | None = None
        for future in futures:
            try:
                results.append(future.result())
            except ProviderError as exc:
                failure = failure or exc
                results.append(None)
        if failure is not None:
            raise failure
        return results

    # -- Wikipedia -------------------------------------------------------------------------
    def pages(self, titles: Iterable[str], context: LookupContext, *, extracts_only: bool = False) -> tuple[dict[str, Page], dict[str, str]]:
        """Title → page (after normalisation and redirects), and asked title → final title."""
        asked = {title: wiki_title(title) for title in titles}
        wanted = sorted(set(asked.values()))
        if not wanted:
            return {}, {}
        props = "extracts|pageimages|info" if extracts_only else _PAGE_PROPS
        chunk = MAX_EXTRACTS if extracts_only else MAX_TITLES
        pages: dict[str, Page] = {}
        resolve: dict[str, str] = {}
        chunks = [wanted[start : start + chunk] for start in range(0, len(wanted), chunk)]
        answers = self.gather((self.get, (self.api, {**_query_params(props), "titles": "|".join(part)}, context)) for part in chunks)
        for part, data in zip(chunks, answers):
            query = data.get("query", {})
            hops = {n["from"]: n["to"] for n in query.get("normalized", [])}
            redirects = {r["from"]: r["to"] for r in query.get("redirects", [])}
            for title in part:
                final = hops.get(title, title)
                resolve[title] = redirects.get(final, final)
            pages.update(_read_pages(query))
        # The article's typography, Wikipedia's title: "Lowe’s" is "Lowe's" there.
        resolve.update({title: resolve[form] for title, form in asked.items() if form != title and form in resolve})
        return pages, resolve

    def search(self, text: str, context: LookupContext, limit: int = 10) -> dict[str, Page]:
        """Full-text search (``generator=search``), with each page's data and its rank."""
        data = self.get(self.api, {**_query_params(_PAGE_PROPS), "generator": "search", "gsrsearch": text,
                                   "gsrlimit": str(limit), "gsrnamespace": "0"}, context)
        return _read_pages(data.get("query", {}))

    def linked_pages(self, titles: Sequence[str], context: LookupContext, limit: int = 50) -> dict[str, Page]:
        """Main-namespace pages that ``titles`` link to (a disambiguation or surname page's list)."""
        if not titles:
            return {}
        data = self.get(self.api, {**_query_params(_PAGE_PROPS), "generator": "links", "titles": "|".join(titles[:MAX_TITLES]),
                                   "gplnamespace": "0", "gpllimit": str(limit), "redirects": "1"}, context)
        return _read_pages(data.get("query", {}))

    # -- Wikidata --------------------------------------------------------------------------
    def entities(self, ids: Iterable[str], context: LookupContext, props: str) -> dict[str, Mapping[str, Any]]:
        """``wbgetentities`` by id, 50 per request, the requests run concurrently."""
        ids = sorted(set(ids))
        chunks = [ids[start : start + MAX_IDS] for start in range(0, len(ids), MAX_IDS)]
        answers = self.gather((self.get, (self.wikidata_api, {
            "action": "wbgetentities", "format": "json", "ids": "|".join(part), "props": props,
            "languages": context.language, "maxlag": "5",
        }, context)) for part in chunks)
        return {qid: entity for data in answers for qid, entity in data.get("entities", {}).items() if "missing" not in entity}

    def entities_by_titles(self, titles: Iterable[str], context: LookupContext, props: str) -> dict[str, Mapping[str, Any]]:
        """``wbgetentities`` by English Wikipedia title: the items of pages we have not seen yet,
        asked for in the same round trip as the pages themselves."""
        titles = sorted({wiki_title(title) for title in titles})
        chunks = [titles[start : start + MAX_TITLES] for start in range(0, len(titles), MAX_TITLES)]
        answers = self.gather((self.get, (self.wikidata_api, {
            "action": "wbgetentities", "format": "json", "sites": "enwiki", "titles": "|".join(part), "props": props,
            "languages": context.language, "sitefilter": "enwiki", "maxlag": "5",
        }, context)) for part in chunks)
        return {qid: entity for data in answers for qid, entity in data.get("entities", {}).items()
                if "missing" not in entity and qid.startswith("Q")}

    # -- one call ----------------------------------------------------------------------------
    def get(self, url: str, params: dict[str, str], context: LookupContext) -> dict[str, Any]:
        """One API call within the article's budget, waiting when asked to, never past the deadline."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            remaining = context.remaining()
            if remaining <= 0.05:
                raise ProviderError(f"lookup budget of {self.settings.lookup_budget:g}s used up")
            timeout = (min(self.settings.connect_timeout, remaining), min(self.settings.read_timeout, remaining))
            try:
                response = self.session.get(url, params=params, timeout=timeout)
            except requests.Timeout as exc:
                raise ProviderError(f"Wikimedia did not answer within the lookup budget ({type(exc).__name__})") from exc
            except requests.RequestException as exc:
                raise ProviderError(f"cannot reach Wikimedia: {type(exc).__name__}") from exc
            wait = _retry_after(response)
            if response.status_code in (429, 503) or (response.status_code == 200 and wait is not None and _is_maxlag(response)):
                delay = wait if wait is not None else 1.0
                if attempt == MAX_ATTEMPTS or delay >= context.remaining() - 0.1:
                    raise ProviderError(f"Wikimedia asked us to slow down (HTTP {response.status_code}, retry after {delay:g}s)")
                log.info("Wikimedia asked us to wait %.1fs (HTTP %s)", delay, response.status_code)
                time.sleep(delay)
                continue
            if response.status_code != 200:
                raise ProviderError(f"Wikimedia answered HTTP {response.status_code}")
            data = json_answer(response)
            if "error" in data:
                error = data["error"]
                raise ProviderError(f"Wikimedia API error {error.get('code', '?')}: {str(error.get('info', ''))[:120]}")
            return data
        raise ProviderError("Wikimedia kept asking us to wait")


def wiki_title(name: str) -> str:
    """A name as Wikipedia titles it: with straight apostrophes, which its titles use (curly
    ones are the typography of the article, and of only some redirects)."""
    return name.replace("\u2019", "'")


def _query_params(props: str) -> dict[str, str]:
    return {
        "action": "query", "format": "json", "formatversion": "2", "redirects": "1", "prop": props,
        "exintro": "1", "explaintext": "1", "exsentences": "2", "exlimit": str(MAX_EXTRACTS),
        "ppprop": "wikibase_item|disambiguation", "piprop": "thumbnail", "pithumbsize": "320", "inprop": "url",
        "maxlag": "5",
    }


def _read_pages(query: Mapping[str, Any]) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for raw in query.get("pages", []):
        if not isinstance(raw, dict) or raw.get("missing") or raw.get("invalid") or "title" not in raw:
            continue
        if raw.get("ns", 0) != 0:
            continue
        pageprops = raw.get("pageprops") or {}
        pages[raw["title"]] = Page(
            title=raw["title"], item=pageprops.get("wikibase_item"), description=raw.get("description", ""),
            extract=raw.get("extract", ""), thumbnail=(raw.get("thumbnail") or {}).get("source"),
            url=raw.get("canonicalurl") or raw.get("fullurl", ""), disambiguation="disambiguation" in pageprops,
            rank=raw.get("index"),
            length=raw["length"] if isinstance(raw.get("length"), int) else None,
        )
    return pages


def json_answer(response: requests.Response) -> dict[str, Any]:
    """The body of a Wikimedia answer, which is always a JSON object; anything else is the source's fault."""
    try:
        data = response.json()
    except ValueError as exc:
        raise ProviderError("Wikimedia sent a malformed answer (not JSON)") from exc
    if not isinstance(data, dict):
        raise ProviderError("Wikimedia sent an unexpected answer")
    return data


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _is_maxlag(response: requests.Response) -> bool:
    return b'"maxlag"' in response.content[:200]


def _cacheable(response: requests.Response) -> bool:
    """Only complete, well-formed, error-free answers are kept."""
    try:
        data = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(data, dict) and "error" not in data
