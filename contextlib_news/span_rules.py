"""Rules that turn the statistical model's raw entity spans into mentions a reader would hover.

spaCy's small English model finds most names but draws some boundaries and kinds wrong in
ways that repeat across news: a determiner swallowed into the name ("An Associated Press
review"), a rank taken for a person ("Cmdr"), two names run together ("Ukraine Kurt Volker",
"Browns-Steelers"), a word of the sentence kept at the end ("Rock and Roll Hall of Fame
induction"), company names cut at their apostrophe ("Lowe" of "Lowe's"), places typed as
people ("Kalamazoo and Van Buren counties"), and people it does not see at all when only a
title stands before the surname ("Chancellor Scholz"). Each rule here fixes one such pattern
using only the article's own text and the offline gazetteer; the decision what a name *is*
stays with the knowledge sources.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator, Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from .given_names import is_given_name
from .knowledge.base import sports_report, written_as_side
from .knowledge.places import Gazetteer, ascii_name, subdivision_countries, us_state_name, us_state_names
from .titles import ABBREVIATED_TITLES, HONORIFICS, POSITION_TITLES, ROLE_NOUNS, is_title_word, normalize_title, title_before

#: Single words spaCy sometimes tags that are never worth a note on their own.
JUNK = frozenset({
    "state", "states", "government", "administration", "ministry", "department", "city", "republic",
    "the", "a", "an", "news", "photo", "getty", "images", "ap photo", "file", "video", "watch", "read more",
    "advertisement", "subscribe", "newsletter", "update", "updated", "breaking", "exclusive", "live",
    # Modal verbs that open a question: "Shall we go back in time?"
    "shall", "should", "would", "could", "will", "can", "may", "might", "must",
    "p.o. box",
})
#: A draw's or a contest's parts, lettered or numbered: "Group D", "Path A", "Pool B".
_LETTERED = re.compile(r"(?:Group|Path|Pool|Section|Zone|Phase|Plan|Type|Class|Category|Tier|Pot|Stage|Round|Option)"
                       r"[ \t]+(?:[A-Z]|\d{1,2})\.?")
#: Words that end an organisation's span only because the sentence goes on with a title
#: ("House of Representatives Speaker", "Senate President", "Rt. Hon.").
_TRAILING_TITLES = frozenset({"speaker", "president", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman",
                              "spokesperson", "rt", "hon", "leader", "minister", "secretary", "director", "chief", "ceo"})
#: Words that turn an organisation's name into one of its events ("Hall of Fame Induction",
#: "Davis Cup Final"): the organisation is the name worth a note.
_EVENT_WORDS = frozenset({"induction", "ceremony", "final", "finals", "semifinal", "semifinals", "quarterfinal",
                          "quarterfinals", "index", "vote", "poll", "gala", "tournament", "championship", "championships"})
#: Words that are part of institutions, never a person's name after a title ("Prime Minister's Office").
_INSTITUTION_WORDS = frozenset({"office", "department", "ministry", "house", "council", "committee", "administration",
                                "government", "cabinet", "party", "foundation", "palace", "residence", "agency",
                                "court", "senate", "assembly", "commission", "bureau", "campaign", "library", "center",
                                "centre", "institute", "university", "school", "award", "prize", "street", "avenue"})
#: Words that make a run of capitalised words an organisation, not a person.
_ORGANISATION_WORDS = frozenset({"exchange", "police", "bank", "group", "inc", "corp", "company", "co", "ltd", "news",
                                 "times", "post", "journal", "airlines", "airways", "motors", "holdings", "partners",
                                 "association", "union", "federation", "league", "club", "network", "press", "media",
                                 "force", "forces", "army", "navy", "guard", "service", "services", "authority"})
#: Words that end companies' names but not people's ("Dick Clark Productions").
_COMPANY_WORDS = frozenset({"productions", "studios", "studio", "entertainment", "pictures", "records", "films",
                            "labs", "technologies", "systems", "solutions", "ventures", "capital", "enterprises",
                            "industries", "international", "brands", "foods", "pharmaceuticals", "insurance", "works"})
#: Last words of venues: the building, not a body that sits there.
_VENUE_WORDS = frozenset({"statehouse", "auditorium", "arena", "stadium", "coliseum", "ballpark", "speedway",
                          "fieldhouse", "amphitheater", "amphitheatre", "racecourse"})
#: Last words of street names, as an address writes them after the house number.
_STREET_WORDS = frozenset({"street", "st", "avenue", "ave", "road", "rd", "drive", "dr", "lane", "ln", "boulevard",
                           "blvd", "place", "pl", "court", "ct", "way", "circle", "cir", "terrace", "parkway", "pkwy",
                           "highway", "hwy", "trail", "pike"})
_DAYS_MONTHS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                          "february", "march", "april", "may", "june", "july", "august", "september", "october",
                          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                          "oct", "nov", "dec"})
#: Words that begin sentences and headings without being part of a name.
_FUNCTION_WORDS = frozenset({"the", "a", "an", "on", "in", "at", "by", "for", "from", "to", "of", "and", "but", "or", "as",
                             "when", "after", "before", "while", "since", "if", "so", "this", "that", "these", "those",
                             "his", "her", "its", "their", "our", "my", "your", "we", "he", "she", "they", "it", "i",
                             "there", "here", "then", "now", "also", "last", "next", "every", "each", "some", "many",
                             "most", "more", "new", "former", "meanwhile", "however", "still", "yet", "with", "without",
                             "during", "under", "over", "about", "according", "despite", "among", "between", "until",
                             "because", "although", "though", "how", "why", "what", "where", "who", "whose", "which",
                             "whether", "unless", "once", "is", "are", "was", "were", "it's", "it\u2019s", "being",
                             "getting", "get"})
#: Nouns that, after an enumeration of names, say what the names are ("Cass and Van Buren counties").
_PLACE_NOUNS = r"(?:count(?:y|ies)|provinces?|states?|districts?|regions?|townships?|parish(?:es)?|cities|towns|villages|islands?|oblasts?|prefectures?|boroughs?)"
_LOCATIVE = re.compile(r"\b(?:in|at|near|from|outside|to|into|across|around|toward|towards)\s+$")
#: "Biden's", "Lions’": only the apostrophe and its s go ("the Nittany Lions’ loss" is the Lions').
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")
_LEADING_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
#: Words in lower case before a capitalised one.
_LOWER_WORDS = re.compile(r"(?:[a-z]+[ \t]+)+(?=[A-Z])")
_WORDS = re.compile(r"[\w.'\u2019&-]+")
_CAP_WORD = r"(?:[A-Z][\w'\u2019-]*\.?|[A-Z]\.)"
_NAME_AFTER_TITLE = re.compile(r"(?:" + _CAP_WORD + r")(?:\s+(?:" + _CAP_WORD + r"|(?:de|da|van|von|der|bin|al|el|la|le|di|du|dos|del)(?=\s+[A-Z])))*")
#: A run of capitalised words, with the small words names contain ("Bank of England",
#: "Rock and Roll Hall of Fame"): what the knowledge base is asked about when NER saw nothing.
#: Words of a run: no sentence-ending dot (initials and "St." excepted), and runs never cross a
#: line break ("McDonald.\n\nRolling Stone reported" is two names).
#: ("St." and initials come first: a regex takes the first alternative that matches, and "St"
#: alone would end the run before "Croix").
_RUN_WORD = r"(?:St\.|Mt\.|Ft\.|[A-Z]\.(?=[ \t]+[A-Z][a-z])|[A-Z][\w'\u2019&-]*)"
#: A name that opens with a figure, as some brands' do ("9to5Mac", "23andMe", "1Password"): capitals
#: and small letters, five letters or more (not "4GHz", "100Mbps"); a run of its own ("9to5Mac
#: Gift Guides" is the site's guides).
_FIGURED_NAME = r"\d(?=[\w-]*[a-z])(?=[\w-]*[A-Z])(?=(?:[\d_-]*[A-Za-z]){5})[\w'\u2019&-]*"
_CAPITALISED_RUN = re.compile(
    r"(?<![\w.'\u2019-])(?:" + _FIGURED_NAME + "|" + _RUN_WORD + r"(?:[ \t]+(?:(?:of|and|for|the|de|du|del|la|le|von|van|&)[ \t]+)?"
    + _RUN_WORD + r")*)"
)


@dataclass(frozen=True)
class RawSpan:
    """A span with the model's (or a rule's) label, before overlaps are settled."""

    start: int
    end: int
    label: str
    #: "ner", "title" (a name after a title), "spot" (capitalised, unconfirmed).
    source: str = "ner"


def clean_ner_span(text: str, start: int, end: int, label: str, places: Gazetteer) -> list[RawSpan]:
    """The mentions one model span stands for: usually one, none for junk, two for names run together."""
    if in_quoted_title(text, start, end):
        return []  # “Takin’ It to the Streets”: a song, film or book title, not its words' names
    start = _after_underscore(text, start, end)
    if start is None:
        return []
    # "Follow us on Twitter @Spacedotcom": a handle after a name is not part of it.
    handle = re.search(r"\s+@\w", text[start:end])
    if handle:
        end = start + handle.start()
    start, end = _trim(text, start, end, label)
    if _ADDRESS_UNIT.fullmatch(text[start:end]):
        return []  # "520 Third Street, Suite 350": a part of an address, no place of its own
    if end <= start or (label == "ORG" and _market_index(text, start, end)) or _event_or_sky(text, start, end, label):
        return []
    # "Iran's Supreme Leader Ayatollah Ali Khamenei": the model's "Supreme" is a title's first word.
    title = re.match(r"[ \t]+[A-Z][a-z]+", text[end : end + 30])
    if title and " " not in text[start:end] and normalize_title(text[start:end] + title.group()) in POSITION_TITLES:
        return []
    # "Son Heung-min scored": a Korean given name the model kept without the family name
    # before it, at the start of a sentence where a capital says nothing.
    family = _FAMILY_BEFORE.search(text, max(0, start - 8), start)
    if (label == "PERSON" and family and _KOREAN_GIVEN.fullmatch(text, start, end)
            and family.group(1).casefold() not in STOP_WORDS):  # not "When Heung-min scored"
        start = family.start(1)
    # "Anders Nilsson made 35 saves": a family name the model read as a body or a place, without
    # the first name before it (not "Will Apple …": a word of the language is no first name).
    given = _GIVEN_BEFORE.search(text, max(0, start - 16), start)
    if (label in ("ORG", "GPE", "FAC") and given and re.fullmatch(r"[A-Z][a-z]+", text[start:end])
            and given.group(1).casefold() not in STOP_WORDS and not _common_word(text, given.group(1))
            and _a_persons_name(text, given.start(1), [given.group(1), text[start:end]], places)):
        start, label = given.start(1), "PERSON"
    # "Real Madrid manager Zinedine Zidane": the model's "Madrid" is the club whose name it left out.
    club = _CLUB_BEFORE.search(text, max(0, start - 12), start)
    if club and label in ("GPE", "ORG", "PERSON"):
        start, label = club.start(), "ORG"
    # "tells The Hollywood Reporter.": a place that a capitalised "The" opens mid-sentence, with
    # capitalised words after it, is the first word of a title's name (a paper, a show).
    masthead = _MASTHEAD.match(text, end)
    if (label in ("GPE", "LOC") and masthead and _THE_MID_SENTENCE.search(text, max(0, start - 8), start)
            and not {w.lower() for w in masthead.group().split()} & _DAYS_MONTHS):
        start, end, label = start - 4, masthead.end(), "ORG"
    # "told Billboard the Doobies have been in the studio": a one-word body, then what it was told of.
    told = _TOLD_THE.fullmatch(text, start, end) if label == "ORG" else None
    if told:
        parts = [(start, told.end(1), "ORG"), (told.start(2), end, "ORG")]
    else:
        parts = _split_possessive(text, start, end, label, places) or _split_joined(text, start, end, label, places)
    spans = []
    for part_start, part_end, part_label in parts:
        part_start, part_end = _trim(text, part_start, part_end, part_label)
        if not text[part_start:part_end].split():
            continue  # an owner of nothing but invisible characters ("\u200d's")
        if _event_or_sky(text, part_start, part_end, part_label):
            continue  # "Earth’s Moon"
        if part_label in ("PERSON", "ORG") and text[part_end : part_end + 2] in ("'s", "\u2019s") and _apostrophe_name(text, part_start, part_end + 2):
            part_end, part_label = part_end + 2, "ORG"  # "Lowe's", which the model reads as a person "Lowe"
        if _keep(text, part_start, part_end, part_label):
            spans.append(RawSpan(part_start, part_end, part_label))
    return spans


#: A one-word name, a lower-case "the", and a capitalised name: two names the model ran together.
_TOLD_THE = re.compile(r"([A-Z][\w'\u2019&.-]*) the ([A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*)*)")
#: A given name written as Korean names are ("Heung-min", "Jae-in") and the family name before it.
_KOREAN_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")
_FAMILY_BEFORE = re.compile(r"(?:^|(?<=[\s\"\u201c(]))([A-Z][a-z]{1,4}) $")
#: A capitalised word right before a span, on its line: a first name the model may have left out.
_GIVEN_BEFORE = re.compile(r"(?:^|(?<=[\s\"\u201c(]))([A-Z][a-z]+)[ \t]$")


#: Capitalised words after a place, up to punctuation or a word in lower case ("Reporter."), and
#: a capitalised "The" after a word of the sentence: "tells The Hollywood Reporter".
_MASTHEAD = re.compile(r"(?:[ \t]+[A-Z][a-z][\w'\u2019-]*){1,2}(?=[.,;:!?)\"\u201d]|[ \t]+[a-z])")
_THE_MID_SENTENCE = re.compile(r"[a-z,;:] The $")


#: A city big enough for a club of its name to be a professional one.
_CLUB_CITY = 100_000
_CLUB_BEFORE = re.compile(r"(?<![\w.])(?:Real|Atletico|Atl\u00e9tico|Sporting|FC|AC|AS|SC|CF)[ \t]$")


def _after_underscore(text: str, start: int, end: int) -> int | None:
    """Where the name begins in a span joined by an underscore: credits written "Art
    Director_Park Dong Woo" name the person after it; a handle ("PFF_Browns", "photo_by") is no
    name as written. None when nothing capitalised follows the last underscore."""
    cut = text.rfind("_", start, end)
    if cut < 0:
        return start
    after = cut + 1
    return after if text[after : after + 1].isupper() and " " in text[after:end] else None


#: "Kospi Index (KOSPI)", "the benchmark Sensex", "China's Shanghai Composite": a stock market
#: index, which the model takes for a company but is no body anyone acts for.
_INDEX_AFTER = re.compile(r"\s+[Ii]ndex\b")
_INDEX_BEFORE = re.compile(r"\b(?:benchmark|index|indices|indexes)\s+(?:the\s+)?$|\b[Ii]ndex\s+\($")


#: Last words of events' names: "Davis Cup", "American Music Awards", "Dubai Air Show", "French
#: Open". Events are no entities a note is kept for (leagues and conferences are: they are bodies;
#: "Games" and "Fair" end companies' and magazines' names too: "Epic Games", "Vanity Fair").
_EVENT_NAME_ENDS = frozenset({"cup", "awards", "show", "olympics", "paralympics", "championship", "championships",
                              "festival", "expo", "marathon", "prix", "bowl", "slam", "open", "tournament", "series",
                              "gala", "summit", "classic", "derby", "regatta"})
#: The Sun's planets and the moons news writes about: "a crewed mission to Mars", "the surface of
#: Europa". The model files them as places on Earth.
_SKY_BODIES = frozenset({"Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune", "Pluto",
                         "Ceres", "Moon", "Sun", "Europa", "Io", "Ganymede", "Callisto", "Titan", "Enceladus",
                         "Triton", "Charon", "Phobos", "Deimos"})


#: Last words of diseases' names ("Eastern Equine Encephalitis", "West Nile Virus", "Lyme Disease").
_DISEASE_WORDS = frozenset({"disease", "fever", "flu", "influenza", "virus", "syndrome", "plague", "pox", "cancer",
                            "pneumonia", "tuberculosis", "malaria", "measles", "cholera"})
#: Pandemics known by a name of their own.
_PLAGUES = frozenset({"Black Death", "Great Plague", "Justinian Plague", "Antonine Plague"})
#: Germs news names by their genus ("the bacteria Yersinia pestis", "a Salmonella outbreak").
_PATHOGENS = frozenset({"Salmonella", "Listeria", "Yersinia", "Legionella", "Clostridium", "Staphylococcus",
                        "Streptococcus", "Shigella", "Campylobacter", "Escherichia", "Vibrio", "Mycobacterium"})
#: Feasts and holidays the model files as places or people: dates, not entities.
_HOLIDAYS = frozenset({"Christmas", "Easter", "Thanksgiving", "Halloween", "Diwali", "Deepavali", "Holi", "Ramadan",
                       "Eid", "Hanukkah", "Passover", "Kwanzaa", "Lent", "Navratri", "Vesak", "Nowruz"})


def _event_or_sky(text: str, start: int, end: int, label: str) -> bool:
    words = text[start:end].split()
    if text[start:end] in ("Moon", "Earth") and re.search(r"\b[Tt]he\s+" + text[start:end] + r"\b", text):
        return True  # "exploring the Moon … a Moon landing", whatever the model calls it ("Moon Jae-in" has no "the")
    if len(words) > 1 and words[-1].lower() in _EVENT_NAME_ENDS and words[-1][:1].isupper():
        return True
    if text[start:end] in _HOLIDAYS or (label != "PERSON" and len(words) > 1 and words[-1] == "Day"):
        return True  # "Since Diwali", "before Election Day"
    if label != "PERSON" and (words[-1].lower() in _DISEASE_WORDS or re.search(r"[a-z]itis$", words[-1])
                              or text[start:end] in _PLAGUES or words[0] in _PATHOGENS):
        return True  # "Eastern Equine Encephalitis", "Black Death": diseases the model files as places
    # "Jupiter, Fla." is a town; "Jupiter's moons" is not.
    return (label in ("LOC", "GPE") and text[start:end] in _SKY_BODIES
            and not re.match(r",\s+[A-Z]", text[end : end + 3]))


def _market_index(text: str, start: int, end: int) -> bool:
    name = text[start:end]
    if name.split()[-1].lower() in ("composite", "index") or _INDEX_AFTER.match(text, end) or _INDEX_BEFORE.search(
            text[max(0, start - 30) : start]):
        return True
    # "Not just the Sensex, even the Nifty": an index the article calls one elsewhere.
    return name in _index_names(text)


@lru_cache(maxsize=16)
def _index_names(text: str) -> frozenset[str]:
    """Names the article calls stock market indices ("the benchmark Nifty", "Kospi Index")."""
    found = re.findall(r"\b(?:benchmarks?|indices|indexes)\s+(?:the\s+)?([A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)?)", text)
    found += re.findall(r"\b([A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)?)\s+[Ii]ndex\b", text)
    return frozenset(found)


_PARTY_PREFIX = re.compile(r"(?:D|R|I)[-\u2013](?=[A-Z])")


def _trim(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    surface = text[start:end]
    leading = _LEADING_DETERMINER.match(surface)
    if leading and leading.end() < len(surface):
        start += leading.end()
    # "the state Department of Public Safety", "the federal Bureau of Prisons": the words of
    # the sentence before the body's name (its jurisdiction, in lower case) are none of it.
    modifier = _LOWER_WORDS.match(text, start, end) if label == "ORG" else None
    if modifier:
        start = modifier.end()
    position = _POSITION.match(text, start, end)
    if position and (len(text[position.end() : end].split()) >= 2 or _positions_listed(text)):
        start = position.end()  # "DL Myles Garrett": the position, then the player
    # "Sen. Elizabeth Warren, D-Mass.,", "(R-Texas)": a legislator's party before the state.
    party = _PARTY_PREFIX.match(text, start, end)
    if party and re.search(r"(?:\(|,\s)$", text[max(0, start - 2) : start]):
        start = party.end()
    surface = text[start:end]
    for stop in (": ", "\n", " | ", " — ", " – ", " (", "("):
        cut = surface.find(stop)
        if cut > 0:  # a headline or list run into the name: "Apple Arcade: So Many Ways"
            end = start + cut
            surface = text[start:end]
    possessive = _POSSESSIVE.search(surface)
    if possessive and possessive.start() > 0 and not (label == "ORG" and _apostrophe_name(text, start, end)):
        end = start + possessive.start()
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    officer = _OFFICER_OF_BODY.match(text, start, end) if label == "ORG" else None
    if officer:
        start = officer.end()
    if label == "PERSON":
        words = list(_WORDS.finditer(text[start:end]))
        while len(words) > 1 and is_title_word(words[0].group()):
            words.pop(0)
        # "Lawyer Rudy Giuliani", "Rapper Kanye West": a role opening a sentence, before a full name.
        while len(words) > 2 and words[0].group()[:1].isupper() and words[0].group().casefold() in _LEADING_ROLES:
            words.pop(0)
        if words:
            start = start + words[0].start()
    # "The Doobie Brothers Tour Dates": a heading of a body's dates, the body its name.
    tour = re.search(r"[ \t]+Tour[ \t]+Dates$", text[start:end])
    if tour and tour.start() > 0:
        end = start + tour.start()
    # "Recent Samsung smart TVs": a sentence's opening word of the language, before a name the
    # article writes alone elsewhere, is no part of it.
    words = list(_WORDS.finditer(text[start:end]))
    if len(words) >= 2 and _opens_sentence(text, start):
        first, rest = words[0].group(), text[start + words[1].start() : end]
        if (first[1:].islower() and first.lower() in lowercase_words(text) and rest[:1].isupper()
                and _occurrences(text, rest) > _occurrences(text, text[start:end])):
            start += words[1].start()
    # A sentence's own words kept at the end: "Hall of Fame induction", "Kospi index",
    # "House of Representatives Speaker".
    words = list(_WORDS.finditer(text[start:end]))
    while len(words) > 1:
        last = words[-1].group()
        lowered = last.lower().rstrip(".")
        if (last[:1].islower() and not any(ch.isupper() for ch in last)) or lowered in ("of", "and", "the", "for") or (
            label in ("ORG", "GPE", "FAC") and (lowered in _TRAILING_TITLES or lowered in _EVENT_WORDS)
        ):
            words.pop()
            end = start + words[-1].end()
            continue
        break
    while end > start and text[end - 1] in ",;:-'\u2019":
        end -= 1
    # "Like Yahoo!.": an exclamation mark the sentence's own stop follows is the name's.
    if " " not in text[start:end] and re.match(r"![.,;:]", text[end : end + 2]):
        end += 1
    # A box score's figure after a name: "Adrianna Knight 12 points", "Kyleigh Trout 1 goal",
    # "Viera d. Melbourne 1-0" (a name of a body may end in a number: "Channel 4", "Artemis 2").
    figure = re.search(r"\s+\d[\d-]*$", text[start:end])
    if figure and figure.start() > 0 and (label == "PERSON" or _STAT_AFTER.match(text, end)
                                          or re.fullmatch(r"\s+\d+-\d+", figure.group())):  # "Iceland 0-0": a score
        end = start + figure.start()
    return start, end


#: A unit of a building in an address: "Suite 350", "Apt. 4B", "Floor 12".
_ADDRESS_UNIT = re.compile(r"(?:Suite|Ste\.|Apt\.?|Apartment|Unit|Room|Floor)\s+\d+[A-Z]?")
#: The founder or head of a body before its name, in the model's name of the body: "CEO and
#: [Founder of Ceres Robotics Inc.]".
_OFFICER_OF_BODY = re.compile(r"(?:Co-?[Ff]ounder|Cofounder|Founder|CEO|Owner)\s+of\s+(?:the\s+)?(?=[A-Z])")


#: Roles that open a sentence before a person's full name; not the words of kinship that are
#: also parts of names ("Mother Teresa", "Son Heung-min"), nor "Star" ("Star Jones").
_LEADING_ROLES = ROLE_NOUNS - {"mother", "father", "wife", "husband", "son", "daughter", "brother", "sister", "widow",
                               "star", "model", "guard", "center", "forward", "victim", "suspect", "student", "player"}


#: What follows two names joined by a hyphen when they are a pair ("the Boeing-Embraer deal").
_PAIRING_NOUN = re.compile(r"\s+(?:deal|merger|tie-up|partnership|alliance|venture|joint venture|talks|summit|war|conflict|"
                           r"border|relations|ties|agreement|pact|accord|derby|match|game|clash|rivalry|fixture|final|"
                           r"series|axis|dispute|feud|trade|pipeline|route|flight|poll|vaccine|shot|jab)\b")


#: What a player's figure counts in a box score.
_STATS = (r"(?:points?|goals?|assists?|saves?|rebounds?|steals?|blocks?|yards|touchdowns?|hits?|strikeouts?|tackles?|"
          r"sacks?|kills|digs|aces)")
#: What a figure after a name counts in a box score ("Viera d. Melbourne 1-0" has none).
_STAT_AFTER = re.compile(r"\s+(?:" + _STATS + r"|total|runs?|wins?|losses)\b")
#: A player's figure after a name: "1 goal", "5 saves", "12 points".
BOX_SCORE_AFTER = re.compile(r"[ \t]+\d{1,3}[ \t]+(?:" + _STATS + r"|RBIs?)\b")


#: A verb right after a name's 's: no possessive ("Lowe's was lower": an owner needs a thing
#: owned) and no "is" or "has" ("X is was").
_VERB_AFTER_S = re.compile(r"['\u2019]s[ \t]+(?:was|were|is|are)\b(?!-)")
#: A comma right after a name's 's, in a list of names: an owner needs a thing owned after it
#: ("clients including Ford, Macy’s, Kellogg’s, NBC").
_LISTED_S = re.compile(r"['\u2019]s,[ \t]+[A-Z]")


def _positions_listed(text: str) -> bool:
    """Whether the article writes players' positions before their names more than once (a
    report's roster: "LB Sione Takitaki", "CB Denzel Ward"), so one-word names after one are
    players' names too."""
    return len(re.findall(r"\b" + _POSITION_WORD + r"\s+[A-Z][a-z]+\s+[A-Z]", text)) >= 2


