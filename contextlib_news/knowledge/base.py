"""The one small interface every knowledge source implements.

A provider receives every grouped entity of an article at once (so an online source can
batch its requests) and answers with at most one :class:`Candidate` per entity. Adding a
source — a newsroom's own notes, another encyclopaedia — is adding a module with a class
that has ``name`` and ``lookup``; the pipeline never changes.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Mapping, Protocol, Sequence, runtime_checkable

from ..model import Note
from ..titles import Title


@dataclass(frozen=True)
class EntityQuery:
    """What the article tells us about one grouped entity."""

    #: Key of the group within the article; candidates are returned under it.
    key: str
    #: The fullest surface form ("Hady Amr", not "Amr"; "Temple Mount").
    label: str
    #: Every distinct surface form in the article, fullest first.
    surface_forms: tuple[str, ...]
    #: Our kind guess from NER and matching: person|place|organization|term.
    kind: str
    #: spaCy's label (PERSON, ORG, GPE, LOC, FAC, NORP…) or "TERM" for glossary matches.
    ner_label: str
    #: Sentences of the article in which the entity is mentioned (at most a few).
    contexts: tuple[str, ...] = ()
    #: Glossary entry id when the group came from (or overlaps) a glossary match.
    glossary_id: str | None = None
    #: Number of mentions in the article.
    count: int = 1
    #: Titles written next to a person's mentions ("President", "the Israeli prime minister"):
    #: evidence of which office-holder a surname means on the article's date.
    titles: tuple[Title, ...] = ()
    #: Found only as a capitalised run: a source must confirm it is a person, organisation or
    #: place, or it is dropped (``kind`` is "unknown").
    spotted: bool = False


_DIVISIONS = {"county": "County", "counties": "County", "province": "Province", "provinces": "Province",
              "district": "District", "districts": "District", "township": "Township", "townships": "Township",
              "parish": "Parish", "parishes": "Parish"}


_DIVISION_STEMS = ("count", "provinc", "district", "township", "parish")


#: Words of a sports report; a story with three or more of them is one.
_SPORT_WORDS = frozenset({
    "match", "matches", "goal", "goals", "league", "club", "clubs", "manager", "season", "striker", "midfielder",
    "defender", "goalkeeper", "coach", "fixture", "fixtures", "scored", "squad", "derby", "playoff", "playoffs",
    "quarterback", "touchdown", "innings", "wicket", "tournament", "championship", "referee", "penalty", "kick-off",
    "stadium", "premier", "cup", "transfer",
    # North American leagues' own words ("an interception against Pittsburgh").
    "linebacker", "cornerback", "interception", "interceptions", "touchdowns", "halftime",
    "inning", "pitcher", "rebounds", "puck", "goalie", "kickoff", "offseason",
    # Races and meets, the links and the ring.
    "freestyle", "backstroke", "breaststroke", "medley", "relay", "diver", "sprint", "sprinter", "hurdles", "marathon",
    "podium", "medal", "medals", "medalist", "olympian", "varsity", "semifinal", "semifinals", "quarterfinal",
    "quarterfinals", "birdie", "bogey", "fairway", "knockout", "undercard",
})
#: Words that make the name after them a side in a match ("away to West Ham", "beat Barcelona",
#: "rolled past Northern Illinois", "a loss at Minnesota", "No. 8 Minnesota").
_SIDE_BEFORE = re.compile(r"\b(?:away (?:to|at)|at home to|against|beat|beats|beating|beaten by|lost to|loses to|lose to|"
                          r"losing to|drew with|draw with|draws with|drawn with|hosts|hosted|hosting|faces|faced|facing|"
                          r"defeated|defeats|defeating|topped|routed|blanked|downed|outlasted|edged|"
                          r"(?:rolled|rallied|cruised|slipped|eased|powered|pulled) past|"
                          r"(?:win|wins|victory|loss|losses|defeat) (?:over|to|at|against)|No\. ?\d{1,2}|"
                          # A player's or coach's club, and the table ("traded to Houston", "a lead on Wisconsin",
                          # "three assists to lead Boston").
                          r"traded (?:to|from)|signed (?:with|for|by)|drafted by|released by|loaned (?:to|from)|"
                          r"on loan (?:to|from|at)|(?:played|plays|playing|scored) for|coached|took over|"
                          # A transfer ("joined Barcelona", "signed from Ajax"); not "moved to", which
                          # a franchise does to a city.
                          r"joined|joins|joining|rejoined|re-signed with|signed from|signing from|sold to|"
                          r"bought from|arrived from|(?:transfer|transferred|switch|switched) (?:to|from)|"
                          r"(?:lead|edge) (?:over|on)|(?:games?|points?) (?:behind|ahead of|clear of)|"
                          r"(?:assists?|saves|goals?|points|touchdowns?|yards|scored|twice) to (?:lead|lift|carry|help)|"
                          # "Minnesota's game at Northwestern", "a trip to Houston".
                          r"(?:game|games|match|matchup|trip|visit|showdown) (?:at|against|with|to)|"
                          r"vs\.?|v\.?)\s+(?:the\s+)?$", re.IGNORECASE)
#: … and after it ("West Ham beat Chelsea", "Eastern Michigan rolled past", "Minnesota (9-0)",
#: "Minnesota's game at Northwestern").
_SIDE_AFTER = re.compile(r"\s+\(NR\)|"  # "Astronaut (NR):", a round-up's unranked side
                         r"\s+(?:beat|beats|drew|lost|host|hosts|hosted|face|faces|faced|thrashed|edged|defeated|routed|"
                         r"rolled|rallied|cruised|topped|blanked|improved to|fell to \d|(?:held|hung|went) on to (?:beat|win|defeat))\b|"
                         r"\s+\(\d{1,2}-\d{1,2}(?:-\d{1,2})?[,)]|"
                         r"['\u2019]s\s+(?:game|games|defense|defence|offense|attack|quarterback|coach|head coach|"
                         r"roster|lineup|line-up|starters|backfield|secondary|goalkeeper|striker|manager)\b", re.IGNORECASE)
#: … or a player's position after it, before the player ("Pittsburgh center Maurkice Pouncey").
_POSITION_AFTER = re.compile(r"\s+(?:quarterback|center|linebacker|cornerback|receiver|running back|tight end|safety|"
                             r"(?:defensive|offensive) (?:end|tackle|lineman|coordinator)|wide receiver|kicker|punter|"
                             r"point guard|shooting guard|power forward|shortstop|outfielder|infielder|reliever|winger|"
                             r"pitcher|catcher|goalie|goalkeeper|striker|midfielder|defender|forward|QB|DL|WR|RB|TE|LB|CB)"
                             r"\s+[A-Z]")


def written_as_side(before: str, after: str) -> bool:
    """Whether a name between ``before`` and ``after`` (its sentence's words on either side) is
    written as a side in a match; whether the article is a sports report is asked apart."""
    return bool(_SIDE_BEFORE.search(before) or _SIDE_AFTER.match(after) or _POSITION_AFTER.match(after))


def match_side(query: EntityQuery, article_text: str) -> bool:
    """Whether a name is written as a side in a match of a sports report ("away to West Ham",
    "Barcelona beat …", "Pittsburgh quarterback Mason Rudolph"): there a city or district stands
    for its club, and a note on the place would be wrong."""
    if query.kind not in ("place", "organization"):
        return False
    name = query.label
    pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
    for sentence in query.contexts:
        if any(written_as_side(sentence[: found.start()], sentence[found.end() :]) for found in pattern.finditer(sentence)):
            return sports_report(article_text)
    return False


@lru_cache(maxsize=64)
def sports_report(article_text: str) -> bool:
    """Whether the article reads as a sports report (asked once per article, and only for a name
    already written as a side)."""
    return len(_REPORT_WORDS & _words_of(article_text).keys()) >= 3


@lru_cache(maxsize=64)
def _words_of(article_text: str) -> Counter[str]:
    """The article's words in lower case, each with how often it writes it (read once per article:
    every sport test and every candidate team asks)."""
    return Counter(re.findall(r"[a-z0-9][a-z0-9'-]*", article_text.lower()))


#: The word Wikipedia's pages on a sport's teams use, and the words by which a report shows
#: which sport it is about (a hockey report may never write "hockey": "puck", "goalie" do).
_SPORTS = {
    "hockey": frozenset({"hockey", "puck", "goalie", "goaltender", "power-play", "shorthanded", "nhl"}),
    "basketball": frozenset({"basketball", "rebound", "rebounds", "3-pointer", "3-pointers", "layup", "dunk", "nba",
                             "free-throw"}),
    "football": frozenset({"football", "touchdown", "touchdowns", "quarterback", "linebacker", "cornerback",
                           "interception", "interceptions", "nfl", "afc", "nfc", "tailback", "punt", "sacks", "yards"}),
    "baseball": frozenset({"baseball", "inning", "innings", "pitcher", "homer", "homers", "bullpen", "shortstop",
                           "rbi", "rbis", "mlb"}),
    "soccer": frozenset({"soccer", "midfielder", "striker", "goalkeeper", "mls"}),
    "softball": frozenset({"softball"}),
    "volleyball": frozenset({"volleyball"}),
    "lacrosse": frozenset({"lacrosse"}),
    "swimming": frozenset({"swimming", "swimmer", "swimmers", "freestyle", "backstroke", "breaststroke", "medley"}),
}


#: A report's words of any sport, and each sport's own ("basketball", "soccer": a school round-up
#: under the sports' headings may write no other word of a match but "goals").
_REPORT_WORDS = _SPORT_WORDS.union(*_SPORTS.values())

#: What Wikipedia's qualifiers say of a sport: "Central Division (NHL)", "Giants (baseball)".
_QUALIFIER_SPORTS = {"nhl": "hockey", "ahl": "hockey", "khl": "hockey", "ice hockey": "hockey", "hockey": "hockey",
                     "nba": "basketball", "wnba": "basketball", "basketball": "basketball", "nfl": "football",
                     "cfl": "football", "american football": "football", "mlb": "baseball", "baseball": "baseball",
                     "mls": "soccer", "soccer": "soccer", "association football": "soccer", "softball": "softball",
                     "volleyball": "volleyball", "lacrosse": "lacrosse"}


def sport_of_title(title: str) -> str | None:
    """The sport a title's qualifier names ("Central Division (NHL)" → hockey), if any."""
    found = re.search(r"\(([^()]+)\)$", title)
    if found is None:
        return None
    qualifier = found.group(1).casefold()
    return next((sport for words, sport in _QUALIFIER_SPORTS.items() if re.search(rf"\b{words}\b", qualifier)), None)


