"""Extraction of text and metadata from real pages."""

from __future__ import annotations

import pytest

from contextlib_news.errors import ExtractionError, InvalidInputError
from contextlib_news.extract import article_from_text, extract_article, parse_date


def test_example_page_metadata(example_html):
    article = extract_article(example_html)
    assert article.title == "US steps up diplomacy as Israel–Gaza fighting escalates"
    assert article.published == "2021-05-12"
    assert article.site == "The Daily Ledger"
    assert article.author == "Daily Ledger staff"
    assert article.language == "en"
    assert article.url == "https://dailyledger.example/world/2021/05/12/us-diplomacy-gaza"
    assert article.text.startswith("Following a recent bloodshed, the US is stepping up")
    # Navigation, captions, related links and the footer are not article text.
    for boilerplate in ("More from World", "Photo:", "All rights reserved", "Privacy"):
        assert boilerplate not in article.text


def test_the_callers_date_wins(example_html):
    assert extract_article(example_html, published="2021-05-13").published == "2021-05-13"


def test_bytes_with_a_declared_charset():
    html = '<html><head><meta charset="windows-1252"></head><body><article><p>Café owners in Zürich said “no”. ' \
           + "More text here. " * 30 + "</p></article></body></html>"
    article = extract_article(html.encode("windows-1252"))
    assert "Café owners in Zürich" in article.text


@pytest.mark.parametrize("value", ["12/05/2021", "2021-13-01", "yesterday", "2021-02-30"])
def test_bad_dates_are_refused(value):
    with pytest.raises(InvalidInputError):
        parse_date(value)


def test_empty_and_textless_pages():
    with pytest.raises(InvalidInputError):
        extract_article("   ")
    with pytest.raises(ExtractionError):
        extract_article("<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_plain_text_keeps_offsets_and_drops_control_characters():
    article = article_from_text("Biden\x00 met\r\nNetanyahu.", published="2021-05-12")
    assert article.text == "Biden met\nNetanyahu."
    with pytest.raises(InvalidInputError):
        article_from_text(" \n ")


def test_corpus_pages_extract(corpus_pages):
    """Most real pages of the benchmark give their article text (figures: bench/)."""
    extracted = 0
    for _sha, html, truth in corpus_pages[:40]:
        try:
            article = extract_article(html, url=truth.get("url"))
        except ExtractionError:
            continue
        extracted += 1
        assert article.text.strip()
    assert extracted >= 36
