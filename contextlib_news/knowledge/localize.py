"""Notes in the reader's language, from Wikidata and that language's Wikipedia.

The Wikimedia provider decides *which* items an article names in English (that is where the
article's names and Wikipedia's titles meet); this module then rewrites the chosen notes in the
reader's language with two more requests at most, whatever the number of entities:

1. ``wbgetentities`` for the chosen items: labels and descriptions in the language (and
   English, to know what is missing) and the sitelink to that language's Wikipedia;
2. ``action=query&prop=extracts`` on that Wikipedia for the linked articles' intros.

Each part falls back to English on its own — a German label with an English summary is
better than no note — and the note says which language each part is in. Requests go through
the provider's cached session and stay inside the article's lookup budget.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from typing import Any, Callable, Mapping, Sequence

import requests

from ..errors import ProviderError
from ..model import Source
from ..settings import Settings
from .base import Candidate, LookupContext
from .wikimedia_api import json_answer

#: Per-request limits of the APIs (ids for wbgetentities, extracts for action=query).
MAX_IDS = 50
MAX_EXTRACTS = 20
#: Wikidata's answer when it does not know the language or site asked for: notes stay English.
_UNKNOWN_LANGUAGE_CODES = {"badvalue", "unknown_languages", "unknown_sitefilter", "no-such-sitelink"}


def localize_candidates(candidates: Mapping[str, Candidate], context: LookupContext, settings: Settings,
                        session: requests.Session) -> dict[str, Candidate]:
    """``candidates`` (Wikidata-linked, in English) with their notes in ``context.reader_language``.

    Candidates that are not Wikidata items are returned unchanged. Raises
    :class:`ProviderError` when Wikimedia fails or the budget runs out; the caller then keeps
    the English notes.
    """
    language = context.reader_language
    wanted = {key: c.id.split(":", 1)[1] for key, c in candidates.items() if c.id.startswith("wikidata:Q")}
    if language == "en" or not wanted:
        return dict(candidates)
    get = _getter(session, settings, context)
    terms = _terms(sorted(set(wanted.values())), language, settings, get)
    titles = {qid: t["sitelink"] for qid, t in terms.items() if t.get("sitelink")}
    base = settings.wikipedia_language_url.replace("{lang}", language).rstrip("/")
    extracts = _extracts(sorted(set(titles.values())), base, get) if titles else {}
    localized = dict(candidates)
    for key, qid in wanted.items():
        found = terms.get(qid, {})
        page = extracts.get(found.get("sitelink", ""))
        localized[key] = _localized(candidates[key], language, found, page, base)
    return localized


def _localized(candidate: Candidate, language: str, terms: Mapping[str, Any], page: Mapping[str, str] | None,
               base: str) -> Candidate:
    note = candidate.note
    label = terms.get("label")
    description = terms.get("description")
    summary = _summary(page["extract"]) if page and page.get("extract") else ""
    sources = note.sources
    if summary:
        retrieved = date.today().isoformat()
        url = page.get("url") or f"{base}/wiki/{page['title'].replace(' ', '_')}"
        sources = (Source(f"Wikipedia ({language}): {page['title']}", url, retrieved), *note.sources)
    languages = {
        "label": language if label else "en",
        "description": language if description else "en",
        "summary": language if summary else "en",
        # Roles and facts are built from labels of other items, in English.
        "roles": "en",
        "facts": "en",
    }
    in_language = bool(label or description or summary)
    return replace(candidate, note=replace(
        note,
        description=(description[:1].upper() + description[1:]) if description else note.description,
        summary=summary or note.summary,
        sources=sources,
        lang=language if in_language else "en",
        label=label or None,
        languages=languages,
    ))


def _terms(ids: Sequence[str], language: str, settings: Settings,
           get: Callable[[str, dict[str, str]], dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Item → its label, description and sitelink title in ``language`` (only the parts that exist)."""
    api = settings.wikidata_url.rstrip("/") + "/w/api.php"
    site = f"{language.replace('-', '_')}wiki"

    def one(chunk: Sequence[str]) -> dict[str, Any]:
        return get(api, {"action": "wbgetentities", "format": "json", "ids": "|".join(chunk),
                         "props": "labels|descriptions|sitelinks", "languages": f"{language}|en",
                         "sitefilter": site, "maxlag": "5"})

    found: dict[str, dict[str, str]] = {}
    for data in _each(one, [ids[i : i + MAX_IDS] for i in range(0, len(ids), MAX_IDS)]):
        for qid, entity in (data.get("entities") or {}).items():
            if not isinstance(entity, dict) or "missing" in entity:
                continue
            parts: dict[str, str] = {}
            label = ((entity.get("labels") or {}).get(language) or {}).get("value")
            description = ((entity.get("descriptions") or {}).get(language) or {}).get("value")
            sitelink = ((entity.get("sitelinks") or {}).get(site) or {}).get("title")
            for name, value in (("label", label), ("description", description), ("sitelink", sitelink)):
                if isinstance(value, str) and value.strip():
                    parts[name] = value.strip()
            found[qid] = parts
    return found