def _opens_sentence(text: str, at: int) -> bool:
    """Whether a sentence, a quotation or a line starts at ``at`` (its capital says nothing)."""
    return re.search(r"(?:^|[.!?\"\u201c\u201d:]\s+|\n\s*)$", text[max(0, at - 4) : at]) is not None


def _apostrophe_name(text: str, start: int, end: int) -> bool:
    """"Lowe's", "McDonald's": one word the article always writes with 's, never alone and never
    as part of a longer name — at least twice, or once followed by a verb ("Rival Lowe's was
    also lower") or by a comma and the next name of a list ("Ford, Macy's, Kellogg's, NBC") —
    the 's belongs to the name."""
    stem = re.sub(r"['\u2019]s$", "", text[start:end])
    if not re.fullmatch(r"[A-Z][\w.-]*", stem):
        return False
    written = list(re.finditer(r"(?<![\w])" + re.escape(stem) + r"['\u2019]s\b", text))
    alone = re.search(r"(?<![\w])" + re.escape(stem) + r"(?!['\u2019\w])", text)
    # A capitalised word before it makes a longer name, unless it opens a sentence ("Rival Lowe's").
    longer = any(not _opens_sentence(text, m.start()) for m in re.finditer(r"[A-Z][\w.-]*\s+" + re.escape(stem) + r"\b", text))
    if alone is not None or longer or not written:
        return False
    after = written[0].start() + len(stem)
    return (len(written) >= 2 or _VERB_AFTER_S.match(text, after) is not None
            or _LISTED_S.match(text, after) is not None)


#: Owners that are no one in particular, in names that hold an 's ("People's Party", "Women's March").
_COMMON_OWNERS = frozenset({"people", "peoples", "women", "men", "children", "workers", "veterans", "farmers",
                            "citizens", "nations", "soldiers", "students", "teachers", "nurses", "miners"})


def _split_possessive(text: str, start: int, end: int, label: str, places: Gazetteer) -> list[tuple[int, int, str]]:
    """"Jeff Bezos's Blue Origin", "Hall of Fame’s Class of 2020", "Cleveland’s Public
    Auditorium": an owner and the thing owned — the owned thing only when it is a name of
    two words or more (not "Class")."""
    inner = re.search(r"['\u2019]s\s+(?=\S)", text[start:end])
    if inner is None or inner.start() == 0:
        return []
    owner_end = start + inner.start()
    owner = text[start:owner_end]
    owned = text[start + inner.end() : end]
    if owner.split()[0] in ("St.", "St", "Saint") or (
            " " not in owner and owner[:1].isupper()
            and (owner.casefold() in _COMMON_OWNERS or owner.casefold() in lowercase_words(text)
                 or (is_given_name(owner) and re.fullmatch(r"[A-Z][a-z]+", owned)))):
        # "St. Peter's Square", "the People's Liberation Army", "Martha’s Vineyard": the 's is
        # inside one name (news writes a person's first name alone before one word rarely).
        return []
    owner_label = "GPE" if label != "PERSON" and places.candidates(text[start:owner_end]) else label
    parts = [(start, owner_end, owner_label)]
    owned_start, owned_end = _trim(text, start + inner.end(), end, label)
    if len(text[owned_start:owned_end].split()) >= 2:
        parts.append((owned_start, owned_end, "ORG" if label == "PERSON" else label))
    return parts


def in_quoted_title(text: str, start: int, end: int) -> bool:
    """Whether the span lies in a short quotation whose words are mostly capitalised."""
    before = text[max(0, start - 60) : start]
    opening = max(before.rfind("\u201c"), before.rfind('"'))
    if opening == -1 or "\u201d" in before[opening:] or "\n" in before[opening:]:
        return False
    after = text[end : end + 60]
    closing = min((i for i in (after.find("\u201d"), after.find('"')) if i != -1), default=-1)
    if closing == -1 or "\n" in after[:closing]:
        return False
    quoted = before[opening + 1 :] + text[start:end] + after[:closing]
    words = re.findall(r"[A-Za-z][\w'\u2019]*", quoted)
    if not 2 <= len(words) <= 10:
        return False
    small = {"a", "an", "the", "of", "to", "in", "on", "and", "or", "for", "at", "by", "with", "it"}
    capitalised = [w for w in words if w.lower() not in small]
    return len(capitalised) >= 2 and all(w[:1].isupper() for w in capitalised)


#: What may follow a name's comma and belong to it: "CollectiveBias, Inc.", "Martin Luther King, Jr.".
_NAME_SUFFIX = re.compile(r"(?:Inc|Ltd|LLC|LLP|L\.P|Co|Corp|PLC|plc|S\.A|AG|SE|GmbH|N\.V|Jr|Sr|II|III|IV)\b")


#: Last words of bodies whose names join two words with "and" ("Customs and Border Protection",
#: "Immigration and Customs Enforcement", "Bill and Melinda Gates Foundation").
AND_BODY_ENDS = frozenset({"protection", "enforcement", "prevention", "administration", "commission", "foundation",
                            "service", "services", "affairs", "development", "security", "agency", "bureau",
                            "department", "institute", "ministry", "office", "council", "committee", "authority",
                            "board", "association", "society", "trust", "fund"})


_UNIVERSITY_OF = re.compile(r"\bUniversity of ([A-Z][a-z]+(?: [A-Z][a-z]+)?)$")


def campus_of(name: str) -> bool:
    """Whether a name ends as a US state's university, whose campuses Wikipedia titles "University
    of California, San Francisco" ("University of Goethe, Frankfurt" is a university and a city)."""
    found = _UNIVERSITY_OF.search(name)
    return found is not None and found.group(1) in us_state_names()


def _split_joined(text: str, start: int, end: int, label: str, places: Gazetteer) -> list[tuple[int, int, str]]:
    surface = text[start:end]
    # "such as CBS All Access, Disney has …", "Bleacher Report, Uber Eats": a list read as one
    # name. Not a suffix ("Dräger, Inc."), a name that is itself a list ("Ministry of Trade,
    # Industry and Energy"), nor a university's campus ("University of California, Davis").
    head, comma, tail = surface.partition(", ")
    if (comma and label in ("PERSON", "ORG") and head[:1].isupper() and tail[:1].isupper() and "," not in tail
            and not _NAME_SUFFIX.match(tail) and not re.search(r"\s(?:and|&)\s", tail) and not campus_of(head)):
        return [(start, start + len(head), label), (start + len(head) + len(comma), end, label)]
    # "the Falcon Heavy and Starship": two names joined by "and", the first of which the article
    # names alone elsewhere; not a name that holds an "and" ("Bosnia and Herzegovina", "Customs
    # and Border Protection", "Marks and Spencer").
    first, joiner, second = surface.partition(" and ")
    if (joiner and label in ("ORG", "PERSON") and first[:1].isupper() and second[:1].isupper() and " and " not in second
            and not {w.lower() for w in second.split()} & (_ORGANISATION_WORDS | _INSTITUTION_WORDS | _COMPANY_WORDS | AND_BODY_ENDS)
            and not places.candidates(surface) and _stands_alone(text[:start] + " " + text[end:], first)):
        return [(start, start + len(first), label), (start + len(first) + len(joiner), end, label)]
    # "selling Hipcricket to Augme Technologies", "the move of Thibaut Courtois to Real Madrid": a
    # sale or a transfer between two names, the first of which the article names alone elsewhere
    # or is a person's ("Cruelty to Children", "Committee to Protect Journalists" are names).
    first, joiner, second = surface.partition(" to ")
    if (joiner and label in ("ORG", "PERSON") and first[:1].isupper() and second[:1].isupper() and " to " not in second):
        person = _GIVEN_AND_SURNAME.fullmatch(first) is not None and is_given_name(first.split()[0])
        if person or _stands_alone(text[:start] + " " + text[end:], first):
            return [(start, start + len(first), "PERSON" if person else label), (start + len(first) + len(joiner), end, label)]
    # "Palm Bay d. Rockledge": a result in a school sports roundup, the winner "defeated" the loser.
    result = re.fullmatch(r"([A-Z][\w.'\u2019 -]*?) d\. ([A-Z][\w.'\u2019 -]*)", surface)
    if result:
        return [(start, start + result.end(1), "ORG"), (start + result.start(2), end, "ORG")]
    # "Washington, DC", "Clarkston, MI": a town and its state's abbreviation read as one place,
    # which no gazetteer lists so; each is a place of its own, as in "Austin, TX".
    if comma and label in ("GPE", "LOC") and "," not in tail and tail.isupper() and us_state_name(tail):
        return [(start, start + len(head), label), (start + len(head) + len(comma), end, label)]
    # "Tampa, FL @ MIDFLORIDA Credit Union Amphitheatre": a tour's date list, the town's state at its venue.
    at, sign, venue = surface.partition(" @ ")
    if sign and at.strip() and venue[:1].isupper():
        where = "GPE" if _is_region(at.strip(), places) else label
        return [(start, start + len(at), where), (start + len(at) + len(sign), end, label)]
    # "Browns-Steelers", "Israel-Hamas": two names the article also uses on their own.
    hyphen = re.fullmatch(r"([A-Z][\w.'\u2019]*)[-\u2013\u2014/]([A-Z][\w.'\u2019]*)", surface)
    if hyphen:
        left, right = hyphen.group(1), hyphen.group(2)
        if (_occurrences(text, left) and _occurrences(text, right)) or (
                (_occurrences(text, left) or _occurrences(text, right)) and _only_paired(text, surface)
                and not places.candidates(surface)):
            # "the Boeing-Embraer deal": two names paired by what follows wherever the article
            # writes them so, one of them named alone too. Not "Rolls-Royce" or "Mercedes-Benz",
            # which an article writes as a name too ("Mercedes-Benz said"), nor "Winston-Salem".
            return [(start, start + hyphen.end(1), label), (start + hyphen.start(2), end, label)]
    # "Ukraine Kurt Volker": a country or state name run into a two-word name.
    if label in ("PERSON", "ORG"):
        words = list(_WORDS.finditer(surface))
        for cut in (1, 2):
            if len(words) < cut + 2:
                break
            head = surface[: words[cut - 1].end()]
            rest = [w.group() for w in words[cut:]]
            if (
                any(p.kind in ("country", "state") for p in places.candidates(head))
                and len(rest) in (2, 3)
                and all(w[:1].isupper() and w.lower().rstrip(".") not in _INSTITUTION_WORDS | _ORGANISATION_WORDS for w in rest)
                # The person is named again on their own: "… Volker said".
                and re.search(r"(?<![\w-])" + re.escape(rest[-1]) + r"(?![\w-])", text[:start] + " " + text[end:])
            ):
                return [(start, start + len(head), "GPE"), (start + words[cut].start(), end, "PERSON")]
        # "Browns DL Sheldon Richardson", "Steelers QB Mason Rudolph": a team, a player's position
        # and the player's name.
        for index, word in enumerate(words[1:-2], start=1):
            if word.group() in _POSITIONS and 2 <= len(words) - index - 1 <= 3:
                return [(start, start + words[index - 1].end(), "ORG"), (start + words[index + 1].start(), end, "PERSON")]
        # "#Browns Greedy Williams", "Manchester United Paul Pogba": a team run into a player's
        # name, when the article writes both on their own elsewhere.
        for cut in (1, 2) if label == "PERSON" else ():
            if len(words) < cut + 2 or len(words) - cut > 3:
                continue
            head, rest = surface[: words[cut - 1].end()], surface[words[cut].start() :]
            elsewhere = text[:start] + " " + text[end:]
            if (all(w.group()[:1].isupper() for w in words) and not _initial(words[cut].group())
                    and not {w.group().lower().rstrip(".") for w in words} & (_ORGANISATION_WORDS | _INSTITUTION_WORDS | _COMPANY_WORDS)
                    and _stands_alone(elsewhere, head) and _stands_alone(elsewhere, rest)):
                return [(start, start + len(head), "ORG"), (start + words[cut].start(), end, "PERSON")]
    return [(start, end, label)]


#: A given name and one or two more capitalised words: how a person's full name is written.
_GIVEN_AND_SURNAME = re.compile(r"[A-Z][a-z]+(?:[ \t]+[A-Z][\w'\u2019-]+){1,2}")


#: Lower-case words inside names: "Bank of England", "Ludwig van Beethoven", "Osama bin Laden".
_NAME_CONNECTORS = frozenset({"of", "and", "for", "the", "de", "du", "del", "della", "des", "la", "le", "les", "von", "van",
                              "der", "den", "da", "di", "dos", "das", "do", "bin", "ibn", "al", "el", "y", "e", "on",
                              "upon", "at", "in", "&", "und", "zu", "ter", "ten", "af", "av", "st.", "a", "an", "to"})


def _initial(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]\.", word))


#: American football positions as sports news writes them before a player's name.
_POSITIONS = frozenset({"QB", "RB", "FB", "WR", "TE", "OL", "OT", "OG", "DL", "DE", "DT", "LB", "ILB", "OLB", "CB", "DB",
                        "FS", "SS"})
#: One of them starting a span: "DL Myles Garrett", "LB Sione Takitaki" (in capitals only:
#: "TE Connectivity" is a company's name, and the rest must be a name or a roster's). Not
#: those that are more often something else: "SS Great Britain", "in OT".
_POSITION_WORD = r"(?:" + "|".join(sorted(_POSITIONS - {"SS", "FS", "OT", "OG"}, key=len, reverse=True)) + r")"
_POSITION = re.compile(_POSITION_WORD + r"\s+(?=[A-Z][a-z])")


