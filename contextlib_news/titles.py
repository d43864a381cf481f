"""Titles that news puts before and after people's names, and what each says about the person.

"President Biden", "Chancellor Scholz", "Mr. Macron", "Israeli Prime Minister Benjamin
Netanyahu", "Benjamin Netanyahu, the Israeli prime minister": the title is the best evidence
of who a surname means — the office they held on the article's date. Mention detection uses
this module to find people that the statistical model missed ("Chancellor Scholz") and to
record the titles of each person; the Wikipedia/Wikidata linker matches them against the
positions (P39) a candidate held on that date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Title (lowercase, without dots) → words that the label of a matching position contains.
#: Several titles may share a position word: "premier" and "prime minister" both match
#: "Prime Minister of …".
POSITION_TITLES: dict[str, tuple[str, ...]] = {
    "president": ("president",),
    "vice president": ("vice president", "vice-president"),
    "prime minister": ("prime minister", "premier"),
    "premier": ("premier", "prime minister"),
    "pm": ("prime minister",),
    "chancellor": ("chancellor",),
    "secretary of state": ("secretary of state",),
    "secretary": ("secretary",),
    "foreign secretary": ("foreign secretary", "foreign affairs", "secretary of state for foreign"),
    "foreign minister": ("minister of foreign affairs", "foreign minister", "foreign affairs", "minister for foreign"),
    "defense secretary": ("secretary of defense", "secretary of state for defence", "defence secretary"),
    "defence secretary": ("secretary of state for defence", "defence secretary", "secretary of defense"),
    "defense minister": ("minister of defense", "minister of defence", "defence minister", "defense minister"),
    "defence minister": ("minister of defence", "minister of defense", "defence minister"),
    "minister": ("minister",),
    "senator": ("senator", "senate"),
    "sen": ("senator", "senate"),
    "representative": ("representative", "house of representatives"),
    "rep": ("representative", "house of representatives"),
    "congressman": ("representative", "house of representatives", "congress"),
    "congresswoman": ("representative", "house of representatives", "congress"),
    "governor": ("governor",),
    "gov": ("governor",),
    "mayor": ("mayor",),
    "king": ("king", "monarch"),
    "queen": ("queen", "monarch"),
    "emperor": ("emperor",),
    "pope": ("pope",),
    "speaker": ("speaker",),
    "ambassador": ("ambassador",),
    "envoy": ("envoy", "special representative", "ambassador"),
    "chief justice": ("chief justice",),
    "justice": ("justice", "judge"),
    "judge": ("judge", "justice"),
    "attorney general": ("attorney general",),
    "mp": ("member of parliament", "member of the"),
    "chairman": ("chair",),
    "chairwoman": ("chair",),
    "chair": ("chair",),
    "ceo": ("chief executive",),
    "commissioner": ("commissioner",),
    "superintendent": ("superintendent",),
    "general secretary": ("general secretary", "secretary general", "secretary-general"),
    "secretary-general": ("secretary-general", "secretary general"),
    "secretary general": ("secretary-general", "secretary general"),
    "supreme leader": ("supreme leader",),
    "crown prince": ("crown prince",),
    "prince": ("prince",),
    "president-elect": ("president",),
    "inspector general": ("inspector general", "inspector-general"),
    "inspector-general": ("inspector general", "inspector-general"),
    "police chief": ("chief of police", "police chief", "commissioner of police"),
    "chief of police": ("chief of police", "police chief"),
    "first minister": ("first minister",),
    "chief minister": ("chief minister",),
    "lieutenant governor": ("lieutenant governor",),
    "state senator": ("senate", "senator"),
    "house speaker": ("speaker",),
    "majority leader": ("majority leader",),
    "minority leader": ("minority leader",),
    "solicitor general": ("solicitor general",),
    "deputy minister": ("deputy minister",),
}

#: Courtesy titles and ranks: they say "a person" but not which office.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev", "reverend",
    "father", "sister", "brother", "sheikh", "rabbi", "imam", "cardinal", "archbishop", "bishop", "ayatollah",
    "gen", "general", "lt", "lieutenant", "col", "colonel", "maj", "major", "capt", "captain", "cmdr", "commander",
    "adm", "admiral", "sgt", "sergeant", "cpl", "corporal", "pvt", "private", "officer", "detective", "coach",
    "marshal", "field marshal", "brig", "brigadier", "deputy", "sheriff", "chief", "dean", "principal", "lt gen",
    "maj gen", "rear admiral", "vice admiral",
})

#: Roles news writes before a name in lower case without making them a title: "Steelers
#: quarterback Mason Rudolph", "Fox News host Jeanine Pirro". They say the name is a person's.
ROLE_NOUNS = frozenset({
    "quarterback", "linebacker", "receiver", "striker", "midfielder", "defender", "goalkeeper", "pitcher", "outfielder",
    "infielder", "catcher", "forward", "guard", "center", "winger", "captain", "player", "teammate", "coach", "manager",
    "host", "anchor", "presenter", "reporter", "correspondent", "journalist", "editor", "columnist", "commentator",
    "singer", "rapper", "actor", "actress", "comedian", "musician", "guitarist", "drummer", "songwriter", "director",
    "producer", "author", "writer", "novelist", "poet", "artist", "designer", "photographer", "star", "model", "chef",
    "founder", "co-founder", "cofounder", "executive", "chair", "chairman", "chairwoman", "president", "owner",
    "billionaire", "businessman", "businesswoman", "entrepreneur", "investor", "analyst", "economist", "strategist",
    "scientist", "researcher", "astronaut", "engineer", "spokesman", "spokeswoman", "spokesperson", "lawyer",
    "attorney", "prosecutor", "lawmaker", "legislator", "politician", "candidate", "nominee", "activist", "campaigner",
    "adviser", "advisor", "aide", "deputy", "official", "diplomat", "negotiator", "cleric", "student", "teacher",
    "mother", "father", "wife", "husband", "son", "daughter", "brother", "sister", "widow", "suspect", "victim",
})

#: Titles written abbreviated with a dot ("Mr.", "Sen.", "Gen."): after any other title a dot
#: ends the sentence ("… the Attorney General. According to …").
ABBREVIATED_TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "rev", "gen", "lt", "col", "maj", "capt", "cmdr",
                                "adm", "sgt", "cpl", "pvt", "brig", "sen", "rep", "gov", "pres", "amb", "supt", "insp",
                                "det", "hon", "atty"})

#: Words that may stand between the parts of a title ("Deputy Prime Minister", "former
#: Secretary of State", "Israeli Prime Minister", "U.S. Secretary of State").
TITLE_MODIFIERS = frozenset({"former", "acting", "interim", "then", "deputy", "vice", "late", "outgoing", "incoming",
                             "new", "current", "ex", "assistant", "under", "shadow"})

_ALL_TITLES = sorted(set(POSITION_TITLES) | HONORIFICS, key=len, reverse=True)
_TITLE_ALT = "|".join(re.escape(t).replace(r"\ ", r"\.?\s+") for t in _ALL_TITLES)
#: A title right before a name: optional modifiers and one adjective or country word
#: ("Israeli", "U.S.", "German"), then the title, then optional dots and spaces.
_BEFORE = re.compile(
    r"(?:\b(?P<mods>(?i:(?:" + "|".join(sorted(TITLE_MODIFIERS)) + r")[\s-]+)*)"
    r"(?P<adj>(?:[A-Z][\w.'’-]*\s+){0,2}?))?"
    r"\b(?P<title>(?i:" + _TITLE_ALT + r"))(?P<dot>\.?)"
    # "Inspector-General of Police Ibrahim Idris", "Governor of Texas Greg Abbott".
    r"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}))?(?P<comma>,?)\s+$"
)
#: An appositive title right after a name: ", the Israeli prime minister," / ", a senator from".
_AFTER = re.compile(
    r"^,\s+(?:the|a|an|who\s+is|who\s+was|now)?\s*(?P<mods>(?i:(?:" + "|".join(sorted(TITLE_MODIFIERS)) + r")[\s-]+)*)"
    r"(?P<adj>(?:[A-Z][\w.'’-]*\s+){0,2}?)(?P<title>(?i:"
    + "|".join(re.escape(t) for t in sorted(POSITION_TITLES, key=len, reverse=True)) + r"))\b"
)


@dataclass(frozen=True)
class Title:
    """A title found next to a person's mention."""

    #: Normalised title: "president", "prime minister", "mr".
    name: str
    #: "former", "acting", … as written before the title.
    modifiers: tuple[str, ...] = ()
    #: Capitalised words between the modifiers and the title: "Israeli", "U.S.", "German".
    qualifier: str = ""

    @property
    def is_position(self) -> bool:
        return self.name in POSITION_TITLES

    @property
    def former(self) -> bool:
        return any(m in ("former", "late", "ex", "then") for m in self.modifiers)

    def text(self) -> str:
        return " ".join(p for p in (*self.modifiers, self.qualifier, self.name) if p)