def _extracts(titles: Sequence[str], base: str, get: Callable[[str, dict[str, str]], dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Asked title → {title, extract, url} from the language's Wikipedia (redirects followed)."""
    api = base + "/w/api.php"

    def one(chunk: Sequence[str]) -> dict[str, Any]:
        return get(api, {"action": "query", "format": "json", "formatversion": "2", "redirects": "1",
                         "titles": "|".join(chunk), "prop": "extracts|info", "exintro": "1", "explaintext": "1",
                         "exsentences": "2", "exlimit": str(MAX_EXTRACTS), "inprop": "url", "maxlag": "5"})

    found: dict[str, dict[str, str]] = {}
    for data in _each(one, [titles[i : i + MAX_EXTRACTS] for i in range(0, len(titles), MAX_EXTRACTS)]):
        query = data.get("query") or {}
        hops = {n["from"]: n["to"] for n in query.get("normalized", [])}
        hops.update({r["from"]: r["to"] for r in query.get("redirects", [])})
        pages = {p["title"]: p for p in query.get("pages", []) if not p.get("missing") and not p.get("invalid")}
        for title in titles:
            final = title
            for _ in range(3):  # a normalisation, then a redirect
                final = hops.get(final, final)
            page = pages.get(final)
            if page and page.get("extract"):
                found[title] = {"title": page["title"], "extract": page["extract"],
                                "url": page.get("canonicalurl") or page.get("fullurl", "")}
    return found


def _each(call: Callable[[Sequence[str]], dict[str, Any]], chunks: list[Sequence[str]]) -> list[dict[str, Any]]:
    """``call`` on every chunk, concurrently when there are several."""
    if len(chunks) <= 1:
        return [call(chunk) for chunk in chunks]
    with ThreadPoolExecutor(max_workers=min(4, len(chunks)), thread_name_prefix="localize") as pool:
        return list(pool.map(call, chunks))


def _getter(session: requests.Session, settings: Settings,
            context: LookupContext) -> Callable[[str, dict[str, str]], dict[str, Any]]:
    def get(url: str, params: dict[str, str]) -> dict[str, Any]:
        remaining = context.remaining()
        if remaining <= 0.05:
            raise ProviderError(f"lookup budget of {settings.lookup_budget:g}s used up before notes in {context.reader_language}")
        timeout = (min(settings.connect_timeout, remaining), min(settings.read_timeout, remaining))
        try:
            response = session.get(url, params=params, timeout=timeout)
        except requests.Timeout as exc:
            raise ProviderError(f"Wikimedia did not answer within the lookup budget ({type(exc).__name__})") from exc
        except requests.RequestException as exc:
            raise ProviderError(f"cannot reach Wikipedia in {context.reader_language}: {type(exc).__name__}") from exc
        if response.status_code == 404:
            return {}  # no such Wikipedia edition: the summary stays English
        if response.status_code != 200:
            raise ProviderError(f"Wikimedia answered HTTP {response.status_code}")
        data = json_answer(response)
        error = data.get("error")
        if isinstance(error, dict):
            if error.get("code") in _UNKNOWN_LANGUAGE_CODES:
                return {}  # a language Wikimedia does not have: the note stays English
            raise ProviderError(f"Wikimedia API error {error.get('code', '?')}: {str(error.get('info', ''))[:120]}")
        return data

    return get


def _summary(extract: str) -> str:
    """The intro as the API cut it (``exsentences=2``: it knows each language's sentence ends,
    "20. November" included), never longer than 400 characters nor cut mid-word."""
    text = " ".join(extract.split())
    return text if len(text) <= 400 else text[:397].rsplit(" ", 1)[0] + "…"
