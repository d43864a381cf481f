"""Who a surname means: choosing a person among namesakes with the evidence the article gives.

News names people as "President Biden", "Chancellor Scholz", "Mr. Macron" or just "Amr".
When the surname alone does not lead to one person on Wikipedia, the candidates (from the
surname's disambiguation page and a search) are weighed here: the title in the article
against the offices each held **on the article's date** (P39 with P580/P582), the country
the title names ("Israeli Prime Minister"), the other entities of the article each is tied
to, and the words of the article. When the evidence does not single out one person, there
is no note. Pure functions over Wikidata JSON; the requests live in :mod:`.wikimedia`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from typing import AbstractSet, Any, Mapping, Sequence

from ..titles import Title, position_words
from . import wikidata as wd
from .wikimedia_api import wiki_title

#: Title modifiers that are part of the office itself ("Deputy Prime Minister").
_RANK_MODIFIERS = ("deputy", "vice", "assistant", "under", "acting", "shadow")
#: How much more than the runner-up the chosen person must score.
MARGIN = 0.15


@dataclass
class PersonEvidence:
    """Why a candidate is (or is not) the person the article means."""

    qid: str
    score: float
    why: dict[str, Any] = field(default_factory=dict)


def name_fits(name: str, item: Mapping[str, Any], page_title: str = "") -> bool:
    """Whether every word of the article's ``name`` is a word of the candidate's name
    ("Biden" fits "Joe Biden"; "Amr" fits "Hady Amr" but not "Amritsar")."""
    words = {wiki_title(w).casefold() for w in re.findall(r"[\w'’-]+", name)}
    if not words:
        return False
    names = [wd.label_of(item), *wd.aliases_of(item), re.sub(r"\s*\(.*\)$", "", page_title)]
    for full in names:
        own = {wiki_title(w).casefold() for w in re.findall(r"[\w'’-]+", full)}
        if words <= own:
            return True
    return False


def held_on(statement: Mapping[str, Any], as_of: date) -> bool | None:
    """True if held on ``as_of``, False if not, None if the statement has no dates."""
    start, end = wd.qualifier_time(statement, "P580"), wd.qualifier_time(statement, "P582")
    if start is None and end is None:
        return None
    if start is not None and start.earliest() > as_of:
        return False
    if end is not None and end.latest() < as_of:
        return False
    return True


def title_matches(title: Title, label: str) -> bool:
    """Whether a position's label is the office the title names ("President" ~ "President of
    the United States", not "Vice President of the United States")."""
    label = label.casefold()
    words = position_words(title.name)
    if not words or not any(w in label for w in words):
        return False
    office = "|".join(re.escape(w) for w in words)
    wanted = {m for m in title.modifiers if m in _RANK_MODIFIERS}
    for modifier in _RANK_MODIFIERS:
        if modifier in wanted and not re.search(rf"\b{modifier}\b", label):
            return False  # "Deputy Prime Minister" is not the Prime Minister
        if modifier not in wanted and re.search(rf"\b{modifier}[\s-]+(?:\w+[\s-]+)?(?:{office})", label):
            return False  # "President" is not the Vice President
    return True


def _qualifier_fits(qualifier: str, texts: Sequence[str]) -> bool:
    """"Israeli" ~ "Prime Minister of Israel"; "U.S." ~ "United States"; "German" ~ "Germany"."""
    q = qualifier.casefold().replace(".", "")
    if q in ("us", "u s"):
        q = "united states"
    if q in ("uk",):
        q = "united kingdom"
    stem = q[:5] if len(q) > 5 else q
    return any(stem and stem in t.casefold() for t in texts)


