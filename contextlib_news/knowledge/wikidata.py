"""Reading Wikidata items: the facts that matter for news as they stood on a given date
(positions held, party, leaders, population) and the ties between items.

Pure functions over ``wbgetentities`` JSON; what kind of thing an item is lives in
:mod:`.classes`, the HTTP side in :mod:`.wikimedia_api`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping

HUMAN = "Q5"
#: Classes that are one side's verdict, not a neutral type ("terrorist organization"): a note
#: never states them as fact; the glossary gives who designates whom.
CONTESTED_TYPES = {"Q17127659", "Q2584284", "Q1752346"}
#: Claims that only organisations carry (headquarters, founder, chair, CEO, employees).
ORGANIZATION_CLAIMS = ("P159", "P112", "P488", "P169", "P1128")
#: Claims whose values are things that may also be named in the article (for disambiguation):
#: where it is and what it belongs to (country, located in, capital, continent, part of,
#: headquarters, jurisdiction), who it is tied to (citizenship, party, employer, member of,
#: team, league, record label, parent, owner, subsidiaries, founder, leaders, coach, venue).
LINKING_CLAIMS = ("P17", "P131", "P36", "P30", "P27", "P102", "P159", "P1376", "P150", "P47", "P6", "P35", "P488", "P108",
                  "P463", "P54", "P361", "P527", "P118", "P264", "P749", "P127", "P355", "P112", "P169", "P286", "P115",
                  "P276", "P1001", "P194")
#: The countries and cities English-language news names most: the G20's countries and the
#: European Union, the other large English-speaking countries, the countries of the most reported
#: conflicts, the UK's nations, the capitals of those and the largest US cities and states, in
#: that order. A note about someone found late (among a name's namesakes) most often needs one of
#: their labels (a citizenship, a seat); they fill the room left in a labels request made anyway.
COMMON_REFERENCES = (
    "Q30", "Q145", "Q16", "Q408", "Q668", "Q148", "Q159", "Q183", "Q142", "Q17", "Q38", "Q155", "Q96", "Q884",
    "Q851", "Q258", "Q43", "Q414", "Q252", "Q458", "Q27", "Q664", "Q1033", "Q801", "Q794", "Q212", "Q29",
    "Q21", "Q22", "Q25", "Q26",
    "Q61", "Q84", "Q90", "Q64", "Q649", "Q956", "Q1490", "Q987", "Q60", "Q65", "Q1297", "Q99", "Q1439",
    "Q1384", "Q812",
)


@dataclass(frozen=True)
class When:
    """A Wikidata time at its precision (year, month or day)."""

    year: int
    month: int = 0
    day: int = 0

    def text(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        if self.day:
            return date(self.year, self.month, self.day)
        if self.month:
            return date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return date(self.year, 12, 31)


def parse_time(datavalue: Mapping[str, Any] | None) -> When | None:
    if not datavalue or datavalue.get("type") != "time":
        return None
    value = datavalue.get("value")
    if not isinstance(value, dict) or not isinstance(value.get("time"), str) or not isinstance(value.get("precision", 11), int):
        return None
    raw, precision = value["time"], value.get("precision", 11)
    if not raw.startswith("+") or precision < 9:
        return None
    try:
        year, month, day = (int(p) for p in raw[1:11].split("-"))
    except ValueError:
        return None
    month, day = (month if precision >= 10 else 0), (day if precision >= 11 else 0)
    # Wikidata holds some impossible days ("+1961-02-30") and day-precision times with a zero
    # month or day: keep what is a real date, at the precision it still has.
    if not 1 <= year <= 9999:
        return None
    if not 1 <= month <= 12:
        return When(year)
    try:
        date(year, month, day or 1)
    except ValueError:
        return When(year, month)
    return When(year, month, day)


def statements(entity: Mapping[str, Any], prop: str) -> list[Mapping[str, Any]]:
    """Usable statements of ``prop``: not deprecated; preferred ones first."""
    found = [s for s in entity.get("claims", {}).get(prop, []) if s.get("rank") != "deprecated"
             and s.get("mainsnak", {}).get("snaktype") == "value"]
    return sorted(found, key=lambda s: s.get("rank") != "preferred")


def item_values(entity: Mapping[str, Any], prop: str) -> list[str]:
    return [qid for qid in map(statement_item, statements(entity, prop)) if qid]


def statement_item(statement: Mapping[str, Any]) -> str | None:
    """The item a statement points to; None for a value of another type."""
    value = (statement["mainsnak"].get("datavalue") or {}).get("value")
    return value["id"] if isinstance(value, dict) and isinstance(value.get("id"), str) else None


def qualifier_time(statement: Mapping[str, Any], prop: str) -> When | None:
    for qualifier in statement.get("qualifiers", {}).get(prop, []):
        if qualifier.get("snaktype") == "value":
            return parse_time(qualifier.get("datavalue"))
    return None


def linked_items(entity: Mapping[str, Any]) -> set[str]:
    """Items this one points to through the claims that tie things together in news."""
    return {qid for prop in LINKING_CLAIMS for qid in item_values(entity, prop)}


def referenced_items(entity: Mapping[str, Any]) -> set[str]:
    """Items whose labels a note about ``entity`` needs."""
    props = ("P31", "P39", "P102", "P27", "P17", "P131", "P159", "P488", "P35", "P6", "P169")
    return {qid for prop in props for qid in item_values(entity, prop)}


@dataclass(frozen=True)
class Role:
    label: str
    start: When | None
    end: When | None


def roles_as_of(entity: Mapping[str, Any], as_of: date, labels: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(roles held on ``as_of``, roles that had ended by then), as readable strings.

    A role held on the article's date says so even if it ended later ("… until 2025-01-20,
    after this article"); a role that started after the article is not the article's news.
    """
    current: list[tuple[date, str]] = []
    former: list[tuple[date, str]] = []
    for statement in statements(entity, "P39"):
        label = labels.get(statement_item(statement) or "")
        if not label:
            continue
        start, end = qualifier_time(statement, "P580"), qualifier_time(statement, "P582")
        if start is not None and start.earliest() > as_of:
            continue
        if end is not None and end.latest() <= as_of:
            former.append((end.earliest(), f"{label} ({start.text() + ' – ' if start else 'until '}{end.text()})"))
            continue
        if start is None and end is None:
            continue  # undated: we cannot say it was held on the article's date
        text = f"{label} (since {start.text()}" if start else f"{label} ("
        if end is not None:
            text += ("; " if start else "") + f"until {end.text()}, after this article"
        current.append((start.earliest() if start else date.min, text + ")"))
    current.sort(reverse=True)
    former.sort(reverse=True)
    return [t for _, t in current[:4]], [t for _, t in former[:2]]


