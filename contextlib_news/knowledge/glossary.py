"""The glossary of disputed terms: loading, matching in text, and notes.

Entries live in ``contextlib_news/data/glossary/*.json`` (one file per conflict or debate);
a newsroom adds or overrides entries with its own files (setting ``glossary``). Matching is
whole-word, longest match first, case-sensitive for proper nouns, and tolerant of the
typographic variants news sites use (curly apostrophes, non-breaking hyphens, dashes).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ..errors import GlossaryError
from ..model import Fact, Note, OtherName, Perspective, Source
from ..phrases import PhraseIndex, PhraseMatch, normalize_phrase
from .base import Candidate, EntityQuery, LookupContext

def normalize_term(text: str) -> str:
    """The form in which two variants count as the same (see :func:`normalize_phrase`)."""
    return normalize_phrase(text)


@dataclass(frozen=True)
class GlossaryTranslation:
    """An entry's wording in another language; any part may be missing (English is used then).

    ``perspectives`` follow the English ones in order, each still naming who holds the view.
    """

    label: str | None = None
    description: str | None = None
    perspectives: tuple[Perspective, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "GlossaryTranslation":
        return cls(
            label=str(data["label"]) if data.get("label") else None,
            description=str(data["description"]) if data.get("description") else None,
            perspectives=tuple(Perspective(str(v["holder"]), str(v["view"])) for v in data.get("views", [])),
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.label:
            data["label"] = self.label
        if self.description:
            data["description"] = self.description
        if self.perspectives:
            data["views"] = [{"holder": p.holder, "view": p.view} for p in self.perspectives]
        return data


@dataclass(frozen=True)
class GlossaryEntry:
    """One disputed term, as curated."""

    id: str
    label: str
    kind: str
    entity_kind: str
    variants: tuple[str, ...]
    case_sensitive: bool
    description: str
    other_names: tuple[OtherName, ...]
    perspectives: tuple[Perspective, ...]
    status: tuple[tuple[str, str], ...]
    sources: tuple[Source, ...]
    geonames_id: int | None = None
    conflict: str = ""
    conflict_label: str = ""
    #: (language, wording) pairs: the entry in other languages, each part optional.
    translations: tuple[tuple[str, GlossaryTranslation], ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any], conflict: Mapping[str, Any]) -> "GlossaryEntry":
        try:
            return cls(
                id=str(data["id"]),
                label=str(data["label"]),
                kind=str(data["kind"]),
                entity_kind=str(data.get("entity_kind", "term")),
                variants=tuple(str(v) for v in data["variants"]),
                case_sensitive=bool(data.get("case_sensitive", True)),
                description=str(data["description"]),
                other_names=tuple(OtherName(str(o["name"]), str(o["used_by"])) for o in data.get("other_names", [])),
                perspectives=tuple(Perspective(str(p["holder"]), str(p["view"])) for p in data.get("perspectives", [])),
                status=tuple((str(s["date"]), str(s["change"])) for s in data.get("status", []) or []),
                sources=tuple(Source(str(s["title"]), str(s["url"]), None) for s in data["sources"]),
                geonames_id=int(data["geonames_id"]) if data.get("geonames_id") else None,
                conflict=str(conflict.get("id", "")),
                conflict_label=str(conflict.get("label", "")),
                translations=tuple((str(lang), GlossaryTranslation.from_json(t))
                                   for lang, t in sorted((data.get("translations") or {}).items())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise GlossaryError(f"glossary entry {data.get('id', '?')!r} is malformed: {exc!r}") from exc

    def to_json(self) -> dict[str, Any]:
        """The entry in the glossary file format (plus its conflict), for listings."""
        data: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "entity_kind": self.entity_kind,
            "conflict": {"id": self.conflict, "label": self.conflict_label},
            "variants": list(self.variants),
            "case_sensitive": self.case_sensitive,
            "description": self.description,
            "other_names": [{"name": o.name, "used_by": o.used_by} for o in self.other_names],
            "perspectives": [{"holder": p.holder, "view": p.view} for p in self.perspectives],
            "status": [{"date": d, "change": c} for d, c in self.status],
            "sources": [{"title": s.title, "url": s.url} for s in self.sources],
        }
        if self.geonames_id:
            data["geonames_id"] = self.geonames_id
        if self.translations:
            data["translations"] = {lang: t.to_json() for lang, t in self.translations}
        return data

    def translation(self, language: str) -> GlossaryTranslation | None:
        return next((t for lang, t in self.translations if lang == language), None)

    def note(self, as_of: date, language: str = "en") -> Note:
        """The entry as a note for an article of date ``as_of``, in ``language`` where it has
        been translated (each part falls back to English on its own)."""
        facts = [Fact("Debate", self.conflict_label)] if self.conflict_label else []
        for when, change in self.status:
            later = when[:10] > as_of.isoformat()
            facts.append(Fact(when, change + (" (after this article)" if later else "")))
        translated = self.translation(language) if language != "en" else None
        label = description = perspectives = None
        languages: dict[str, str] = {}
        if translated is not None:
            label, description = translated.label, translated.description
            # Views are translated together or not at all, so no holder is left out.
            if len(translated.perspectives) == len(self.perspectives):
                perspectives = translated.perspectives
            languages = {"label": language if label else "en", "description": language if description else "en",
                         "perspectives": language if perspectives else "en", "other_names": "en", "facts": "en"}
        return Note(
            description=description or self.description,
            summary="",
            as_of=as_of.isoformat(),
            roles=(),
            other_names=self.other_names,
            perspectives=perspectives or self.perspectives,
            image=None,
            sources=self.sources,
            facts=tuple(facts),
            lang=language if (label or description or perspectives) else "en",
            label=label,
            languages=languages,
        )


class Glossary:
    """All entries, their version, and a fast matcher over article text."""

    def __init__(self, entries: Iterable[GlossaryEntry], version: str) -> None:
        loaded = list(entries)
        self.entries: dict[str, GlossaryEntry] = {}
        for entry in loaded:
            self.entries[entry.id] = entry  # later files override earlier ones by id
        self.version = version
        # A later file (a newsroom's) may take a variant over from an earlier entry, so each
        # normalised variant is indexed once, for the last entry in load order that claims it.
        owner: dict[str, tuple[GlossaryEntry, str]] = {}
        for entry in loaded:
            if self.entries[entry.id] is entry:
                for variant in entry.variants:
                    # "Hamas" and "HAMAS" are two forms of a proper noun; "militant" any case is one.
                    owner[normalize_phrase(variant) + ("\0" + variant if entry.case_sensitive else "")] = (entry, variant)
        self._index = PhraseIndex()
        for entry, variant in owner.values():
            # Common nouns ("militant", "eviction") also match their plural.
            common = not entry.case_sensitive and variant.islower()
            self._index.add(variant, entry.id, case_sensitive=entry.case_sensitive, plurals=common)

    def find(self, text: str) -> list[PhraseMatch]:
        """Every glossary term in ``text``, non-overlapping, longest match first; ``key`` is the entry id."""
        return self._index.find(text)

    def __len__(self) -> int:
        return len(self.entries)


def bundled_glossary_files() -> list[Path]:
    """The glossary files shipped with the package, in load order."""
    folder = Path(str(resources.files("contextlib_news").joinpath("data/glossary")))
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith(".json"))


def load_glossary(extra_files: Sequence[str | Path] = ()) -> Glossary:
    """Load the bundled glossary plus a newsroom's own files (which override by id)."""
    files = bundled_glossary_files() + [Path(f) for f in extra_files]
    entries: list[GlossaryEntry] = []
    digest = hashlib.sha256()
    for path in files:
        try:
            raw = path.read_bytes()
            data = json.loads(raw)
        except OSError as exc:
            raise GlossaryError(f"cannot read glossary file {path}: {exc.strerror or exc}") from exc
        except json.JSONDecodeError as exc:
            raise GlossaryError(f"glossary file {path} is not valid JSON: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            raise GlossaryError(f"glossary file {path} must be an object with an 'entries' array")
        digest.update(path.name.encode() + b"\0" + raw)
        conflict = data.get("conflict") or {}
        entries.extend(GlossaryEntry.from_json(item, conflict) for item in data["entries"])
    if extra_files:
        _validate_newsroom_files(files, len(files) - len(extra_files))
    return Glossary(entries, version=digest.hexdigest()[:12])


def _validate_newsroom_files(files: Sequence[Path], bundled_count: int) -> None:
    """A newsroom's files pass the same checks as ours, or the glossary does not load."""
    from .glossary_check import check_glossary

    extra = {str(path) for path in files[bundled_count:]}
    problems = [p for p in check_glossary(files, bundled_count=bundled_count) if p.split(": ", 1)[0] in extra]
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise GlossaryError(f"newsroom glossary rejected ({len(problems)} problem(s)):\n  {shown}{more}")


class GlossaryProvider:
    """Notes for glossary terms; the pipeline has already matched them in the text."""

    name = "glossary"
    online = False

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary

    def lookup(self, queries: Sequence[EntityQuery], context: LookupContext) -> dict[str, Candidate]:
        found: dict[str, Candidate] = {}
        for query in queries:
            entry = self.glossary.entries.get(query.glossary_id or "")
            if entry is None:
                continue
            found[query.key] = Candidate(
                id=f"glossary:{entry.id}",
                kind=entry.entity_kind,
                label=entry.label,
                confidence=0.95,
                note=entry.note(context.as_of, context.reader_language),
                provider=self.name,
                debug={"matched": "curated glossary variant", "forms": list(query.surface_forms)} if context.debug else None,
            )
        return found