def _stands_alone(text: str, name: str) -> bool:
    """Whether ``text`` writes ``name`` with no capitalised word run into it on either side."""
    for found in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
        before = re.search(r"(\S+)[ \t]+$", text[max(0, found.start() - 40) : found.start()])
        after = re.match(r"[ \t]+(\S+)", text[found.end() : found.end() + 40])
        if not any(m and m.group(1)[:1].isupper() and m.group(1).lower() not in _FUNCTION_WORDS for m in (before, after)):
            return True
    return False


_DEPARTMENT_OF = re.compile(r"\b(?:[Hh]ead|[Dd]irector|[Cc]hief|[Mm]anager|[Vv]ice [Pp]resident|VP|SVP|EVP)[ \t]+of[ \t]+(?:the[ \t]+)?$")


def _keep(text: str, start: int, end: int, label: str) -> bool:
    surface = text[start:end]
    if any(w[:1].islower() and w not in _NAME_CONNECTORS and not re.match(r"[a-z]+[A-Z]", w) for w in surface.split()[1:-1]):
        return False  # "Officers arrested Webb", "Meth is IN SD": words of a sentence, not of a name
    if len(surface) < 2 or not surface[:1].isupper() or surface.lower() in JUNK:
        return False
    if not any(ch.isalpha() for ch in surface):
        return False
    if surface.isupper() and (len(surface.split()) >= 3 or "-" in surface):
        return False  # shouted page furniture: "FOX BUSINESS ON THE GO BY", "CO-FOUNDER"
    if is_title_word(surface) or surface.lower().rstrip(".") in _DAYS_MONTHS:
        return False  # "Cmdr", "President", "Sept."
    if _DAYS_JOINED.fullmatch(surface):
        return False  # "Closed on Sun & Mon": days, not a name
    if _LETTERED.match(surface) and (_LETTERED.fullmatch(surface) or surface[_LETTERED.match(surface).end() - 1] == "."):
        return False  # "Group D", "Path A.", "Group H. Four" (run on into a sentence): a part of a draw, not a body
    if surface.lower() in ("street", "avenue", "road", "lane", "boulevard") and not surface.isupper():
        return False  # "the Street's expectations": Wall Street's nickname, no street's name
    if _DEPARTMENT_OF.search(text, max(0, start - 40), start) and re.match(r"[ \t]+at[ \t]+[A-Z]", text[end : end + 6]):
        return False  # "Head of Fundamental Research at Kotak Securities": a department of the body named next
    if " " not in surface and _common_word(text, surface):
        return False  # "Meth", "Challenges": a word the article also uses in lower case
    if " " not in surface and _spelled_out_in_lower_case(text, surface):
        return False  # "hypersensitivity pneumonitis, or HP", "GaN (gallium nitride)": a term, not a body
    if " " not in surface and not surface.isupper() and surface.lower() in STOP_WORDS:
        return False  # "There's no download": a word of a sentence
    if " " not in surface and surface.lower() in ROLE_NOUNS and (
            re.search(r"[A-Z][\w.]*[ \t]+$", text[max(0, start - 30) : start]) or _alone_on_its_line(text, start, end)):
        return False  # "Google Stadia Founder", a roster's heading "Linebacker": a role, not a name
    if " " not in surface and re.match(r"[Cc]hief[ \t]+$", text[max(0, start - 6) : start]) and re.match(r"[ \t]+Officer\b", text[end : end + 9]):
        return False  # "Chief Strategy Officer": a title's word
    if re.search(r"\d", surface) and not re.search(r"[A-Za-z]{3}", surface):
        return False  # "T3", "FHC/ABJ/03/095/2018": codes, not names
    if " " not in surface and _opens_sentence(text, start) and _IMPERATIVE_OBJECT.match(text, end):
        return False  # "SPEND a day in the country", "Seek out the healthy snacks": a verb telling the reader
    if " " not in surface and len(surface) >= 7 and surface.endswith("ally"):
        return False  # "Nationally, dealers sold": an adverb opening a sentence
    if " " not in surface and re.search(r"(?<![\d,.])\d{3}[ \t]+$", text[max(0, start - 8) : start]):
        return False  # "its popular 737 Max jet": a model's name, not a person's
    if " " not in surface and _broken_word(text, end, surface):
        return False  # "its Arte mis m oon program": a piece of "Artemis", cut by the page's markup
    return True


def _broken_word(text: str, end: int, surface: str) -> bool:
    """Whether the word is the start of a longer one the page's markup cut apart: the letters
    after the space that follows it make, with it, a word the article writes whole."""
    rest = re.match(r" ([a-z]{1,6})(?![\w'\u2019-])", text[end : end + 8])
    # A substring test first: most names are followed by a word of the sentence, not a piece.
    return rest is not None and surface + rest.group(1) in text and _word_counts(text)[surface + rest.group(1)] > 0


#: What follows a verb that opens a sentence to tell the reader what to do ("Attend a two-day
#: symposium", "Seek out"), and never a name opening one ("Nomura said", "Google to buy").
_IMPERATIVE_OBJECT = re.compile(r"[ \t]+(?:a|an|the|your|our|out|up|off|yourself|some|this|these|those)[ \t]")


#: Days written short and joined, as opening hours write them ("Sun & Mon", "Tue - Sat").
_DAYS_JOINED = re.compile(r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?(?:\s*(?:&|and|-|\u2013|/|,)\s*"
                          r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?)+")


def _alone_on_its_line(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")


def _common_word(text: str, word: str) -> bool:
    """A capitalised word that the same article also writes in lower case mid-sentence is a
    word of the language here ("Meth use rose … meth"), not a name."""
    if word.isupper() or len(word) < 3 or not word[1:].islower():
        return False
    return word.lower() in lowercase_words(text)


#: An abbreviation beside its words written out: "<words> (HP)", "<words>, or HP" (the words
#: before it), "HP (<words>)", "HP, or <words>", "HP, short for <words>" (the words after it).
_WORDS_BEFORE_ABBREVIATION = re.compile(r"(?<![\w-])((?:[a-z][a-z-]*[ \t]+){0,7}[a-z][a-z-]*)"
                                        r"(?:[ \t]*\([ \t]*|,?[ \t]+or[ \t]+)$")
_WORDS_AFTER_ABBREVIATION = re.compile(r"s?(?:[ \t]*\(|,[ \t]*(?:or|short[ \t]+for|meaning)[ \t]+"
                                       r"|[ \t]+stands[ \t]+for[ \t]+)[ \t]*((?:[a-z][a-z-]*[ \t]+){0,5}[a-z][a-z-]*)")


#: What a term is called after: "a condition called HP", "a protein known as IL-6".
_TERM_CALLED = re.compile(r"\b(?:condition|disease|disorder|syndrome|infection|illness|technique|method|process|procedure"
                          r"|protein|gene|enzyme|hormone|compound|molecule|drug|virus|bacterium|phenomenon)s?[ \t]+"
                          r"(?:called|known[ \t]+as|named)[ \t]+$")


@lru_cache(maxsize=1024)
def _spelled_out_in_lower_case(text: str, word: str) -> bool:
    """Whether the article writes an abbreviation out, beside it, in words of the language:
    "hypersensitivity pneumonitis, or HP", "GaN (gallium nitride)" — or names it as a term ("a
    condition called HP"). Such an abbreviation names a thing, not a body (a body's name is
    written out in capitals: "Hewlett-Packard (HP)")."""
    letters = "".join(ch for ch in word if ch.isupper())
    if not 2 <= len(letters) <= 6 or not word[:1].isupper() or len(word) > 8 or not word.isalpha():
        return False
    initials = letters.lower()
    for found in re.finditer(re.escape(word), text):
        at, end = found.start(), found.end()
        if (at and (text[at - 1].isalnum() or text[at - 1] == "-")) or (end < len(text) and text[end] in "-_") or (
                end < len(text) and text[end].isalnum() and not (text[end] == "s" and not text[end + 1 : end + 2].isalnum())):
            continue  # inside a longer word
        left, right = text[max(0, at - 100) : at], text[end : end + 80]
        # Most abbreviations have no bracket, "or", "called" or "for" beside them: no more to read.
        if not (re.search(r"(?:\(|\bor|\bcalled|\bas|\bnamed)[ \t]*$", left[-14:])
                or re.match(r"s?(?:[ \t]*\(|,[ \t]*(?:or|short|meaning)\b|[ \t]+stands\b)", right)):
            continue
        if _TERM_CALLED.search(left[-40:]):
            return True
        before = _WORDS_BEFORE_ABBREVIATION.search(left)
        if before and (words := before.group(1).split()) and any(
                _initials_of(words[-count:], initials) for count in range(1, min(len(words), len(letters)) + 1)):
            return True
        after = _WORDS_AFTER_ABBREVIATION.match(right)
        if after and _initials_of(after.group(1).split()[: len(letters)], initials):
            return True
    return False


def _initials_of(words: Sequence[str], initials: str) -> bool:
    """Whether words of the language (each of four letters or more, or parts of a hyphenated one)
    give these initials, in order."""
    parts = [part for w in words for part in w.split("-") if part]
    if len(parts) != len(initials) and len(words) != len(initials):
        return False
    chosen = parts if len(parts) == len(initials) else list(words)
    return (all(len(w) >= 4 and w not in STOP_WORDS for w in words)
            and "".join(w[0] for w in chosen) == initials)


@lru_cache(maxsize=16)
def lowercase_words(text: str) -> frozenset[str]:
    """Words the article writes in lower case after another word (read once per article)."""
    return frozenset(re.findall(r"(?<=[a-z,;] )([a-z][\w'\u2019-]*)", text))


@lru_cache(maxsize=16)
def _word_counts(text: str) -> Counter[str]:
    """How often each word stands on its own in the article (read once per article)."""
    return Counter(re.findall(r"(?<![\w-])[\w'\u2019]+(?![\w-])", text))


def _only_paired(text: str, pair: str) -> bool:
    """Whether every "A-B" the article writes is followed by what pairs two names ("deal",
    "derby", "border")."""
    found = list(re.finditer(r"(?<![\w-])" + re.escape(pair) + r"(?![\w-])", text))
    return bool(found) and all(_PAIRING_NOUN.match(text, m.end()) for m in found)


def _occurrences(text: str, phrase: str) -> int:
    """How often the article writes ``phrase`` as a whole word (or words)."""
    if " " not in phrase and "." not in phrase:
        return _word_counts(text)[phrase]
    return len(re.findall(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text))


#: Up to three capitalised words just before or after a span, on its line, with the small words
#: names hold ("Customs" of "Customs and Border Protection").
_WORDS_BEFORE = re.compile(r"(?:(?<![\w.'\u2019-])" + _RUN_WORD + r" (?:(?:and|of|for|the|&) )?){1,3}$")
_WORDS_AFTER = re.compile(r"(?: (?:(?:and|of|for|the|&) )?" + _RUN_WORD + r"(?![\w'\u2019-])){1,3}")


def widen_to_names(text: str, spans: Sequence[RawSpan]) -> list[RawSpan]:
    """Spans widened to a longer name the article writes around them and names in full
    elsewhere: "Madrid" of "… Chelsea, Real Madrid and …" is "Real Madrid" when the model
    finds "Real Madrid" in another sentence; "New York" of "The New York State Attorney
    General" is "New York State" when the article has that name. The longer name's label goes
    with it: a fragment of a club's or an office's name is no note about the city."""
    labels: dict[str, Counter[str]] = {}
    for span in spans:
        labels.setdefault(text[span.start : span.end], Counter())[span.label] += 1
    widened: list[RawSpan] = []
    for span in spans:
        before = _WORDS_BEFORE.search(text, max(0, span.start - 60), span.start)
        after = _WORDS_AFTER.match(text, span.end)
        starts = [span.start] + ([m.start() + before.start() for m in re.finditer(r"(?:^|(?<= ))\S", before.group())] if before else [])
        ends = [span.end] + ([span.end + m.end() for m in re.finditer(r" \S+", after.group())] if after else [])
        longer = [(start, end) for start in starts for end in ends
                  if (start, end) != (span.start, span.end) and text[start:end] in labels]
        if not longer:
            widened.append(span)
            continue
        start, end = max(longer, key=lambda se: se[1] - se[0])
        widened.append(RawSpan(start, end, labels[text[start:end]].most_common(1)[0][0], span.source))
    return widened


#: Small words that Title Case capitalises: their capital inside a line marks a headline written
#: in Title Case ("The Early Reviews For Google's Stadia Are Here"): the headline words spotting
#: already knows, with the articles and conjunctions names may also hold.
_TITLE_CASE_SMALL = frozenset({"For", "Of", "The", "And", "A", "An", "As", "This", "That", "They", "Into", "Seems"})
_LINE_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")


@lru_cache(maxsize=16)
def _title_case_lines(text: str) -> tuple[tuple[int, int], ...]:
    """Lines written in Title Case: at least four words, nearly all capitalised, with
    capitalised small words inside; or headings in headline style, their small words in lower
    case (read once per article)."""
    lines = []
    for line in re.finditer(r"[^\n]+", text):
        words = _LINE_WORD.findall(line.group())
        if (len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
                and sum(w in _TITLE_CASE_SMALL or w in _HEADLINE_WORDS for w in words[1:]) >= 2):
            lines.append((line.start(), line.end()))
        elif _headline_style(line.group(), words):
            lines.append((line.start(), line.end()))
    return tuple(lines)


#: The small words headline style leaves in lower case ("Man Shot at Dallas Gas Station Dies at Hospital").
_HEADLINE_SMALL = frozenset({"a", "an", "the", "of", "at", "in", "on", "to", "for", "and", "or", "with", "by", "from", "as", "into", "vs"})


def _headline_style(line: str, words: Sequence[str]) -> bool:
    """A heading in headline style: five words or more, no closing stop, every word capitalised
    but the small ones, and at least two of those."""
    if len(words) < 5 or line.rstrip()[-1:] in ".!?:;,\"\u201d)":
        return False
    small = [w for w in words[1:] if w in _HEADLINE_SMALL]
    return len(small) >= 2 and all(w[0].isupper() or w in _HEADLINE_SMALL for w in words)


def title_case_guess(text: str, span: RawSpan) -> bool:
    """A span the model drew inside a Title Case headline that the article never writes in its
    sentences: in such a line every word has a capital, and the model runs words of the
    headline into names ("Early Reviews For Google", "Stadia Is Essentially A Beta Version").
    The names the headline holds are found where the article's sentences name them."""
    lines = _title_case_lines(text)
    if not any(start <= span.start and span.end <= end for start, end in lines):
        return False
    sentences = _outside(text, lines)
    return not re.search(r"(?<![\w-])" + re.escape(text[span.start : span.end]) + r"(?![\w-])", sentences)


def headline_place(text: str, span: RawSpan, places: Gazetteer) -> RawSpan | None:
    """The place a headline's run names after "in", "at" or "from" ("Dallas" of "Man Shot at
    Dallas Gas Station Dies at Hospital", "Plano" of "… Found Dead in Plano Apartment"), kept
    where the rest of the run is dropped by :func:`title_case_guess`: the gazetteer knows a town
    by the words."""
    words = [(span.start + w.start(), span.start + w.end()) for w in re.finditer(r"\S+", text[span.start : span.end])]
    for first, (start, _) in enumerate(words):
        if not re.search(r"(?<![\w-])(?:in|at|from|near)\s+$", text[max(0, start - 6) : start]):
            continue
        for last in range(len(words) - 1, first - 1, -1):
            if places.candidates(text[start : words[last][1]]):
                return RawSpan(start, words[last][1], "GPE", span.source)
    return None


@lru_cache(maxsize=16)
def _outside(text: str, lines: tuple[tuple[int, int], ...]) -> str:
    kept, at = [], 0
    for start, end in lines:
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return "\n".join(kept)


#: Last words of products' names: "MacBook Pro", "Switch Lite", "Disney Plus", "Galaxy S20 Ultra",
#: "Hubble Space Telescope", "Mars Exploration Rover".
_PRODUCT_ENDS = frozenset({"pro", "lite", "mini", "max", "ultra", "plus", "edition", "telescope", "rover", "lander", "orbiter",
                           "spacecraft"})
#: A device after its maker's and its line's names: "Linksys Velop Wi-Fi 6 Mesh Router", "Wyze
#: Sense Starter Kit", "Monoprice Essentials USB(-C cable)". Not words that end bodies' names too
#: ("Human Rights Watch", "Christian Science Monitor", "Fox TV").
_DEVICE_ENDS = frozenset({"router", "routers", "charger", "chargers", "cable", "cables", "headphones", "earbuds", "earphones",
                          "smartwatch", "keyboard", "hdtv", "doorbell", "thermostat", "laptop", "smartphone", "drone", "kit",
                          "usb", "hdmi", "ssd", "oled"})
#: A product's edition named after a name: "Founder's Edition", "Collector's Edition".
_EDITION_AFTER = re.compile(r"['\u2019]s\s+Edition\b")
#: An owner's possessive before a name: "SpaceX's Starship", "its Dream Chaser".
_OWNER_BEFORE = re.compile(r"(?:(?<![\w-])(?:its|their|our)|[A-Z][\w.&-]*['\u2019]s)\s+(?:new\s+|own\s+)?$")
#: What an owner's name is the name of: "its Blue Moon lander", "its Apple Arcade subscription
#: service", "its Project xCloud cloud-based gaming service" (a few lower-case words between).
_WARE_AFTER = re.compile(r"\s+(?:(?!(?:the|a|an|to|of|in|on|at|for|and|or|with|by|its|their|his|her|that|which|who|is|was|will|has|had|would)\s)"
                         r"[a-z][\w-]*\s+){0,2}?(?:lander|rover|vehicle|spacecraft|capsule|rocket|telescope|satellite"
                         r"|probe|orbiter|console|controller|app|platform|subscription|service|browser|assistant|headset"
                         r"|smartphone|tablet|laptop|chip|processor|drone)s?\b")
#: A model's designation: letters and digits in one word ("R6700", "G3", "AW3418DW", "i5-9300H").
_MODEL_NUMBER = re.compile(r"(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]+$")
#: A model number right after a name of two words or more ("Intel Core i5-9300H"); not an
#: ordinal or a decade ("The Doobie Brothers 50th Anniversary Tour", "Beach Boys 60s hits").
_MODEL_AFTER = re.compile(r"[ \t]+(?!\d+(?:st|nd|rd|th|s)\b)(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]+(?![\w'\u2019])")
#: Abbreviations of things, not of bodies, that the model files as organisations or people ("a
#: handsome EV", "USB-C ports", "an IPS panel", "Cleveland DL Larry Ogunjobi").
_GENERIC_ABBREVIATIONS = frozenset({
    "ev", "awd", "rwd", "fwd", "4wd", "suv", "usb", "gpu", "cpu", "rgb", "ips", "oled", "lcd", "led", "hdr", "hdmi",
    "ecg", "ekg", "ssd", "hdd", "ram", "vpn", "wifi", "wi-fi", "ai", "vr", "gps", "nfc", "pdf", "api", "sdk", "iot",
    "dna", "rna", "mri", "gdp", "etf", "ipo", "nft", "pc", "tv", "hd", "uhd", "4k", "5g", "4g", "lte", "sms", "qr",
    "url", "vip", "diy", "faq", "atm", "mvp", "vod", "rrp", "msrp", "bpa", "qb", "rb", "wr", "dl", "lan", "rtb",
    # Chat and trade shorthand: "ramp it up ASAP", "via DM", "PE shops" (private equity).
    "asap", "wtf", "dm", "pe",
    # A match report's statistics: "two TDs", "3 RBIs", "won in OT".
    "td", "yds", "rbi", "ppg", "rpg", "apg", "ot", "ko", "tko", "fg", "nr", "tfl", "pbu", "qh",
})


def product_or_jargon(text: str, span: RawSpan) -> bool:
    """A product's name or a technical abbreviation the model filed as a body or a person:
    "MacBook Pro", "Nighthawk X4", "an EV", "GPUs", "Quick Start Guide". The guidelines keep
    no note on products; online the knowledge base is asked what such a name is (Wikipedia's
    page says it), offline it is no mention."""
    if span.label not in ("ORG", "PERSON"):
        return False
    surface = text[span.start : span.end]
    words = surface.split()
    if _EDITION_AFTER.match(text, span.end):
        return True  # "the Stadia Founder's Edition": a product's edition
    if _OWNER_BEFORE.search(text, max(0, span.start - 60), span.start) and _WARE_AFTER.match(text, span.end):
        return True  # "Blue Origin's Blue Moon lander", "its Apple Arcade subscription service"
    if _on_sale(text, span) or (len(words) > 1 and _sold(text, surface)):
        return True  # "Sonos Move for $400", "30% Off LEGO Star Wars … for $234.98": a deal's product
    if len(words) == 1:
        word = surface[:-1] if surface.endswith("s") and surface[:-1].isupper() else surface
        return word.casefold() in _GENERIC_ABBREVIATIONS and not word.istitle()
    if span.label == "PERSON" and _words_of_the_language(text, span.start, words):
        return True
    if _MODEL_AFTER.match(text, span.end):
        return True  # "Intel Core i5-9300H", "LG OLED 65C9": a product line and its model
    if words[-1].casefold() in _DEVICE_ENDS and (span.label == "ORG" or (
            not is_given_name(words[0]) and title_before(text, span.start) is None)):
        return True  # not a person's surname after a first name or a title ("Coach Jalen Keyboard")
    return words[-1].casefold() in _PRODUCT_ENDS or any(_MODEL_NUMBER.match(w) for w in words[1:])


#: A deal's line: what is sold, then its price ("DJI Mavic Mini for $399", "… Set, Now $243.97",
#: "… for $499.99 (Originally $800)", "… Now $549 Plus $50 Dell eGift Card"), the name within the
#: line's first words (after "45% Off", "New Release:"); not the store ("Get it at Dell for $549").
_DEAL_LINE_END = re.compile(r"[^\n]*?(?:[ \t]for[ \t]+(?:just[ \t]+|only[ \t]+)?|,?[ \t]+[Nn]ow[ \t]+)\$\d[\d,.]*"
                            r"(?:[ \t]*\([^\n()]{0,30}\)|[ \t]+[Pp]lus[ \t][^\n]{0,40})?[ \t]*(?:\n|$)")
_STORE_BEFORE = re.compile(r"\b(?:at|on|from|via|to)[ \t]+$")


def model_after(text: str, end: int) -> bool:
    """Whether a model number follows a name ("Intel Core i5-9300H", "Dell Alienware AW3418DW")."""
    return _MODEL_AFTER.match(text, end) is not None


def _on_sale(text: str, span: RawSpan) -> bool:
    """Whether a name is what a deal's line sells: it stands among the line's first words and
    the line ends with "for $…"."""
    line_start = text.rfind("\n", 0, span.start) + 1
    before = text[line_start : span.start]
    line_end = text.find("\n", span.end)
    if "$" not in text[span.end : line_end if line_end >= 0 else len(text)]:
        return False  # no price on the line (most lines): the regex below need not run
    return (len(before) <= 30 and not _STORE_BEFORE.search(before) and "\n" not in text[span.start : span.end]
            and _DEAL_LINE_END.match(text, span.end) is not None)


@lru_cache(maxsize=1024)
def _sold(text: str, name: str) -> bool:
    """Whether a deal's line elsewhere in the article sells this name: what the article sells
    once ("Sonos Move for $400") is a product wherever it names it ("With Sonos Move, the
    company …"). Not said of a word alone, which may be the maker's name ("Apple" of "Apple
    AirPods for $199")."""
    for offset, line in _priced_lines(text):
        at = line.find(name, 0, 31 + len(name))
        if at >= 0 and not line[at + len(name) : at + len(name) + 1].isalnum() and (
                _on_sale(text, RawSpan(offset + at, offset + at + len(name), "ORG"))):
            return True
    return False


@lru_cache(maxsize=16)
def _priced_lines(text: str) -> tuple[tuple[int, str], ...]:
    """The article's lines with a price on them, each with where it starts (read once per article)."""
    found, offset = [], 0
    for line in text.split("\n"):
        if "$" in line:
            found.append((offset, line))
        offset += len(line) + 1
    return tuple(found)


def _words_of_the_language(text: str, start: int, words: Sequence[str]) -> bool:
    """Whether a name the model read as a person's is, by its words, rather a thing's: "Quick
    Start Guide", "Magic Keyboard", "Success Mindset" — two or three words, the first no first
    name people go by (nor an initial, nor after a title), the last a noun the article also
    writes in lower case ("… the guide"). Not "Tom Young" (a first name), nor "Kwame May"
    ("may" is a word of every sentence). A person whose first name the dictionary lacks and
    whose surname is such a noun ("… Green" in a story that says "green") is left to the
    knowledge base too."""
    last = words[-1].rstrip(".,")
    if len(words) > 3 or is_given_name(words[0]) or _initial(words[0]) or last.lower() in STOP_WORDS:
        return False
    return title_before(text, start) is None and _common_word(text, last)


def makers_wares(text: str, spans: Sequence[RawSpan], places: Gazetteer | None = None) -> list[RawSpan]:
    """Names that open with the name of a body the article gives alone: a company's product.
    Read as a person's ("Apple Watches" beside "Apple", "Xbox Live" beside "Xbox"), unless the
    first word is a first name people go by ("Morgan Freeman"); read as a body's ("Apple TV",
    "NBA League Pass"), unless the name ends as bodies' names do ("AFC West", "GE Healthcare")
    or opens with a place's ("Tottenham Hotspur" beside "Tottenham": a club)."""
    bodies = {text[span.start : span.end] for span in spans if span.label == "ORG" and " " not in text[span.start : span.end].strip()}
    wares = []
    for span in spans:
        words = text[span.start : span.end].split()
        if len(words) < 2 or words[0] not in bodies:
            continue
        if span.label == "PERSON" and not is_given_name(words[0]):
            wares.append(span)
        elif (span.label == "ORG" and all(w[:1].isupper() for w in words) and words[-1].casefold().rstrip(".") not in _BODY_LAST_WORDS
              and not (places is not None and places.candidates(words[0]))):
            wares.append(span)
    return wares


def first_names_alone(text: str, spans: Sequence[RawSpan]) -> list[RawSpan]:
    """Persons named by one word that is a first name people go by and no part of a full name
    the article gives ("my friend Helen", a review signed "– Mel", "Max" of "iPhone 11 Pro
    Max", "Destiny 2"): no note can be about them, and half of them are no person. A title
    before keeps one ("Prince Andrew"); so does a full name ("Noah Jackson … Noah")."""
    in_full_names = {word for span in spans if span.label == "PERSON"
                     for word in text[span.start : span.end].split() if " " in text[span.start : span.end].strip()}
    alone = []
    for span in spans:
        name = text[span.start : span.end]
        if (span.label == "PERSON" and " " not in name.strip() and name not in in_full_names and is_given_name(name)
                and title_before(text, span.start) is None):
            alone.append(span)
    return alone


def kinds_in_lists(text: str, spans: Sequence[RawSpan], places: Gazetteer) -> list[RawSpan]:
    """A list of companies holds companies: "awarding missions to Astrobotic, Intuitive Machines
    and Orbit Beyond", "acquisitions, including Marvel Entertainment, Lucasfilm and BamTech".
    In an enumeration of three names or more, mostly organisations, a name the model took for a
    place that the gazetteer does not know is one of them."""
    spans = list(spans)
    runs: list[list[int]] = []
    for index, span in enumerate(spans):
        if index and _LIST_JOINER.fullmatch(text[spans[index - 1].end : span.start]):
            runs[-1].append(index)
        else:
            runs.append([index])
    for run in runs:
        labels = [spans[i].label for i in run]
        if len(run) >= 2 and labels.count("PERSON") * 2 >= len(run):
            # "Ivana Jelić and Pavle Petrović", "the founders Merav Eitan and Gaston Zahr": beside
            # people, a name shaped like a person's that no gazetteer knows is one of them.
            for i in run:
                surface = text[spans[i].start : spans[i].end]
                words = surface.split()
                if (spans[i].label in ("GPE", "LOC") and _PERSONAL_NAME.fullmatch(surface)
                        and not {w.lower() for w in words} & (_ORGANISATION_WORDS | _INSTITUTION_WORDS | _VENUE_WORDS | _STREET_WORDS)
                        and words[0].lower() not in _COMPASS_WORDS and not _is_region(words[-1], places)
                        and not places.candidates(surface) and not subdivision_countries(surface)):
                    spans[i] = RawSpan(spans[i].start, spans[i].end, "PERSON", spans[i].source)
            continue
        if len(run) < 3 or labels.count("ORG") < 2 or labels.count("ORG") * 2 < len(run):
            continue
        for i in run:
            surface = text[spans[i].start : spans[i].end]
            if spans[i].label in ("GPE", "LOC") and not places.candidates(surface) and not subdivision_countries(surface):
                spans[i] = RawSpan(spans[i].start, spans[i].end, "ORG", spans[i].source)
            elif spans[i].label == "PERSON" and labels.count("ORG") * 3 >= len(run) * 2:
                # "includes Draper, Lockheed Martin, and Northrop Grumman": a company named like a person.
                spans[i] = RawSpan(spans[i].start, spans[i].end, "ORG", spans[i].source)
    return spans


#: Between two members of a list ("Comcast/Xfinity": a company and its brand, side by side).
_LIST_JOINER = re.compile(r",\s+|,?\s+and\s+|\s+&\s+|/")
#: A list's last member after its joiner: one to three capitalised words, then no more of them.
_LAST_MEMBER = re.compile(r"(?:,[ \t]+|,?[ \t]+and[ \t]+|[ \t]+&[ \t]+)([A-Z][\w&'\u2019-]*(?:[ \t]+[A-Z][\w&'\u2019-]*){0,2})"
                          r"(?![ \t]+(?:[A-Z\d]|of\b|for\b|de\b)|[\w&'\u2019.-])")


def list_completions(text: str, spans: Sequence[RawSpan]) -> list[RawSpan]:
    """The last member of a list of companies or people that the model left out: "Amazon,
    Google and Facebook face new rules" (the model finds Amazon and Google). Said only when the
    list's other members, two or more, are all of one kind."""
    found: list[RawSpan] = []
    run: list[RawSpan] = []
    for index, span in enumerate(spans):
        if run and _LIST_JOINER.fullmatch(text[run[-1].end : span.start]):
            run.append(span)
        else:
            run = [span]
        following = spans[index + 1].start if index + 1 < len(spans) else len(text)
        if len(run) < 2 or {s.label for s in run} - {run[0].label} or run[0].label not in ("ORG", "PERSON"):
            continue
        member = _LAST_MEMBER.match(text, span.end)
        if member is None or member.end() > following or _LIST_JOINER.fullmatch(text[span.end : following] or "-"):
            continue
        name = member.group(1)
        first = name.split()[0]
        if (first.casefold() in _FUNCTION_WORDS or first.casefold() in _DAYS_MONTHS or is_title_word(first)
                or first.casefold() in lowercase_words(text)):
            continue
        found.append(RawSpan(member.start(1), member.end(1), run[0].label, "ner"))
    return found


#: Words that make a region of a place's name: "Eastern Michigan", "North Texas".
_COMPASS_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                            "upper", "lower", "greater", "northeast", "northwest", "southeast", "southwest"})
#: Last words of bodies' names, which a product's name after its maker's does not end in ("AFC West",
#: "Pittsburgh Post-Gazette", "GE Healthcare"; "Apple Watch" ends in none).
_BODY_LAST_WORDS = (_ORGANISATION_WORDS | _COMPANY_WORDS | _INSTITUTION_WORDS | _VENUE_WORDS
                    | _COMPASS_WORDS | {"electronics", "motor", "research", "channel", "radio", "sports", "television", "health",
                                        "healthcare", "gazette", "post-gazette", "tribune", "herald", "chronicle", "daily",
                                        "magazine", "division", "conference"})