def value_as_of(entity: Mapping[str, Any], prop: str, as_of: date) -> str | None:
    """The item value of ``prop`` that held on ``as_of`` (by start/end qualifiers), else the preferred one."""
    dated = []
    for statement in statements(entity, prop):
        qid = statement_item(statement)
        if qid is None:
            continue
        start, end = qualifier_time(statement, "P580"), qualifier_time(statement, "P582")
        if (start is None or start.earliest() <= as_of) and (end is None or end.latest() > as_of):
            dated.append((start.earliest() if start else date.min, qid))
    if dated:
        return max(dated)[1]
    return None


def population(entity: Mapping[str, Any], as_of: date) -> tuple[int, str] | None:
    """The population figure nearest before ``as_of`` (else the latest), with its year."""
    figures = []
    for statement in statements(entity, "P1082"):
        value = (statement["mainsnak"].get("datavalue") or {}).get("value")
        try:
            amount = int(float(value["amount"]))
        except (TypeError, ValueError, KeyError, OverflowError):
            continue  # not a quantity
        point = qualifier_time(statement, "P585")
        figures.append((point.earliest() if point else date.min, amount, point.text() if point else ""))
    if not figures:
        return None
    before = [f for f in figures if f[0] <= as_of]
    chosen = max(before or figures)
    return chosen[1], chosen[2]


def coordinates(entity: Mapping[str, Any]) -> tuple[float, float] | None:
    for statement in statements(entity, "P625"):
        value = (statement["mainsnak"].get("datavalue") or {}).get("value")
        if isinstance(value, dict) and isinstance(value.get("latitude"), (int, float)) \
                and isinstance(value.get("longitude"), (int, float)):
            return float(value["latitude"]), float(value["longitude"])
    return None


def label_of(entity: Mapping[str, Any], language: str = "en") -> str:
    return entity.get("labels", {}).get(language, {}).get("value", "")


def description_of(entity: Mapping[str, Any], language: str = "en") -> str:
    return entity.get("descriptions", {}).get(language, {}).get("value", "")


def aliases_of(entity: Mapping[str, Any], language: str = "en") -> list[str]:
    return [a["value"] for a in entity.get("aliases", {}).get(language, [])]


def join_labels(qids: Iterable[str], labels: Mapping[str, str], limit: int = 3) -> str:
    names = [labels[q] for q in qids if labels.get(q) and q not in CONTESTED_TYPES]
    return ", ".join(dict.fromkeys(names[:limit]))
