"""Languages: the reader's (notes) and the article's (detection).

Notes can be asked for in any language Wikipedia and Wikidata have (``lang``); the article
itself must be English for now, because mentions come from spaCy's English model. A page in
another language gets a clear refusal instead of an empty or a wrong answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import InvalidInputError, UnsupportedLanguageError

#: The language notes are written in when nobody asks for another.
DEFAULT_LANGUAGE = "en"
#: Languages written right to left (primary subtags), for clients that lay out notes.
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "khw", "ks", "ps", "sd", "ug", "ur", "yi"})
#: Article languages we can read.
SUPPORTED_ARTICLE_LANGUAGES = frozenset({"en"})

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
#: Below this many characters a language guess is too weak to refuse a page on.
_MIN_TEXT_FOR_DETECTION = 200
#: How sure the detector must be before a page is refused as not English.
_MIN_CONFIDENCE = 0.9


def normalize_language(tag: str | None) -> str:
    """The Wikimedia language code for a BCP 47 tag: ``"de-AT"`` → ``"de"``, ``None`` → ``"en"``.

    Wikipedia editions are named by primary subtag, so regional variants share one edition.
    """
    if tag is None or not str(tag).strip():
        return DEFAULT_LANGUAGE
    text = str(tag).strip()
    if not _TAG.match(text):
        raise InvalidInputError(f"'lang' must be a language tag such as 'de', 'ar' or 'pt-BR', not {text[:40]!r}")
    return re.split(r"[-_]", text, maxsplit=1)[0].lower()


def text_direction(language: str) -> str:
    """``"rtl"`` for Arabic, Hebrew, Persian, Urdu…, else ``"ltr"``."""
    return "rtl" if normalize_language(language) in RTL_LANGUAGES else "ltr"


def language_name(code: str) -> str:
    """``"de"`` → ``"German"`` (the code itself when unknown)."""
    import pycountry

    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return found.name if found is not None else code


@lru_cache(maxsize=1)
def load_language_identifier():
    """py3langid's model (about half a second to load), once per process."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float] | None:
    """The language of ``text`` and the detector's confidence, or None when the text is too short to tell.

    Uses py3langid (a few milliseconds for an article); the page's own ``lang`` attribute is
    not trusted, since sites often leave their template's.
    """
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < _MIN_TEXT_FOR_DETECTION:
        return None
    language, confidence = load_language_identifier().classify(sample)
    return str(language), float(confidence)


def check_article_language(text: str) -> str | None:
    """Raise :class:`UnsupportedLanguageError` when ``text`` is surely not in a language we read;
    return the detected language (or None when too short to tell)."""
    found = detect_language(text)
    if found is None:
        return None
    language, confidence = found
    # Near languages share the detector's confidence ("id" 0.81 beside "ms" 0.19): what tells
    # is how likely the text is to be in a language we read, not how sure the first guess is.
    if language not in SUPPORTED_ARTICLE_LANGUAGES and (confidence >= _MIN_CONFIDENCE or _readable_share(text) < _MIN_READABLE):
        raise UnsupportedLanguageError(language)
    return language


#: Below this probability of being in a language we read, a page is refused whatever its first guess.
_MIN_READABLE = 0.01


def _readable_share(text: str) -> float:
    ranked = load_language_identifier().rank(text[:5000])
    return sum(float(p) for language, p in ranked if language in SUPPORTED_ARTICLE_LANGUAGES)
