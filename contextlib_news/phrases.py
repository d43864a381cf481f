"""Fast whole-word phrase matching over article text.

Used for glossary terms and gazetteer names. Phrases are indexed by their first word, so
matching costs one dictionary look-up per word of the text plus a regex match only where a
phrase can start: fast enough for thousands of phrases on every article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212\u00ad"
APOSTROPHES = "'\u2019\u2018\u02bc\u0060\u00b4"
_HYPHEN_CLASS = "[" + re.escape(HYPHENS) + "]"
_APOS_CLASS = "[" + re.escape(APOSTROPHES) + "]"
_WORD = re.compile(r"\w+")


def normalize_phrase(text: str) -> str:
    """The form in which two phrases count as the same: NFKC, casefolded, unified hyphens
    and apostrophes, single spaces, no leading "the "."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(_HYPHEN_CLASS, "-", text)
    text = re.sub(_APOS_CLASS, "'", text)
    text = " ".join(text.split()).casefold()
    return text[4:] if text.startswith("the ") else text


@dataclass(frozen=True)
class PhraseMatch:
    start: int
    end: int
    key: str


class PhraseIndex:
    """Phrases → keys; :meth:`find` returns non-overlapping matches, longest first."""

    def __init__(self) -> None:
        self._by_first_word: dict[str, list[tuple[int, re.Pattern[str], str]]] = {}
        self._sorted = True

    def add(self, phrase: str, key: str, *, case_sensitive: bool, plurals: bool = False) -> None:
        """Index ``phrase``; ``plurals`` also matches a regular -s/-es plural of a common noun."""
        phrase = strip_article(phrase.strip())
        words = _WORD.findall(phrase)
        if not words:
            return
        pattern = phrase_pattern(phrase, case_sensitive=case_sensitive, plurals=plurals)
        first = words[0].casefold()
        # Text is scanned word by word, so a one-word phrase's plural is its own first word.
        firsts = {first, first + "s", first + "es"} if plurals and len(words) == 1 else {first}
        for word in firsts:
            self._by_first_word.setdefault(word, []).append((len(phrase), pattern, key))
        self._sorted = False

    def find(self, text: str) -> list[PhraseMatch]:
        if not self._sorted:
            for entries in self._by_first_word.values():
                entries.sort(key=lambda item: -item[0])
            self._sorted = True
        matches: list[PhraseMatch] = []
        position = 0
        for word in _WORD.finditer(text):
            if word.start() < position:
                continue
            candidates = self._by_first_word.get(word.group().casefold())
            if not candidates:
                continue
            for _length, pattern, key in candidates:
                found = pattern.match(text, word.start())
                if found:
                    matches.append(PhraseMatch(found.start(), found.end(), key))
                    position = found.end()
                    break
        return matches


def strip_article(phrase: str) -> str:
    return phrase[4:] if phrase.lower().startswith("the ") else phrase


def phrase_pattern(phrase: str, *, case_sensitive: bool, plurals: bool = False) -> re.Pattern[str]:
    parts: list[str] = []
    for ch in phrase:
        if ch in HYPHENS:
            parts.append(_HYPHEN_CLASS)
        elif ch in APOSTROPHES:
            parts.append(_APOS_CLASS)
        elif ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if plurals and phrase[-1:].isalpha() and not phrase.endswith("s"):
        body += "(?:e?s)?"
    # A final "." (as in "U.S.") is part of the phrase; it must not need a word boundary.
    tail = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.compile(r"(?<!\w)" + body + tail, 0 if case_sensitive else re.IGNORECASE)
