"""First names people are given, from gender-guesser's dictionary of first names by country.

The small English model reads many a person's full name as an organisation ("Brad Marchand",
"Britney Spears" in lists of players and artists). That a name's first word is a first name
people commonly go by is the evidence a rule needs to read it as a person again. The
dictionary (Jörg Michael's ``nam_dict.txt``, GNU FDL) gives each name's frequency in some fifty
countries on a scale of 1 (rare) to 13; names rare everywhere ("Ear", "Dell", "Forest") and
names it calls unisex or leaves open are left out, for they are words and brands as often.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

#: How common a name must be in at least one country (1 rare … 13 extremely common).
MIN_FREQUENCY = 2
#: The dictionary's genders that say a name is a first name people go by: male, female, mostly
#: one of them ("?" is a name for both, "=" an equivalence between spellings).
_GENDERED = frozenset({"M", "F", "1M", "1F", "?M", "?F"})
#: Columns of the fixed-width file: the name, then one frequency digit per country.
_NAME = slice(3, 29)
_FREQUENCIES = slice(30, 85)
_LEAST = format(MIN_FREQUENCY, "X")


def is_given_name(word: str) -> bool:
    """Whether ``word`` (as written, e.g. "Brad") is a first name people commonly go by."""
    return word.casefold() in given_names()


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The dictionary's first names, casefolded (read once per process)."""
    text = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="iso-8859-1")
    names = set()
    for line in text.splitlines():
        if line[:2].strip() not in _GENDERED:
            continue
        name = line[_NAME].strip()
        # One hexadecimal digit per country, blank where unknown: in ASCII, " " < "1" < … < "9" < "A" < … < "D".
        if max(line[_FREQUENCIES], default=" ") >= _LEAST and name.isalpha():
            # "+" joins a name's parts ("Jean+Pierre"); other marks spell letters ("<A/>"): neither is one word.
            names.add(name.casefold())
    return frozenset(names)