#: Leagues whose names say their sport in a page's description ("National Football League franchise").
_LEAGUE_SPORTS = {"national football league": "football", "national hockey league": "hockey",
                  "national basketball association": "basketball", "major league baseball": "baseball",
                  "major league soccer": "soccer"}


def sport_of_team(description: str) -> str | None:
    """The sport a page's short description says a team plays ("National Football League
    franchise in Washington, D.C." → football), if it says one."""
    text = description.casefold()
    return next((sport for words, sport in (*_LEAGUE_SPORTS.items(), *_QUALIFIER_SPORTS.items())
                 if re.search(rf"\b{words}\b", text)), None)


def another_sports_team(description: str, article_text: str) -> bool:
    """Whether a page is a team of a sport other than the report's, which the report never
    speaks of: "for the Redskins" in a school swim report is the school's team, not the NFL
    club Wikipedia's redirect leads to."""
    team = sport_of_team(description)
    report = sport_of(article_text)
    if team is None or report is None or team == report:
        return False
    return not _words_of(article_text).keys() & _SPORTS[team]


@lru_cache(maxsize=64)
def sport_of(article_text: str) -> str | None:
    """The sport a report is about, by its own words ("puck" → hockey); None when it names
    none, or two as often (a round-up of a school's teams)."""
    words = _words_of(article_text)
    scores = sorted(((sum(words[w] for w in signs), sport) for sport, signs in _SPORTS.items()), reverse=True)
    if not scores[0][0] or scores[0][0] == scores[1][0]:
        return None
    return scores[0][1]


