"""The output types: what an annotation holds, and its JSON form.

These names and fields are the contract the context server and the browser extension read;
``data/annotation.schema.json`` describes the same JSON and tests validate every output
against it. Add fields if needed; never rename or remove one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

EntityKind = Literal["person", "place", "organization", "term"]
ENTITY_KINDS: tuple[str, ...] = ("person", "place", "organization", "term")


@dataclass(frozen=True)
class Source:
    """Where a note's content comes from."""

    title: str
    url: str
    #: ISO date the content was retrieved (online sources) or the data release (offline packs).
    retrieved: str | None = None


@dataclass(frozen=True)
class OtherName:
    """Another name for the same thing, and who uses it."""

    name: str
    used_by: str


@dataclass(frozen=True)
class Perspective:
    """A view on a contested matter, always attributed to who holds it."""

    holder: str
    view: str


@dataclass(frozen=True)
class Fact:
    """One labelled fact for display ("Country" → "Israel", "Population" → "9,364,000")."""

    label: str
    value: str


@dataclass(frozen=True)
class Note:
    """Background on an entity, as of a date, with its sources."""

    description: str
    summary: str = ""
    #: The date the note speaks for (ISO): the article's date when known, else today.
    as_of: str | None = None
    #: Roles/positions at ``as_of``, human-readable ("Secretary of State of the United States
    #: (since 2021-01-26)").
    roles: tuple[str, ...] = ()
    other_names: tuple[OtherName, ...] = ()
    perspectives: tuple[Perspective, ...] = ()
    image: str | None = None
    sources: tuple[Source, ...] = ()
    facts: tuple[Fact, ...] = ()
    #: Language (BCP 47 primary subtag) the note is written in: the reader's language when
    #: its name, description or summary could be had in it, else English.
    lang: str = "en"
    #: The entity's name in ``lang``, when the source has one (clients show it instead of the label).
    label: str | None = None
    #: The language of each part that can differ from ``lang`` ("label", "description",
    #: "summary", "perspectives", "facts"): notes fall back to English part by part.
    languages: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mention:
    """One occurrence in ``article.text``; ``text[start:end] == exact`` always holds."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Entity:
    """One person, place, organisation or term, with all its mentions in the article."""

    id: str
    kind: str
    label: str
    confidence: float
    note: Note | None
    mentions: tuple[Mention, ...]
    #: Why the linker chose this entity (only with ``debug_linking``).
    debug: dict[str, Any] | None = None


@dataclass(frozen=True)
class Article:
    """The extracted article; ``text`` is exactly what mention offsets refer to."""

    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    site: str | None = None
    language: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Meta:
    version: str
    glossary_version: str
    providers: tuple[str, ...]
    degraded: bool = False
    degraded_reason: str | None = None
    #: "article" when notes speak for the article's date, "today" when it had none.
    as_of_source: str = "article"
    #: The language the notes were asked for (``lang``); each note says what it got.
    lang: str = "en"
    timings_ms: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Annotation:
    """An article, its entities with notes, and how they were made."""

    article: Article
    entities: tuple[Entity, ...]
    meta: Meta

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract as plain Python data."""
        data = _plain(asdict(self))
        for entity in data["entities"]:
            if entity.get("debug") is None:
                entity.pop("debug", None)
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_w3c(self) -> list[dict[str, Any]]:
        """W3C Web Annotation JSON-LD, one annotation per mention."""
        from .export import to_w3c

        return to_w3c(self)

    def to_html(self) -> str:
        """The article as a self-contained HTML page with inline, hoverable notes."""
        from .export import to_html

        return to_html(self)

    def to_text(self) -> str:
        """A readable plain-text rendering of the notes, for terminals."""
        from .export import to_text

        return to_text(self)


def _plain(value: Any) -> Any:
    """Tuples (immutable in our types) become JSON arrays."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@lru_cache(maxsize=1)
def annotation_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`Annotation.to_dict` output."""
    text = resources.files("contextlib_news").joinpath("data/annotation.schema.json").read_text("utf-8")
    return json.loads(text)


def validate_annotation(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``data`` follows the contract."""
    import jsonschema

    jsonschema.validate(data, annotation_schema(), cls=jsonschema.Draft202012Validator)