def weigh(name: str, candidates: Sequence[tuple[str, Mapping[str, Any]]], titles: Sequence[Title], as_of: date,
          labels: Mapping[str, str], article_items: set[str], article_words: set[str],
          ranks: Mapping[str, int] | None = None, told: Mapping[str, set[str]] | None = None,
          openings: Mapping[str, str] | None = None, bodies: Sequence[str] = (), age: int | None = None,
          players: AbstractSet[str] = frozenset(), trades: Mapping[str, int] | None = None) -> list[PersonEvidence]:
    """Score each ``(page title, item)`` candidate for the article's ``name``; best first. Candidates that cannot be the
    person (not a human, born after the article, dead before it without "former", not of the
    ``age`` the article gives) are left out.

    ``told``: item → the names its page's opening gives that are not the person's own
    ("Doobie", "Brothers"); two of them in the article tie the person to it. ``openings``:
    item → its page's opening, which may name an office Wikidata has no ``P39`` for ("president
    of Emirates" for "Emirates President Tim Clark": companies' offices mostly). ``bodies``: the
    names of the organisations the article's entities are; one that a page's opening names
    whole ("a founding member of the Doobie Brothers") ties the person as a link would.
    ``players``: the items whose pages say they play the sport a report is about ("Matt Murray"
    in a hockey round-up is the goaltender, not the editor). ``trades``: item → how many of the
    people listed with the name share an occupation (``P106``) with it."""
    scored: list[PersonEvidence] = []
    positions = [t for t in titles if t.is_position]
    former = any(t.former for t in titles)
    for _title, item in candidates:
        qid = item.get("id", "")
        if wd.HUMAN not in wd.item_values(item, "P31"):
            continue
        why: dict[str, Any] = {"item": qid}
        born = _first_time(item, "P569")
        died = _first_time(item, "P570")
        if born is not None and born.earliest() > as_of:
            continue
        if died is not None and died.latest() < as_of and not former:
            continue  # "President Bush" in 2021 does not mean a man who died in 2018
        if age is not None and not age_fits(item, age, as_of):
            continue
        # A full name that is the candidate's own name says more than a surname does.
        score = 0.5 if " " in name.strip() and _own_name(name, item) else 0.4
        # Offices: the strongest evidence, when the article gives a title.
        matched = ""
        for title in positions:
            for statement in wd.statements(item, "P39"):
                label = labels.get(wd.statement_item(statement) or "", "")
                if not label or not title_matches(title, label):
                    continue
                held = held_on(statement, as_of)
                if held and not title.former:
                    gain, how = 0.4, "held on the article's date"
                elif title.former and held is False and _ended_before(statement, as_of):
                    gain, how = 0.35, "held before the article's date"
                else:
                    gain, how = 0.0, "held at another time"  # not the office on the article's date
                if title.qualifier and _qualifier_fits(title.qualifier, [label, *[labels.get(c, "") for c in wd.item_values(item, "P27")]]):
                    gain += 0.1
                if gain > why.get("office_gain", 0):
                    why["office_gain"], matched = gain, f"{label} ({how})"
        opening = (openings or {}).get(qid, "")
        if not matched and opening:
            named = next((t for t in positions if _opening_names_office(t, opening)), None)
            if named is not None:
                why["office_gain"], matched = 0.3, f"{named.text()} (named on the page)"
        # "Prince Andrew", "Pope Francis": the article's title and name together are a name
        # the person goes by (Wikidata's label or an alias), whatever offices they held.
        own = {n.casefold(): n for n in (wd.label_of(item), *wd.aliases_of(item)) if n}
        styled = next((own[f"{t.name} {name}".casefold()] for t in titles if f"{t.name} {name}".casefold() in own), None)
        if styled:
            score += 0.3
            why["styled_name"] = styled
        if matched:
            score += why["office_gain"]
            why["office"] = matched
        elif positions and not styled:
            score -= 0.1  # the article gives an office this person never held
        # A citizenship shared with the story ties a person to it too loosely to tell namesakes
        # apart ("Hamilton" in a British story is not every British Hamilton).
        linked = (wd.linked_items(item) - set(wd.item_values(item, "P27"))) & article_items
        if linked:
            score += min(0.2, 0.1 * len(linked))
            why["links_to_article"] = sorted(linked)
        words = set(re.findall(r"[a-z]{4,}", (wd.description_of(item)).lower())) & article_words
        if words:
            score += min(0.1, 0.05 * len(words))
            why["context_words"] = sorted(words)[:6]
        shared = (told or {}).get(qid, set()) & article_words
        if len(shared) >= 2:
            score += 0.1
            why["page_words"] = sorted(shared)[:6]
            named = [body for body in bodies if (words_of := _name_words(body)) and words_of <= shared]
            if named:
                score += min(0.2, 0.1 * len(named))
                why["names_article_bodies"] = sorted(named)[:3]
        if (trades or {}).get(qid):
            # "Bob Marley, Bruno Mars, Drake, Jay Z": listed with people of its trade (a rapper,
            # a singer), and of those the one who goes by the single name itself.
            score += min(0.2, 0.1 * trades[qid])
            why["listed_with_its_trade"] = trades[qid]
            if " " not in name.strip() and wd.label_of(item).casefold() == name.strip().casefold():
                # Beside others written by their whole names, one word is a whole name too: a
                # namesake's surname or given name ("Drake Bell") is not how a list writes him.
                score += 0.2
                why["goes_by_the_name_alone"] = True
        if qid in players:
            score += 0.15  # what a round-up is about: enough to part a player from an editor
            why["plays_the_reports_sport"] = True
        if ranks and ranks.get(qid) == 1:
            score += 0.05
            why["search_rank"] = 1
        scored.append(PersonEvidence(qid, round(min(score, 0.99), 3), why))
    scored.sort(key=lambda e: -e.score)
    return scored