#: A run of capitalised words: a name as a list writes it.
NAME_RUN = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
#: A list of three names or more: "Bob Marley, Bruno Mars, Drake, The Eagles, Jay Z and Frank Sinatra".
_NAME_LIST = re.compile(NAME_RUN + r"(?:\s*,\s*" + NAME_RUN + r"){1,}(?:,?\s+(?:and|or)\s+" + NAME_RUN + r")?")
_LIST_SPLIT = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")


def listed_with(name: str, contexts: Sequence[str]) -> set[str]:
    """The other names of a list of three or more the sentences write ``name`` in."""
    found: set[str] = set()
    for sentence in contexts:
        for run in _NAME_LIST.finditer(sentence):
            # Names as the article's queries hold them: with a straight apostrophe ("Macy's").
            members = [m.strip().replace("\u2019", "'") for m in _LIST_SPLIT.split(run.group(0)) if m.strip()]
            if len(members) >= 3 and name in members:
                found.update(m for m in members if m != name)
    return found


#: What marks a report on schools' teams: "high school", "varsity", the sports' headings of a
#: round-up ("GIRLS BASKETBALL", "Boys soccer"), a pupil's year after a name ("(junior)"). Not
#: "freshman" or "sophomore" alone, which college reports write as much.
_SCHOOL_SIGNS = re.compile(r"\bhigh[- ]school\b|\bvarsity\b|\(\s*(?:junior|senior|sophomore|freshman)\s*\)"
                           r"|\b(?:girls|boys)['\u2019]?[ \t]+(?:varsity[ \t]+)?"
                           r"(?:basketball|soccer|football|volleyball|baseball|softball|hockey|lacrosse|tennis|golf"
                           r"|swimming|wrestling|bowling|track|cross[ -]country|water polo)\b", re.IGNORECASE)


