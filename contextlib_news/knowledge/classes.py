"""What kind of thing a Wikidata item is, by reasoning over its classes.

An item's ``P31`` (instance of) values are classes; classes have ``P279`` (subclass of)
parents, up to a handful of roots: human, organisation, geographic location, building, and
the many things a news note is never about (works, events, products, names, disambiguation
pages). A news agency, a broadcaster, a ministry, a militia or a football club is an
organisation because its class descends from one — not because it is on a fixed list.

The package ships the categories of the common classes (``data/wikidata_classes.json``,
each id checked against Wikidata), so most items need no walking. A class it does not know
is walked up ``P279`` through Wikidata, a level per batched request, and what is learned is
remembered for the life of the process (and cached on disk by the HTTP cache).
"""

from __future__ import annotations

import json
import threading
from importlib import resources
from typing import Any, Callable, Iterable, Mapping

from . import wikidata as wd

#: What a note can be about, and what it never is ("nonentity": works, events, names …).
CATEGORIES = ("person", "organization", "place", "building", "nonentity")
#: Which category wins when an item's classes point several ways ("Harvard" is an
#: organisation with a campus; a country is a place even if also a member of organisations).
_PRIORITY = {"person": 0, "place": 1, "building": 2, "organization": 3, "nonentity": 4}
#: How far up ``P279`` an unknown class is followed before giving up.
MAX_DEPTH = 4
#: The most general classes (entity, object, physical and abstract object, concrete object,
#: spatial entity, temporal entity): every item is one; they tell nothing about it.
ROOTS = frozenset({"Q35120", "Q488383", "Q223557", "Q7184903", "Q4406616", "Q58415929", "Q26907166"})

Fetch = Callable[[list[str]], Mapping[str, Mapping[str, Any]]]


class ClassTable:
    """Class id → category, from the bundled table and what walking ``P279`` taught."""

    def __init__(self, known: Mapping[str, str], contested: Iterable[str] = (), parents: Mapping[str, Iterable[str]] | None = None,
                 labels: Mapping[str, str] | None = None) -> None:
        self._known = dict(known)
        #: English labels of the classes, as Wikidata gives them: a note that names an item's
        #: class needs no request for it.
        self.labels: Mapping[str, str] = dict(labels or {})
        self.contested = frozenset(contested)
        # The top of the tree says nothing: walking stops there without asking for its parents.
        self._parents: dict[str, tuple[str, ...]] = {root: () for root in ROOTS}
        self._parents.update({k: tuple(v) for k, v in (parents or {}).items()})
        # What the table knew before any walk: whether a class needs one must not depend on what
        # the process has learned since (a repeated article asks for the same things, so the
        # cache answers it all). A table of its own, which never learns.
        self._bundle_known = dict(self._known)
        self._bundle_parents = dict(self._parents)
        self._pristine: ClassTable | None = None
        self._lock = threading.Lock()

    @classmethod
    def bundled(cls) -> "ClassTable":
        data = json.loads(resources.files("contextlib_news").joinpath("data/wikidata_classes.json").read_text(encoding="utf-8"))
        classes = data["classes"]
        return cls(
            {qid: row["category"] for qid, row in classes.items() if row.get("category") in CATEGORIES},
            [qid for qid, row in classes.items() if row.get("contested")],
            {qid: row.get("parents", ()) for qid, row in classes.items()},
            # Only the ids checked against several sources: a label resting on one could be
            # another item's, and a note must not print it.
            {qid: row["label"] for qid, row in classes.items() if row.get("label") and row.get("checked", True)},
        )

    def category_of(self, class_id: str) -> str | None:
        """The category of a class, following the parents learned so far; None if unknown."""
        with self._lock:
            return self._walk(class_id, set())

    def _walk(self, class_id: str, seen: set[str]) -> str | None:
        if class_id in self._known:
            return self._known[class_id]
        if class_id in seen or len(seen) > 64:
            return None
        seen.add(class_id)
        found = [c for c in (self._walk(p, seen) for p in self._parents.get(class_id, ())) if c]
        if not found:
            return None
        best = min(found, key=_PRIORITY.__getitem__)
        self._known[class_id] = best
        return best

    def unknown(self, class_ids: Iterable[str]) -> list[str]:
        """Classes whose category neither the table nor the learned parents give, and whose
        parents have not been asked for yet."""
        with self._lock:
            return sorted({c for c in class_ids if self._walk(c, set()) is None and c not in self._parents})

    def beyond_bundle(self, class_ids: Iterable[str]) -> bool:
        """Whether any of the classes takes a walk from the bundled table alone (learned or not
        yet): one it cannot place and whose parents it does not hold."""
        with self._lock:
            if self._pristine is None:
                self._pristine = ClassTable(self._bundle_known, parents=self._bundle_parents)
        return bool(self._pristine.unknown(class_ids))

    def learn(self, class_id: str, parents: Iterable[str]) -> None:
        with self._lock:
            self._parents[class_id] = tuple(parents)

    def resolve(self, class_ids: Iterable[str], fetch: Fetch, max_depth: int = MAX_DEPTH) -> None:
        """Walk unknown classes up ``P279``, one batched ``fetch`` per level."""
        frontier = self.unknown(class_ids)
        for _ in range(max_depth):
            if not frontier:
                return
            entities = fetch(frontier)
            upward: set[str] = set()
            for qid in frontier:
                parents = wd.item_values(entities.get(qid, {}), "P279")
                self.learn(qid, parents)
                upward.update(parents)
            frontier = self.unknown(upward)

    def categories(self, item: Mapping[str, Any]) -> set[str]:
        """Every category the item's ``P31`` classes give (a human is only a person)."""
        classes = wd.item_values(item, "P31")
        if wd.HUMAN in classes:
            return {"person"}
        found = {c for c in (self.category_of(q) for q in classes) if c}
        if not found:
            # Classes we could not place: an item's own claims still say a lot.
            if wd.statements(item, "P625"):
                found.add("place")
            if any(wd.statements(item, p) for p in wd.ORGANIZATION_CLAIMS):
                found.add("organization")
        return found

    def category(self, item: Mapping[str, Any], wanted: str | None = None) -> str:
        """person | organization | place | building | nonentity | other (unknown).

        When the classes point several ways, the kind the article suggests (``wanted``) wins
        if it is among them; otherwise the priority order of :data:`_PRIORITY`.
        """
        found = self.categories(item)
        if not found:
            return "other"
        if wanted in found:
            return wanted
        return min(found, key=_PRIORITY.__getitem__)

    def is_contested(self, class_id: str) -> bool:
        return class_id in self.contested


_bundled: ClassTable | None = None
_bundled_lock = threading.Lock()


def forget_learned_classes() -> None:
    """Start the process-wide table again from the bundle: for measurements of a cold start,
    which must not depend on what earlier work in the process taught it."""
    global _bundled
    with _bundled_lock:
        _bundled = None


def bundled_classes() -> ClassTable:
    """The process-wide table (learned parents are shared by every provider of the process)."""
    global _bundled
    with _bundled_lock:
        if _bundled is None:
            _bundled = ClassTable.bundled()
        return _bundled
