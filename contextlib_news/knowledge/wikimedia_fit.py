"""How a Wikipedia/Wikidata candidate fits the article: the kind of thing the article means,
the names it uses and the words it writes around them, and what a person's page must show
to be the person in the story. Pure functions, used by :mod:`.wikimedia` to decide.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

from . import people
from . import wikidata as wd
from .base import NAME_RUN, EntityQuery, listed_with, sport_of
from .classes import ClassTable
from .places import METROPOLIS, gazetteer, is_region_name, names_region, us_state_name
from .wikimedia_api import Page, wiki_title

#: The kind of thing each of the model's labels suggests.
NER_KIND = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organization"}
#: Words compared between a candidate's description and the article (four letters or more).
WORD = re.compile(r"[A-Za-z][a-z]{3,}")
#: Words too common in descriptions of places and office-holders to tell namesakes apart.
STOP = {"with", "from", "that", "this", "which", "their", "there", "into", "also", "been", "have", "were", "city",
        "state", "country", "united", "states", "american", "county", "president", "people", "known", "official"}
#: Words every person's summary has, which say nothing about who they are.
NAME_WORDS = {"born", "known", "also", "former", "since", "served", "serving", "currently", "previously", "became",
              "professional", "politician", "member", "before", "after", "during", "years", "year"}
#: Entities an article must have known before a person's page with no tie to any of them is doubted.
CONTEXT_FOR_PEOPLE = 3
#: Wikitext bytes from which a person's page marks someone the news names in passing by full
#: name ("the likes of Kanye West", "politicians such as Bill Clinton"): presidents, stars and
#: leaders have pages of 100-400 kB, while the namesakes a private person in the news shares a
#: name with (a minor athlete, a local official) mostly have pages of a few kB to a few tens.
PROMINENT_PAGE_BYTES = 100_000


@dataclass(frozen=True)
class Evidence:
    """What the rest of the article says, for scoring one candidate."""

    #: The items the article's other entities most likely are.
    others: set[str]
    #: What those items link to.
    neighbours: set[str]
    #: The classes of the article's other places.
    siblings: set[str]
    article_words: set[str]
    as_of: date
    #: The article writes the name after another place, as that place's region ("Kent, Washington").
    is_region: bool = False
    #: The article itself, for what its words alone do not say (the region a town's body is in).
    article_text: str = ""
    #: The country code most of the article's places are in (see :func:`story_country`).
    country: str | None = None
    #: The item of the country most of the article's known entities belong to (see :func:`home_country`).
    country_item: str | None = None
    #: The codes of the countries the article names.
    named_countries: frozenset[str] = frozenset()
    #: Titles asked for as the story's state's body of a generic name ("Indiana General Assembly").
    state_bodies: frozenset[str] = frozenset()
    #: The article's organisations and people named in two words or more ("AFC West"), each
    #: with the item it most likely is ("" when none).
    names: Mapping[str, str] = field(default_factory=dict)
    #: Country code → mentions of every name of the article the gazetteer knows (see :func:`place_votes`).
    towns: Counter[str] = field(default_factory=Counter)
    #: Titles a search found as the club of the name, a side in a match named by its town.
    clubs: frozenset[str] = frozenset()
    #: Whether ``as_of`` is the article's own date (not today's, for want of one).
    dated: bool = True
    #: How many organisations the article lists with the name ("clients including Ford, Macy's, NBC").
    fellow_bodies: int = 0
    #: Whether the article writes the name before a made thing ("a Ford sedan") and one of its
    #: namesakes is an organisation: that one, the maker.
    maker: bool = False


def names_in_opening(opening: str, names: Iterable[str]) -> list[str]:
    """The article's names a page's opening writes whole ("… a member of the AFC West
    division" for the article's "AFC West"): a namesake the story's other names are about."""
    return sorted(n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", opening))


def person_evidence(query: EntityQuery, item: Mapping[str, Any], as_of: date, tied: bool, context_size: int,
                    prominent: bool = False, dated: bool = True, own_page: bool = False) -> float | None:
    """How a person's page fares against the article's date and context: None when it cannot be
    them (born after the article, or of another age than the one a ``dated`` article gives them:
    "Martin Taylor, 43, of Aberdeenshire"), a penalty when they died before it (unless the article says
    "former" or "late"; a smaller one when the full name is the title of the page, ``own_page``), or
    when the article is about things (three or more of its entities
    are known) and nothing of it ties them to it — a private person in the news often shares a
    name with someone who has a page ("NASA's Steve Clarke" is not the football manager) —
    unless the full name is the page of someone ``prominent`` (see :data:`PROMINENT_PAGE_BYTES`),
    whom news names in passing without tying them to anything."""
    born, died = people.lifetime(item)
    if born is not None and born.earliest() > as_of:
        return None
    age = people.stated_age(query.surface_forms, query.contexts) if dated else None
    if age is not None and not people.age_fits(item, age, as_of):
        return None
    past = any(t.former for t in query.titles)
    adjustment = 0.0
    if died is not None and died.latest() < as_of and not past:
        # The dead are named in passing as the living are ("Bob Marley, Bruno Mars, Drake"; "looking
        # at shots of Evel Knievel"): a full name that is their page's own title asks for less.
        adjustment -= 0.1 if prominent or own_page else 0.25
    # An office the article gives them is evidence to weigh against the page's offices (P39);
    # a page of someone who held none is no likelier for it.
    office = any(t.is_position for t in query.titles) and bool(wd.item_values(item, "P39"))
    if not tied and not prominent and context_size >= CONTEXT_FOR_PEOPLE and not office:
        adjustment -= 0.25
    return adjustment


#: A list of names after words that introduce examples ("media figures such as Katie Couric,
#: George Stephanopoulos, and Chelsea Handler"), up to its first word in lower case.
_NAME = r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)*"
_EXAMPLES = re.compile(r"\b(?:such as|the likes of)\s+(" + _NAME + r"(?:(?:,\s+|,?\s+(?:and|or)\s+)" + _NAME + r")+)")


#: How a page says someone plays each sport of :func:`sport_of` ("American football" is not the
#: "footballer" of another code).
_PLAYS = {"hockey": ("hockey",), "basketball": ("basketball",), "football": ("american football",),
          "baseball": ("baseball",), "soccer": ("soccer", "footballer", "association football"),
          "softball": ("softball",), "volleyball": ("volleyball",), "lacrosse": ("lacrosse",)}


def plays_the_reports_sport(page: Page, article_text: str) -> bool:
    """Whether a person's page says they play (or coach) the sport the report is about: a
    player a round-up names once by full name is tied to it by that alone."""
    sport = sport_of(article_text)
    about = f"{page.description or ''} {page.extract or ''}".casefold()
    return sport is not None and any(words in about for words in _PLAYS.get(sport, ()))


def plays_a_sport(page: Page) -> bool:
    """Whether a person's page says they play (or coach) one of the sports of :func:`sport_of`."""
    about = (page.description or "").casefold()
    return any(words in about for sport in _PLAYS.values() for words in sport)


def named_as_example(query: EntityQuery) -> bool:
    """Whether the article gives the name in a list of examples ("media figures such as Katie
    Couric, George Stephanopoulos and Chelsea Handler"): names a writer expects the reader to
    know, as the prominent are. A single name after "such as" is not a list of them."""
    name = name_of(query)
    for sentence in query.contexts:
        for listed in _EXAMPLES.finditer(sentence):
            if name in re.split(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+", listed.group(1)):
                return True
    return False


def reconcile(wanted: str | None, found: str, *, exact: bool, full_name: bool, primary_topic: bool, evidence: bool,
               spotted: bool) -> str | None:
    """The kind the entity gets when the article's guess (``wanted``) and the item's class
    (``found``) meet; None when they cannot be the same thing."""
    if found in ("nonentity", "other"):
        return None
    if spotted:
        # Only the knowledge base says what a capitalised run is; it must be that name's own page.
        if not (exact and primary_topic):
            return None
        return "place" if found == "building" else found
    if found == wanted:
        return found
    if found == "building":
        if wanted == "organization":
            return "organization"  # "the White House said": the building stands for its occupant
        if wanted == "place":
            return "place"
        return "place" if exact and primary_topic and evidence else None
    if {found, wanted} == {"person", "organization"}:
        # spaCy's small model often swaps PERSON and ORG ("Paris Hilton" as ORG); a full name
        # that is exactly the item's name overrides that, as does an organisation's own name
        # ("Twitter" read as a person).
        if full_name or (found == "organization" and exact and primary_topic):
            return found
        return None
    if wanted == "organization" and found == "place" and exact and primary_topic:
        return "place"  # "Idlib" tagged ORG; "Capitol Hill" said
    if wanted == "place" and found == "organization" and exact and primary_topic:
        return "organization"
    if wanted == "person" and found == "place" and exact and primary_topic and evidence:
        return "place"  # "Kalamazoo" read as a person, tied to the article's other places
    if wanted == "place" and found == "person" and full_name and primary_topic:
        return "person"  # a full name the model read as a place, whose own page is that person's
    return None


#: Countries and their first-level divisions: what "City, X" names as X.
REGION_CLASSES = frozenset({"Q6256", "Q3624078", "Q35657", "Q107390", "Q10864048", "Q1221156", "Q11828004", "Q5852411"})
#: Classes of land, not of a state: island, archipelago, peninsula, continent, geographic and
#: historical region. Wikipedia may title such land with a country's name ("Ireland" is the
#: island; the state is "Republic of Ireland"; "Holland" is a region of the Netherlands).
LAND_CLASSES = frozenset({"Q23442", "Q33837", "Q34763", "Q5107", "Q82794", "Q1620908"})
#: English Wikipedia's titles for states whose name titles their land (ISO 3166-1 code → title).
STATE_TITLES = {"IE": "Republic of Ireland", "FM": "Federated States of Micronesia"}


def country_named(name: str) -> str | None:
    """The ISO code of the country the gazetteer knows by exactly ``name`` ("Ireland" → "IE"),
    if it knows no other place of that name."""
    places = gazetteer().candidates(name)
    if len(places) == 1 and places[0].kind == "country":
        return places[0].country_code
    return None


def land_for_state(name: str, item: Mapping[str, Any]) -> bool:
    """Whether ``item`` is the land a country's name also titles, not the state that news names
    by it: an island or region (and nothing else) where the gazetteer knows a country of the
    name ("Ireland", the island, for the Republic of Ireland)."""
    classes = set(wd.item_values(item, "P31"))
    return bool(classes) and classes <= LAND_CLASSES and country_named(name) is not None


def next_to(query: EntityQuery) -> tuple[set[str], set[str]]:
    """Names the article writes right before this one as ``X, name`` ("Kent, Washington": the
    name is X's region), and names listed beside it ("Colorado, Washington, Alaska")."""
    name = re.escape(name_of(query))
    before_comma = re.compile(r"(" + NAME_RUN + r"),\s+" + name + r"\b")
    # A list's comma may lack its space ("Colorado,Washington, Alaska, and Oregon").
    before_list = re.compile(r"(" + NAME_RUN + r")\s*(?:,\s*|,?\s+and\s+|,?\s+or\s+)" + name + r"\b")
    after_list = re.compile(r"\b" + name + r"\s*(?:,\s*|,?\s+and\s+|,?\s+or\s+)(" + NAME_RUN + r")")
    before: set[str] = set()
    beside: set[str] = set()
    for sentence in query.contexts:
        for pattern, target in ((before_comma, before), (before_list, beside), (after_list, beside)):
            for match in pattern.finditer(sentence):
                words = match.group(1).split()
                # Every tail and head of the run: "Blue Origin, Kent" gives "Kent" too.
                target.update(" ".join(words[i:]) for i in range(len(words)))
                target.update(" ".join(words[: i + 1]) for i in range(len(words)))
    return before, beside


def list_fellows(query: EntityQuery) -> set[str]:
    """The other names of a list of three or more the article writes this name in."""
    return listed_with(name_of(query), query.contexts)


def story_country(queries: Sequence[EntityQuery]) -> str | None:
    """The country code of the country most of the article's place mentions are in, by the
    gazetteer ("NG" for a story from Lagos and Abuja): whose body a bare "Senate" or "Supreme
    Court" of the story is. None when no country has two mentions and more than any other."""
    weight = place_votes(queries)
    if not weight:
        return None
    return _plurality(weight)


def place_votes(queries: Sequence[EntityQuery], *, any_kind: bool = False) -> Counter[str]:
    """Country code → mentions of the article's places the gazetteer puts there; ``any_kind``:
    of every name it knows, teams and bodies named for their towns too ("Palm Bay d. Rockledge")."""
    places = gazetteer()
    weight: Counter[str] = Counter()
    for query in queries:
        if (kind_of(query) != "place" and not any_kind) or query.spotted:
            continue
        options = places.candidates(name_of(query))
        if options:
            best = max(options, key=lambda p: p.prior)  # what the gazetteer's own lookup leans to
            if best.country_code:
                weight[best.country_code] += query.count
    return weight


def _plurality(votes: Counter[str]) -> str | None:
    """The one with most votes, when it has two or more and no other has as many."""
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


#: Countries (Q6256) and sovereign states (Q3624078): an item of the article that is one is its own country.
COUNTRY_CLASSES = frozenset({"Q6256", "Q3624078"})


def home_country(items: Sequence[tuple[Mapping[str, Any], int]]) -> str | None:
    """The item of the country most of the article's known entities are of, each counted as
    often as the article names it (``items``: item, mentions): their country (``P17``),
    jurisdiction (``P1001``) or citizenship (``P27``), or the country itself. A story with no
    places named ("the Senate", Senator Lawan, the National Assembly) has one too. None when
    no country has two votes and more than any other."""
    votes: Counter[str] = Counter()
    for item, mentions in items:
        own = {item["id"]} if set(wd.item_values(item, "P31")) & COUNTRY_CLASSES else set()
        for country in own | set(wd.item_values(item, "P17")) | set(wd.item_values(item, "P1001")) | set(wd.item_values(item, "P27")):
            votes[country] += mentions
    return _plurality(votes)


def countries_in(title: str) -> set[str]:
    """The codes of the countries a title names ("Supreme Court of India": {"IN"})."""
    return {match.key for match in gazetteer().country_names.find(title)}


#: Bodies that in the United States are a state's, never the nation's ("the Legislature"; the
#: nation's is Congress), with Wikipedia's titles for a state's body of that name.
STATE_BODIES: dict[str, tuple[str, ...]] = {
    "legislature": ("{state} General Assembly", "{state} Legislature", "{state} State Legislature"),
    "general assembly": ("{state} General Assembly", "{state} Legislature", "{state} State Legislature"),
    "state legislature": ("{state} State Legislature", "{state} Legislature", "{state} General Assembly"),
    "house of delegates": ("{state} House of Delegates",),
    "state senate": ("{state} Senate", "{state} State Senate"),
    "state assembly": ("{state} State Assembly",),
}


#: Words of a US story about a state's politics, where "the House" may be the state's own
#: chamber, and of one about Washington's, where it is the US House.
_STATE_POLITICS = re.compile(r"\b(?:[Ss]tate (?:House|Senate|[Ll]egislat\w*|[Aa]ssembly|[Cc]apitol)|Statehouse|General Assembly|"
                             r"Legislature|House of Delegates)\b")
_FEDERAL_POLITICS = re.compile(r"\b(?:Congress|[Cc]ongressional|Capitol Hill|[Ii]mpeach\w*|U\.S\. House)\b")


def about_state_politics(article_text: str) -> bool:
    """Whether a US story speaks of a state's politics more than of Washington's."""
    return len(_STATE_POLITICS.findall(article_text)) > len(_FEDERAL_POLITICS.findall(article_text))


def story_state(query: EntityQuery, article: Sequence[EntityQuery]) -> str | None:
    """The US state whose body ``query`` names: the one state named in the clause that names it
    ("In Virginia, they voted for control of the state Legislature; in Mississippi …"), else the
    state most of the article's places are in (the gazetteer's states, and its towns' states)."""
    places = gazetteer()
    states: dict[str, tuple[str, int]] = {}  # the article's name for a place → (its state, mentions)
    for other in article:
        if kind_of(other) != "place" or other.spotted:
            continue
        options = [p for p in places.candidates(name_of(other)) if p.country_code == "US" and p.kind in ("state", "city")]
        if options:
            best = max(options, key=lambda p: p.prior)
            state = best.name if best.kind == "state" else us_state_name(best.admin) if best.admin else None
            if state:
                states[name_of(other)] = (state, other.count)
    name = name_of(query)
    for sentence in query.contexts:
        clause = next((c for c in sentence.split(";") if name in c), "")
        named = {state for place, (state, _) in states.items() if re.search(r"(?<![\w-])" + re.escape(place) + r"(?![\w-])", clause)}
        if len(named) == 1:
            return named.pop()
    votes: Counter[str] = Counter()
    for state, count in states.values():
        votes[state] += count
    return _plurality(votes)


def sides_state(sides: Sequence[EntityQuery]) -> str | None:
    """The US state most of a report's sides are towns of ("Rockledge", "Titusville", "Palm
    Bay": Florida), when two or more are and no other state has as many; each side counted
    once, as the town of that name most people live in."""
    votes: Counter[str] = Counter()
    for side in sides:
        options = [p for p in gazetteer().candidates(name_of(side)) if p.country_code == "US" and p.kind == "city"]
        if options and not any(p.kind in ("state", "country") for p in gazetteer().candidates(name_of(side))):
            best = max(options, key=lambda p: p.prior)
            if best.admin and us_state_name(best.admin):
                votes[us_state_name(best.admin)] += 1
    return _plurality(votes)


def school_titles(name: str, state: str) -> tuple[str, ...]:
    """Wikipedia's titles for the high school of a side named ``name`` in a school report from
    ``state``: "Rockledge High School", "Melbourne High School (Florida)" (the unqualified title
    may be another state's or country's school: :func:`in_state` decides)."""
    return (f"{name} High School", f"{name} High School ({state})")


def in_state(page: Page, state: str) -> bool:
    """Whether a page says its thing is in ``state`` ("public high school in Florida, United
    States"): a school of the right name in another state or country is another school."""
    words = f"{page.description or ''} {page.extract or ''}"
    return re.search(r"(?<![\w-])" + re.escape(state) + r"(?![\w-])", words) is not None


def state_body_titles(query: EntityQuery, state: str) -> list[str]:
    """Wikipedia's titles for the body of the US state ``state`` that ``query`` names generically
    ("Indiana General Assembly" for "the Legislature"); none for other names."""
    return [title.format(state=state) for title in STATE_BODIES.get(name_of(query).casefold(), ())]


#: Chambers news names by one word ("impeached by the House", "a Commons vote"), with the
#: generic names a country's chamber has in Wikipedia's titles.
CHAMBERS: dict[str, tuple[str, ...]] = {
    "house": ("House of Representatives", "House of Commons"),
    "commons": ("House of Commons",),
    "lords": ("House of Lords",),
}


#: Countries whose lower chamber is a House of Commons.
_COMMONS_COUNTRIES = frozenset({"United Kingdom", "Canada"})


def chamber_names(query: EntityQuery) -> tuple[str, ...]:
    """The generic names of the chamber a one-word name stands for ("House": "House of
    Representatives", "House of Commons"); none for other names."""
    return CHAMBERS.get(name_of(query).casefold(), ()) if kind_of(query) == "organization" else ()


def jurisdiction_titles(query: EntityQuery, place: str) -> list[str]:
    """Wikipedia's titles for the body of the country named ``place`` of a generic name
    ("Senate of Nigeria", "United States Congress", "House of Representatives (Nigeria)",
    "Supreme Court of India"; for "the House", "United States House of Representatives")."""
    titles: list[str] = []
    for name in chamber_names(query) or (name_of(query),):
        if name == "House of Commons" and place not in _COMMONS_COUNTRIES:
            continue  # "the House" of a US or Nigerian story is no House of Commons
        titles += [f"{name} of {place}", f"{place} {name}", f"{name} ({place})"]
        if place.startswith("United ") or place.endswith("s"):
            titles.insert(len(titles) - 2, f"{name} of the {place}")  # "Senate of the United States"
    return titles


def is_acronym(name: str) -> bool:
    """"WTA", "PTI", "NYAG": an abbreviation written in capitals."""
    return name.isupper() and name.isalpha() and 2 <= len(name) <= 6


#: Legal forms after a company's name, which Wikipedia's titles mostly leave out ("SoftBank Group Corp").
_LEGAL_FORM = re.compile(r",?\s+(?:Corp\.?|Inc\.?|Ltd\.?|LLC|L\.L\.C\.|plc|PLC|Co\.|S\.A\.|AG|N\.V\.|GmbH)$")


#: Words that may follow a company's short name in its full one ("SoftBank" + "Group Corp").
_COMPANY_WORDS = frozenset({"Group", "Corp", "Corp.", "Corporation", "Inc", "Inc.", "Holdings", "Co.", "Company", "Ltd",
                            "Ltd.", "Limited", "plc", "PLC", "LLC", "AG", "SA", "S.A.", "N.V."})


@lru_cache(maxsize=4096)
def other_names(query: EntityQuery) -> tuple[str, ...]:
    """Other titles an organisation's page may have that are still the article's own name for
    it: the name without its legal form ("SoftBank Group") or web suffix ("Moneycontrol"), its
    shorter forms in the article that leave out only company words ("SoftBank"), a university
    without the place a comma adds ("University of Cambridge, England"); and a venue without
    where it is ("… Music Park at Walnut Creek", "… Amphitheatre – St. Louis")."""
    if kind_of(query) not in ("organization", "place") or query.glossary_id or query.spotted:
        return ()
    name = name_of(query)
    found: list[str] = []
    # "Coastal Credit Union Music Park at Walnut Creek", "Hollywood Casino Amphitheatre – St.
    # Louis": a venue's name with where it is, as tours write it; Wikipedia titles the venue
    # alone, or with the place in brackets.
    venue = _VENUE_AT.fullmatch(name)
    if venue:
        found += [venue.group(1), f"{venue.group(1)} ({venue.group(2)})"]
    if kind_of(query) != "organization":
        return tuple(found)
    bare = _LEGAL_FORM.sub("", name)
    bare = re.sub(r"\.(?:com|org|net|in|co\.uk)$", "", bare, flags=re.IGNORECASE)
    if bare != name and bare:
        found.append(bare)
    # "SoftBank" of "SoftBank Group Corp": a shorter form that leaves out only company words (not
    # "Goldman Sachs" of "Goldman Sachs Asset Management", which is another thing).
    found += [form for form in query.surface_forms if form != name and not form.isupper() and name.startswith(form + " ")
              and set(name[len(form):].split()) <= _COMPANY_WORDS]
    # "Pixar Animation": the studio's title without the trade word the article adds (its page
    # must then speak of that trade: see :func:`trade_trimmed`).
    trimmed = trade_trimmed(query)
    if trimmed:
        found.append(trimmed[0])
    # "University of Cambridge, England": the university, where no campus has that title.
    campus = re.fullmatch(r"(University of [^,]+), [A-Z][\w. ]+", name)
    if campus:
        found.append(campus.group(1))
    # "U.S. Attorney's Office for the Western District of New York": Wikipedia spells a federal
    # body's country out and titles an attorney's office by the attorney ("United States
    # Attorney for the Western District of New York").
    federal = re.match(r"(?:U\.S\.|US)[ \t]+(?=[A-Z])", name)
    if federal:
        spelled = "United States " + name[federal.end() :]
        found += [spelled, re.sub(r"['\u2019]s Office\b", "", spelled)]
    return tuple(dict.fromkeys(t for t in found if t != name))


#: Trade words a company's name may carry in the news and not in Wikipedia's title ("Pixar Animation").
_TRADE_WORDS = frozenset({"Animation", "Studios", "Studio", "Entertainment", "Pictures", "Records", "Films", "Games",
                          "Media", "Labs", "Technologies", "Software", "Productions", "Networks"})


def trade_trimmed(query: EntityQuery) -> tuple[str, str] | None:
    """A company's name without its last word when that is a trade word ("Pixar Animation" →
    ("Pixar", "animation")), or None."""
    words = name_of(query).split()
    if len(words) < 2 or words[-1] not in _TRADE_WORDS:
        return None
    return " ".join(words[:-1]), words[-1].casefold()


def speaks_of_trade(page: Page, item: Mapping[str, Any], word: str) -> bool:
    """Whether a page's description or opening speaks of the trade a name's last word gave
    ("American computer animation studio" for "Pixar Animation"; not "Japanese multinational
    conglomerate" for "Sony Pictures", which is another thing)."""
    about = f"{page.description or ''} {wd.description_of(item)} {page.extract or ''}".casefold()
    return re.search(rf"\b{re.escape(word.removesuffix('s'))}", about) is not None


#: A venue's name, then where it is after "at" or a dash.
_VENUE_AT = re.compile(r"(.+?\b(?:Park|Amphitheat(?:re|er)|Arena|Center|Centre|Stadium|Pavilion|Theat(?:re|er)|Hall|Field|Gardens?|"
                       r"Dome|Coliseum|Bowl|Ballpark|Forum|Auditorium|Speedway|Casino))[ \t]+(?:at|[-\u2013\u2014])[ \t]+([A-Z][\w .'\u2019-]*)")


#: A run of capitalised words, small words between them: what an abbreviation may spell out.
_SPELLED_RUN = re.compile(r"(?<![\w.'\u2019-])[A-Z][\w'\u2019-]*(?:[ \t]+(?:(?:of|for|and|the|on|in|&)[ \t]+)*[A-Z][\w'\u2019-]*)+")


@lru_cache(maxsize=256)
def spelled_out(acronym: str, article_text: str) -> tuple[str, ...]:
    """The article's capitalised runs whose initials are the abbreviation ("The Real Deal" for
    "TRD"): the thing the article itself says it stands for (read once per abbreviation and
    article, however many candidates it has)."""
    found = []
    for run in _SPELLED_RUN.finditer(article_text):
        # "seen by The Real Deal on Monday": a day or a month ends the name.
        for part in re.split(r"[ \t]+(?:on|in)[ \t]+(?=" + _WHEN + r")|[ \t]+(?=" + _WHEN + r")", run.group()):
            words = [w for w in part.split() if w[:1].isupper()]
            if len(words) >= 2 and "".join(w[0] for w in words) == acronym:
                found.append(part)
    return tuple(found)


_WHEN = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
         r"August|September|October|November|December)\b")


def spells_out(acronym: str, article_text: str, names: Iterable[str]) -> bool:
    """Whether an abbreviation the article spells out ("TRD" … "The Real Deal") may be a thing
    of these ``names`` (casefolded label, aliases, title): one of them is the spelled-out run or
    holds it ("Toyota Racing Development" is not "The Real Deal"). True when the article spells
    nothing out."""
    runs = {" ".join(r.casefold().split()) for r in spelled_out(acronym, article_text)}
    runs |= {r.removeprefix("the ") for r in runs}
    return not runs or any(run in name or name in run for run in runs for name in names if name)


_OWNER = r"((?:[A-Z][\w.&-]*[ \t]+){0,2}[A-Z][\w.&-]*)"
#: Someone's post in a unit of an organisation: "vice president of … at", "head of the … at".
_POST_OF = (r"\b(?:[Pp]resident|[Dd]irector|[Hh]ead|[Cc]hief|[Mm]anager|[Oo]fficer|[Ll]ead|[Dd]ean|[Cc]hair|VP|SVP|EVP)"
            r"[ \t]+of[ \t]+(?:the[ \t]+)?")


#: A made thing written after its maker's name: "a Ford sedan", "a Toyota pickup", "his Dell laptop".
#: Not "vehicle", which follows a product's own name as often ("its Dream Chaser vehicle").
_MADE_THING = (r"[ \t]+(?:sedans?|pickups?|trucks?|SUVs?|cars?|vans?|minivans?|coupes?|hatchbacks?|convertibles?|crossovers?"
               r"|motorcycles?|dealerships?|laptops?|smartphones?|phones?|tablets?|printers?|televisions?)\b")


def names_a_maker(query: EntityQuery) -> bool:
    """Whether the article writes the name before a thing made by a maker of that name ("Webb's
    Ford sedan"): it is a company's, whichever of its namesakes is one."""
    name = re.escape(name_of(query))
    return any(re.search(r"(?<![\w-])" + name + _MADE_THING, sentence) for sentence in query.contexts)


@lru_cache(maxsize=4096)
def owner_of(query: EntityQuery) -> str | None:
    """The organisation the article gives the name as its own ("NASA’s Office of the Inspector
    General", "vice president of Advanced Development Programs at Blue Origin"), None when it
    gives none."""
    name = re.escape(name_of(query))
    for sentence in query.contexts:
        # Not a name that only modifies a word after it ("Nissan's NASA-inspired seats"), nor a
        # maker's before what it made ("Webb's Ford sedan": Webb's sedan, Ford's make).
        found = (re.search(_OWNER + r"['\u2019]s[ \t]+" + name + r"(?![\w-])(?!" + _MADE_THING + ")", sentence)
                 or re.search(_POST_OF + name + r"[ \t]+at[ \t]+" + _OWNER, sentence))
        # "the U.K.'s University of York": a place's is where it is, not whose.
        if found and not (gazetteer().candidates(found.group(1)) or us_state_name(found.group(1))):
            return found.group(1).rstrip(".")  # not a sentence's full stop
    return None


def owned_by_owner(query: EntityQuery, page: Page) -> bool:
    """Whether a page may be the unit the article names as its owner's: its opening or
    description names that owner (a generic "Office of Inspector General" page, or another
    company's "Advanced Development Programs", is not NASA's or Blue Origin's)."""
    owner = owner_of(query)
    if owner is None:
        return True
    return owner.casefold() in f"{page.title} {page.extract or ''} {page.description or ''}".casefold()


def kind_of(query: EntityQuery) -> str | None:
    if query.kind in ("person", "place", "organization"):
        return query.kind
    return NER_KIND.get(query.ner_label)


def name_of(query: EntityQuery) -> str:
    """The name to look up: the article's fullest form (a glossary label is our wording, not a title)."""
    return query.surface_forms[0] if query.glossary_id and query.surface_forms else query.label


def abbreviates_state(query: EntityQuery) -> bool:
    """Whether the article wrote the place as a US state's abbreviation ("(D-N.Y.)", "Kent,
    Wash."): an abbreviation names the state alone, never the city of the same name."""
    name = name_of(query)
    return any(form != name and us_state_name(form) == name for form in query.surface_forms)


#: A town's own body: "Columbus Police Department", "Springfield City Council".
_LOCAL_BODY = re.compile(r"(?P<town>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)?)\s+(?:Police|Sheriff|Fire|City Council|Town Council|"
                         r"City Schools|Public Schools|School District|Board of Education)\b")


def local_body_elsewhere(query: EntityQuery, page: Page, article_text: str) -> bool:
    """Whether a page about a town's own body ("Columbus Division of Police") may be about
    another town's: the town has namesakes of comparable size (Columbus, Ohio, Georgia, Indiana …)
    and the page places its town in a region the article never names."""
    match = _LOCAL_BODY.match(name_of(query))
    if match is None:
        return False
    town = match.group("town")
    sizes = sorted((p.population or 0 for p in gazetteer().candidates(town) if p.kind == "city"), reverse=True)
    if len(sizes) < 2 or sizes[1] * 5 < sizes[0]:
        return False  # "Dallas Police Department": one Dallas is the one a reader means
    where = re.search(re.escape(town) + r",\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)", f"{page.description}. {page.extract}")
    if where is None:
        return False
    region = next((r for r in (where.group(1), where.group(1).split()[0]) if is_region_name(r.rstrip("."))), None)
    return region is not None and not names_region(article_text, region.rstrip("."))


def search_text(query: EntityQuery) -> str:
    """"Biden president": the surname and the strongest title's office word."""
    name = name_of(query)
    for title in query.titles:
        if title.is_position:
            return f"{name} {title.name}"
    return name


def is_name_list(page: Page, items: Mapping[str, Mapping[str, Any]], classes: ClassTable) -> bool:
    """A disambiguation page or a surname/given-name page: its links are the candidates."""
    if page.disambiguation:
        return True
    item = items.get(page.item or "")
    return item is not None and is_name_page(item, classes)


#: Classes of pages that list namesakes: disambiguation pages, family and given names.
NAME_PAGE_CLASSES = frozenset({"Q4167410", "Q101352", "Q202444", "Q12308941", "Q11879590", "Q3409032"})


def is_name_page(item: Mapping[str, Any], classes: ClassTable) -> bool:
    return bool(set(wd.item_values(item, "P31")) & NAME_PAGE_CLASSES)


def is_common_noun(item: Mapping[str, Any]) -> bool:
    """Whether Wikidata labels the item in lower case, as its rules have labels of things that
    are no proper names ("steam", "retina", "voting"); names keep their capitals ("Apple Inc.",
    "iPhone")."""
    label = wd.label_of(item)
    return bool(label) and label == label.casefold() and label != label.upper()


def mentions_name(name: str, page: Page) -> bool:
    """A search hit or a listed page worth fetching: the name's words are words of its title,
    or the name is the title's initials ("AFC": "American Football Conference")."""
    # "The Forum" lists "Kia Forum": the article of the name is no word its namesakes' titles need.
    words = {wiki_title(w).casefold() for w in re.findall(r"[\w'’-]+", re.sub(r"^The\s+(?=\S)", "", name))}
    title = re.sub(r"\s*\(.*\)$", "", page.title)
    title_words = {wiki_title(w).casefold() for w in re.findall(r"[\w'’-]+", page.title)}
    if words and words <= title_words:
        return True
    if not (name.isupper() and 2 <= len(name) <= 6):
        return False
    capitals = [w for w in re.findall(r"[\w'’-]+", title) if w[:1].isupper()]
    if "".join(w[0] for w in capitals) == name:
        return True
    # "EPA": "United States Environmental Protection Agency" — the country's name before a
    # national body's title is no part of the abbreviation it goes by.
    return any("".join(w[0] for w in capitals[k:]) == name and country_named(" ".join(capitals[:k])) for k in (1, 2))


def summary_of(extract: str) -> str:
    """One or two sentences, never cut mid-word."""
    text = " ".join(extract.split())
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    summary = " ".join(sentences[:2])
    return summary if len(summary) <= 400 else summary[:397].rsplit(" ", 1)[0] + "…"


#: What the article says a source did: "Bloomberg reported", "told Reuters", "reported by Politico".
_REPORTED_AFTER = re.compile(r"\s+(?:(?:has|have|had|first|also|later)\s+)*(?:reported|reports)\b|[ \t]+\]")
_REPORTED_BEFORE = re.compile(r"\b(?:reported\s+by|told|according\s+to|[Ii]n\s+an?\s+interview\s+with)\s+(?:the\s+)?$|\[[ \t]+$")
#: What a page or item says a news medium is.
_NEWS_MEDIUM = re.compile(r"\b(?:news|newspaper|broadcaster|magazine|publication|media outlet|wire service|"
                          r"(?:television|radio) (?:station|network|channel))\b",
                          re.IGNORECASE)


def reported_by(query: EntityQuery, article_text: str) -> bool:
    """Whether the article gives the name as a source that reported ("Bloomberg reported", a
    round-up's credit "[ Bloomberg ]"): among its namesakes, the news medium is the one meant
    (Bloomberg News, not Bloomberg L.P.)."""
    for form in {name_of(query), *other_names(query)}:
        for match in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", article_text):
            if (_REPORTED_AFTER.match(article_text, match.end())
                    or _REPORTED_BEFORE.search(article_text, max(0, match.start() - 40), match.start())):
                return True
    return False


def is_news_medium(page: Page, item: Mapping[str, Any]) -> bool:
    """Whether the page or the item describes a news medium (agency, newspaper, broadcaster)."""
    return bool(_NEWS_MEDIUM.search(f"{page.description} {wd.description_of(item)}"))


def namesake_at_home(query: EntityQuery, item: Mapping[str, Any], towns: Counter[str], named: frozenset[str]) -> bool:
    """Whether a place's own page is abroad, in a country the article does not name, while the
    gazetteer knows a town of that name in the country most of the article's other towns are
    in (``towns``: :func:`place_votes` of every kind): "Melbourne" in a round-up of Florida's
    high-school games is not Victoria's capital, nor "Dublin" in a story from Ohio."""
    home = _plurality(towns - place_votes([query], any_kind=True))  # by the other names' votes
    where = wd.coordinates(item)
    options = ([p for p in gazetteer().candidates(name_of(query)) if p.latitude is not None and p.longitude is not None]
               if home and where else [])
    if not options:
        return False
    # The gazetteer's entry for the page's place: the one of that name nearest its coordinates.
    own = min(options, key=lambda p: (p.latitude - where[0]) ** 2 + (p.longitude - where[1]) ** 2)
    if abs(own.latitude - where[0]) + abs(own.longitude - where[1]) > 2 or own.country_code in (home, *named):
        return False
    return any(p.country_code == home and p.kind == "city" for p in options)


def metropolis_abroad(title: str, story_country: str | None) -> bool:
    """Whether ``title`` is a city of a million people or more (by the gazetteer) in another
    country than the story's: from abroad, "New York" means the city, not the state."""
    if not story_country:
        return False
    return any(p.kind == "city" and p.population >= METROPOLIS and p.country_code != story_country
               for p in gazetteer().candidates(title))


#: How Wikipedia's short description says a building no longer stands ("Former stadium in Denver").
_GONE_DESCRIPTION = re.compile(r"(?:former|demolished|defunct)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)")
_ENDED_IN = re.compile(r"\b(?:demolished|closed|torn down|imploded|razed)\b[^.]{0,40}?\b(1[6-9]\d\d|20\d\d)\b")


def gone_before(query: EntityQuery, page: Page, item: Mapping[str, Any], as_of: date) -> bool:
    """Whether a building had ceased to stand by the article's date while the article speaks of
    no time it stood. It had when its item's end date (``P576``) is before the date, or when
    Wikipedia's short description calls it former and its page's opening gives no later year
    it was demolished or closed in; the article speaks of such a time when a sentence with the
    name writes a year before the article's. A name outlives its building ("a Broncos game at
    Mile High Stadium" in 2019 is at the stadium that replaced it and kept the name), so a note
    on the old one would be wrong."""
    ended = [when for when in (wd.parse_time(s["mainsnak"].get("datavalue")) for s in wd.statements(item, "P576")) if when]
    if ended:
        if min(when.latest() for when in ended) >= as_of:
            return False
    elif not _GONE_DESCRIPTION.match(page.description or wd.description_of(item)):
        return False
    else:
        ended_in = _ENDED_IN.search(page.extract or "")  # today's description; the opening says since when
        if ended_in and int(ended_in.group(1)) >= as_of.year:
            return False
    return not any(int(year) < as_of.year for sentence in query.contexts for year in _YEAR.findall(sentence))
