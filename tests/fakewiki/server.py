"""A fake Wikipedia + Wikidata on 127.0.0.1, answering in the APIs' real formats.

Pages and items come from ``data/*.json`` in a compact form (see README.md) and are expanded
here into what ``/w/api.php`` really returns (``action=query`` with ``formatversion=2`` —
titles, ``list=search``, ``generator=search``, ``generator=links``/``prop=links`` —
``action=wbgetentities`` and ``action=wbsearchentities``). Every request is logged; a test
can switch on a fault (slow answers, 429 with Retry-After, 500, malformed or truncated JSON,
connection resets, maxlag, and a black hole: a connection accepted and never answered, as in
a network partition) or a fixed delay per request, as a distant server would have.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import parse_qs, urlsplit

DATA = Path(__file__).parent / "data"

#: Faults a test can switch on: name → what the server does instead of answering.
FAULTS = ("slow", "429", "503", "500", "malformed", "truncated", "reset", "maxlag", "blackhole")
#: Longest a black-holed request is held before its connection is closed unanswered (a bound, so
#: no test can hang on it; clients give up long before).
BLACKHOLE_LIMIT = 120.0


def load_languages(folder: Path | Sequence[Path] = DATA) -> tuple[dict[str, Any], dict[str, Any]]:
    """Labels, descriptions and sitelinks in other languages (item → parts), and the other
    languages' Wikipedias (code → pages and redirects)."""
    localized: dict[str, Any] = {}
    wikis: dict[str, Any] = {}
    folders = [folder] if isinstance(folder, Path) else list(folder)
    for path in sorted(p for f in folders for p in f.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for qid, parts in data.get("localized", {}).items():
            localized.setdefault(qid, {"labels": {}, "descriptions": {}, "sitelinks": {}})
            for name in ("labels", "descriptions", "sitelinks"):
                localized[qid][name].update(parts.get(name, {}))
        for code, wiki in data.get("wikis", {}).items():
            target = wikis.setdefault(code, {"pages": {}, "redirects": {}})
            target["pages"].update(wiki.get("pages", {}))
            target["redirects"].update(wiki.get("redirects", {}))
    return localized, wikis


def load_data(folder: Path | Sequence[Path] = DATA) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    pages: dict[str, Any] = {}
    redirects: dict[str, str] = {}
    items: dict[str, Any] = {}
    folders = [folder] if isinstance(folder, Path) else list(folder)
    for path in sorted(p for f in folders for p in f.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for title, page in data.get("pages", {}).items():
            # One title is one page: a later file's record of the same page adds to an earlier
            # one (its size, which the later file may leave out) rather than erasing it.
            known = pages.get(title)
            pages[title] = {**known, **page} if known and known.get("item") == page.get("item") else page
        redirects.update(data.get("redirects", {}))
        for qid, item in data.get("items", {}).items():
            # Label-only stubs (positions, parties) never replace a fuller record of the same item.
            if qid not in items or len(item) > len(items[qid]):
                items[qid] = item
    return pages, redirects, items


@dataclass
class Fault:
    kind: str
    #: How many requests it hits (None: all until cleared).
    times: int | None = None
    delay: float = 5.0
    retry_after: int = 1


@dataclass
class Logged:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    #: When the request arrived (time.monotonic()), before any delay: what ran concurrently.
    at: float = field(default_factory=time.monotonic)


class FakeWikimedia:
    """Start with ``with FakeWikimedia() as wiki:``; ``wiki.url`` is both wikis' base URL, and
    ``wiki.language_url`` the template of the other languages' Wikipedias (``/<lang>/w/api.php``)."""

    def __init__(self, data_folder: Path | Sequence[Path] = DATA, *, delay: float = 0.0) -> None:
        self.pages, self.redirects, self.items = load_data(data_folder)
        self.localized, self.wikis = load_languages(data_folder)
        self._pages_by_key = {_key(t): t for t in self.pages}
        self.requests: list[Logged] = []
        self.fault: Fault | None = None
        #: Seconds every answer waits, as the round trip to a distant server would (benchmarks).
        self.delay = delay
        self._lock = threading.Lock()
        # Set when black-holed requests may go: the fault was cleared or the server stops.
        self._released = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                fake._handle(self)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- test controls -------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def language_url(self) -> str:
        """The ``wikipedia_language_url`` setting that points every language at this fake."""
        return self.url + "/{lang}"

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.fault = None
            self._released.set()

    def fail(self, kind: str, times: int | None = None, **options: Any) -> None:
        assert kind in FAULTS, kind
        with self._lock:
            self._released.set()
            self._released = threading.Event()
            self.fault = Fault(kind, times, **options)

    def heal(self) -> None:
        """Clear the fault (and let black-holed requests go) but keep the request log."""
        with self._lock:
            self.fault = None
            self._released.set()

    def count(self, action: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if action is None or r.params.get("action") == action)

    def __enter__(self) -> "FakeWikimedia":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- serving -------------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        with self._lock:
            self.requests.append(Logged(parts.path, params, dict(handler.headers)))
            fault = self.fault
            released = self._released
            if fault and fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.fault = None
        if self.delay:
            time.sleep(self.delay)
        if fault and fault.kind == "blackhole":
            # Read the request, then say nothing until released; the connection then closes
            # unanswered (the client has given up by then).
            released.wait(BLACKHOLE_LIMIT)
            handler.close_connection = True
            return
        if fault and self._inject(handler, fault):
            return
        # Another language's Wikipedia lives under /<lang>/w/api.php (/en/ is the English one).
        language = None
        prefix, _, rest = parts.path.lstrip("/").partition("/")
        if rest == "w/api.php" and prefix in (*self.wikis, "en"):
            language = prefix
        elif parts.path != "/w/api.php":
            return _send(handler, 404, {"type": "https://mediawiki.org/wiki/HyperSwitch/errors/not_found",
                                        "title": "Not found.", "detail": "Page or revision not found."})
        action = params.get("action")
        if action == "query":
            body = self._query(params, language)
        elif action == "wbgetentities":
            body = self._wbgetentities(params)
        elif action == "wbsearchentities":
            body = self._wbsearchentities(params)
        else:
            body = {"error": {"code": "badvalue", "info": f"Unrecognized value for parameter \"action\": {action}."}}
        _send(handler, 200, body)

    def _inject(self, handler: BaseHTTPRequestHandler, fault: Fault) -> bool:
        if fault.kind == "slow":
            time.sleep(fault.delay)
            return False
        if fault.kind in ("429", "503"):
            _send(handler, int(fault.kind), {"error": {"code": "ratelimited", "info": "You've exceeded your rate limit."}},
                  {"Retry-After": str(fault.retry_after)})
        elif fault.kind == "500":
            _send(handler, 500, {"error": {"code": "internal_api_error", "info": "Internal error"}})
        elif fault.kind == "maxlag":
            _send(handler, 200, {"error": {"code": "maxlag", "info": "Waiting for 10.64.32.1: 6 seconds lagged."}},
                  {"Retry-After": str(fault.retry_after), "X-Database-Lag": "6"})
        elif fault.kind == "malformed":
            _send_raw(handler, 200, b'{"batchcomplete": true, "query": {"pages": [ <html>Oops</html>')
        elif fault.kind == "truncated":
            body = json.dumps({"batchcomplete": True, "query": {"pages": []}}).encode()
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(body) + 500))
            handler.end_headers()
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            _reset(handler)
        elif fault.kind == "reset":
            _reset(handler)
        return True

    def _resolve(self, title: str, language: str | None = None) -> tuple[str, str | None]:
        """(normalised title, redirect target or None)."""
        normal = title.replace("_", " ").strip()
        normal = normal[:1].upper() + normal[1:]
        redirects = self.wikis[language]["redirects"] if language in self.wikis else self.redirects
        return normal, redirects.get(normal)

    def _stored_page(self, title: str, language: str | None) -> dict[str, Any] | None:
        if language in self.wikis:
            return self.wikis[language]["pages"].get(title)
        return self.pages.get(self._pages_by_key.get(_key(title), title))

    def _query(self, params: dict[str, str], language: str | None = None) -> dict[str, Any]:
        if params.get("formatversion") != "2":
            return {"error": {"code": "fake", "info": "the fake answers formatversion=2 only"}}
        titles = [t for t in params.get("titles", "").split("|") if t]
        if len(titles) > 50:
            return {"error": {"code": "toomanyvalues", "info": "Too many values supplied for parameter \"titles\". The limit is 50."}}
        search = params.get("srsearch", params.get("gsrsearch", ""))
        if len(search) > 300:  # CirrusSearch's MAX_TEXT_SEARCH
            return {"error": {"code": "cirrussearch-query-too-long",
                              "info": f"Search request is longer than the maximum allowed length. ({len(search)} > 300)"}}
        if params.get("list") == "search":
            return self._list_search(params)
        generator = params.get("generator")
        ranks: dict[str, int] = {}
        if generator == "search":
            found = self._search(params.get("gsrsearch", ""), int(params.get("gsrlimit", "10") or 10))
            if not found:
                return {"batchcomplete": True}  # what MediaWiki sends when a generator yields nothing
            ranks = {title: number + 1 for number, title in enumerate(found)}
            titles = found
        elif generator == "links":
            sources = [self._resolve(t)[1] or self._resolve(t)[0] for t in titles]
            limit = int(params.get("gpllimit", "10") or 10) if params.get("gpllimit") != "max" else 500
            linked = [link for src in sources for link in self.pages.get(src, {}).get("links", [])]
            titles = list(dict.fromkeys(linked))[:limit]
            if not titles:
                return {"batchcomplete": True}
        elif generator:
            return {"error": {"code": "badvalue", "info": f"Unrecognized value for parameter \"generator\": {generator}."}}
        props = set(params.get("prop", "").split("|"))
        query: dict[str, Any] = {}
        normalized, redirects, pages, seen = [], [], [], set()
        extracts_left = min(int(params.get("exlimit", "1") or 1), 20)
        for title in titles:
            normal, target = self._resolve(title, language)
            if normal != title:
                normalized.append({"fromencoded": False, "from": title, "to": normal})
            final = normal
            if target and params.get("redirects"):
                redirects.append({"from": normal, "to": target})
                final = target
            if final in seen:
                continue
            seen.add(final)
            stored = self._stored_page(final, language)
            if stored is None:
                pages.append({"ns": 0, "title": final, "missing": True})
                continue
            page: dict[str, Any] = {"pageid": stored["pageid"], "ns": 0, "title": final}
            if final in ranks or title in ranks:
                page["index"] = ranks.get(final) or ranks[title]
            if "links" in props and stored.get("links"):
                page["links"] = [{"ns": 0, "title": link} for link in stored["links"]]
            if "pageprops" in props:
                pageprops = {}
                if stored.get("item"):
                    pageprops["wikibase_item"] = stored["item"]
                if stored.get("disambiguation"):
                    pageprops["disambiguation"] = ""
                page["pageprops"] = pageprops
            if "description" in props and stored.get("description"):
                page["description"] = stored["description"]
                page["descriptionsource"] = "local"
            if "extracts" in props and extracts_left > 0:
                page["extract"] = stored.get("extract", "")
                extracts_left -= 1
            if "pageimages" in props and stored.get("thumbnail"):
                page["thumbnail"] = {"source": stored["thumbnail"], "width": 160, "height": 200}
                page["pageimage"] = stored["thumbnail"].rsplit("/", 1)[-1]
            if "info" in props:
                url = f"https://{language or 'en'}.wikipedia.org/wiki/" + final.replace(" ", "_")
                page.update({"fullurl": url, "canonicalurl": url, "touched": "2025-11-20T10:00:00Z",
                             "lastrevid": stored["pageid"] * 7, "length": stored.get("length", 50000),
                             "contentmodel": "wikitext"})
            pages.append(page)
        if normalized:
            query["normalized"] = normalized
        if redirects:
            query["redirects"] = redirects
        query["pages"] = pages
        return {"batchcomplete": True, "query": query}

    def _search(self, text: str, limit: int) -> list[str]:
        """Titles whose page has every word of ``text`` (title, description or extract), best first —
        CirrusSearch's default AND of terms, ranked by where the words stand; ``A OR B`` matches
        pages that match either side."""
        alternatives = [[w.casefold() for w in re.findall(r"\w+", part)] for part in text.split(" OR ")]
        alternatives = [words for words in alternatives if words]
        if not alternatives:
            return []
        scored = []
        for title, page in self.pages.items():
            fields = (title.casefold(), str(page.get("description", "")).casefold(), str(page.get("extract", "")).casefold())
            tokens = [set(re.findall(r"\w+", f)) for f in fields]
            matching = [words for words in alternatives if all(any(w in t for t in tokens) for w in words)]
            if not matching:
                continue
            score = max(sum(3 * (w in tokens[0]) + 2 * (w in tokens[1]) + (w in tokens[2]) for w in words) for words in matching)
            # Long articles about famous subjects rank first in real search: the fake uses pageid as a stand-in for age.
            scored.append((-score, page.get("disambiguation", False), page["pageid"], title))
        return [title for *_, title in sorted(scored)[: max(1, min(limit, 50))]]

    def _list_search(self, params: dict[str, str]) -> dict[str, Any]:
        found = self._search(params.get("srsearch", ""), int(params.get("srlimit", "10") or 10))
        hits = []
        for title in found:
            page = self.pages[title]
            snippet = re.sub(r"(?i)(" + "|".join(re.escape(w) for w in re.findall(r"\w+", params.get("srsearch", ""))) + r")",
                             r'<span class="searchmatch">\1</span>', str(page.get("extract", ""))[:180])
            hits.append({"ns": 0, "title": title, "pageid": page["pageid"], "size": 20000, "wordcount": 3000,
                         "snippet": snippet, "timestamp": "2025-11-01T12:00:00Z"})
        return {"batchcomplete": True, "query": {"searchinfo": {"totalhits": len(hits)}, "search": hits}}

    def _wbsearchentities(self, params: dict[str, str]) -> dict[str, Any]:
        text = params.get("search", "")
        limit = min(int(params.get("limit", "7") or 7), 50)
        wanted = text.casefold()
        found = []
        for qid, item in self.items.items():
            names = [("label", item.get("label", ""))] + [("alias", a) for a in item.get("aliases", [])]
            for kind, name in names:
                if name and name.casefold().startswith(wanted):
                    entry = {"id": qid, "title": qid, "pageid": int(qid[1:]), "concepturi": f"http://www.wikidata.org/entity/{qid}",
                             "url": f"//www.wikidata.org/wiki/{qid}", "label": item.get("label", ""),
                             "match": {"type": kind, "language": "en", "text": name}}
                    if item.get("description"):
                        entry["description"] = item["description"]
                    if kind == "alias":
                        entry["aliases"] = [name]
                    found.append((name.casefold() != wanted, len(item.get("claims", {})) * -1, qid, entry))
                    break
        found.sort(key=lambda row: row[:3])
        return {"searchinfo": {"search": text}, "search": [row[3] for row in found[:limit]], "success": 1}

    def _wbgetentities(self, params: dict[str, str]) -> dict[str, Any]:
        props = set(params.get("props", "info|sitelinks|aliases|labels|descriptions|claims|datatype").split("|"))
        # As the real API: only the languages and sites asked for, when they are named.
        languages = set(params["languages"].split("|")) if params.get("languages") else None
        sites = set(params["sitefilter"].split("|")) if params.get("sitefilter") else None
        entities: dict[str, Any] = {}
        if params.get("ids"):
            ids = params["ids"].split("|")
            if len(ids) > 50:
                return {"error": {"code": "toomanyvalues", "info": "Too many values supplied for parameter \"ids\". The limit is 50."}}
            for qid in ids:
                entities[qid] = self._entity(qid, props, languages, sites) if qid in self.items else {"id": qid, "missing": ""}
        elif params.get("titles") and params.get("sites") == "enwiki":
            for number, title in enumerate(params["titles"].split("|")):
                normal, target = self._resolve(title)
                stored = self.pages.get(target or normal)
                qid = stored.get("item") if stored else None
                if qid in self.items:
                    entities[qid] = self._entity(qid, props, languages, sites)
                else:
                    entities[str(-1 - number)] = {"site": "enwiki", "title": normal, "missing": ""}
        else:
            return {"error": {"code": "param-missing", "info": "Either provide the item \"ids\" or pairs of \"sites\" and \"titles\"."}}
        return {"entities": entities, "success": 1}

    def _entity(self, qid: str, props: set[str], wanted: set[str] | None = None,
                sites: set[str] | None = None) -> dict[str, Any]:
        item = self.items[qid]
        entity: dict[str, Any] = {"type": "item", "id": qid}
        more = self.localized.get(qid, {"labels": {}, "descriptions": {}, "sitelinks": {}})

        def terms(english: str | None, others: dict[str, str]) -> dict[str, Any]:
            values = {**({"en": english} if english else {}), **others}
            return {code: {"language": code, "value": value} for code, value in values.items()
                    if wanted is None or code in wanted}

        if "labels" in props:
            entity["labels"] = terms(item["label"], more["labels"])
        if "descriptions" in props and (item.get("description") or more["descriptions"]):
            entity["descriptions"] = terms(item.get("description"), more["descriptions"])
        if "aliases" in props:
            entity["aliases"] = {"en": [{"language": "en", "value": a} for a in item.get("aliases", [])]}
        if "sitelinks" in props and (item.get("enwiki") or more["sitelinks"]):
            links = {**({"enwiki": item["enwiki"]} if item.get("enwiki") else {}), **more["sitelinks"]}
            entity["sitelinks"] = {site: {"site": site, "title": title, "badges": []} for site, title in links.items()
                                   if sites is None or site in sites}
        if "claims" in props:
            entity["claims"] = {pid: [_statement(qid, pid, n, v) for n, v in enumerate(values)]
                                for pid, values in item.get("claims", {}).items()}
        return entity