#: Two or three capitalised words, as a person's name is written.
_PERSONAL_NAME = re.compile(r"[A-Z][^\W\d_]+(?:[-'\u2019][A-Z]?[^\W\d_]+)?(?: [A-Z][^\W\d_]+(?:[-'\u2019][A-Z]?[^\W\d_]+)?){1,2}")



def one_kind_per_name(text: str, spans: Sequence[RawSpan], corrected: Sequence[bool],
                      places: Gazetteer | None = None) -> list[RawSpan]:
    """One name, one kind: the model reads the same name as a person in one sentence and as an
    organisation or place in another ("Twitter", "Salesforce", "Mary Steenburgen"); the
    majority of its readings decides, a reading a context rule made (``corrected``) counting
    twice, and a tie changes nothing. Only person against the rest: a place and a team of the
    same name are both real in sports news. The first or last word of a person's full name in
    the article stays a person ("Jordan" beside "Michael Jordan"). What the article says a name
    is outweighs every reading: a body by its apposition ("Ascom, a global solutions provider"),
    a person by the pronouns of its sentences (a surname read as the company of that name).

    With the gazetteer (``places``): a place reading of a name no gazetteer knows gives way to a
    majority of organisation readings ("through KLOOK" among three "KLOOK" the company), or in
    a sports report to any ("the Wild" beside "Wild coach Bruce Boudreau"); and a
    city of half a million people or more, a state or a country read as a person, which is no
    part of a person's full name in the article, is the place ("the role that Glasgow plays")."""
    votes: dict[str, Counter[str]] = {}
    for span, fixed in zip(spans, corrected):
        votes.setdefault(text[span.start : span.end], Counter())[span.label] += 2 if fixed else 1
    # "President Ascom North America" where the article calls Ascom "a global solutions provider":
    # a person-typed name that opens with a body's name is that body's, and no person's name.
    opened_by_body = {text[span.start : span.end] for span in spans if span.label == "PERSON"
                      and " " in text[span.start : span.end].strip()
                      and _described_as_a_body(text, text[span.start : span.end].split()[0])}
    name_parts = {part for span in spans if span.label == "PERSON" and " " in text[span.start : span.end].strip()
                  and text[span.start : span.end] not in opened_by_body
                  for part in (text[span.start : span.end].split()[0], text[span.start : span.end].split()[-1])}
    surnames = {text[span.start : span.end].split()[-1] for span in spans
                if span.label == "PERSON" and " " in text[span.start : span.end].strip()}
    # "the late author John M. Ford … Ford had won … Ford visited his editor": the model reads a
    # surname alone as the company of that name; the pronouns its sentences use say who it is.
    people_by_surname = {name for name in surnames if name in votes and (votes[name]["ORG"] or votes[name]["GPE"])
                         and _spoken_of_as_a_person(text, name)}
    # "Ascom, a global solutions provider": what the article says a name is outweighs the
    # model's readings of it, however many.
    bodies = opened_by_body | {name for name in votes if name not in name_parts and _described_as_a_body(text, name)}
    settled = []
    big: dict[str, bool] = {}
    for span in spans:
        surface = text[span.start : span.end]
        count = votes[surface]
        person = count["PERSON"]
        other = sum(n for label, n in count.items() if label != "PERSON")
        if span.label == "PERSON" and surface in bodies:
            span = RawSpan(span.start, span.end, "ORG", span.source)
        elif span.label == "PERSON" and other > person and surface not in name_parts:
            label = max((label for label in count if label != "PERSON"), key=lambda label: count[label])
            span = RawSpan(span.start, span.end, label, span.source)
        elif span.label != "PERSON" and surface not in bodies and (person > other or surface in people_by_surname):
            span = RawSpan(span.start, span.end, "PERSON", span.source)
        elif (places is not None and span.label in ("GPE", "LOC") and not places.candidates(surface)
              and not subdivision_countries(surface)
              and (count["ORG"] > count["GPE"] + count["LOC"] or (count["ORG"] and sports_report(text)))):
            # ... and in a sports report, one organisation reading is enough: "Wild coach Bruce
            # Boudreau" makes "the Wild" the team every time.
            span = RawSpan(span.start, span.end, "ORG", span.source)
        elif (places is not None and span.label in ("PERSON", "GPE", "LOC") and " " not in surface and person
              and person == count["GPE"] + count["LOC"] == other and surface not in name_parts
              and not places.candidates(surface) and not subdivision_countries(surface)):
            # "Ubisoft", "Retina": a word read as a person as often as a place no gazetteer
            # knows is neither for sure; a body, which the knowledge base may retype, is one entity.
            span = RawSpan(span.start, span.end, "ORG", span.source)
        if (places is not None and span.label == "PERSON" and surface not in name_parts
                and title_before(text, span.start) is None and _big_place(surface, places, big)):
            span = RawSpan(span.start, span.end, "GPE", span.source)
        settled.append(span)
    return settled


def _big_place(name: str, places: Gazetteer, known: dict[str, bool]) -> bool:
    """A country, a state, a city of half a million people or more, or (named in two words or
    more, as no one's first name is) a country's first-level division ("Tamil Nadu"); ``known``
    holds the answers already given for the article."""
    if name not in known:
        known[name] = any(p.kind in ("country", "state") or (p.kind == "city" and p.population >= 500_000)
                          for p in places.candidates(name) if p.name == name) or (
            " " in name and any(ascii_name(d.name) == ascii_name(name) for d in places.divisions(name)))
    return known[name]


#: A body's noun in an apposition after its name, as its head: "Ascom, a global solutions
#: provider focused on …", "Hipcricket, a mobile marketing company." (not "a company spokesman").
_BODY_APPOSITION = re.compile(
    r",\s+(?:a|an|the)\s+(?:(?!(?:at|of|in|the|a|an|for|with|to|on|by|from|and|or|who)\b)[\w-]+\s+){0,4}?"
    r"(?:company|provider|producer|maker|manufacturer|firm|developer|retailer|bank|startup|start-up|agency|organi[sz]ation|charity|nonprofit|non-profit|publisher|airline|carrier|supplier|"
    r"operator|chain|brand|conglomerate|insurer|lender|broker|platform|network|outlet|newspaper|magazine|broadcaster|"
    r"studio|label|university|hospital|foundation|institute|subsidiary|corporation|business)"
    r"(?=\s*[,.;:)]|\s+(?:of|that|which|based|headquartered|in|with|for|founded|owned|focused|specializing|"
    r"specialising|known|serving|whose|and)\b)")


def _described_as_a_body(text: str, name: str) -> bool:
    """Whether the article writes ``name`` followed by an apposition that calls it a body."""
    return any(text[max(0, at - len(name)) : at] == name and not text[at - len(name) - 1 : at - len(name)].isalnum()
               for at in _apposition_starts(text))


@lru_cache(maxsize=16)
def _apposition_starts(text: str) -> tuple[int, ...]:
    """Where the article's body appositions begin (read once per article)."""
    return tuple(m.start() for m in re.finditer(r",\s+(?:a|an|the)\s", text) if _BODY_APPOSITION.match(text, m.start()))


def _after_a_name_word(before: str) -> bool:
    """Whether the words before end in a capitalised word that is part of a name: "John M. ",
    "Dale " (not "Then ", the first word of a sentence)."""
    last = re.search(r"(?:^|\s)([A-Z][\w.'\u2019-]*)\s+$", before)
    if last is None:
        return False
    return before[: last.start(1)].strip() != "" or last.group(1).lower() not in _FUNCTION_WORDS


