"""Checks that keep the glossary trustworthy: schema, sources, attribution, unambiguous variants.

The same checks run in CI over the bundled files (``contextlib-news glossary check``) and at
start-up over a newsroom's own files, so a broken or one-sided entry never reaches a reader.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..phrases import normalize_phrase

#: Holders that attribute a view to nobody in particular.
_VAGUE_HOLDERS = {"some", "others", "many", "unknown", "n/a", "various", "people", "everyone", "someone", "it", "they"}

#: Words that show a view is reported as somebody's, not asserted: "Israel *considers*…",
#: "*according to* the UN…". A view with none of them must at least name its holder.
_ATTRIBUTION = re.compile(
    r"\b(accord(?:ing|s)? to|consider|regard|say|said|argue|call|describe|view|hold|maintain|claim|see|saw|"
    r"reject|recogni[sz]e|use|prefer|advise|recommend|designate|accuse|den(?:y|ies|ied)|insist|contend|assert|"
    r"seek|sought|support|oppose|dispute|condemn|characteri[sz]e|refer|frame|label|want|demand|favou?r|"
    r"treat|deem|rule|find|found|believe|stress|emphasi[sz]e|object|protest|reserve|avoid|guid|insist|"
    r"acknowledge|affirm|declare|speak|write|wrote|chose|choose|adopt|permit|allow|forbid|classif|refus|resist|"
    r"determin|charge|convict|credit|listed|redesignat|conclud|document|report|judg|recogni)\w*",
    re.IGNORECASE,
)
_STOPWORDS = {"the", "and", "of", "for", "its", "their", "most", "some", "many", "in", "on", "a", "an", "by", "to", "with"}


@dataclass(frozen=True)
class _Source:
    """A glossary file with its parsed content (or the reason it has none)."""

    path: Path
    data: Any
    bundled: bool


@lru_cache(maxsize=1)
def glossary_schema() -> dict[str, Any]:
    """The JSON Schema of a glossary file (``contextlib_news/data/glossary.schema.json``)."""
    text = resources.files("contextlib_news").joinpath("data/glossary.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def check_glossary(paths: Sequence[str | Path], *, bundled_count: int | None = None,
                   check_places: bool = True) -> list[str]:
    """Every problem in the glossary made of ``paths`` (in load order), as readable lines; empty when sound.

    The first ``bundled_count`` paths (default: the bundled files) must never share a variant
    or an id; a later file (a newsroom's) may override an earlier entry by id or take over one
    of its variants, but not claim a variant twice itself.
    """
    from .glossary import bundled_glossary_files

    if bundled_count is None:
        bundled = {p.resolve() for p in bundled_glossary_files()}
        bundled_count = sum(1 for p in paths if Path(p).resolve() in bundled)
    sources: list[_Source] = []
    problems: list[str] = []
    for index, path in enumerate(Path(p) for p in paths):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            problems.append(f"{path}: cannot read: {exc.strerror or exc}")
            continue
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{path}: not valid JSON: {exc}")
            continue
        sources.append(_Source(path, data, index < bundled_count))
    for source in sources:
        problems.extend(_schema_problems(source))
    valid = [s for s in sources if not any(p.startswith(f"{s.path}: schema") for p in problems)]
    for source in valid:
        for entry in source.data["entries"]:
            problems.extend(f"{source.path}: {entry['id']}: {p}" for p in entry_problems(entry))
    problems.extend(_collision_problems(valid))
    if check_places:
        problems.extend(_place_problems(valid))
    return problems


def entry_problems(entry: dict[str, Any]) -> list[str]:
    """What is wrong with one (schema-valid) entry beyond its shape."""
    problems: list[str] = []
    if len({s["url"] for s in entry["sources"]}) < 2:
        problems.append("needs at least two different sources")
    for perspective in entry["perspectives"]:
        holder, view = perspective["holder"].strip(), perspective["view"].strip()
        if holder.casefold() in _VAGUE_HOLDERS:
            problems.append(f"perspective holder {holder!r} attributes the view to nobody in particular")
        elif not _is_attributed(holder, view):
            problems.append(f"perspective of {holder!r} is stated as fact; say who holds it: {view[:60]!r}")
    seen: dict[str, str] = {}
    for variant in entry["variants"]:
        key = normalize_phrase(variant)
        if not re.search(r"\w", key):
            problems.append(f"variant {variant!r} has no word in it")
        elif key in seen and seen[key] != variant and not _article_pair(seen[key], variant):
            problems.append(f"variants {seen[key]!r} and {variant!r} are the same term")
        seen.setdefault(key, variant)
        if entry["case_sensitive"] and not any(ch.isupper() for ch in variant):
            problems.append(f"variant {variant!r} is lowercase in a case-sensitive (proper noun) entry")
    for language, translation in (entry.get("translations") or {}).items():
        views = translation.get("views")
        if views is not None and len(views) != len(entry["perspectives"]):
            problems.append(f"translation {language!r} has {len(views)} views for {len(entry['perspectives'])} "
                            "perspectives: translate every view, in the same order, or none")
    return problems


def _article_pair(first: str, second: str) -> bool:
    """"the Gaza Strip" beside "Gaza Strip" is deliberate, not a duplicate."""
    return first.lower().removeprefix("the ") == second.lower().removeprefix("the ")


def _is_attributed(holder: str, view: str) -> bool:
    if _ATTRIBUTION.search(view):
        return True
    words = {w.casefold() for w in re.findall(r"\w{3,}", holder)} - _STOPWORDS
    lowered = view.casefold()
    return any(re.search(rf"\b{re.escape(w[:6])}", lowered) for w in words)


def _schema_problems(source: _Source) -> list[str]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(glossary_schema())
    problems = []
    for error in sorted(validator.iter_errors(source.data), key=lambda e: list(e.absolute_path)):
        where = _where(source.data, list(error.absolute_path))
        if error.validator == "minItems":
            message = f"needs at least {error.validator_value} item(s)"
        else:
            message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
        problems.append(f"{source.path}: schema: {where}: {message}")
    return problems


def _where(data: Any, path: list[Any]) -> str:
    """A JSON path that names the entry: ``entries[3] (hamas).sources``."""
    parts: list[str] = []
    node = data
    for step in path:
        if isinstance(step, int):
            label = f"[{step}]"
            if isinstance(node, list) and step < len(node) and isinstance(node[step], dict) and "id" in node[step]:
                label += f" ({node[step]['id']})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(step))
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
    return "".join(parts) or "(file)"


def _collision_problems(sources: Iterable[_Source]) -> list[str]:
    problems: list[str] = []
    id_home: dict[str, tuple[Path, bool]] = {}
    variant_home: dict[str, tuple[str, Path, bool]] = {}
    for source in sources:
        local_variants: dict[str, str] = {}
        for entry in source.data["entries"]:
            entry_id = entry["id"]
            if entry_id in id_home:
                earlier, earlier_bundled = id_home[entry_id]
                if earlier == source.path or (source.bundled and earlier_bundled):
                    problems.append(f"{source.path}: {entry_id}: id already used in {earlier.name}")
            id_home[entry_id] = (source.path, source.bundled)
            for variant in {normalize_phrase(v) for v in entry["variants"]}:
                if variant in local_variants and local_variants[variant] != entry_id:
                    problems.append(f"{source.path}: variant {variant!r} matches both {local_variants[variant]} and {entry_id}")
                local_variants[variant] = entry_id
                if variant in variant_home:
                    other_id, other_path, other_bundled = variant_home[variant]
                    # A newsroom file may take a variant over from the bundled glossary; bundled files may not clash.
                    if other_id != entry_id and other_path != source.path and source.bundled and other_bundled:
                        problems.append(
                            f"{source.path}: variant {variant!r} matches both {other_id} ({other_path.name}) and {entry_id}"
                        )
                variant_home[variant] = (entry_id, source.path, source.bundled)
    return problems


def _place_problems(sources: Iterable[_Source]) -> list[str]:
    with_places = [(s.path, e) for s in sources for e in s.data["entries"] if e.get("geonames_id")]
    if not with_places:
        return []
    from .places import gazetteer

    known = gazetteer().by_id
    return [
        f"{path}: {entry['id']}: geonames_id {entry['geonames_id']} is not in the offline gazetteer"
        for path, entry in with_places
        if int(entry["geonames_id"]) not in known
    ]


def list_glossary(extra_files: Sequence[str | Path] = ()) -> list[dict[str, Any]]:
    """Every entry of the glossary in effect (bundled plus ``extra_files``), as plain JSON objects."""
    from .glossary import load_glossary

    glossary = load_glossary(extra_files)
    return [entry.to_json() for entry in glossary.entries.values()]