@lru_cache(maxsize=64)
def school_report(article_text: str) -> bool:
    """Whether a sports report is about schools' teams, where a side named by its town is the
    town's high school ("Palm Bay d. Rockledge 70-44" under "GIRLS BASKETBALL")."""
    return sports_report(article_text) and _SCHOOL_SIGNS.search(article_text) is not None


#: Words of any sport's report: "qualifying", "goals", "league" (a Euro 2020 qualifying report
#: names no word of one sport alone that :func:`sport_of` knows).
_GAME_WORDS = frozenset({"match", "matches", "goal", "goals", "scored", "league", "cup", "coach", "season", "game",
                         "games", "playoff", "playoffs", "play-off", "play-offs", "fixture", "fixtures", "qualifying",
                         "qualifier", "qualifiers", "tournament", "championship", "striker", "midfielder", "defender",
                         "goalkeeper", "uefa", "fifa", "player", "players", "draw", "points", "stadium", "team", "teams"})


@lru_cache(maxsize=64)
def about_a_sport(article_text: str) -> bool:
    """Whether an article is a sports report: one sport's own words, or five words of any."""
    words = _words_of(article_text).keys()
    return sport_of(article_text) is not None or len(words & _GAME_WORDS) >= 5


def place_division(query: EntityQuery) -> str | None:
    """"County" when the article writes "Kalamazoo County" or "Cass and Kalamazoo counties"."""
    name = re.escape(query.surface_forms[0] if query.glossary_id and query.surface_forms else query.label)
    pattern = None
    for sentence in query.contexts:
        lowered = sentence.lower()
        if not any(stem in lowered for stem in _DIVISION_STEMS):
            continue  # most sentences name no division: no regex for them
        pattern = pattern or re.compile(
            # "Kalamazoo County"; "Cass and Kalamazoo counties"; "Barry, Berrien, Calhoun, Cass and
            # Van Buren counties", a list as long as the article makes it.
            name + r"(?:\s+|(?:(?:,\s*|,?\s+(?:and|or)\s+)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})+\s+)"
            r"(?i:(county|counties|province|provinces|district|districts|township|townships|parish|parishes))\b")
        found = pattern.search(sentence)
        if found:
            return _DIVISIONS[found.group(1).lower()]
    return None



