"""Routes under /api/v1: thin — validate, call the library, shape the answer."""

from __future__ import annotations

import copy
import hmac
import json
import re
import threading
import time
from datetime import date
from importlib import resources
from typing import Any

import requests
from flask import Blueprint, current_app, g, jsonify, request

from contextlib_news import __version__
from contextlib_news.errors import InvalidInputError, StoreError
from contextlib_news.languages import normalize_language
from contextlib_news.model import annotation_schema

from .body import read_json
from .cache import pack, result_key, unpack_json
from .errors import APIError

API_VERSION = "1"
api = Blueprint("api", __name__, url_prefix="/api/v1")

_FIELDS = {"url", "html", "published", "offline", "lang"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _state() -> dict[str, Any]:
    return current_app.extensions["contextlib_news"]


def _check_token() -> None:
    tokens = _state()["settings"].api_token_list
    if not tokens:
        return
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not any(hmac.compare_digest(given.strip().encode(), t.encode()) for t in tokens):
        raise APIError(401, "unauthorized", "missing or wrong API token: send 'Authorization: Bearer <token>'")


def _read_request() -> dict[str, Any]:
    body = read_json(_state()["settings"])
    if not isinstance(body, dict):
        raise APIError(400, "bad_json", "request body must be a JSON object")
    unknown = set(body) - _FIELDS
    if unknown:
        raise APIError(422, "unknown_field", f"unknown field(s): {', '.join(sorted(unknown))}")
    url = body.get("url")
    if not isinstance(url, str) or not url.strip():
        raise APIError(422, "missing_url", "'url' (a string) is required")
    if len(url) > 4096:
        raise APIError(422, "invalid_url", "'url' is longer than 4096 characters")
    html = body.get("html")
    if html is not None and not isinstance(html, str):
        raise APIError(422, "invalid_html", "'html' must be a string")
    published = body.get("published")
    if published is not None:
        if not isinstance(published, str) or not _DATE.match(published):
            raise APIError(422, "invalid_date", "'published' must be a date as YYYY-MM-DD")
        try:
            date.fromisoformat(published)
        except ValueError as exc:
            raise APIError(422, "invalid_date", f"'published' is not a real date: {published}") from exc
    offline = body.get("offline")
    if offline is not None and not isinstance(offline, bool):
        raise APIError(422, "invalid_offline", "'offline' must be true or false")
    lang = body.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise APIError(422, "invalid_lang", "'lang' must be a language tag such as 'de' or 'ar'")
    try:
        lang = normalize_language(lang or _state()["settings"].note_language)
    except InvalidInputError as exc:
        raise APIError(422, "invalid_lang", str(exc)) from exc
    return {"url": url.strip(), "html": html, "published": published, "offline": offline, "lang": lang}


def _suppression_generation(annotator) -> int:
    """Which set of suppressed links is in force; a store that cannot be read costs a cache miss."""
    try:
        return annotator.feedback.generation()
    except StoreError as exc:
        current_app.logger.warning("suppressed links could not be read: %s", exc)
        return -1


@api.post("/annotate")
def annotate():
    """Annotate a page: URL mode (the server fetches) or page-content mode (the client sends the DOM)."""
    _check_token()
    asked = _read_request()
    state = _state()
    settings, annotator, cache = state["settings"], state["annotator"], state["cache"]
    offline = settings.offline or bool(asked["offline"])
    mode = "page" if asked["html"] is not None else "url"
    key = result_key(mode=mode, url=asked["url"], html=asked["html"], published=asked["published"], offline=offline,
                     library_version=__version__, glossary_version=annotator.glossary_version, lang=asked["lang"],
                     suppressions=_suppression_generation(annotator))
    # Degraded answers live under their own key, tied to the sources' recovery generation: once a
    # source is back, the ones made while it was down are out of reach (and expire soon anyway).
    blob = cache.get(key)
    degraded_key = None
    if blob is None and settings.degraded_cache_ttl:
        online = [p.name for p in annotator.providers if p.online] if not offline else []
        degraded_key = f"{key}:degraded:{annotator.breakers.generation(online)}"
        blob = cache.get(degraded_key)
    stored = unpack_json(blob) if blob is not None else None
    if stored is not None:
        g.cache_status = "hit"
        # The stored answer goes out as stored, with the cache field spliced in: decoding and
        # encoding it again was a third of the time of a hit.
        cache_field = json.dumps({"status": "hit", "store": cache.kind}).encode()
        return current_app.response_class(stored[:-1] + b',"cache":' + cache_field + b"}", mimetype="application/json")
    if mode == "page":
        from contextlib_news.fetch import check_url

        check_url(asked["url"])  # a page-content URL is only a label, but it must still be a web URL
        result = annotator.annotate_html(asked["html"], url=asked["url"], published=asked["published"], offline=offline,
                                         lang=asked["lang"])
    else:
        result = annotator.annotate_url(asked["url"], published=asked["published"], offline=offline, lang=asked["lang"])
    data = result.to_dict()
    # A degraded answer is kept only briefly, so a burst of readers during an outage costs one
    # annotation while the full answer follows soon after the source is back.
    if not data["meta"].get("degraded"):
        g.cache_status = "miss"
        cache.put(key, pack(data), settings.result_cache_ttl)
    elif degraded_key is not None:
        g.cache_status = "miss"
        cache.put(degraded_key, pack(data), settings.degraded_cache_ttl)
    else:
        g.cache_status = "bypass"
    data["cache"] = {"status": g.cache_status, "store": cache.kind}
    return jsonify(data)


_reachability: dict[str, tuple[float, bool]] = {}
_reach_lock = threading.Lock()


def _reachable(url: str, user_agent: str) -> bool:
    """Whether an online source answers (remembered for a minute so health checks stay cheap)."""
    with _reach_lock:
        seen = _reachability.get(url)
        if seen and time.monotonic() - seen[0] < 60:
            return seen[1]
    try:
        ok = requests.get(url, timeout=2, headers={"User-Agent": user_agent}, allow_redirects=False).status_code < 500
    except requests.RequestException:
        ok = False
    with _reach_lock:
        _reachability[url] = (time.monotonic(), ok)
    return ok


@api.get("/health")
def health():
    state = _state()
    settings, annotator, cache = state["settings"], state["annotator"], state["cache"]
    providers = []
    for provider in annotator.providers:
        entry: dict[str, Any] = {"name": provider.name, "online": provider.online}
        if provider.online:
            breaker = None if settings.offline else annotator.breakers.get(provider.name)
            circuit = breaker.status() if breaker is not None else None
            if circuit is not None and circuit.state != "closed":
                entry["reachable"] = False  # known to be down: no need to wait on it again
            else:
                entry["reachable"] = False if settings.offline else _reachable(
                    settings.wikipedia_url.rstrip("/") + "/w/api.php?action=query&meta=siteinfo&format=json", settings.user_agent)
            if circuit is not None:
                entry["circuit"] = circuit.to_dict()
        providers.append(entry)
    writable = cache.writable()
    model = annotator.nlp is not None
    ok = model and writable
    body = {
        "status": "ok" if ok and all(p.get("reachable", True) for p in providers) else ("degraded" if ok else "failing"),
        "model": {"loaded": model, "name": annotator.model_name},
        "providers": providers,
        "cache": {"store": cache.kind, "writable": writable},
        "offline": settings.offline,
    }
    return jsonify(body), (200 if ok else 503)


@api.get("/version")
def version():
    annotator = _state()["annotator"]
    return jsonify({"library": __version__, "api": API_VERSION, "glossary": annotator.glossary_version,
                    "model": annotator.model_name})


_openapi: dict[str, Any] | None = None


def openapi_document() -> dict[str, Any]:
    """Our OpenAPI 3.1 document, with the library's annotation schema as the response body."""
    global _openapi
    if _openapi is None:
        doc = json.loads(resources.files("contextlib_news_server").joinpath("openapi.json").read_text("utf-8"))
        schema = copy.deepcopy(annotation_schema())  # the library's copy is shared: never edit it
        defs = schema.pop("$defs", {})
        for name in ("$schema", "$id"):
            schema.pop(name, None)
        text = json.dumps(schema) + "\0" + json.dumps(defs)
        text = text.replace('"#/$defs/', '"#/components/schemas/')
        schema_text, defs_text = text.split("\0")
        doc["components"]["schemas"]["Annotation"] = json.loads(schema_text)
        doc["components"]["schemas"].update(json.loads(defs_text))
        doc["info"]["version"] = __version__
        _openapi = doc
    return _openapi


@api.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