def _spoken_of_as_a_person(text: str, name: str) -> bool:
    """Whether the sentences that name ``name`` alone go on about it as "he" or "she" (at
    least twice, and more often than as "it")."""
    word = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
    human = thing = 0
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        # Alone: not the last word of a full name ("John M. Ford", "Dale Ford").
        match = next((m for m in word.finditer(sentence) if not _after_a_name_word(sentence[: m.start()])), None)
        if match is None:
            continue
        rest = sentence[match.end() :]
        human += re.search(r"\b(?:he|his|him|himself|she|her|herself)\b", rest, re.IGNORECASE) is not None
        thing += re.search(r"\b(?:its|itself)\b", rest) is not None
    return human >= 2 and human > thing


#: What supplies a graphic, a photograph or data: "provided by", "courtesy of", "data from".
_SUPPLIED_BY = re.compile(r"\b(?:(?:provided|supplied|compiled|produced) by|[Cc]ourtesy of|(?:[Dd]ata|[Ff]igures|[Ss]tatistics) "
                          r"(?:from|by)|[Ss]ource:)[ \t]+$")
#: What a company is, after the name of the town it is in: "(the Burbank) entertainment giant".
_COMPANY_AFTER_TOWN = re.compile(r"(?:[ \t]+[a-z][\w-]*){0,2}?[ \t]+(?:giant|company|firm|maker|startup|start-up|retailer|"
                                 r"conglomerate|automaker|carmaker|chipmaker|lender|insurer|broadcaster|publisher)\b")
#: A lawmaker's title before the constituency they sit for: "the Senator representing", "MP for".
_CONSTITUENCY_BEFORE = re.compile(r"\b(?:[Ss]enator|[Ll]awmaker|[Ll]egislator|MP|MLA|MEP|[Rr]epresentative|[Cc]ongress(?:man|woman)|"
                                  r"[Mm]ember of [Pp]arliament)[ \t]+(?:representing|for)[ \t]+$")


def correct_kind(text: str, span: RawSpan, places: Gazetteer) -> RawSpan:
    """The label a span's own context gives it when the model's label is likely wrong."""
    surface = text[span.start : span.end]
    # "Air Astana", "Air India": an airline named for its country or city (the model's building).
    if span.label in ("GPE", "LOC", "FAC", "PERSON") and re.fullmatch(r"Air (?!Force)[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)?", surface):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "New York, NY – With content …", "Clarkston, MI": a state's two letters after a town and
    # its comma are the state (the model often reads them as a body).
    if (span.label == "ORG" and len(surface) == 2 and us_state_name(surface)
            and re.search(r"[A-Z][\w.'\u2019-]*,[ \t]+$", text[max(0, span.start - 30) : span.start])):
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "the Burbank entertainment giant", "the Cupertino tech company": a town's name before what
    # a company is, in lower case, is where the company is (a town of some size: "the Dell
    # computer maker" is not a village's).
    if (span.label in ("ORG", "PERSON") and " " not in surface.strip() and _COMPANY_AFTER_TOWN.match(text, span.end)
            and re.search(r"\b[Tt]he[ \t]+$", text[max(0, span.start - 5) : span.start])
            and any(p.kind == "city" and p.population >= 50_000 for p in places.candidates(surface) if p.name == surface)):
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "Eastern Michigan rolled past Northern Illinois", "a loss at Minnesota", "away to West Ham":
    # in a sports report, a place written as a side in a match is its team.
    if span.label in ("GPE", "LOC") and sports_report(text) and _side_in_sentence(text, span):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "Wichita North's Miguel Bernal", "Liverpool's Mohamed Salah": in a sports report, a town's
    # name before a player's is the player's team or school (a country's or a state's is left:
    # "Sweden's Zlatan Ibrahimović" may be the nation).
    if (span.label in ("GPE", "LOC", "PERSON") and _PLAYER_AFTER.match(text, span.end) and sports_report(text)
            and (span.label != "PERSON" or surface.split()[-1].lower() in _COMPASS_WORDS)
            and not _is_region(surface, places) and not _is_region(surface.split()[0], places)):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "Kyleigh Trout 1 goal. Britton Carroll 5 saves.": a full name before a player's figures in
    # a box score is the player's, whatever the model read (a team's name gives its record).
    if (span.label in ("ORG", "GPE", "LOC", "FAC") and re.fullmatch(r"[A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+){1,2}", surface)
            and BOX_SCORE_AFTER.match(text, span.end) and not places.candidates(surface)
            and not {w.lower() for w in surface.split()} & (_ORGANISATION_WORDS | _INSTITUTION_WORDS | _COMPANY_WORDS)):
        return RawSpan(span.start, span.end, "PERSON", span.source)
    # "Boone Jenner also scored for the Blue Jackets", "Salina South diver Keetan Munsell": in a
    # sports report, a name of two or three words doing what players do, or after a player's
    # role, is a player's, unless the article writes it or its last word after "the" (a team:
    # "the Red Wings scored", "Golden Knights won … the Knights") or the gazetteer knows it
    # ("Tampa Bay scored").
    if (span.label in ("ORG", "GPE", "LOC", "FAC") and _PERSONAL_NAME.fullmatch(surface)
            and (_PLAYER_VERB_AFTER.match(text, span.end) or _PLAYER_ROLE_BEFORE.search(text, max(0, span.start - 24), span.start))
            and sports_report(text) and not places.candidates(surface) and not _a_place_of_note(surface.split()[0], places)
            and not re.search(r"\b[Tt]he[ \t]+(?:" + re.escape(surface) + "|" + re.escape(surface.split()[-1]) + r")\b", text)
            and not {w.lower() for w in surface.split()} & (_ORGANISATION_WORDS | _INSTITUTION_WORDS | _COMPANY_WORDS)
            and surface.split()[-1] not in CLUB_ENDS and surface.split()[0] not in _CLUB_STARTS):
        return RawSpan(span.start, span.end, "PERSON", span.source)
    # "Linus Ullmark stopped 22 shots": a first name and a family name the model took for a
    # building or a place the gazetteer does not know (not "Lincoln Memorial", "Grant Park").
    if (span.label in ("FAC", "GPE", "LOC") and _GIVEN_AND_FAMILY.fullmatch(surface)
            and surface.split()[-1].lower() not in _BUILT_WORDS and _a_persons_name(text, span.start, surface.split(), places)):
        return RawSpan(span.start, span.end, "PERSON", span.source)
    # "Verizon", "Dashlane", "Bloomberg" read as places: one word no gazetteer knows, which the
    # article never writes where a place stands (after "in", "near", "from" …, a list's other
    # places between: "in Europe and the Americas"; or before its region: "Clarkston, MI"), is
    # a body.
    if (span.label in ("GPE", "LOC") and re.fullmatch(r"[A-Z][a-z][\w-]+", surface) and not places.candidates(surface)
            and not subdivision_countries(surface) and not _written_as_a_place(text, surface)):
        return RawSpan(span.start, span.end, "ORG", span.source)
    if span.label not in ("PERSON", "ORG", "GPE"):
        # "Athletic Bilbao keeper Kepa Arrizabalaga": a club's name read as a region's.
        return RawSpan(span.start, span.end, "ORG", span.source) if _club_name(surface.split()) else span
    after = text[span.end : span.end + 60]
    before = text[max(0, span.start - 30) : span.start]
    # "the senator representing Yobe North", "the MP for Uxbridge": a lawmaker's constituency
    # (a lawyer "representing" someone is another matter).
    if span.label != "GPE" and _CONSTITUENCY_BEFORE.search(before):
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "This graphic, provided by Statista", "data from Refinitiv": one word that supplies a
    # graphic or data, never written after a first name, is a company, not a person ("provided
    # by Smith" with "Anna Smith" elsewhere stays hers).
    if (span.label == "PERSON" and " " not in surface.strip() and _SUPPLIED_BY.search(before)
            and not is_given_name(surface) and not _after_a_first_word(text, surface)):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "a telescope atop Mauna Kea", "off the coast of Bermuda": where a thing stands is a place,
    # not a person ("near" is left alone: "sat near Smith").
    if span.label == "PERSON" and re.search(r"\b(?:atop|along|[Oo]ff the coast of|slopes of|foot of)[ \t]+(?:the[ \t]+)?$", before):
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "LB Sione Takitaki", "CB Denzel Ward": the name after a player's position is the player's.
    if (span.label != "PERSON" and re.search(r"\b" + _POSITION_WORD + r"\s+$", before)
            and re.fullmatch(r"[A-Z][a-z'\u2019-]+(?: [A-Z][a-z'\u2019-]+){0,2}", surface) and not places.candidates(surface)):
        return RawSpan(span.start, span.end, "PERSON", span.source)
    # "posted on Twitter", "on Netflix", "its Twitter account": a platform, not a person or a
    # place (places are "in"; an island the gazetteer does not know is the price).
    if span.label != "ORG" and " " not in surface and not places.candidates(surface) and (
            re.search(r"\b(?:on|across|took\s+to|taken\s+to|takes\s+to)\s+(?:the\s+)?$", before) or _PLATFORM_NOUN.match(after)):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "SpaceX", "WeWork": one word with a capital inside is a brand's name, not a person's
    # ("McDonald", "DeSantis", "LeBron" are) nor a town's the gazetteer knows.
    if span.label != "ORG" and _BRAND.match(surface) and not places.candidates(surface):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "of 1909 Jolinda Drive", "at 2134 Caldwell Place": a street address.
    if re.search(r"\b\d{1,6}[A-Za-z]?\s+$", before) and surface.split()[-1].lower().rstrip(".") in _STREET_WORDS:
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "Samsung stock fell", "a Samsung TV", "Dell laptops", "a stake in Ithaca": what a company
    # sells, employs or is traded as, after a one-word name that is no place of note (a town's
    # name is many a company's).
    if (span.label != "ORG" and " " not in surface and (_COMPANY_NOUN.match(after) or _SHARES_OF.search(before))
            and not _a_place_of_note(surface, places) and not subdivision_countries(surface)):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "served as the CEO of Hipcricket": what someone founded, owns or runs is a body, when it
    # is no place of note.
    if (span.label != "ORG" and _OFFICER_OF.search(before) and not _a_place_of_note(surface, places)
            and not subdivision_countries(surface)):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "Jefferies analyst Jonathan Matuszewski": a company's role before a person's name (a
    # person's spokesman, a capital's, is no company's).
    if span.label == "GPE" and _ROLE_AFTER.match(after) and not _is_region(surface, places):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "Bloomberg reported", "Statista says": a name the gazetteer does not know as a place, which reports.
    # "according to Bloomberg", "told Bloomberg", "reported by Statista": a source of news.
    if span.label in ("GPE", "LOC") and (_REPORTS.match(after) or _SOURCE_BEFORE.search(before)) and not places.candidates(surface) and not subdivision_countries(surface):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "Manchester United", "Blackburn Rovers", "FC Porto", "Real Madrid": a football club's name.
    club = surface.split()
    if _club_name(club):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "Manchester City", "Leicester City" in a sports report: a club named for a city, under a
    # name no place has ("Kansas City", "Mexico City" are places the gazetteer knows).
    if (len(club) == 2 and club[1] == "City" and not places.candidates(surface) and sports_report(text)
            and any(p.kind == "city" and p.population >= _CLUB_CITY for p in places.candidates(club[0]))):
        return RawSpan(span.start, span.end, "ORG", span.source)
    if span.label == "GPE":
        return span
    # "Mountain View, CA", "Camden, NJ": a state's abbreviation after a town and its comma.
    town = re.search(r"([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)?),\s+$", before)
    if (surface.replace(".", "").upper() in _US_STATE_ABBREVIATIONS and town
            and not town.group(1).endswith(us_state_name(surface) or "\0")):  # "New York, NY" is the city's dateline
        return RawSpan(span.start, span.end, "GPE", span.source)
    words = surface.split()
    last = words[-1].lower().rstrip(".")
    # "Dick Clark Productions", "Sony Pictures": a company word ends no person's name.
    if span.label == "PERSON" and len(words) > 1 and last in _ORGANISATION_WORDS | _COMPANY_WORDS:
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "Steelers quarterback Mason Rudolph", "Fox News host Jeanine Pirro": a role noun before a
    # name of two or three words that holds no organisation's word.
    role = re.search(r"(?<![\w-])([a-z][a-z-]+)\s+$", before)
    if (span.label == "ORG" and role and (role.group(1) in ROLE_NOUNS or is_title_word(role.group(1)))
            and 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words)
            and not {w.lower() for w in words} & (_ORGANISATION_WORDS | _INSTITUTION_WORDS | _COMPANY_WORDS | _VENUE_WORDS)
            and not places.candidates(surface)):
        return RawSpan(span.start, span.end, "PERSON", span.source)
    if span.label == "ORG" and _GIVEN_AND_FAMILY.fullmatch(surface) and _a_persons_name(text, span.start, words, places):
        return RawSpan(span.start, span.end, "PERSON", span.source)
    # "Cleveland's Public Auditorium", "the Indiana Statehouse", "in KeyBank Center": a venue.
    if span.label == "ORG" and len(words) > 1 and (last in _VENUE_WORDS or (
            last in ("center", "centre") and re.search(r"\bin\s+$", before))):
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "an Amritsar-based agent": where something is based.
    if re.match(r"-based\b", after) and any(p.kind in ("city", "state", "country") for p in places.candidates(surface)):
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "Sioux Falls, S.D.", "Kalamazoo, Michigan": a place followed by its state or country.
    follower = re.match(r",\s+([A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)?)", after)  # not across a line ("Kent, Washington\nCeres")
    if follower and _is_region(follower.group(1), places) and not _is_region(surface, places) and places.candidates(surface):
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "Barry, Berrien, Cass, Kalamazoo and Van Buren counties".
    tail = re.match(r"(?:(?:,\s*|\s+and\s+|\s+or\s+|,\s+and\s+)(?:[A-Z][\w.'\u2019-]*\s*){1,3})*\s+" + _PLACE_NOUNS + r"\b", after)
    if tail:
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "Christopher Tays, 32, of Franklin": where someone in the news is from, after their age.
    if re.search(r"\b\d{1,3},\s+of\s+$", before):
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "in Kalamazoo", "from Punjab": a locative preposition before a place the model took for a person.
    if span.label == "PERSON" and _LOCATIVE.search(before) and (
            any(p.kind in ("city", "state", "country") for p in places.candidates(surface)) or subdivision_countries(surface)):
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "the Osun State governorship election": outside the US, "X State" is the state X (in the US
    # it is a university: "Ohio State", "Penn State").
    if len(words) > 1 and words[-1] == "State" and subdivision_countries(" ".join(words[:-1])) - {"US"}:
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "the Argus Leader of Sioux Falls", "in the Little Rock area": a town of several words the
    # gazetteer knows is no person's name, when no title stands before it.
    if (span.label == "PERSON" and len(words) > 1
            and any(p.kind in ("city", "state", "country") and p.name == surface for p in places.candidates(surface))
            and title_before(text, span.start) is None):
        return RawSpan(span.start, span.end, "GPE", span.source)
    # "the Browns", "the Steelers": a plural the article writes after "the" is a team or a band,
    # not a person, in every sentence ("Browns lead 21-7" too); "the Williams sisters" are people.
    if span.label == "PERSON" and re.fullmatch(r"[A-Z]\w*[^su]s", surface) and (
            re.match(r"\s+vs?\.?\s+[A-Z]\w*[^su]s(?![\w-])", after) or re.search(r"\b[A-Z]\w*[^su]s\s+vs?\.?\s+$", before)) is not None:
        return RawSpan(span.start, span.end, "ORG", span.source)  # "Broncos vs. Raiders": a match of two teams
    # "the Wild's 4-1 win", "beaten by the Heat": no one's name takes "the"; in a sports report
    # a one-word name after it is a team's.
    if (span.label == "PERSON" and " " not in surface and re.search(r"(?<=[a-z,] )the $", text[max(0, span.start - 8) : span.start])
            and sports_report(text)):
        return RawSpan(span.start, span.end, "ORG", span.source)
    # "Duke beat Kansas", "a loss to Baylor": in a sports report, a one-word name written as a
    # side that the article never gives with a first name ("Rafael Nadal" … "Nadal beat …") is
    # a team's.
    if (span.label == "PERSON" and re.fullmatch(r"[A-Z][a-z]+", surface) and sports_report(text)
            and _side_in_sentence(text, span) and not _after_a_first_word(text, surface)):
        return RawSpan(span.start, span.end, "ORG", span.source)
    if span.label == "PERSON" and " " not in surface and surface.endswith("s") and not surface.endswith("ss") and re.search(
            r"\b[Tt]he\s+" + re.escape(surface) + r"(?![\w-])(?!\s+(?:sisters|brothers|family|families|twins|couple|clan)\b)", text):
        return RawSpan(span.start, span.end, "ORG", span.source)
    return span


#: Words that make a football club's name of a town's: "Leeds United", "Tottenham Hotspur", "Athletic Bilbao".
CLUB_ENDS = frozenset({"United", "Rovers", "Wanderers", "Hotspur", "Albion", "Athletic", "Rangers"})
_CLUB_STARTS = frozenset({"FC", "F.C.", "AC", "AS", "SC", "CF", "Real", "Athletic", "Atletico", "Atlético", "Sporting",
                          "Borussia", "Dynamo", "Dinamo", "Olympique", "Inter"})


def _club_name(words: Sequence[str]) -> bool:
    """Whether words read as a football club's name by its first or last word ("Real Madrid",
    "Blackburn Rovers", "FC Porto")."""
    return len(words) > 1 and (words[-1] in CLUB_ENDS or words[0] in _CLUB_STARTS or words[-1] in ("FC", "F.C.", "SC", "AFC"))


#: Nouns after a company's name that no person's or place's name takes: "Samsung stock", "a Samsung TV"
#: (not "shares" or "stores", which are verbs too: "Obama shares his playlist").
_COMPANY_NOUN = re.compile(r"\s+(?:stock|share price|CEO|executives|employees|headquarters|TV|TVs|phone|phones|smartphone|"
                           r"smartphones|laptop|laptops|tablet|tablets|products|devices)\b")
#: Who runs, founded or owns a body, before its name: "the CEO of", "co-founder of", "owner of".
_OFFICER_OF = re.compile(r"\b(?:CEO|CFO|COO|CTO|founder|co-founder|cofounder|chairman|chairwoman|chief executive|owner|"
                         r"employees?)\s+(?:of|at)\s+$")
#: Verbs of a body that reports, after its name.
_SOURCE_BEFORE = re.compile(r"\b(?:[Aa]ccording\s+to|reported\s+by|told|cited\s+by)\s+(?:the\s+)?$")
#: "Shares of Nvidia", "a stake in Klook": what is traded of a company, before its name.
_SHARES_OF = re.compile(r"\b(?:[Ss]hares|[Ss]tock|[Ss]take|[Ss]hareholders|[Ii]nvestors)\s+(?:of|in)\s+$")
_REPORTS = re.compile(r"\s+(?:reported|reports|said|says|announced|announces|told|wrote|writes|tweeted)\b")
#: One word with a capital after its lower-case letters, but no surname's prefix.
_BRAND = re.compile(r"(?!Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|St)[A-Z][a-z]+[A-Z][A-Za-z]*$")
#: What a user has on a platform: "its Twitter account", "a Facebook post".
_ACCOUNT_NOUNS = r"(?:account|accounts|handle|feed|page|post|posts|channel|followers)"
#: Nouns after a platform's name: "its Twitter account", "a Netflix documentary".
_PLATFORM_NOUN = re.compile(r"\s+(?:" + _ACCOUNT_NOUNS + r"|app|platform|documentary|series|video|videos|user|users|special|"
                            r"original|originals|subscribers|subscription)\b")


#: Last words of the places bodies work in, which end no person's name ("Trinity Academy").
_PLACE_OF_BODY_WORDS = frozenset({"academy", "college", "hospital", "clinic", "church", "cathedral", "chapel", "mosque",
                                  "temple", "museum", "gallery", "theatre", "theater", "hotel", "park", "airport",
                                  "station", "prison", "zoo", "society", "fund", "trust", "express", "sports"})
#: A first name and a family name: "Brad Marchand", "Patsy Cline", "Conor O'Neill", "Ray McDonald".
_UPPER, _LOWER = r"[^\W\d_a-z]", r"[^\W\d_A-Z]"  # letters of any script, with or without case
_GIVEN_AND_FAMILY = re.compile(rf"{_UPPER}{_LOWER}+ (?:Mc|Mac|O['\u2019])?{_UPPER}{_LOWER}+(?:-{_UPPER}{_LOWER}+)?")


def _a_persons_name(text: str, start: int, words: Sequence[str], places: Gazetteer) -> bool:
    """Whether two words the model read as a body are a person's name: "Brad Marchand scored",
    "Patsy Cline and …" — a first name people commonly go by, then a word that is no body's,
    no big place's and no word of the article's sentences ("Sky Sports", "Sierra Nevada",
    "Carolina Hurricanes", "Victoria Hospital" stay bodies and places)."""
    given, family = words
    if not is_given_name(given) or re.search(r"\b[Tt]he\s+$", text[max(0, start - 5) : start]):
        return False  # "the Carlyle Group": no one's name takes "the"
    if text[start + len(given) + len(family) + 1 : start + len(given) + len(family) + 2] in ("\u00ae", "\u2122"):
        return False  # "Don Victor® Honey": a registered brand
    lowered = {given.lower(), family.lower()}
    if lowered & (_ORGANISATION_WORDS | _INSTITUTION_WORDS | _COMPANY_WORDS | _VENUE_WORDS | _STREET_WORDS
                  | _EVENT_NAME_ENDS | _PLACE_OF_BODY_WORDS):
        return False
    if re.search(r"(?<![\w-])" + re.escape(given) + r"(?![\w-])(?![ \t]+[A-Z])", text):
        return False  # "Nissan Connect … Nissan": a brand's name stands alone, a first name seldom does
    if family in CLUB_ENDS or _common_word(text, family) or re.search(r"\b[Tt]he\s+" + re.escape(family) + r"\b", text):
        return False  # "Red Wings", "the Hurricanes": a team's plural
    if family.lower() in _NAME_END_WORDS or _written_as_a_body(text, f"{given} {family}"):
        return False  # "Kent State", "Marion County"; "analysts at Morgan Stanley"
    known: dict[str, bool] = {}
    return not places.candidates(" ".join(words)) and not any(_big_place(w, places, known) or subdivision_countries(w) for w in words)


#: Last words of things built, which a first name may open ("Lincoln Memorial", "Grant Park").
_BUILT_WORDS = frozenset({"hall", "memorial", "bridge", "tunnel", "tower", "towers", "building", "field", "dam",
                          "monument", "plaza", "mall", "garden", "gardens", "pier", "canal", "wharf", "castle", "abbey"})
#: Last words of the names of schools, their teams and places, never a family's ("Kent State",
#: "Georgia Tech", "Marion County", "Madison Square").
_NAME_END_WORDS = frozenset({"state", "tech", "county", "city", "parish", "township", "borough", "square", "falls",
                             "canyon", "valley", "springs", "heights", "harbor", "harbour", "island", "islands"})
#: Words said only of a body around its name: where people work ("analysts at Morgan Stanley"),
#: its analysts, shares and officers ("Charles Schwab analyst Liz Ann Sonders").
_AT_BEFORE = re.compile(r"\b(?:analysts?|economists?|strategists?|executives?|employees?|staff|workers?|researchers?|"
                        r"engineers?|partners?|officials?|managers?|directors?|works?|worked|working|jobs?)[ \t]+at[ \t]+$")
_BODY_AFTER = re.compile(r"(?:['\u2019]s)?[ \t]+(?:analysts?|economists?|strategists?|shares|stock|Inc\b|Co\b|LLC|LLP|"
                         r"& Co\b|said in a (?:statement|note|report))")


def _written_as_a_body(text: str, name: str) -> bool:
    """Whether the article writes ``name`` somewhere as a company or another body: where people
    work ("analysts at"), before its analysts or shares, after its officers ("the CEO of")."""
    for found in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
        before, after = text[max(0, found.start() - 30) : found.start()], text[found.end() : found.end() + 40]
        if (_AT_BEFORE.search(before) or _OFFICER_OF.search(before) or _SHARES_OF.search(before)
                or _BODY_AFTER.match(after) or _COMPANY_NOUN.match(after) or _ROLE_AFTER.match(after)):
            return True
    return False


def _a_place_of_note(name: str, places: Gazetteer) -> bool:
    """Whether the gazetteer knows ``name`` as a country, a state or a division, or a city of
    100,000 people or more: a name a company's shares, officers or reports do not outweigh
    ("a stake in Ithaca" is Ithaca Holdings; "shares in London" stay London's)."""
    return any(p.kind in ("country", "state", "division") or (p.kind == "city" and p.population >= _CLUB_CITY)
               for p in places.candidates(name))


def _written_as_a_place(text: str, name: str) -> bool:
    """Whether the article writes ``name`` where a place stands: after a preposition of place
    (with a list's other places between: "in Europe and the Americas"), or before its region
    ("Clarkston, MI") — not after what a body's name follows ("analysis from Poynter", "versions
    of Spotify or Pandora", "the CEO of Hipcricket")."""
    for found in re.finditer(r"\b(?:in|near|outside|from|across|around|into|of|to)[ \t]+(?:the[ \t]+)?"
                             r"(?:[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*)*(?:,[ \t]+|[ \t]+(?:and|or)[ \t]+)"
                             r"(?:the[ \t]+)?)?" + re.escape(name) + r"(?![\w-])|(?<![\w-])" + re.escape(name) + r",[ \t]+[A-Z]", text):
        if not _BODYS_NOUN_BEFORE.search(text, max(0, found.start() - 30), found.start()):
            return True
    return False


#: What a body's name, not a place's, follows with "of" or "from": "analysis from", "versions of",
#: "the CEO of", "shares of".
_BODYS_NOUN_BEFORE = re.compile(r"\b(?:analysis|analyses|data|research|report|survey|study|figures|versions?|users|subscribers|"
                                r"customers|shares|stock|CEO|chief executive|founder|co-founder|owner|app|apps)[ \t]+$")


def _after_a_first_word(text: str, name: str) -> bool:
    """Whether the article writes ``name`` after another capitalised word ("Myles Garrett"):
    the family name of someone it names in full."""
    return re.search(r"(?<![\w.'\u2019-])[A-Z][\w.'\u2019-]*[ \t]+" + re.escape(name) + r"(?![\w-])", text) is not None


#: What players do, after their name: "Boone Jenner also scored", "Anders Nilsson made 35 saves".
_PLAYER_VERB_AFTER = re.compile(r"[ \t]+(?:also[ \t]+)?(?:scored|added|had|made|stopped|netted|assisted|threw|rushed|caught|"
                                r"kicked|ran|finished|won|saved|tallied|notched)\b")
#: A player's role just before their name, in lower case: "diver Keetan Munsell", "junior Ava Cole".
_PLAYER_ROLE_BEFORE = re.compile(r"(?<![\w-])(?:diver|swimmer|runner|sprinter|hurdler|jumper|thrower|golfer|wrestler|boxer|"
                                 r"pitcher|catcher|shortstop|quarterback|linebacker|cornerback|receiver|tailback|kicker|"
                                 r"guard|forward|center|centre|goalie|goaltender|goalkeeper|striker|midfielder|defender|"
                                 r"winger|defenseman|freshman|sophomore|junior|senior)[ \t]+$")
#: A possessive, then a player's first and family name: "Wichita North's Miguel Bernal".
_PLAYER_AFTER = re.compile(r"['\u2019]s?[ \t]+(?:[A-Z][a-z]+)[ \t]+(?:Mc|Mac|O['\u2019])?[A-Z][a-z]+(?![\w'\u2019-])")


def _side_in_sentence(text: str, span: RawSpan) -> bool:
    """Whether the words of the span's sentence around it make it a side in a match (within 80
    characters either side: the words that say so stand next to the name)."""
    window = 80
    earliest = max(0, span.start - window)  # a negative start would count from the text's end
    opening = max(text.rfind(". ", earliest, span.start), text.rfind("\n", earliest, span.start), earliest - 1) + 1
    closing = min((at for at in (text.find(". ", span.end, span.end + window), text.find("\n", span.end, span.end + window))
                   if at >= 0), default=min(len(text), span.end + window))
    return written_as_side(text[opening : span.start], text[span.end : closing])


def _is_region(name: str, places: Gazetteer) -> bool:
    name = name.rstrip(",")
    if name.replace(".", "").upper() in _US_STATE_ABBREVIATIONS:
        return True
    return any(p.kind in ("state", "country") for p in places.candidates(name)) or bool(subdivision_countries(name))


#: AP-style and postal abbreviations of US states, as datelines and addresses write them.
_US_STATE_ABBREVIATIONS = frozenset({
    "ALA", "ARIZ", "ARK", "CALIF", "COLO", "CONN", "DEL", "FLA", "GA", "ILL", "IND", "KAN", "KY", "LA", "MD", "MASS",
    "MICH", "MINN", "MISS", "MO", "MONT", "NEB", "NEV", "NH", "NJ", "NM", "NY", "NC", "ND", "OKLA", "ORE", "PA",
    "RI", "SC", "SD", "TENN", "VT", "VA", "WASH", "WVA", "WIS", "WYO", "DC", "AL", "AK", "AZ", "AR", "CA", "CO",
    "CT", "DE", "FL", "HI", "ID", "IL", "IN", "IA", "KS", "ME", "MI", "MN", "MS", "MT", "NE", "NV", "OH", "OK",
    "OR", "TN", "TX", "UT", "WA", "WI", "WV", "WY",
})


#: A dateline at the start of a paragraph: "ST. JOSEPH, Mich. (AP) —", "LONDON (Reuters) -",
#: "BERLIN --", "NEW DELHI, Nov 19 (PTI)", "NEW DELHI:".
_DATELINE = re.compile(
    r"(?m)^(?P<city>[A-Z][A-Z.'\u2019 -]*[A-Z.])(?:,\s+(?P<region>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?))?"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s+\((?P<agency>[A-Z][A-Za-z]{1,9}(?:\s+[A-Z][A-Za-z]+)?)\))?\s*(?:[\u2014\u2013]|--?|:)\s"
)


