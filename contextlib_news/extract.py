"""HTML -> Article: trafilatura's main text and metadata.

The text returned here is the one that every mention offset refers to, so nothing after
this stage changes it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

import configparser

import trafilatura
from trafilatura.settings import use_config

from .errors import ExtractionError, InvalidInputError
from .model import Article

#: Pages beyond this many elements are refused rather than left to exhaust memory.
MAX_TREE_SIZE = 300_000
#: Fewer words than this is a navigation scrap, not an article.
MIN_WORDS = 5

def _trafilatura_config() -> "configparser.ConfigParser":
    config = use_config()
    config["DEFAULT"]["max_tree_size"] = str(MAX_TREE_SIZE)
    # Extraction runs in request threads: trafilatura's signal-based timeout works only in the main thread.
    config["DEFAULT"]["extraction_timeout"] = "0"
    return config


_CONFIG = _trafilatura_config()
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_LANG_ATTR = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def parse_date(value: str | date | None) -> str | None:
    """Normalise a publication date to ``YYYY-MM-DD``; raise InvalidInputError when unusable."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = str(value).strip()
    if not _ISO_DATE.match(text):
        raise InvalidInputError(f"dates must look like YYYY-MM-DD, not {value!r}")
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError as exc:
        raise InvalidInputError(f"not a real date: {value!r}") from exc


def clean_text(text: str) -> str:
    """Make plain text safe to annotate: no NULs or stray control characters, unified newlines,
    and lone surrogates (which no encoder accepts) replaced by U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        "\ufffd" if unicodedata.category(ch) == "Cs" else ch
        for ch in text
        if ch in "\n\t" or unicodedata.category(ch) != "Cc"
    )


def extract_article(html: str | bytes, url: str | None = None, published: str | date | None = None) -> Article:
    """Extract the main text and metadata of a news page.

    ``published`` (from the caller) wins over the page's own date metadata.
    Raises :class:`ExtractionError` when the page has no article text.
    """
    if isinstance(html, bytes):
        lang_hint = _LANG_ATTR.search(html[:4096])
        html_text = _decode_bytes(html)
    else:
        html_text = html
        lang_hint = _LANG_ATTR.search(html[:4096].encode("utf-8", "ignore"))
    html_text = html_text.replace("\x00", "")
    if not html_text.strip():
        raise InvalidInputError("the HTML document is empty")
    published_iso = parse_date(published)
    document = trafilatura.bare_extraction(
        html_text,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=False,
        deduplicate=False,
        config=_CONFIG,
    )
    text = clean_text(getattr(document, "text", None) or "") if document is not None else ""
    if len(text.split()) < MIN_WORDS:
        raise ExtractionError("no article text was found in the page")
    page_date = getattr(document, "date", None)
    try:
        page_date = parse_date(page_date) if page_date else None
    except InvalidInputError:
        page_date = None
    canonical = getattr(document, "url", None) or url
    return Article(
        text=text,
        url=canonical,
        title=_clean_meta(getattr(document, "title", None)),
        published=published_iso or page_date,
        site=_clean_meta(getattr(document, "sitename", None)) or _host(canonical),
        language=_clean_meta(getattr(document, "language", None)) or (lang_hint.group(1).decode().lower() if lang_hint else None),
        author=_clean_meta(getattr(document, "author", None)),
    )


def article_from_text(
    text: str, *, published: str | date | None = None, url: str | None = None, title: str | None = None
) -> Article:
    """An Article for plain text, which is annotated as it is."""
    if not isinstance(text, str):
        raise InvalidInputError("text must be a string")
    text = clean_text(text)
    if not text.strip():
        raise InvalidInputError("the text is empty")
    return Article(text=text, url=url, title=title, published=parse_date(published), site=_host(url), language=None)


def _decode_bytes(data: bytes) -> str:
    from trafilatura.utils import decode_file

    return decode_file(data)


def _clean_meta(value: object) -> str | None:
    if not value:
        return None
    text = " ".join(str(value).split())
    return text or None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host[4:] if host and host.startswith("www.") else host
