"""Grouped mentions -> entities with notes: ask the providers, decide, merge, score.

Every provider sees every entity at once. For each entity the curated glossary speaks first
(its id and perspectives win), then the most confident other source; a place that is also a
disputed term gets one entity with both the place facts and the perspectives. Below the
confidence bar an entity keeps its mentions but gets no note: a wrong note is worse than none.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Mapping, Sequence

from .errors import ProviderError
from .knowledge.base import Candidate, EntityQuery, LookupContext, Provider
from .knowledge.breaker import Breakers, SourceBreaker
from .knowledge.glossary import Glossary, GlossaryEntry
from .knowledge.places import PlaceProvider
from .mentions import MentionGroup
from .model import Entity, Note
from .phrases import normalize_phrase

log = logging.getLogger(__name__)

#: Which source's note leads when several know an entity (lower first).
_PROVIDER_RANK = {"glossary": 0, "wikimedia": 1, "geonames": 2}


@dataclass(frozen=True)
class LinkResult:
    entities: tuple[Entity, ...]
    providers: tuple[str, ...]
    degraded_reason: str | None


def build_queries(groups: Sequence[MentionGroup]) -> list[EntityQuery]:
    return [
        EntityQuery(
            key=g.key,
            label=g.label,
            surface_forms=tuple(sorted(g.surface_forms, key=len, reverse=True)),
            kind=g.kind,
            ner_label=g.ner_label,
            contexts=tuple(g.contexts),
            glossary_id=g.glossary_id,
            count=len(g.mentions),
            titles=tuple(g.titles),
            spotted=g.spotted,
        )
        for g in groups
    ]


def link_entities(
    groups: Sequence[MentionGroup],
    providers: Sequence[Provider],
    context: LookupContext,
    *,
    glossary: Glossary,
    places: PlaceProvider,
    min_confidence: float,
    breakers: Breakers | None = None,
    suppressed: frozenset[str] = frozenset(),
) -> LinkResult:
    """Ask every provider about every group and turn the groups into entities.

    An online provider whose circuit ``breakers`` hold open is not asked: the entities keep what
    the offline sources know, and the degraded reason says when the source will be tried again.
    The request that probes it after the cool-down waits ``probe_wait`` for it at most.
    A candidate whose id is in ``suppressed`` (a link a self-hoster has turned off after
    readers reported it) is dropped, as if its source had not known the entity.
    """
    return link_many([(groups, context, suppressed)], providers, glossary=glossary, places=places,
                     min_confidence=min_confidence, breakers=breakers)[0]


@dataclass
class _Linking:
    """One article on its way through the providers."""

    groups: Sequence[MentionGroup]
    context: LookupContext
    suppressed: frozenset[str]
    queries: list[EntityQuery]
    answers: dict[str, list[Candidate]] = field(default_factory=dict)
    used: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def link_many(
    batch: Sequence[tuple[Sequence[MentionGroup], LookupContext] | tuple[Sequence[MentionGroup], LookupContext, frozenset[str]]],
    providers: Sequence[Provider],
    *,
    glossary: Glossary,
    places: PlaceProvider,
    min_confidence: float,
    breakers: Breakers | None = None,
) -> list[LinkResult]:
    """:func:`link_entities` for many articles at once (``(groups, context[, suppressed])`` each).

    A provider with ``lookup_many([(queries, context), …]) -> [{key: Candidate}, …]``
    (Wikimedia) answers all the articles in one go, so its requests are shared across them;
    the others are asked article by article. A source's circuit breaker decides once for the
    batch, and one failure of a shared lookup degrades every article of the batch.
    """
    articles = []
    for item in batch:
        groups, context = item[0], item[1]
        suppressed = item[2] if len(item) > 2 else frozenset()
        queries = build_queries(groups)
        articles.append(_Linking(groups, context, suppressed, queries, {q.key: [] for q in queries}))
    for provider in providers:
        todo = [a for a in articles if not (provider.online and a.context.offline)]
        if not todo:
            continue
        breaker = breakers.get(provider.name) if breakers is not None and provider.online else None
        admitted = breaker.admit() if breaker is not None else "call"
        if admitted == "skip":
            for article in todo:
                article.failures.append(breaker.skip_reason())
            continue
        if admitted == "probe":
            probe = breakers.probe(partial(_ask, provider, todo, breaker))
            try:
                found = probe.result(timeout=breakers.probe_wait)
            except FutureTimeout:
                for article in todo:
                    article.failures.append(breaker.skip_reason(probing=True))
                continue
        else:
            found = _ask(provider, todo, breaker)
        for article, (answer, failure) in zip(todo, found):
            if failure:
                article.failures.append(failure)
            article.used.append(provider.name)
            for key, candidate in answer.items():
                if key in article.answers and candidate.id not in article.suppressed:
                    article.answers[key].append(candidate)
    return [_entities(article, glossary, places, min_confidence) for article in articles]


def _entities(article: _Linking, glossary: Glossary, places: PlaceProvider, min_confidence: float) -> LinkResult:
    entities: dict[str, Entity] = {}
    for group, query in zip(article.groups, article.queries):
        entity = _decide(group, article.answers[query.key], article.context, glossary, places, min_confidence)
        if entity is None:
            continue
        if entity.id in entities:  # "Biden" and "Joe Biden" grouped apart but linked to one item
            entities[entity.id] = _merge_entities(entities[entity.id], entity)
        else:
            entities[entity.id] = entity
    ordered = sorted(entities.values(), key=lambda e: e.mentions[0].start)
    return LinkResult(tuple(ordered), tuple(article.used), "; ".join(article.failures) or None)


def _ask(provider: Provider, articles: Sequence[_Linking],
         breaker: SourceBreaker | None) -> list[tuple[Mapping[str, Candidate], str | None]]:
    """Each article's answer from one provider and, when it failed, why; the outcome counts once
    on the provider's breaker. Several articles go to ``lookup_many`` when the provider has it
    (one failure then fails them all); otherwise each is asked on its own."""
    # A budget that an earlier source used up says nothing about this one.
    counts = max(a.context.remaining() for a in articles) > 0.1
    many = getattr(provider, "lookup_many", None)
    answers: list[tuple[Mapping[str, Candidate], str | None]] = []
    error: ProviderError | None = None
    try:
        if callable(many) and len(articles) > 1:
            try:
                answers = [(found, None) for found in many([(a.queries, a.context) for a in articles])]
            except ProviderError as exc:
                error = exc
                answers = [({}, f"{provider.name}: {exc}") for _ in articles]
        else:
            for article in articles:
                try:
                    answers.append((provider.lookup(article.queries, article.context), None))
                except ProviderError as exc:
                    error = error or exc
                    answers.append((exc.partial, f"{provider.name}: {exc}"))
    except Exception as exc:  # a broken provider must never break the annotation
        log.exception("provider %s failed", provider.name)
        if breaker is not None:
            breaker.abandon()  # a bug of ours on one article is not an outage of the source
        done = len(answers)
        return answers + [({}, f"{provider.name}: unexpected {type(exc).__name__}") for _ in articles[done:]]
    if breaker is not None:
        if error is None:
            breaker.record(None)
        elif counts:
            breaker.record(error)
        else:
            breaker.abandon()
    return answers


def _decide(
    group: MentionGroup,
    candidates: list[Candidate],
    context: LookupContext,
    glossary: Glossary,
    places: PlaceProvider,
    min_confidence: float,
) -> Entity | None:
    confident = sorted(
        (c for c in candidates if c.confidence >= min_confidence),
        key=lambda c: (_PROVIDER_RANK.get(c.provider, 5), -c.confidence),
    )
    # A source may know that the name is something no note is about (a planet, a tournament,
    # a stock index): the encyclopaedia's sense of a name beats a gazetteer's namesake town
    # ("Jupiter" in a science story is not Jupiter, Florida); unless a curated or encyclopaedic
    # source knows a person, organisation or place by it, the "entity" was a false detection.
    verdicts = [c for c in confident if c.kind == "nonentity"]
    # Where the encyclopaedia knows several places of the name that the article does not tell
    # apart ("New York": the city or the state), the gazetteer, which may hold only one of them
    # ("New York" is the state there; the city is "New York City"), must not pick one.
    ambiguous = any(c.ambiguous for c in candidates)
    confident = [c for c in confident if c.kind != "nonentity" and not ((verdicts or ambiguous) and c.provider == "geonames")]
    if verdicts and not confident:
        return None
    debug = None
    if context.debug:
        debug = {
            "group": group.key,
            "ner_label": group.ner_label,
            "candidates": [
                {"id": c.id, "provider": c.provider, "confidence": c.confidence, "why": dict(c.debug or {})}
                for c in candidates
            ],
            "min_confidence": min_confidence,
        }
    mentions = tuple(sorted(group.mentions, key=lambda m: m.start))
    if not confident and group.spotted:
        return None  # a capitalised run that no source recognised as a name: not an entity
    if not confident:
        if debug is not None:
            debug["decision"] = "no candidate above the confidence bar: no note"
        return Entity(
            id=f"local:{group.kind}:{_slug(group.label)}",
            kind=group.kind,
            label=group.label,
            confidence=_detection_confidence(group),
            note=None,
            mentions=mentions,
            debug=debug,
        )
    primary = confident[0]
    note = primary.note
    entry = glossary.entries.get(group.glossary_id or "") if primary.provider == "glossary" else None
    for other in confident[1:]:
        if _compatible(primary, other, entry):
            note = merge_notes(note, other.note)
    if entry is not None and entry.geonames_id:
        # The curated link to the gazetteer, whatever the name lookup found.
        place = places.place_by_id(entry.geonames_id)
        if place is not None:
            note = merge_notes(note, places.note(place, context.as_of))
    if debug is not None:
        debug["decision"] = f"{primary.id} from {primary.provider} (confidence {primary.confidence})"
    return Entity(
        id=primary.id,
        kind=primary.kind if primary.kind in ("person", "place", "organization", "term") else group.kind,
        label=primary.label,
        confidence=round(primary.confidence, 3),
        note=note,
        mentions=mentions,
        debug=debug,
    )


def _compatible(primary: Candidate, other: Candidate, entry: GlossaryEntry | None) -> bool:
    """Whether ``other`` surely describes the same thing, so its facts may join the note."""
    if other.provider == primary.provider or other.kind != primary.kind:
        return False
    if entry is not None:
        # "Gaza" the Strip must not borrow the facts of Gaza City: gazetteer facts come only
        # through the entry's curated geonames_id; an encyclopaedia entry only under a curated name.
        if other.provider == "geonames":
            return False
        names = {normalize_phrase(v) for v in (*entry.variants, entry.label)}
        return normalize_phrase(other.label) in names
    # An encyclopaedia note already covers what the gazetteer knows.
    return other.provider != "geonames"


def merge_notes(primary: Note, extra: Note) -> Note:
    """``primary`` with what ``extra`` adds; the primary source's wording always leads."""
    sources = list(primary.sources)
    for source in extra.sources:
        if all(s.url != source.url for s in sources):
            sources.append(source)
    facts = list(primary.facts)
    for fact in extra.facts:
        if all(f.label != fact.label for f in facts):
            facts.append(fact)
    languages = dict(primary.languages)
    if not primary.summary and extra.summary and extra.lang != primary.lang:
        languages["summary"] = extra.languages.get("summary", extra.lang)
    return replace(
        primary,
        languages=languages,
        description=primary.description or extra.description,
        summary=primary.summary or extra.summary,
        roles=primary.roles or extra.roles,
        other_names=primary.other_names or extra.other_names,
        perspectives=primary.perspectives or extra.perspectives,
        image=primary.image or extra.image,
        sources=tuple(sources),
        facts=tuple(facts),
    )


def _merge_entities(first: Entity, second: Entity) -> Entity:
    mentions = tuple(sorted({(m.start, m.end): m for m in first.mentions + second.mentions}.values(), key=lambda m: m.start))
    label = first.label if len(first.label) >= len(second.label) else second.label
    return replace(first, mentions=mentions, label=label, confidence=max(first.confidence, second.confidence))


def _detection_confidence(group: MentionGroup) -> float:
    """How sure we are that the mentions name one real entity (not which one it is)."""
    score = 0.5 + 0.1 * min(len(group.mentions), 3) + (0.1 if " " in group.label else 0.0)
    return round(min(score, 0.9), 3)


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-") or "entity"