def dateline_spans(text: str, places: Gazetteer) -> list[RawSpan]:
    """The place and the agency of a dateline, which the model splits up in capitals ("ST" + "JOSEPH"),
    or misses ("NEW DELHI:", as Indian papers write it)."""
    found: list[RawSpan] = []
    for match in _DATELINE.finditer(text):
        city = match.group("city").strip()
        # Without an agency in brackets, only a place the gazetteer knows makes it a dateline
        # (a shouted heading followed by a dash is not one).
        if not match.group("agency") and not places.candidates(city.title()):
            continue
        found.append(RawSpan(match.start("city"), match.start("city") + len(city), "GPE", "dateline"))
        if match.group("region"):
            found.append(RawSpan(match.start("region"), match.end("region"), "GPE", "dateline"))
        if match.group("agency"):
            found.append(RawSpan(match.start("agency"), match.end("agency"), "ORG", "dateline"))
    return found


_CAPITALISED = r"(?:[A-Z][\w'\u2019-]*[ \t]+){0,2}?[A-Z][\w'\u2019-]*"  # never across a line
#: Places listed before a plural division: "Orange and Riverside counties", "Cass, Van Buren and
#: Kalamazoo counties" (the model sees no name there: "Orange" is a colour).
_DIVISION_LIST = re.compile(r"(" + _CAPITALISED + r"(?:(?:,[ \t]+|,?[ \t]+(?:and|or)[ \t]+)" + _CAPITALISED + r")+)"
                            r"[ \t]+(?:counties|parishes|provinces|districts|townships)\b")
