"""Our gold set: which entities a reader would want a note on, in corpus articles, and scoring.

Eight files (format in bench/README.md): ``gold/mentions.json``, the 20 pages we tuned detection
and linking on; ``gold/heldout.json``, 20 pages annotated blind, measured once blind and then tuned
on too; ``gold/fresh.json`` … ``gold/fresh5.json``, 12 more each annotated the same way; and
``gold/heldout2.json``, the held-out pages never used for tuning. Every entity is ``[kind,
[forms…], qid or null]``; null means no Wikipedia article exists for it (a private person), so the
right outcome is no note. An optional fourth element lists other items a note may rightly be about
(the place or university whose name a sports story uses for its team). The fake Wikimedia data for
these pages lives in ``tests/fakewiki/gold/`` (real titles, namesakes, redirects and class ids as
Wikipedia and Wikidata have them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

HERE = Path(__file__).resolve().parent
#: Which gold files make which split. The first held-out set (heldout.json) and the fresh pages
#: (fresh.json … fresh5.json) were measured blind once and then used for tuning too;
#: heldout2.json has never been looked at while tuning.
SPLITS = {"tuned": (HERE / "gold" / "mentions.json", HERE / "gold" / "heldout.json", HERE / "gold" / "fresh.json",
                    HERE / "gold" / "fresh2.json", HERE / "gold" / "fresh3.json", HERE / "gold" / "fresh4.json",
                    HERE / "gold" / "fresh5.json"),
          "held-out": (HERE / "gold" / "heldout2.json",)}
HELD_OUT = "held-out"
FAKE_DATA = HERE.parent / "tests" / "fakewiki" / "gold"
_TITLES = re.compile(r"^(mr|mrs|ms|dr|gov|rep|sen|president|prime minister|the)\.?\s+", re.I)


@dataclass(frozen=True)
class GoldEntity:
    kind: str
    forms: frozenset[str]
    qid: str | None
    #: Other items a note may rightly be about: the place or university whose name the article
    #: uses for its team ("Wisconsin" for the Badgers) — a note on it is true there.
    also: frozenset[str] = frozenset()


@dataclass(frozen=True)
class GoldPage:
    prefix: str
    split: str
    text: str
    entities: tuple[GoldEntity, ...]
    #: The page's publication date as our extraction reads it from the HTML (None if it has none).
    published: str | None = None


def norm(name: str) -> str:
    """The form in which a system mention and a gold form count as the same name."""
    return _TITLES.sub("", " ".join(name.replace("\u2019", "'").split())).casefold()


def load(pages: Iterable[tuple[str, str, dict]]) -> list[GoldPage]:
    """The gold pages present in the corpus, each with the benchmark's own article text and
    the date the page gives (notes speak for that date)."""
    from contextlib_news.errors import ContextError
    from contextlib_news.extract import extract_article

    by_prefix = {sha[:10]: (html, truth) for sha, html, truth in pages}
    found: list[GoldPage] = []
    for split, paths in SPLITS.items():
        for path in (p for p in paths if p.exists()):
            for prefix, entities in json.loads(path.read_text(encoding="utf-8"))["pages"].items():
                html, truth = by_prefix.get(prefix, ("", {}))
                if not truth.get("articleBody"):
                    continue
                try:
                    published = extract_article(html, url=truth.get("url")).published
                except ContextError:
                    published = None
                gold = tuple(GoldEntity(e[0], frozenset(norm(f) for f in e[1]), e[2] if len(e) > 2 else None,
                                        frozenset(e[3]) if len(e) > 3 else frozenset()) for e in entities)
                found.append(GoldPage(prefix, split, truth["articleBody"], gold, published))
    return found


@dataclass
class DetectionScore:
    """Entity-level precision, recall and kind accuracy, summed over pages."""

    system: int = 0
    system_right: int = 0
    gold: int = 0
    gold_found: int = 0
    kind_right: int = 0

    def add(self, system: list[tuple[str, set[str]]], gold: Iterable[GoldEntity]) -> None:
        gold = list(gold)
        self.system += len(system)
        self.gold += len(gold)
        self.system_right += sum(1 for _, names in system if any(names & g.forms for g in gold))
        for entity in gold:
            kinds = [kind for kind, names in system if names & entity.forms]
            if kinds:
                self.gold_found += 1
                self.kind_right += entity.kind in kinds

    def summary(self) -> dict:
        precision = self.system_right / self.system if self.system else 0.0
        recall = self.gold_found / self.gold if self.gold else 0.0
        return {"precision": round(precision, 3), "recall": round(recall, 3),
                "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
                "kind_accuracy_on_matches": round(self.kind_right / self.gold_found, 3) if self.gold_found else 0.0,
                "gold_entities": self.gold, "system_entities": self.system}


def system_entities(annotation) -> list[tuple[str, set[str]]]:
    """(kind, normalised names) of every entity the annotation found."""
    return [(e.kind, {norm(m.exact) for m in e.mentions} | {norm(e.label)}) for e in annotation.entities]
