"""Wikipedia + Wikidata: notes on the long tail of people, organisations and places.

A cold article costs at most four requests, whatever its number of entities:

1. ``action=query`` for every entity's name (and, for one-word names, the qualified titles
   Wikipedia uses for namesakes: "Georgia (country)", "Cambridge, Massachusetts") — pages,
   redirects, disambiguation flags, Wikidata ids, short descriptions, extracts, thumbnails;
2. ``wbgetentities`` for all those items' claims;
3. ``wbgetentities`` for the labels of what the chosen items point to (positions, parties,
   countries), concurrently with
4. ``action=query`` for the extracts of chosen pages that request 1 did not cover.

Answers are cached (requests-cache, default 7 days), so a repeated article costs nothing.
Disambiguation never guesses: a candidate must be the kind of thing spaCy saw (a PERSON is
a human), and among namesakes the article must tip the balance — the items that the other
entities of the article link to — or there is no note.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping, Sequence

import requests

from ..errors import ProviderError
from ..http import cached_session
from ..model import Fact, Note, Source
from ..settings import Settings
from . import wikidata as wd
from .base import Candidate, EntityQuery, LookupContext

log = logging.getLogger(__name__)

#: Per-request limits of the APIs.
MAX_TITLES = 50
MAX_EXTRACTS = 20
MAX_IDS = 50
#: Attempts per request when the API asks us to wait (429, 503, maxlag).
MAX_ATTEMPTS = 3

#: Qualified titles Wikipedia gives namesakes, by the kind of thing we look for.
_QUALIFIERS = {
    "place": ("{} (country)", "{} (U.S. state)", "{} (state)", "{}, D.C.", "{} (city)", "{} River", "{} rainforest"),
    "organization": ("{} Inc.", "{} (company)", "{} (organization)", "{} (political party)"),
    "person": (),
}
_NER_KIND = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organization"}
_WORD = re.compile(r"[A-Za-z][a-z]{3,}")
_STOP = {"with", "from", "that", "this", "which", "their", "there", "into", "also", "been", "have", "were", "city",
         "state", "country", "united", "states", "american", "county", "president", "people", "known", "official"}


@dataclass
class _Page:
    title: str
    item: str | None = None
    description: str = ""
    extract: str = ""
    thumbnail: str | None = None
    url: str = ""
    disambiguation: bool = False


@dataclass
class _Choice:
    query: EntityQuery
    page: _Page
    item: Mapping[str, Any]
    confidence: float
    why: dict[str, Any] = field(default_factory=dict)
    kind: str = ""


class WikimediaProvider:
    """Notes from Wikipedia and Wikidata, dated to the article (see the module docstring)."""

    name = "wikimedia"
    online = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.api = settings.wikipedia_url.rstrip("/") + "/w/api.php"
        self.wikidata_api = settings.wikidata_url.rstrip("/") + "/w/api.php"
        self._session = None
        self._session_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="wikimedia")

    @property
    def session(self):
        with self._session_lock:
            if self._session is None:
                # Wikimedia answers max-age=0 to everyone; we keep answers for our own expiry,
                # but never an error, a throttle or a malformed body.
                self._session = cached_session(self.settings, "wikimedia", filter_fn=_cacheable, cache_control=False)
            return self._session

    def close(self) -> None:
        self._pool.shutdown(wait=False)
        if self._session is not None:
            self._session.close()

    # -- the provider interface ---------------------------------------------------------
    def lookup(self, queries: Sequence[EntityQuery], context: LookupContext) -> dict[str, Candidate]:
        wanted = [q for q in queries if _kind(q)]
        if not wanted or context.offline:
            return {}
        found: dict[str, Candidate] = {}
        try:
            titles = self._titles(wanted, context)
            pages, resolve = self._pages(titles, context)
            item_ids = sorted({p.item for p in pages.values() if p.item and not p.disambiguation})
            items = self._entities(item_ids, context, props="labels|descriptions|aliases|claims|sitelinks")
            choices = self._choose(wanted, titles, pages, resolve, items, context)
            referenced = sorted({q for c in choices for q in wd.referenced_items(c.item)} - set(items))
            missing = [c.page.title for c in choices if not c.page.extract]
            labels_job = self._pool.submit(self._entities, referenced, context, "labels")
            extracts_job = self._pool.submit(self._pages, missing, context, True) if missing else None
            labels = {qid: wd.label_of(e, context.language) for qid, e in {**items, **labels_job.result()}.items()}
            if extracts_job is not None:
                for page in extracts_job.result()[0].values():
                    for choice in choices:
                        if choice.page.title == page.title:
                            choice.page.extract = choice.page.extract or page.extract
                            choice.page.thumbnail = choice.page.thumbnail or page.thumbnail
            for choice in choices:
                found[choice.query.key] = self._candidate(choice, labels, context)
        except ProviderError as exc:
            raise ProviderError(str(exc), partial=found) from exc
        return found

    # -- many articles at once (batch) ---------------------------------------------------
    def lookup_many(self, batch: Sequence[tuple[Sequence[EntityQuery], LookupContext]]) -> list[dict[str, Candidate]]:
        """:meth:`lookup` for several articles with shared requests: all their names in 50-title
        queries, then the namesake titles of the names that have a page, all items in 50-id
        ``wbgetentities``, then each article's own choice and notes.

        Each article gets what :meth:`lookup` would give it alone (its choice sees only its own
        titles and items), except that a name without a page of its own is not tried with
        qualifiers. The shared requests run within the latest deadline of the batch; a failure
        fails the whole batch (:class:`ProviderError`, nothing partial).
        """
        found: list[dict[str, Candidate]] = [{} for _ in batch]
        jobs = [(i, [q for q in queries if _kind(q)], ctx) for i, (queries, ctx) in enumerate(batch) if not ctx.offline]
        jobs = [(i, wanted, ctx) for i, wanted, ctx in jobs if wanted]
        if not jobs:
            return found
        shared = max((ctx for _, _, ctx in jobs), key=lambda c: c.deadline)
        plans = [self._titles(wanted, ctx) for _, wanted, ctx in jobs]
        # Names first, then the namesake titles ("Georgia (country)") only of names that have a
        # page: most names of a batch are misses, and where "X" has no page "X (…)" rarely has one.
        pages, resolve = self._pages([ts[0] for plan in plans for ts in plan.values()], shared)
        plans = [{key: ts[:1] + (ts[1:] if resolve.get(ts[0]) in pages else []) for key, ts in plan.items()} for plan in plans]
        more_pages, more_resolve = self._pages([t for plan in plans for ts in plan.values() for t in ts[1:]], shared)
        pages.update(more_pages)
        resolve.update(more_resolve)
        item_ids = sorted({p.item for p in pages.values() if p.item and not p.disambiguation})
        items = self._entities(item_ids, shared, props="labels|descriptions|aliases|claims|sitelinks")
        choices = [self._choose(wanted, plan, pages, resolve, items, ctx) for (_, wanted, ctx), plan in zip(jobs, plans)]
        chosen = [c for per_article in choices for c in per_article]
        referenced = sorted({q for c in chosen for q in wd.referenced_items(c.item)} - set(items))
        missing = sorted({c.page.title for c in chosen if not c.page.extract})
        labels_job = self._pool.submit(self._entities, referenced, shared, "labels")
        extracts_job = self._pool.submit(self._pages, missing, shared, True) if missing else None
        labels = {qid: wd.label_of(e, shared.language) for qid, e in {**items, **labels_job.result()}.items()}
        extra = extracts_job.result()[0] if extracts_job is not None else {}
        for (index, _, ctx), per_article in zip(jobs, choices):
            for choice in per_article:
                page = extra.get(choice.page.title)
                if page is not None:
                    choice.page.extract = choice.page.extract or page.extract
                    choice.page.thumbnail = choice.page.thumbnail or page.thumbnail
                found[index][choice.query.key] = self._candidate(choice, labels, ctx)
        return found

    # -- requests -------------------------------------------------------------------------
    def _titles(self, queries: Sequence[EntityQuery], context: LookupContext) -> dict[str, list[str]]:
        """Query key → titles to try, fullest name first; at most 50 titles in all."""
        places = [_name(q) for q in queries if _kind(q) == "place"]
        plan: dict[str, list[str]] = {}
        for query in queries:
            plan[query.key] = [_name(query)]
        budget = MAX_TITLES - len({t for ts in plan.values() for t in ts})
        ranked = sorted(queries, key=lambda q: -q.count)
        for query in ranked:
            name = _name(query)
            if " " in name.strip() or query.glossary_id or budget <= 0:
                continue  # full names are rarely shared; one-word names are where namesakes live
            extra = [pattern.format(name) for pattern in _QUALIFIERS.get(_kind(query), ())]
            if _kind(query) == "place":
                extra += [f"{name}, {other}" for other in places if other != name][:3]
            extra = extra[:budget]
            plan[query.key] += extra
            budget -= len(extra)
        return plan

    def _pages(self, titles: Mapping[str, list[str]] | Sequence[str], context: LookupContext,
               extracts_only: bool = False) -> tuple[dict[str, _Page], dict[str, str]]:
        """Title → page (after normalisation and redirects), and asked title → final title."""
        wanted = sorted({t for ts in titles.values() for t in ts} if isinstance(titles, Mapping) else set(titles))
        if not wanted:
            return {}, {}
        props = "extracts|pageimages|info" if extracts_only else "extracts|pageprops|description|pageimages|info"
        chunk = MAX_EXTRACTS if extracts_only else MAX_TITLES
        pages: dict[str, _Page] = {}
        resolve: dict[str, str] = {}
        for start in range(0, len(wanted), chunk):
            part = wanted[start : start + chunk]
            data = self._get(self.api, {
                "action": "query", "format": "json", "formatversion": "2", "redirects": "1",
                "titles": "|".join(part), "prop": props, "exintro": "1", "explaintext": "1", "exsentences": "2",
                "exlimit": str(MAX_EXTRACTS), "ppprop": "wikibase_item|disambiguation", "piprop": "thumbnail",
                "pithumbsize": "320", "inprop": "url", "maxlag": "5",
            }, context)
            query = data.get("query", {})
            hops = {n["from"]: n["to"] for n in query.get("normalized", [])}
            redirects = {r["from"]: r["to"] for r in query.get("redirects", [])}
            for title in part:
                final = hops.get(title, title)
                resolve[title] = redirects.get(final, final)
            for raw in query.get("pages", []):
                if raw.get("missing") or raw.get("invalid"):
                    continue
                pageprops = raw.get("pageprops", {})
                pages[raw["title"]] = _Page(
                    title=raw["title"], item=pageprops.get("wikibase_item"), description=raw.get("description", ""),
                    extract=raw.get("extract", ""), thumbnail=raw.get("thumbnail", {}).get("source"),
                    url=raw.get("canonicalurl") or raw.get("fullurl", ""), disambiguation="disambiguation" in pageprops,
                )
        return pages, resolve

    def _entities(self, ids: Sequence[str], context: LookupContext, props: str) -> dict[str, Mapping[str, Any]]:
        entities: dict[str, Mapping[str, Any]] = {}
        ids = sorted(set(ids))
        for start in range(0, len(ids), MAX_IDS):
            data = self._get(self.wikidata_api, {
                "action": "wbgetentities", "format": "json", "ids": "|".join(ids[start : start + MAX_IDS]),
                "props": props, "languages": context.language, "maxlag": "5",
            }, context)
            for qid, entity in data.get("entities", {}).items():
                if "missing" not in entity:
                    entities[qid] = entity
        return entities

    def _get(self, url: str, params: dict[str, str], context: LookupContext) -> dict[str, Any]:
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
            try:
                data = response.json()
            except ValueError as exc:
                raise ProviderError("Wikimedia sent a malformed answer (not JSON)") from exc
            if not isinstance(data, dict):
                raise ProviderError("Wikimedia sent an unexpected answer")
            if "error" in data:
                error = data["error"]
                raise ProviderError(f"Wikimedia API error {error.get('code', '?')}: {str(error.get('info', ''))[:120]}")
            return data
        raise ProviderError("Wikimedia kept asking us to wait")

    # -- deciding -------------------------------------------------------------------------
    def _choose(self, queries: Sequence[EntityQuery], titles: Mapping[str, list[str]], pages: Mapping[str, _Page],
                resolve: Mapping[str, str], items: Mapping[str, Mapping[str, Any]], context: LookupContext) -> list[_Choice]:
        # Items that the article's entities most likely are (their unqualified pages), and what
        # those items link to: the evidence that tips a choice between namesakes.
        primary: dict[str, str] = {}
        for query in queries:
            page = pages.get(resolve.get(_name(query), ""))
            if page and page.item and not page.disambiguation:
                primary[query.key] = page.item
        article_words = set(_WORD.findall(context.article_text.lower())) - _STOP
        choices: list[_Choice] = []
        for query in queries:
            others = {qid for key, qid in primary.items() if key != query.key}
            neighbours = set().union(*(wd.linked_items(items[q]) for q in others if q in items)) if others else set()
            scored: list[_Choice] = []
            seen_items: set[str] = set()
            for number, title in enumerate(titles[query.key]):
                page = pages.get(resolve.get(title, ""))
                if page is None or page.disambiguation or not page.item or page.item in seen_items:
                    continue
                seen_items.add(page.item)
                item = items.get(page.item)
                if item is None:
                    continue
                choice = self._score(query, page, item, number == 0, others, neighbours, article_words)
                if choice is not None:
                    scored.append(choice)
            if not scored:
                continue
            scored.sort(key=lambda c: -c.confidence)
            best = scored[0]
            if len(scored) > 1:
                margin = best.confidence - scored[1].confidence
                best.why["runner_up"] = {"title": scored[1].page.title, "confidence": round(scored[1].confidence, 3)}
                if margin < 0.1:
                    # Namesakes the article does not tell apart: no note rather than a guess.
                    best.confidence = min(best.confidence, 0.5)
                    best.why["decision"] = f"too close to {scored[1].page.title!r} (margin {margin:.2f})"
            choices.append(best)
        return choices

    def _score(self, query: EntityQuery, page: _Page, item: Mapping[str, Any], primary_topic: bool,
               others: set[str], neighbours: set[str], article_words: set[str]) -> _Choice | None:
        wanted = _kind(query)
        found = wd.category(item)
        if found == "building":
            found = "organization" if wanted == "organization" else "place"
        qid = item["id"]
        names = {_name(query).casefold(), *(a.casefold() for a in wd.aliases_of(item)), wd.label_of(item).casefold(),
                 page.title.casefold()}
        full_name = " " in _name(query).strip() and _name(query).casefold() in names
        if found != wanted:
            # spaCy's small model often swaps PERSON and ORG ("Paris Hilton" as ORG); a full name
            # that is exactly the item's name overrides that, but never a place for a person.
            if not (full_name and {found, wanted} == {"person", "organization"}):
                return None  # a PERSON is never linked to a country, nor a GPE to a footballer
        links_in = qid in neighbours  # another entity of the article points here (Atlanta → Georgia)
        links_out = len(wd.linked_items(item) & others)  # this points to another entity (Georgia → Russia? no: → US)
        words = set(_WORD.findall((page.description + " " + wd.description_of(item)).lower())) - _STOP
        overlap = len(words & article_words)
        confidence = 0.55
        confidence += 0.15 if primary_topic else 0.0
        confidence += 0.15 if links_in else 0.0
        confidence += min(0.2, 0.1 * links_out)
        confidence += min(0.1, 0.05 * overlap)
        if full_name:
            confidence += 0.1  # a full name that is the item's own name
        why = {"title": page.title, "item": qid, "kind": found, "primary_topic": primary_topic, "linked_from_article": links_in,
               "links_to_article": links_out, "context_words": sorted(words & article_words)[:8]}
        return _Choice(query, page, item, min(confidence, 0.99), why, kind=found)

    def _candidate(self, choice: _Choice, labels: Mapping[str, str], context: LookupContext) -> Candidate:
        item, page, kind = choice.item, choice.page, choice.kind or _kind(choice.query)
        as_of = context.as_of
        facts: list[Fact] = []
        roles: list[str] = []
        if kind == "person":
            roles, former = wd.roles_as_of(item, as_of, labels)
            party = wd.value_as_of(item, "P102", as_of) or next(iter(wd.item_values(item, "P102")), None)
            if party and labels.get(party):
                facts.append(Fact("Party", labels[party]))
            citizenship = wd.join_labels(wd.item_values(item, "P27"), labels, 2)
            if citizenship:
                facts.append(Fact("Citizenship", citizenship))
            if former:
                facts.append(Fact("Earlier positions", "; ".join(former)))
        elif kind == "organization":
            what = wd.join_labels(wd.item_values(item, "P31"), labels, 2)
            if what:
                facts.append(Fact("Type", what))
            country = wd.join_labels(wd.item_values(item, "P17"), labels, 1)
            if country:
                facts.append(Fact("Country", country))
            for prop, title in (("P488", "Chair"), ("P169", "Chief executive"), ("P6", "Head of government"), ("P35", "Head of state")):
                leader = wd.value_as_of(item, prop, as_of)
                if leader and labels.get(leader):
                    facts.append(Fact(f"{title} (as of {as_of.isoformat()})", labels[leader]))
        else:
            what = wd.join_labels(wd.item_values(item, "P31"), labels, 2)
            if what:
                facts.append(Fact("Type", what))
            for prop, title in (("P17", "Country"), ("P131", "Located in")):
                value = wd.join_labels(wd.item_values(item, prop), labels, 1)
                if value and value != wd.label_of(item):
                    facts.append(Fact(title, value))
            people = wd.population(item, as_of)
            if people:
                facts.append(Fact("Population (Wikidata)", f"{people[0]:,}" + (f" ({people[1]})" if people[1] else "")))
        if context.as_of_is_today:
            facts.append(Fact("As of", f"{as_of.isoformat()}, today: the article has no date"))
        retrieved = date.today().isoformat()
        qid = item["id"]
        sources = [Source(f"Wikipedia: {page.title}", page.url or f"{self.settings.wikipedia_url}/wiki/{page.title.replace(' ', '_')}", retrieved),
                   Source(f"Wikidata: {wd.label_of(item) or qid} ({qid})", f"https://www.wikidata.org/wiki/{qid}", retrieved)]
        description = page.description or wd.description_of(item)
        note = Note(
            description=description[:1].upper() + description[1:],
            summary=_summary(page.extract),
            as_of=as_of.isoformat(),
            roles=tuple(roles),
            other_names=(),
            perspectives=(),
            image=page.thumbnail,
            sources=tuple(sources),
            facts=tuple(facts),
        )
        return Candidate(id=f"wikidata:{qid}", kind=kind, label=wd.label_of(item) or page.title,
                         confidence=round(choice.confidence, 3), note=note, provider=self.name,
                         debug=choice.why if context.debug else None)


def _kind(query: EntityQuery) -> str | None:
    if query.kind in ("person", "place", "organization"):
        return query.kind
    return _NER_KIND.get(query.ner_label)


def _name(query: EntityQuery) -> str:
    """The name to look up: the article's fullest form (a glossary label is our wording, not a title)."""
    return query.surface_forms[0] if query.glossary_id and query.surface_forms else query.label


def _summary(extract: str) -> str:
    """One or two sentences, never cut mid-word."""
    text = " ".join(extract.split())
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    summary = " ".join(sentences[:2])
    return summary if len(summary) <= 400 else summary[:397].rsplit(" ", 1)[0] + "…"


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