_LIST_SEPARATOR = re.compile(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
#: Capitalised words a list may start with that are not part of its first name ("In Los Angeles …").
_LEADING = frozenset({"In", "At", "On", "Of", "From", "For", "To", "By", "The", "Both", "And", "Across", "Neighbouring",
                      "Neighboring", "Nearby"})


def division_list_spans(text: str) -> list[RawSpan]:
    """Each place of "Orange and Riverside counties" (the county's name is a place's name)."""
    found: list[RawSpan] = []
    for match in _DIVISION_LIST.finditer(text):
        start = match.start(1)
        for part in _LIST_SEPARATOR.split(match.group(1)):
            offset = text.index(part, start)
            words = part.split()
            while words and words[0] in _LEADING:
                words.pop(0)
            if words:
                name = " ".join(words)
                begin = text.index(name, offset)
                found.append(RawSpan(begin, begin + len(name), "GPE", "dateline"))
            start = offset + len(part)
    return found


#: A team's nickname after "the" mid-sentence: "loss to the Chiefs", "beat the Wildcats 24-7".
_NICKNAME = re.compile(r"(?<=[a-z,] )the\s+([A-Z][a-z]{2,}s)\b(?![ \t]+[A-Z])")


def team_nicknames(text: str, places: Gazetteer) -> list[RawSpan]:
    """The teams of a sports report named by their nickname, which the model often misses: a
    capitalised plural after "the" ("the Chiefs"), unless it is a place ("the Netherlands")."""
    if not sports_report(text):
        return []
    found = [RawSpan(m.start(1), m.end(1), "ORG", "dateline") for m in _NICKNAME.finditer(text)
             if not places.candidates(m.group(1))]
    # "Panthers 5, Flyers 2:", "Boston 3, Tampa Bay 2 (OT):": a round-up's line of a game's result
    # names its two sides, places or not.
    for line in _RESULT_LINE.finditer(text):
        found += [RawSpan(line.start(side), line.end(side), "ORG", "dateline") for side in (1, 2)]
        # "Panthers 5, Flyers 2: Aleksander Barkov and Brett Connolly each had a goal": the
        # game's first player, whose name the model misses after the result.
        player = _PLAYER_AFTER_RESULT.match(text, line.end())
        if player:
            found.append(RawSpan(player.start(1), player.end(1), "PERSON", "dateline"))
    return found


_PLAYER_AFTER_RESULT = re.compile(r"[ \t]+([A-Z][a-z][\w'\u2019-]*(?:[ \t]+[A-Z][\w'\u2019-]+){1,2})(?=[ \t]+(?:and|had|scored|made|added)\b|,)")
_SIDE_WORDS = r"[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,2}"
_RESULT_LINE = re.compile(r"(?m)^[ \t]*(" + _SIDE_WORDS + r")[ \t]+\d{1,3},[ \t]+(" + _SIDE_WORDS + r")[ \t]+\d{1,3}"
                          r"(?:[ \t]*\((?:OT|SO|\d?OT)\))?[ \t]*:")


#: A line of a tour's dates: "June 10 -- MIDFLORIDA Credit Union Amphitheatre, Tampa, FL".
_TOUR_DATE = re.compile(r"(?m)^[ \t]*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?[ \t]+)?"
                        r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?"
                        r"[ \t]*(?:--|[\u2014\u2013:-])[ \t]*(?P<rest>[A-Z][^\n]*?)[ \t]*$")
_CANADIAN_PROVINCES = frozenset({"ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE"})


def _a_state(code: str) -> bool:
    return code in _CANADIAN_PROVINCES or us_state_name(code) is not None


def tour_date_spans(text: str) -> list[RawSpan]:
    """The venue, town and state of each line of a tour's dates, in an article that lists three
    or more ("June 17 -- Bridgestone Arena, Nashville, TN", "June 17 – Nashville, TN @ Bridgestone
    Arena"): the model reads such lines poorly (venues as companies, "GA" and "ON" as nothing)."""
    lines = [(m, *_venue_last(m)) for m in _TOUR_DATE.finditer(text)]
    lines = [(m, places, venue) for m, places, venue in lines if _a_state(places.rsplit(", ", 1)[-1])]
    if len(lines) < 3:
        return []
    found: list[RawSpan] = []
    for line, places, venue_at in lines:
        # Fields between commas (a full stop for one, as typed: "White River Amphitheatre. Seattle").
        fields = list(re.finditer(r"(?:[^,.]|(?<![a-z]{3})\.|\.(?!\s+[A-Z]))+", places))
        if len(fields) < 2:
            continue
        base = line.start("rest")
        *venue, town, state = fields if len(fields) >= 3 else (None, *fields)
        spans = [(base + f.start(), base + f.end(), label) for f, label in ((state, "GPE"), (town, "GPE"))]
        if venue and venue[-1] is not None:
            spans.append((base + venue[-1].start(), base + venue[-1].end(), "FAC"))
        elif venue_at is not None:
            spans.append((base + venue_at, line.end("rest"), "FAC"))
        for start, end, label in spans:
            start += len(text[start:end]) - len(text[start:end].lstrip())
            end = text.find(" (", start, end) if " (" in text[start:end] else end  # "(Formerly Verizon Amphitheatre)"
            if text[start:end].strip() and text[start:start + 1].isupper():
                found.append(RawSpan(start, end, label, "dateline"))
    return found


def _venue_last(line: re.Match[str]) -> tuple[str, int | None]:
    """A tour date's town and state, and where its venue starts when the venue comes last
    ("Nashville, TN @ Bridgestone Arena"; None when it comes first)."""
    rest = line.group("rest")
    places, at, venue = rest.partition(" @ ")
    return (places, len(places) + len(at)) if at and venue[:1].isupper() else (rest, None)


#: A staff list's credit: a role, an underscore, then the person up to the comma or the line's
#: end ("Choreographer_Jeong Hye Jin, Director_Oh Kyeong Taek").
_CREDIT = re.compile(r"(?:^|(?<=,))[ \t]*[A-Z][\w&.-]*(?:[ \t][A-Za-z][\w&.-]*){0,2}_"
                     r"(?P<name>[A-Z][\w'\u2019-]*(?:[ \t]+[\w'\u2019-]+){1,3})[ \t]*(?=,|$)", re.M)


def credit_names(text: str) -> list[RawSpan]:
    """The people of a staff list written "Role_Name, Role_Name, …" (three or more): the model
    reads the role and the family name as one word ("Choreographer_Jeong") and keeps only the
    given names ("Hye Jin")."""
    found = list(_CREDIT.finditer(text))
    if len(found) < 3:
        return []
    return [RawSpan(m.start("name"), m.end("name"), "PERSON", "dateline") for m in found]


#: A player and their figures in a box score's line, after the line's opening, a colon, a stop
#: or "and": "Palm Bay (1-0): Tolivert 25 points. Kairi Thomas-Brooks 18 points.", "L. Patikas
#: 1 goal", "CJ DeBose 2 assists".
_BOX_SCORE_PLAYER = re.compile(r"(?:^|[:.;][ \t]+|[ \t]and[ \t]+)(?P<name>(?:[A-Z][\w'\u2019-]*\.?[ \t]+){0,3}?[A-Z][\w'\u2019-]+)"
                               r"[ \t]+\d{1,3}[ \t]+(?:" + _STATS + r"|RBIs?)\b", re.M)
#: A roster's or a snap count's line: a position, the player, a figure ("DL Devaroe Lawrence 28
#: 38% No stats registered.", "LB Mack Wilson 74 100% 1 tackle").
_ROSTER_LINE = re.compile(r"(?:QB|RB|FB|WR|TE|OL|OT|OG|C|DL|DE|DT|NT|LB|ILB|OLB|EDGE|CB|DB|S|FS|SS|K|P|LS|KR|PR)[ \t]+"
                          r"(?P<name>[A-Z][\w'\u2019.-]*(?:[ \t]+[A-Z][\w'\u2019.-]*){1,3})[ \t]+\d")
#: A box score's line that opens with a team and its record: "Rockledge (0-1): …", "Astronaut (NR): …".
_TEAM_RECORD_LINE = re.compile(r"(?P<team>[A-Z][\w'\u2019.-]*(?:[ \t]+[A-Z][\w'\u2019.-]*){0,3})[ \t]+\((?:\d+(?:-\d+)+|NR)\):")
#: A result's line: "Heritage d. Titusville 53-9", "Merritt Island d. Titusville".
_DEFEATED_LINE = re.compile(r"(?P<winner>[A-Z][\w'\u2019-]*(?:[ \t]+[A-Z][\w'\u2019-]*){0,3})[ \t]+(?:d\.|def\.|defeated|beat)[ \t]+"
                          r"(?P<loser>[A-Z][\w'\u2019-]*(?:[ \t]+[A-Z][\w'\u2019-]*){0,3})(?:[ \t]+\d+-\d+(?:[ \t]*\([\w ]+\))?)?[ \t]*$")


def box_score_spans(text: str) -> list[RawSpan]:
    """The players and teams of a round-up's box scores ("Palm Bay (1-0): Tolivert 25 points.
    Davis 17 points."): a name, one to four words, before a figure and what it counts, in a
    line that opens with a team's record or names two players so; the team of the record; and
    both sides of results' lines ("Heritage d. Titusville 53-9"); the players of a roster's or
    snap count's lines ("DL Devaroe Lawrence 28 38%"). The model reads a surname alone there as
    nothing, or a given name as a body ("Kairi" of "Kairi Thomas-Brooks")."""
    found: list[RawSpan] = []
    results, rosters = [], []
    for line in re.finditer(r"[^\n]+", text):
        players = [m for m in _BOX_SCORE_PLAYER.finditer(line.group())]
        team = _TEAM_RECORD_LINE.match(line.group())
        if len(players) >= 2 or (players and team):
            found += [RawSpan(line.start() + m.start("name"), line.start() + m.end("name"), "PERSON", "dateline") for m in players]
            if team:
                found.append(RawSpan(line.start() + team.start("team"), line.start() + team.end("team"), "ORG", "dateline"))
        roster = _ROSTER_LINE.match(line.group())
        if roster:
            rosters.append(RawSpan(line.start() + roster.start("name"), line.start() + roster.end("name"), "PERSON", "dateline"))
        result = _DEFEATED_LINE.fullmatch(line.group().strip())
        if result:
            at = line.start() + len(line.group()) - len(line.group().lstrip())
            results += [RawSpan(at + result.start(side), at + result.end(side), "ORG", "dateline") for side in ("winner", "loser")]
    # Results' lines are sides only in a round-up of several ("Viera d. Rockledge 3-1"), a
    # position before a name only in a roster of several.
    return found + (results if len(results) >= 4 else []) + (rosters if len(rosters) >= 3 else [])


#: The source a link round-up credits after each quotation or headline: "[ The Verge ]".
_BRACKETED_SOURCE = re.compile(r"\[[ \t]+([A-Z][\w.'\u2019&!-]*(?:[ \t]+[A-Z][\w.'\u2019&!-]*){0,3})[ \t]+\]")


def bracketed_sources(text: str) -> list[RawSpan]:
    """The outlets a round-up credits in brackets ("… It’s Complicated [ Bloomberg ]")."""
    return [RawSpan(m.start(1), m.end(1), "ORG", "dateline") for m in _BRACKETED_SOURCE.finditer(text)]


#: A name as outlets and publishers write theirs: capitalised words, "&" between them, an
#: exclamation mark or digits inside ("E! News", "Bang & Olufsen", "9to5Mac").
_OUTLET = r"(?:[A-Z]|\d+[a-z]+\d*[A-Z])[\w!'\u2019-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w!'\u2019-]*){0,4}"
#: Where a report cites another outlet or a journal: "told the Argus Leader", "confirmed to
#: WIRED", "according to a new report by E! News", "published in the journal Nature Astronomy",
#: "originally published by Futurism", "Copyright 2019 Hawaii News Now", "(Image credit: All
#: About Space)", "research firm IDC" — and the outlet as the subject of reporting ("Rolling
#: Stone reported", "Disclosure: ZDNet may earn a commission").
_CITED = re.compile(
    r"(?:\b(?:told|confirmed[ \t]+to|speaking[ \t]+to|spoke[ \t]+to|in[ \t]+an[ \t]+interview[ \t]+with|reported[ \t]+by"
    r"|(?:originally[ \t]+)?published(?:[ \t]+online)?(?:[ \t]+\w+day)?[ \t]+(?:in|by)"
    r"|according[ \t]+to(?:[ \t]+a(?:[ \t]+new)?[ \t]+(?:report|story|study|survey|paper)[ \t]+(?:by|in|from))?)"
    r"[ \t]+(?:the[ \t]+(?:journal|magazine|newspaper|website|blog|outlet)[ \t]+|the[ \t]+)?"
    r"|\bCopyright[ \t]+(?:\u00a9[ \t]*)?\d{4}[ \t]+|\b(?:Image|Photo|Picture)[ \t]+credit:?[ \t]+"
    # "tech market research firm IDC", "the cable channel ESPN": a body's kind, then its name.
    r"|\b(?:firm|company|agency|startup|outlet|website|blog|magazine|newspaper|network|retailer|maker|charity"
    r"|publisher|broadcaster|carrier|manufacturer|label|developer|channel)[ \t]+)"
    r"(" + _OUTLET + r")")
_REPORTED = re.compile(r"[ \t]+(?:first[ \t]+)?(?:reported|may[ \t]+(?:earn|receive)[ \t]+a[ \t]+commission)\b")
#: The subject of such a verb: the outlet, opening its sentence or line.
_SUBJECT = re.compile(r"(?:^|[.:!?][ \t]+|\n)(" + _OUTLET + r")$")


def cited_sources(text: str) -> list[RawSpan]:
    """Outlets and journals a report cites, by the words that cite them: a body the model
    misses as often as not, the name being a word ("Science", "WIRED") or a title's ("Nature
    Astronomy"). Not a person's name (a first name opens it), a word the article also writes in
    lower case, a day or a title ("told Gov. Noem"). Only names the model left out are
    offered (``detect_spans`` drops those that overlap its spans)."""
    spans = [match.span(1) for match in _CITED.finditer(text)]
    for verb in _REPORTED.finditer(text):
        # The verb is found first and the outlet read back from it: a search for the outlet at
        # every line's start costs a scan of the article for a rare pattern.
        window = max(0, verb.start() - 80)
        subject = _SUBJECT.search(text, window, verb.start())
        if subject:
            spans.append(subject.span(1))
    found = []
    for start, end in sorted(spans):
        name = text[start:end].rstrip("'\u2019")
        words = name.split()
        # "told the Argus Leader Monday afternoon": the name ends where a day or a month begins.
        cut = next((i for i, w in enumerate(words) if re.sub(r"['\u2019]s$", "", w).lower() in _DAYS_MONTHS), len(words))
        if cut == 0:
            continue
        words = words[:cut]
        name = " ".join(words)
        lowered = name.lower()
        if (is_given_name(words[0]) or is_title_word(words[0].rstrip(".")) or normalize_title(words[0]) in HONORIFICS
                or len(words) == 1 and (lowered in _FUNCTION_WORDS or lowered in _PRONOUNS or lowered in STOP_WORDS
                                        or _common_word(text, name))):
            continue
        if re.match(r",[ \t]+[A-Z][\w'\u2019-]*,", text[start + len(name) : start + len(name) + 40]):
            continue  # "his blog Think, Save, Retire": a title of comma-joined words, not its first
        found.append(RawSpan(start, start + len(name), "ORG", "dateline"))
    return found


#: A platform named by what its users have there ("from its Twitter account", "a Facebook post",
#: "YouTube channel") or by where something was posted ("posted on Instagram").
_PLATFORM = re.compile(r"(?<![\w.'\u2019-])([A-Z][a-z]+(?:[A-Z][a-z]+)?)(?=[ \t]+" + _ACCOUNT_NOUNS + r"\b)"
                       r"|\b(?:posted|tweeted|wrote|shared|announced|published|streamed|uploaded) on ([A-Z][a-z]+(?:[A-Z][a-z]+)?)\b"
                       # "Be sure to visit Arrowhead on Facebook", "follow us on Instagram".
                       r"|\b(?:[Ff]ollow|[Vv]isit|[Ff]ind|[Ll]ike|[Jj]oin|[Cc]onnect with)[ \t]+(?:us|me|him|her|them|[A-Z][\w'\u2019]*)"
                       r"[ \t]+on[ \t]+([A-Z][a-z]+(?:[A-Z][a-z]+)?)\b")


def platform_names(text: str, places: Gazetteer) -> list[RawSpan]:
    """Social platforms the model misses mid-sentence: a name before an account, a post or a
    page there, or after "posted on" or "visit us on" — not a place ("a London page"), a day ("posted on
    Monday"), a word the article also writes in lower case ("a Services page") nor the start of
    a longer name ("published on Live Science")."""
    found = []
    for match in _PLATFORM.finditer(text):
        start, end = next(match.span(g) for g in (1, 2, 3) if match.group(g))
        name = text[start:end]
        after = re.match(r"[ \t]+([A-Z][\w'\u2019]*)", text[end : end + 30])
        if after and after.group(1).lower().rstrip("'\u2019s") not in _DAYS_MONTHS:
            continue  # "published on Live Science": the start of a longer name ("on Twitter Tuesday" is not)
        if (name.lower() in _DAYS_MONTHS or name.lower() in _FUNCTION_WORDS or places.candidates(name)
                or is_title_word(name) or _opens_sentence(text, start) or _common_word(text, name)):
            continue
        found.append(RawSpan(start, end, "ORG", "dateline"))
    return found


#: A deal's line that sends the reader to a store: "See it now: Fossil", "Get it at Walmart",
#: "Available from Amazon", "Get it on Amazon for $139", "Also at Best Buy".
_STORE_LINE = re.compile(r"^[ \t]*(?:(?:See|Get|Buy|Shop|Order)(?:[ \t]+(?:it|them|one|this))?(?:[ \t]+now)?"
                         r"|(?:Also[ \t]+)?[Aa]vailable|Also)[ \t]*(?::[ \t]*|[ \t](?:at|on|from|via)[ \t]+)"
                         r"([A-Z][\w&'\u2019-]*(?:\.com)?(?:[ \t]+[A-Z][\w&'\u2019-]*){0,2})"
                         r"(?=[ \t]*(?:$|for[ \t]+\$|[(,.;]|and[ \t]))", re.M)


def store_names(text: str, places: Gazetteer) -> list[RawSpan]:
    """The stores a deals page sends the reader to, which the model misses on their short lines
    ("See it now: Fossil"): bodies. Not a place ("Available in London" has no "at"; "Available at
    Boston" would be the town)."""
    return [RawSpan(m.start(1), m.end(1), "ORG", "dateline") for m in _STORE_LINE.finditer(text)
            if not places.candidates(m.group(1)) and m.group(1).lower() not in _FUNCTION_WORDS]


#: Streets and districts news writes for the institutions on them, which the model often reads
#: as plain words ("Wall Street analysts were expecting …"); not before another name
#: ("Wall Street Journal") nor after a house number ("40 Wall Street", an address).
_STREET_METONYMS = re.compile(r"(?<![\w-])(?<!\d )(Wall Street|Capitol Hill|Downing Street|Whitehall|Fleet Street|Madison Avenue|"
                              r"K Street|Foggy Bottom|Dalal Street|Threadneedle Street)(?![\w-])(?![ \t]+[A-Z])")


def street_metonyms(text: str) -> list[RawSpan]:
    """The institutions named by their street: an organisation, which online gets the note of
    the place named, whose summary says what it stands for."""
    return [RawSpan(m.start(1), m.end(1), "ORG", "dateline") for m in _STREET_METONYMS.finditer(text)]


_ORDINAL = r"(?:\d{1,3}(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth)"
#: Streets named by a number, which the model seldom reads as names: "Fort Worth's 6th Avenue",
#: "of 1119 Eighth St.", "near 17th Street", "3170 W. County Road 600S".
_NUMBERED_STREET = re.compile(r"(?<![\w.-])((?:(?:N|S|E|W|North|South|East|West)\.?[ \t]+)?" + _ORDINAL
                              + r"[ \t]+(?P<kind>[A-Z][a-z]+\.?)|County[ \t]+Road[ \t]+\d+[NSEW]?)(?![\w-])")


def numbered_streets(text: str) -> list[RawSpan]:
    """Streets named by a number ("17th Street"), not inside a title-case run ("Concept First
    Drive"); after a place's possessive they are that place's ("Fort Worth's 6th Avenue")."""
    found = []
    for match in _NUMBERED_STREET.finditer(text):
        if match.group("kind") and match.group("kind").lower().rstrip(".") not in _STREET_WORDS:
            continue  # "the 5th Amendment", "Second World War"
        before = re.search(r"([\w'\u2019.-]+)[ \t]+$", text[max(0, match.start(1) - 30) : match.start(1)])
        if (before and before.group(1)[:1].isupper() and not re.search(r"['\u2019]s$", before.group(1))
                and not _opens_sentence(text, match.start(1) - len(before.group(0)))):
            continue  # a capitalised word before it: a heading's or a longer name's words
        found.append(RawSpan(match.start(1), match.end(1), "GPE", "dateline"))
    return found


#: "a Sugar Land-based provider", "an Amritsar-based agent": the model rarely sees the place
#: before "-based", which the tokenizer keeps in one piece with it.
_BASED = re.compile(r"(?<![\w-])((?:[A-Z][\w.'\u2019]*[ \t]+){0,2}[A-Z][\w.'\u2019]*)-based\b")


def based_places(text: str, places: Gazetteer) -> list[RawSpan]:
    """Where something is based, when the gazetteer knows the place ("Turkish-based" is no place)."""
    found = []
    for match in _BASED.finditer(text):
        # The longest run of the words before "-based" that is a place: "The London-based firm"
        # opening a sentence is London's.
        run = match.group(1)
        for word in re.finditer(r"\S+", run):
            name = run[word.start() :]
            if word.group().lower() not in _FUNCTION_WORDS and (places.candidates(name) or subdivision_countries(name)):
                found.append(RawSpan(match.start(1) + word.start(), match.end(1), "GPE", "dateline"))
                break
    return found


#: A town and its state's two letters after a comma: "in Harrisburg, PA", "in Gladstone, NJ".
_TOWN_STATE = re.compile(r"(?<![\w.'\u2019-])(?P<town>[A-Z][a-z][\w.'\u2019-]*(?:[ \t]+[A-Z][a-z][\w.'\u2019-]*){0,2}),[ \t]+"
                         r"(?P<state>[A-Z]{2})(?![\w'\u2019-])")


def town_state_places(text: str, places: Gazetteer) -> list[RawSpan]:
    """A town and its state written "Harrisburg, PA": both places, where the gazetteer knows a
    town of the name in that state or the article writes it after "in", "at", "near" or "from"
    ("in Gladstone, NJ"); the model often misses the two letters, or reads them as a body. Not
    a person and a degree ("Jane Doe, MD"): such a name is neither."""
    found = []
    for match in _TOWN_STATE.finditer(text):
        state = us_state_name(match.group("state"))
        if not state:
            continue
        town = match.group("town")
        known = any(p.kind == "city" and p.country_code == "US" and us_state_name(p.admin or "") == state
                    for p in places.candidates(town))
        if known or re.search(r"(?<![\w-])(?:in|at|near|from)[ \t]+$", text[max(0, match.start() - 6) : match.start()]):
            found += [RawSpan(match.start("town"), match.end("town"), "GPE", "dateline"),
                      RawSpan(match.start("state"), match.end("state"), "GPE", "dateline")]
    return found


#: A part of a place, after the place's possessive: "Delhi's Saket area", "London's Soho district".
_PLACE_PART = re.compile(r"(?<![\w.-])([A-Z][\w.-]*(?:[ \t][A-Z][\w.-]*)?)['\u2019]s[ \t]+([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)"
                         r"(?=[ \t]+(?:area|district|neighbou?rhood|suburb|quarter|locality|colony)\b)")


def place_parts(text: str, places: Gazetteer) -> list[RawSpan]:
    """The part of a place named after the place's possessive and before a word for a part of a
    place ("Delhi's Saket area"): a place the model leaves out, when the gazetteer knows the owner."""
    found = []
    if "'s " not in text and "\u2019s " not in text:
        return found
    for match in _PLACE_PART.finditer(text):
        if places.candidates(match.group(1)) or subdivision_countries(match.group(1)):
            found.append(RawSpan(match.start(2), match.end(2), "GPE", "dateline"))
    return found


#: Holders whose offices are named with a possessive: "Harris County Sheriff's Office", "The
#: California Governor's Office of Emergency Services", "Manhattan District Attorney's Office".
_OFFICE_HOLDERS = frozenset({"sheriff", "attorney", "general", "governor", "mayor", "minister", "president", "premier",
                             "examiner", "coroner", "comptroller", "controller", "treasurer", "auditor", "marshal",
                             "prosecutor", "clerk", "commissioner", "secretary", "chancellor", "assessor", "recorder",
                             "solicitor", "ombudsman", "constable", "defender", "speaker", "inspector"})
_RUN_BEFORE = r"((?:(?:[A-Z]\.)+[ \t]+|" + _RUN_WORD + r"[ \t]+)*?)"
_TAIL_RUN = r"(?:[ \t]+" + _RUN_WORD + r")+"
#: What an office or court is of or for: "of Emergency Services", "for the Western District of New York".
_OF_WHAT = r"(?:[ \t]+(?:of|for)(?:[ \t]+the)?" + _TAIL_RUN + r"(?:[ \t]+of(?:[ \t]+the)?" + _TAIL_RUN + r")?)?"
_HOLDERS_OFFICE = re.compile(r"(?<![\w.'\u2019-])" + _RUN_BEFORE + r"([A-Z][a-z]+)['\u2019]s[ \t]+(?:Office|Department|Bureau)\b"
                             + _OF_WHAT)
#: "U.S. District Court for the Northern District of California", "Court of Appeals for the
#: Ninth Circuit": the court's district or circuit is part of its name.
_COURT_FOR = re.compile(r"(?<![\w.'\u2019-])" + _RUN_BEFORE + r"Court(?:[ \t]+of[ \t]+Appeals)?[ \t]+for[ \t]+the"
                        r"(?:[ \t]+" + _RUN_WORD + r")*?[ \t]+(?:District|Circuit)\b(?:[ \t]+of(?:[ \t]+the)?" + _TAIL_RUN + r")?")

#: The words either name needs, found much faster than either name.
_OFFICE_OR_COURT = re.compile(r"['\u2019]s[ \t]+(?:Office|Department|Bureau)\b|Court(?:[ \t]+of[ \t]+Appeals)?[ \t]+for[ \t]+the\b")


def office_names(text: str) -> list[RawSpan]:
    """Public offices and courts whose names the model cuts into pieces: at the possessive
    ("Office of Emergency Services" of "The California Governor's Office of Emergency
    Services"; nothing at all of "The Harris County Sheriff's Office") or before the district
    ("District Court" and "Northern District" of "the U.S. District Court for the Northern
    District of California"). The whole name is one organisation."""
    found: list[RawSpan] = []
    if not _OFFICE_OR_COURT.search(text):
        return found  # (most articles: one quick scan instead of two slow ones)
    for pattern in (_HOLDERS_OFFICE, _COURT_FOR):
        for match in pattern.finditer(text):
            if pattern is _HOLDERS_OFFICE and match.group(2).casefold() not in _OFFICE_HOLDERS:
                continue  # "NASA's Office of the Inspector General": NASA's office, not a holder's
            words = list(re.finditer(r"\S+", match.group()))
            first = 0
            # A sentence's first word and a dateline's day are no part of the name.
            while first < len(words) - 1 and _lead_word(words[first].group()):
                first += 1
            last = len(words)
            head = next((i for i, w in enumerate(words) if re.match(r"(?:Office|Department|Bureau|Court)\b", w.group())), 0)
            for index in range(head + 1, len(words)):
                # "… of Emergency Services Director Mark Ghilarducci": the name ends before a
                # title with a name after it, or before a dateline's day.
                word, after = words[index].group(), words[index + 1].group() if index + 1 < len(words) else ""
                if word.casefold().rstrip(".") in _DAYS_MONTHS or (
                        _names_a_role(word) and after[:1].isupper() and not _names_a_role(after)):
                    last = index
                    break
            found.append(RawSpan(match.start() + words[first].start(), match.start() + words[last - 1].end(), "ORG", "dateline"))
    return found


#: Offices that news names as bodies after their state or country, with no holder after them:
#: "investigated by the New York State Attorney General", "the Texas Attorney General sued".
_PLACE_OFFICE = re.compile(r"(?<![\w.'\u2019-])((?:[A-Z][a-z]+[ \t]+){1,3}?)(?:State[ \t]+)?"
                           r"(?:Attorney|Inspector|Solicitor|Auditor)[ \t]+General\b(?![ \t]+[A-Z\d])")


def place_offices(text: str, places: Gazetteer) -> list[RawSpan]:
    """An office named by its place and no holder after it ("The New York State Attorney
    General (NYAG) is investigating WeWork"): one organisation, not the place the model finds
    in it; with a name after it ("Texas Attorney General Ken Paxton") it is that person's title."""
    found: list[RawSpan] = []
    if "General" not in text:
        return found
    for match in _PLACE_OFFICE.finditer(text):
        words = list(re.finditer(r"[A-Z][a-z]+", match.group(1)))
        # The longest run of the words before the office that is a place ("The Texas …": "Texas").
        for word in words:
            place = match.group(1)[word.start() :].strip()
            if _lead_word(word.group()):
                continue
            if us_state_name(place) or places.candidates(place) or subdivision_countries(place):
                found.append(RawSpan(match.start(1) + word.start(), match.end(), "ORG", "dateline"))
                break
    return found


def _names_a_role(word: str) -> bool:
    return is_title_word(word) or word.casefold() in ROLE_NOUNS


def _lead_word(word: str) -> bool:
    folded = word.casefold()
    return (folded in _FUNCTION_WORDS and folded != "new") or folded.rstrip(".") in _DAYS_MONTHS


#: A US legislator's party and state: "(D-Minn.)", "(R-Texas)", "(I-Vt.)", or between commas
#: as AP writes it: "Rep. David McKinley, R-W.Va., visited".
_PARTY_STATE = re.compile(r"(?:\(|(?<=,\s))(?:D|R|I|Dem|Rep|Ind)\.?[-\u2013]\s?(?P<state>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)(?:\)|(?=,))")


def party_state_spans(text: str, places: Gazetteer) -> list[RawSpan]:
    """The state of "(D-Minn.)" or "(R-Texas)", which the model does not see as a name."""
    found = []
    for match in _PARTY_STATE.finditer(text):
        state = match.group("state")
        if us_state_name(state) or any(p.kind == "state" for p in places.candidates(state)):
            found.append(RawSpan(match.start("state"), match.end("state"), "GPE", "dateline"))
    return found


#: A capitalised word, then a capital letter: where a title may stand before a name the model
#: missed (the words are then looked up, which is much faster than one regex of every title).
_WORD_THEN_CAPITAL = re.compile(r"(?<![\w.])([A-Z][A-Za-z]+)(\.?)\s+(?=[A-Z])")
#: Last words of titles ("minister" of "Prime Minister", "mr" of "Mr.").
_TITLE_ENDS = frozenset(t.split()[-1] for t in (*POSITION_TITLES, *HONORIFICS)) | ABBREVIATED_TITLES


#: A role written in lower case between a team's, a company's or a country's name (or "the",
#: "his" …) and a person's full name: "Sabres center Casey Mittelstadt", "the actress Jessie
#: Buckley". Not the roles that are verbs too ("will host Real Madrid", "to guard Durant").
_ROLE_THEN_NAME = re.compile(
    r"(?:\b[A-Z][\w.'\u2019&-]*|\b(?:the|a|an|his|her|its|their|our))[ \t]+(?:"
    + "|".join(sorted(ROLE_NOUNS - {"model", "star", "guard", "host", "forward", "anchor", "catcher", "victim", "suspect",
                                    "official"}, key=len, reverse=True))
    + r")[ \t]+([A-Z][a-z]+(?:[ \t][A-Z][a-z'\u2019-]+){1,2})\b")


def title_persons(text: str, taken: Iterable[tuple[int, int]]) -> list[RawSpan]:
    """People the model missed but a title or a role names: "Chancellor Scholz", "Mr. Amr",
    "Sabres center Casey Mittelstadt"."""
    taken = list(taken)
    found: list[RawSpan] = []
    for match in _ROLE_THEN_NAME.finditer(text):
        start, end = match.span(1)
        end = start + len(re.sub(r"['\u2019]s?$", "", text[start:end]))
        words = text[start:end].split()
        if (any(s < end and start < e for s, e in taken) or len(words) < 2
                or any(normalize_title(w) in _INSTITUTION_WORDS or normalize_title(w) in _DAYS_MONTHS for w in words)):
            continue
        found.append(RawSpan(start, end, "PERSON", "title"))
        taken.append((start, end))
    for match in _WORD_THEN_CAPITAL.finditer(text):
        # Capitalised: "the president Biden" is rare; "president" mid-sentence is usually a noun.
        if match.group(1).lower() not in _TITLE_ENDS or text.startswith("League", match.end()):
            continue  # (the rank "Major" is no title of "Major League Baseball")
        name = _NAME_AFTER_TITLE.match(text, match.end())
        if name is None:
            continue
        words = name.group().split()
        # Stop at the first word that is itself a title or an institution ("President Office").
        kept = []
        for word in words[:3]:
            bare = normalize_title(word)
            if (bare in _INSTITUTION_WORDS or bare in _DAYS_MONTHS or is_title_word(word)
                    or re.sub(r"['\u2019]s$", "", bare) in STOP_WORDS or bare in ROLE_NOUNS):
                break  # "General Manager", "Dr. There's" (a "TL;DR" before a sentence)
            kept.append(word)
        if not kept or re.match(r"[ \t]+Officer\b", text[name.start() + len(" ".join(kept)) :]):
            continue  # "Chief Strategy Officer": a title's words
        start = name.start()
        end = start + len(" ".join(kept))
        # Multi-word runs must be the name exactly as written (no double spaces).
        if text[start:end] != " ".join(kept):
            continue
        end = start + len(re.sub(r"['\u2019]s?$", "", text[start:end]))
        if end <= start or any(s < end and start < e for s, e in taken):
            continue
        if title_before(text, start) is None:
            continue
        found.append(RawSpan(start, end, "PERSON", "title"))
    return found


#: Roles people hold in a company, written between its name and theirs: "Tesla chief executive
#: Elon Musk", "Jefferies analyst Jonathan Matuszewski".
_COMPANY_ROLES = r"(?:CEO|CFO|COO|CTO|chief[ \t]+executive(?:[ \t]+officer)?|founder|co-founder|cofounder|chairman|chairwoman|analyst|executive)"
#: ... and a body's spokespeople and coaches ("Chargers coach Anthony Lynn").
_BODY_ROLES = r"(?:" + _COMPANY_ROLES + r"|spokesman|spokeswoman|spokesperson|coach)"
_PERSON_AFTER = r"[ \t]+[A-Z][a-z]+[ \t]+[A-Z]"
_ROLE_AFTER = re.compile(r"[ \t]+" + _COMPANY_ROLES + r"(?=" + _PERSON_AFTER + r")")
_ROLE_BEFORE_PERSON = re.compile(r"[ \t]+" + _BODY_ROLES + r"(?=" + _PERSON_AFTER + r")")
#: The capitalised words that end just before a role (searched for in a window before each role:
#: a scan of the whole text for runs is several times slower).
_RUN_BEFORE_ROLE = re.compile(r"(?<![\w.'\u2019&-])(?:[A-Z][\w&'\u2019-]*\.?[ \t]+)*?[A-Z][\w&'\u2019-]*$")


def role_bodies(text: str, doc: Any, taken: Iterable[tuple[int, int]]) -> list[RawSpan]:
    """Bodies the model missed before a role and a person: "Tesla chief executive Elon Musk",
    "Chargers coach Anthony Lynn". The name is the capitalised words just before the role
    ("Ousted WeWork CEO Adam Neumann": WeWork); a person's name is never taken for a body
    ("Netanyahu spokesman Ofir Gendelman"), nor a people ("Israeli army spokesman")."""
    roles = list(_ROLE_BEFORE_PERSON.finditer(text))
    if not roles:
        return []
    taken = list(taken)
    people = {ent.text for ent in doc.ents if ent.label_ == "PERSON"} | {
        word for ent in doc.ents if ent.label_ == "PERSON" for word in ent.text.split()}
    peoples = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in ("NORP", "LANGUAGE")]
    lower = lowercase_words(text)
    found: list[RawSpan] = []
    for role in roles:
        match = _RUN_BEFORE_ROLE.search(text, max(0, role.start() - 80), role.start())
        if match is None:
            continue
        start, end = match.span()
        words = list(re.finditer(r"\S+", match.group()))
        # A sentence's first words are no part of the name ("Ousted", "The", words the article
        # also writes in lower case).
        while len(words) > 1 and (words[0].group().casefold() in _FUNCTION_WORDS or words[0].group().casefold() in lower
                                  or words[0].group().endswith("ed") or is_title_word(words[0].group())):
            words = words[1:]
        start = match.start() + words[0].start()
        name = text[start:end]
        if (name in people or any(s < end and start < e for s, e in taken + peoples)
                or is_title_word(name.split()[-1])):
            continue
        found.append(RawSpan(start, end, "ORG", "dateline"))
    return found