def _name_words(name: str) -> set[str]:
    """The words of a body's name that say which body it is ("doobie", "brothers"); empty for a
    name of one word, which a page may give for something else."""
    words = {w for w in re.findall(r"[a-z]{3,}", name.casefold()) if w not in ("the", "and", "for")}
    return words if len(words) >= 2 else set()


def _opening_names_office(title: Title, opening: str) -> bool:
    """Whether a page's opening names the title's office with the article's qualifier ("Emirates
    President" ~ "president of Emirates since 2003"); a title without one says too little."""
    if not title.qualifier:
        return False
    text = opening.casefold()
    qualifier = title.qualifier.casefold()
    return any(re.search(rf"\b{re.escape(word)}\b(?:\s+\w+){{0,3}}?\s+(?:of|at)\s+(?:the\s+)?{re.escape(qualifier)}\b", text)
               or re.search(rf"\b{re.escape(qualifier)}(?:'s)?\s+{re.escape(word)}\b", text)
               for word in position_words(title.name))


def decide(scored: Sequence[PersonEvidence], min_confidence: float) -> PersonEvidence | None:
    """The best candidate if it clears the bar and stands far enough above the next."""
    if not scored or scored[0].score < min_confidence:
        return None
    best = scored[0]
    if len(scored) > 1:
        margin = round(best.score - scored[1].score, 6)  # 0.65 - 0.5 is not less than 0.15
        best.why["runner_up"] = {"item": scored[1].qid, "score": scored[1].score}
        if margin < MARGIN:
            return None  # namesakes the article does not tell apart: no note rather than a guess
    return best


def _own_name(name: str, item: Mapping[str, Any]) -> bool:
    wanted = name.casefold()
    return wanted == wd.label_of(item).casefold() or wanted in (a.casefold() for a in wd.aliases_of(item))


def lifetime(item: Mapping[str, Any]) -> tuple[wd.When | None, wd.When | None]:
    """(birth, death) as Wikidata gives them, each None when unknown."""
    return _first_time(item, "P569"), _first_time(item, "P570")


#: An age news writes beside a name on the article's date: "Jane Doe, 45, of Springfield",
#: "Doe, 45, said", "Ryan Hollman 31, of Hope", "Jane Doe, aged 45,". Not "the 17-year-old
#: Jane Doe" (as often the age she was at the events told), nor "Crosby (5)" (a hockey summary's
#: count of goals).
_AGE_AFTER = r"(?:,\s*(?:aged\s+)?(\d{1,3})\s*[,;)]|,?\s+(\d{1,3}),\s+(?:of|from)\s)"
#: Years between the age an article gives and the one Wikidata's birth date gives on its date:
#: a birthday not yet passed, a birth known to the year only.
_AGE_SLACK = 1


@lru_cache(maxsize=1024)
def stated_age(forms: tuple[str, ...], sentences: tuple[str, ...]) -> int | None:
    """The age the article gives the person its ``forms`` name, None when it gives none or
    two different ones (two people of one name). Read once per entity, however many
    candidates it has."""
    ages = set()
    for form in forms:
        pattern = re.compile(rf"(?<![\w-]){re.escape(form)}{_AGE_AFTER}")
        for sentence in sentences:
            for match in pattern.finditer(sentence):
                age = int(next(g for g in match.groups() if g))
                if 0 < age < 120:
                    ages.add(age)
    return ages.pop() if len(ages) == 1 else None


def age_fits(item: Mapping[str, Any], age: int, as_of: date) -> bool:
    """Whether someone of the item's birth date could be ``age`` on ``as_of`` (or at their
    death, when it came first: an obituary's "Jane Doe, 85, died on Monday"): a private
    person in the news is told apart from the known one of the same name by age."""
    born, died = lifetime(item)
    if born is None:
        return True
    on = min(as_of, died.latest()) if died is not None else as_of
    youngest = _years_between(born.latest(), on)
    oldest = _years_between(born.earliest(), on)
    return youngest - _AGE_SLACK <= age <= oldest + _AGE_SLACK


def _years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _first_time(item: Mapping[str, Any], prop: str) -> wd.When | None:
    for statement in wd.statements(item, prop):
        found = wd.parse_time(statement["mainsnak"].get("datavalue"))
        if found is not None:
            return found
    return None


def _ended_before(statement: Mapping[str, Any], as_of: date) -> bool:
    end = wd.qualifier_time(statement, "P582")
    return end is not None and end.earliest() <= as_of
