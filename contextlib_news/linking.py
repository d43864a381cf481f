"""Grouped mentions -> entities with notes: ask the providers, decide, merge, score.

Every provider sees every entity at once. For each entity the curated glossary speaks first
(its id and perspectives win), then the most confident other source; a place that is also a
disputed term gets one entity with both the place facts and the perspectives. Below the
confidence bar an entity keeps its mentions but gets no note: a wrong note is worse than none.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Sequence

from .errors import ProviderError
from .knowledge.base import Candidate, EntityQuery, LookupContext, Provider
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
) -> LinkResult:
    """Ask every provider about every group and turn the groups into entities."""
    queries = build_queries(groups)
    answers: dict[str, list[Candidate]] = {q.key: [] for q in queries}
    used: list[str] = []
    failures: list[str] = []
    for provider in providers:
        if provider.online and context.offline:
            continue
        try:
            found = provider.lookup(queries, context)
        except ProviderError as exc:
            failures.append(f"{provider.name}: {exc}")
            found = exc.partial
        except Exception as exc:  # a broken provider must never break the annotation
            log.exception("provider %s failed", provider.name)
            failures.append(f"{provider.name}: unexpected {type(exc).__name__}")
            found = {}
        used.append(provider.name)
        for key, candidate in found.items():
            if key in answers:
                answers[key].append(candidate)

    entities: dict[str, Entity] = {}
    for group, query in zip(groups, queries):
        entity = _decide(group, answers[query.key], context, glossary, places, min_confidence)
        if entity.id in entities:  # "Biden" and "Joe Biden" grouped apart but linked to one item
            entities[entity.id] = _merge_entities(entities[entity.id], entity)
        else:
            entities[entity.id] = entity
    ordered = sorted(entities.values(), key=lambda e: e.mentions[0].start)
    return LinkResult(tuple(ordered), tuple(used), "; ".join(failures) or None)


# -- many articles at once (batch) ---------------------------------------------------------
def link_many(
    batch: Sequence[tuple[Sequence[MentionGroup], LookupContext]],
    providers: Sequence[Provider],
    *,
    glossary: Glossary,
    places: PlaceProvider,
    min_confidence: float,
) -> list[LinkResult]:
    """:func:`link_entities` for many articles at once.

    A provider with ``lookup_many([(queries, context), …]) -> [{key: Candidate}, …]``
    (Wikimedia) answers all the articles in one go, so its requests are shared across them;
    the others are asked article by article. A failure of ``lookup_many`` degrades every
    article of the batch. Each article's entities are then decided as :func:`link_entities` does.
    """
    queries = [build_queries(groups) for groups, _ in batch]
    answers: list[dict[str, list[Candidate]]] = [{q.key: [] for q in qs} for qs in queries]
    used: list[list[str]] = [[] for _ in batch]
    failures: list[list[str]] = [[] for _ in batch]
    for provider in providers:
        todo = [i for i, (_, context) in enumerate(batch) if not (provider.online and context.offline)]
        many = getattr(provider, "lookup_many", None)
        if callable(many) and len(todo) > 1:
            try:
                found = list(many([(queries[i], batch[i][1]) for i in todo]))
            except ProviderError as exc:
                found = [{} for _ in todo]
                for i in todo:
                    failures[i].append(f"{provider.name}: {exc}")
            except Exception as exc:  # a broken provider must never break the annotations
                log.exception("provider %s failed", provider.name)
                found = [{} for _ in todo]
                for i in todo:
                    failures[i].append(f"{provider.name}: unexpected {type(exc).__name__}")
        else:
            found = []
            for i in todo:
                try:
                    found.append(provider.lookup(queries[i], batch[i][1]))
                except ProviderError as exc:
                    failures[i].append(f"{provider.name}: {exc}")
                    found.append(exc.partial)
                except Exception as exc:
                    log.exception("provider %s failed", provider.name)
                    failures[i].append(f"{provider.name}: unexpected {type(exc).__name__}")
                    found.append({})
        for i, article_found in zip(todo, found):
            used[i].append(provider.name)
            for key, candidate in article_found.items():
                if key in answers[i]:
                    answers[i][key].append(candidate)
    results = []
    for (groups, context), article_queries, article_answers, article_used, article_failures in zip(
            batch, queries, answers, used, failures):
        entities: dict[str, Entity] = {}
        for group, query in zip(groups, article_queries):
            entity = _decide(group, article_answers[query.key], context, glossary, places, min_confidence)
            entities[entity.id] = _merge_entities(entities[entity.id], entity) if entity.id in entities else entity
        ordered = sorted(entities.values(), key=lambda e: e.mentions[0].start)
        results.append(LinkResult(tuple(ordered), tuple(article_used), "; ".join(article_failures) or None))
    return results


def _decide(
    group: MentionGroup,
    candidates: list[Candidate],
    context: LookupContext,
    glossary: Glossary,
    places: PlaceProvider,
    min_confidence: float,
) -> Entity:
    confident = sorted(
        (c for c in candidates if c.confidence >= min_confidence),
        key=lambda c: (_PROVIDER_RANK.get(c.provider, 5), -c.confidence),
    )
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
    return replace(
        primary,
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