def place_qualifiers(query: "EntityQuery") -> list[str]:
    """["Colorado"] when the article writes "Louisville, Colorado" (or "Louisville, Colo."): the
    region or country the article itself puts after the name, as Wikipedia titles namesakes."""
    from .places import is_region_name, us_state_name

    name = query.surface_forms[0] if query.glossary_id and query.surface_forms else query.label
    found: list[str] = []
    for sentence in query.contexts:
        match = re.search(r"(?i:" + re.escape(name) + r"),\s+((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*)?)", sentence)
        if match is None:
            continue
        words = match.group(1).split()
        for size in (2, 1):  # "New Mexico", then "Colorado"
            candidate = " ".join(words[:size]).rstrip(",")
            full = us_state_name(candidate) or (candidate.rstrip(".") if is_region_name(candidate.rstrip(".")) else None)
            if full and full not in found:
                found.append(full)
    return found


@dataclass(frozen=True)
class LookupContext:
    """Facts about the article and limits that every provider honours."""

    #: The date notes speak for: the article's publication date, or today.
    as_of: date
    #: True when ``as_of`` is today because the article had no date.
    as_of_is_today: bool = False
    language: str = "en"
    #: The language the reader wants notes in (Wikimedia code: "de", "ar"); the article's own
    #: language stays ``language``. Providers fall back to English part by part.
    reader_language: str = "en"
    #: ``time.monotonic()`` value after which a provider must stop and return what it has.
    deadline: float = field(default_factory=lambda: time.monotonic() + 3.0)
    offline: bool = False
    debug: bool = False
    #: Full text of the article, for providers that score candidates against it.
    article_text: str = ""
    #: Labels of all entities of the article, for context-based disambiguation.
    article_entities: tuple[str, ...] = ()

    def remaining(self) -> float:
        """Seconds left before the deadline (never negative)."""
        return max(0.0, self.deadline - time.monotonic())


@dataclass(frozen=True)
class Candidate:
    """A provider's answer for one entity: which thing it is and what to say about it."""

    #: Stable id with a namespace: ``wikidata:Q6279``, ``glossary:temple-mount``, ``geonames:281133``.
    id: str
    kind: str
    label: str
    #: 0–1: how sure the provider is that this is the thing the article means.
    confidence: float
    note: Note
    provider: str
    #: Why this candidate won (kept only when debugging is on).
    debug: Mapping[str, Any] | None = None
    #: The source knows several things of this name that the article does not tell apart.
    ambiguous: bool = False


@runtime_checkable
class Provider(Protocol):
    """A knowledge source."""

    #: Short name reported in ``meta.providers`` ("glossary", "geonames", "wikimedia").
    name: str
    #: True when the provider needs the network (skipped with ``offline``).
    online: bool

    def lookup(self, queries: Sequence[EntityQuery], context: LookupContext) -> Mapping[str, Candidate]:
        """Return candidates keyed by :attr:`EntityQuery.key`; omit entities it knows nothing of.

        Raise :class:`contextlib_news.errors.ProviderError` when the source failed; the
        annotation then goes on without it and says so in ``meta.degraded_reason``.
        """
        ...