def normalize_title(text: str) -> str:
    return " ".join(text.lower().replace(".", " ").split())


def title_before(text: str, start: int) -> Title | None:
    """The title written right before ``text[start:]`` ("President " in "President Biden")."""
    window = text[max(0, start - 80) : start]
    match = _BEFORE.search(window)
    if match is None:
        return None
    if match.group("dot") and normalize_title(match.group("title")) not in ABBREVIATED_TITLES:
        return None  # "… the Attorney General. According": the dot ends a sentence
    if match.group("comma") and normalize_title(match.group("title")) not in POSITION_TITLES:
        return None  # "the Inspector-General of Police, Ibrahim Idris" — but not "said the doctor, Smith"
    # "Prime Minister" wins over "Minister": the alternation is longest first, but the regex
    # anchors at the end, so a shorter title may match inside a longer one; widen it.
    name = normalize_title(match.group("title"))
    head = window[: match.start("title")].rstrip()
    for longer in ("prime", "vice", "foreign", "defense", "defence", "attorney", "chief", "general", "crown", "supreme"):
        if head.lower().endswith(longer) and f"{longer} {name}" in POSITION_TITLES:
            name = f"{longer} {name}"
            break
    mods = tuple(m.lower() for m in re.findall(r"[A-Za-z]+", match.group("mods") or ""))
    qualifier = " ".join((match.group("adj") or "").split())
    if normalize_title(qualifier) in POSITION_TITLES or normalize_title(qualifier) in HONORIFICS:
        qualifier = ""
    if match.group("of") and name not in ("secretary of state",):
        qualifier = " ".join(match.group("of").split())  # "of Police", "of Texas": what the office is of
    return Title(name, mods, qualifier)


def title_after(text: str, end: int) -> Title | None:
    """An appositive title right after a name: "Benjamin Netanyahu, the Israeli Prime Minister"."""
    match = _AFTER.match(text[end : end + 80])
    if match is None:
        return None
    mods = tuple(m.lower() for m in re.findall(r"[A-Za-z]+", match.group("mods") or ""))
    return Title(normalize_title(match.group("title")), mods, " ".join((match.group("adj") or "").split()))


def is_title_word(word: str) -> bool:
    """Whether ``word`` alone is a title or honorific ("Cmdr", "Mr.", "President")."""
    return normalize_title(word) in POSITION_TITLES or normalize_title(word) in HONORIFICS


def position_words(title: str) -> tuple[str, ...]:
    """Words a position's label contains when it matches ``title`` (empty for honorifics)."""
    return POSITION_TITLES.get(normalize_title(title), ())