#: Words a headline capitalises and a name does not have inside it.
_HEADLINE_WORDS = frozenset({"Is", "Are", "Was", "Were", "Be", "Been", "Has", "Have", "Had", "Do", "Does", "Did", "Will",
                             "Can", "Could", "Would", "Should", "May", "Might", "Must", "On", "In", "At", "To", "With",
                             "From", "By", "You", "Your", "We", "Our", "It", "Its", "Not", "How", "Why", "What", "Says",
                             "Said", "Gets", "Get", "Makes", "Make", "Now"})


#: The second half of a compound made of a name: "Twitter-like", "SoftBank-backed", "Kremlin-run".
_COMPOUND_TAIL = re.compile(r"-(?:like|owned|backed|funded|led|run|made|built|branded|style|sponsored|controlled"
                            r"|operated|affiliated)$")


#: A sentence's own word or comma just before a word: "firm IDC", "like Chime, Varo".
_IN_A_SENTENCE = re.compile(r"[a-z,][ \t]+$")
#: Words that open a sentence as its subject without being names ("Everyone seemed", "Police said").
_PRONOUNS = frozenset({"everyone", "everybody", "everything", "nobody", "nothing", "someone", "somebody", "something",
                       "anyone", "anybody", "anything", "none", "one", "all", "both", "who", "what", "which", "each",
                       "neither", "either", "much", "little", "few", "another", "police"})
#: A word contracted with a verb or a negation: "We’re", "You’ve", "Isn't", "They’d".
_CONTRACTION = re.compile(r"['\u2019](?:re|ve|ll|d|m|t)$")
#: A finite verb after a sentence's first word: "Twitter seemed", "Reuters reported", "Amazon has".
_VERB_AFTER = re.compile(r"\s+(?:[a-z]{2,}ed|said|says|has|had|is|was|will|would|can|could|did|does|may|might|should|"
                         r"must|announced|reports|wants|plans|seems|makes|gets|sells|owns|runs)\b")


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """Capitalised runs; one that closes an enumeration is two of its members ("Chime, Varo,
    Current and GoBank"), not one name as "Procter and Gamble" is."""
    for match in _CAPITALISED_RUN.finditer(text):
        parts = re.split(r"[ \t]+(?:and|or)[ \t]+", match.group())
        if len(parts) == 2 and re.search(r",[ \t]+$", text[max(0, match.start() - 3) : match.start()]):
            second = match.start() + match.group().rindex(parts[1])
            yield match.start(), match.start() + len(parts[0])
            yield second, match.end()
        else:
            yield match.start(), match.end()


def spotted_runs(text: str, taken: Iterable[tuple[int, int]], limit: int = 10,
                 peoples: Iterable[tuple[int, int]] = ()) -> list[RawSpan]:
    """Capitalised runs no detector claimed, for the knowledge base to confirm or drop.

    Spotting is for names the model missed: a run inside a span the model read as a
    nationality or a people (``peoples``: "Americans", "Democrats") is not offered; nor are
    events, feasts and planets.

    A run at the start of a sentence counts only when it has two words or more (a single
    capitalised word there is usually just the first word of the sentence).
    """
    taken = sorted(taken)
    peoples = list(peoples)
    found: list[RawSpan] = []
    seen: set[str] = set()
    subjects: set[int] = set()
    for start, end in _runs(text):
        surface = text[start:end].rstrip(".")
        if "_" in surface:
            cut = _after_underscore(text, start, start + len(surface))
            if cut is None:
                continue
            surface, start = surface[cut - start :], cut
        # "NASA’s Science Mission Directorate": the owner is a name of its own, the rest another.
        owner = re.match(r"\S+['\u2019]s[ \t]+(?=[A-Z])", surface)
        if owner is not None:
            start, surface = start + owner.end(), surface[owner.end() :]
        # "On Wednesday", "The Senate": a sentence's first word is capitalised for grammar.
        while " " in surface and surface.split()[0].lower() in _FUNCTION_WORDS:
            cut = surface.index(" ") + 1
            start, surface = start + cut, surface[cut:].lstrip()
        # "the Big Ten’s leading passer": the name without its possessive (a word on its own
        # keeps it when the article never writes it bare: "Lowe's", "Macy's" are names so
        # written, "Jupiter's moons" is Jupiter's; an abbreviation's never: "NASA's").
        bare = re.sub(r"['\u2019]s$", "", surface)
        if " " in surface or (bare != surface and (_occurrences(text, bare) > 0 or (bare.isupper() and len(bare) > 1))):
            surface = bare
        # "‘Full Stop’": a closing quotation mark is not part of the name.
        surface = surface.rstrip("'\u2019")
        # "a Twitter-like site", "a SoftBank-backed startup": the name the compound is made of;
        # being something one can be like or owned by makes even a word written once a name.
        compound = _COMPOUND_TAIL.search(surface)
        if compound is not None:
            surface = surface[: compound.start()]
        # "the Argus Leader Monday afternoon": the run ends where a day or a month begins.
        words = surface.split()
        cut_at = next((i for i, w in enumerate(words)
                       if re.sub(r"['\u2019]s$", "", w.lower().strip(".,")) in _DAYS_MONTHS), None)
        if cut_at is not None:
            surface = " ".join(words[:cut_at])
            if not surface:
                continue
        end = start + len(surface)
        # "the Argus Leader of Sioux Falls" where the model found "Sioux Falls": the run's words
        # before the name it found, less the small words that joined them, are a name of their own.
        first_taken = min((s for s, e in taken if s < end and start < e), default=None)
        if first_taken is not None and first_taken > start:
            head = re.sub(r"(?:[ \t]+(?:of|and|for|the|de|du|del|la|le|von|van|&))+[ \t]*$|[ \t]+$", "", text[start:first_taken])
            # Not a title before a person's name ("Emirates President").
            if head and not head.endswith((",", "'", "\u2019")) and not any(is_title_word(w) for w in head.split()):
                surface, end = head, start + len(head)
        words = surface.split()
        if any(s < end and start < e for s, e in taken) or any(s <= start and end <= e for s, e in peoples):
            continue
        if _event_or_sky(text, start, end, "GPE"):
            continue  # "Davis Cup", "Election Day", "Christmas", "Jupiter"
        if len(words) == 1 and _broken_word(text, end, surface):
            continue  # "Arte mis": a word the page's markup cut
        lowered = surface.lower()
        if lowered in seen or lowered in JUNK or lowered in _DAYS_MONTHS or is_title_word(surface) or surface.isupper() and len(surface) <= 2:
            continue
        if words[0].lower() in _DAYS_MONTHS or normalize_title(words[0]) in HONORIFICS:
            continue
        if len(words) > 1 and (surface.isupper() or len(words) > 4 or any(w in _HEADLINE_WORDS for w in words[1:])):
            continue  # a headline's Title Case or capitals: "Stadia Controller Is Only Necessary", "SCORES QUARANTINED"
        sentence_start = _opens_sentence(text, start)
        # "Twitter seemed a bit confused": a sentence's first word that a verb follows is its subject.
        # Not a plural ("Officials said", "Analysts say") nor a pronoun ("Everyone seemed").
        subject = (sentence_start and _VERB_AFTER.match(text, end) is not None and lowered not in _PRONOUNS
                   and not re.search(r"[^s]s$", surface))
        if len(words) == 1 and ((sentence_start and not subject) or _common_word(text, surface) or len(surface) < 3
                                or (_occurrences(text, surface) < 2 and not subject
                                    and not _IN_A_SENTENCE.search(text, max(0, start - 3), start))
                                or len(re.findall(r"[A-Z]", surface[1:])) >= 3 and not surface.isupper()):
            # One capitalised word opening a sentence is more often its first word than a name,
            # unless a verb makes it the subject ("Twitter seemed"); one the language has as a
            # word is a heading's or an emphasis's; a run of joined capitals is a tag or a handle
            # ("TodayInSenatePlenary"). Written once, a name it may be where a sentence's words
            # or its comma come just before: the knowledge base decides ("names like Chime,
            # Varo", "research firm IDC"); after a colon, a bullet or a line's start, no.
            continue
        if any(w == "I" or w[:2] in ("I'", "I\u2019") for w in words) or re.fullmatch(r"[A-Z]\.?", surface):
            continue  # "I", "I’ll", "Am I": the pronoun, not a name
        if any(_CONTRACTION.search(w) for w in words):
            continue  # "We’re", "Ain’t", "Price Tag Isn't Cheap": words of a sentence, not a name
        if len(words) == 1 and lowered in _FUNCTION_WORDS:
            continue  # "But", "There" after a quotation mark or a line break
        seen.add(lowered)
        found.append(RawSpan(start, end, "SPOT", "spot"))
        if subject or _VERB_AFTER.match(text, end):
            subjects.add(start)
    # The runs most worth a lookup: a sentence's subject ("Disclosure: ZDNet may earn a
    # commission"), then those the article repeats, then the longer ones.
    def worth(span: RawSpan) -> tuple[bool, int, int]:
        surface = text[span.start : span.end]
        return span.start not in subjects, -_occurrences(text, surface), -len(surface.split())
    kept = sorted(found, key=worth)[:limit]
    return sorted(kept, key=lambda s: s.start)