def _key(title: str) -> str:
    return title.replace("_", " ").strip().casefold()


def _time(value: str) -> dict[str, Any]:
    precision = {4: 9, 7: 10, 10: 11}[len(value)]
    full = value + "-00" * ((10 - len(value)) // 3)
    return {"type": "time", "value": {"time": f"+{full}T00:00:00Z", "timezone": 0, "before": 0, "after": 0,
                                      "precision": precision, "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}}


def _datavalue(value: Any) -> tuple[str, dict[str, Any]]:
    if isinstance(value, str) and value.startswith("Q") and value[1:].isdigit():
        return "wikibase-item", {"type": "wikibase-entityid",
                                 "value": {"entity-type": "item", "numeric-id": int(value[1:]), "id": value}}
    if isinstance(value, str) and value[:4].isdigit() and len(value) in (4, 7, 10):
        return "time", _time(value)
    if isinstance(value, (int, float)):
        return "quantity", {"type": "quantity", "value": {"amount": f"+{value}", "unit": "1"}}
    if isinstance(value, list):
        return "globe-coordinate", {"type": "globecoordinate", "value": {"latitude": value[0], "longitude": value[1],
                                    "altitude": None, "precision": 0.0001, "globe": "http://www.wikidata.org/entity/Q2"}}
    return "string", {"type": "string", "value": value}


def _statement(qid: str, pid: str, number: int, value: Any) -> dict[str, Any]:
    """Compact ``"Q5"`` or ``{"value": "Q11696", "start": "2021-01-20", "end": ..., "rank": ...}`` → a real statement."""
    spec = value if isinstance(value, dict) else {"value": value}
    datatype, datavalue = _datavalue(spec["value"])
    statement: dict[str, Any] = {
        "mainsnak": {"snaktype": "value", "property": pid, "datatype": datatype, "datavalue": datavalue},
        "type": "statement", "id": f"{qid}${pid}-{number:04d}", "rank": spec.get("rank", "normal"),
    }
    qualifiers = {}
    for name, prop in (("start", "P580"), ("end", "P582"), ("point", "P585"), ("of", "P642")):
        if name in spec:
            kind, qvalue = _datavalue(spec[name])
            qualifiers[prop] = [{"snaktype": "value", "property": prop, "datatype": kind, "datavalue": qvalue}]
    if qualifiers:
        statement["qualifiers"] = qualifiers
        statement["qualifiers-order"] = list(qualifiers)
    return statement


def _send(handler: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
    _send_raw(handler, status, json.dumps(body).encode(), headers)


def _send_raw(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json; charset=utf-8")
    # What Wikimedia really sends: clients must not rely on HTTP caching headers.
    handler.send_header("Cache-Control", "private, must-revalidate, max-age=0")
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def _reset(handler: BaseHTTPRequestHandler) -> None:
    """Close with RST instead of FIN, as a crashed proxy would."""
    sock = handler.connection
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    try:
        sock.close()
    except OSError:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # resets and hang-ups are what the fault tests are about
