"""Hostile input: property-based fuzzing of the library, and schemathesis against our OpenAPI
document. Counts of cases run are printed in the test output (-s) and summed in README."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from contextlib_news.errors import ContextError
from contextlib_news.model import validate_annotation
from contextlib_news.settings import Settings

COUNTS: dict[str, int] = {}
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text that breaks naive code: zero-width and bidi controls, combining marks, emoji, NULs, lone surrogates.
NASTY = st.sampled_from(["\u200b", "\u200d", "\u202e", "\u2066", "\u0301", "\U0001F600", "\U0001F1EE\U0001F1F1", "\x00", "\ud800",
                         "\ufeff", "\u00a0", "\u2028", "Gaza", "Temple Mount", "Hady Amr", "Amr", " ", "\n", "-", "'s"])
TEXT = st.lists(st.one_of(st.text(max_size=40), NASTY), max_size=60).map("".join)


def check(result) -> None:
    data = json.loads(result.to_json())
    validate_annotation(data)
    text = data["article"]["text"]
    for entity in data["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["exact"]


@FUZZ
@given(text=TEXT)
@example(text="\u200d\u200d's\U000ab6d6")  # found by the fuzzer: an owner of invisible characters only
def test_annotate_text_never_breaks(annotator, text):
    COUNTS["annotate_text"] = COUNTS.get("annotate_text", 0) + 1
    try:
        check(annotator.annotate_text(text))
    except ContextError:
        pass  # a clear, typed refusal is a fine answer to nonsense


@st.composite
def html_documents(draw):
    depth = draw(st.integers(0, 400))
    inner = draw(TEXT)
    tag = draw(st.sampled_from(["div", "p", "span", "article", "section", "table", "b", "script", "style", "svg", "math"]))
    body = f"<{tag}>" * depth + inner + f"</{tag}>" * draw(st.integers(0, depth))
    junk = draw(st.sampled_from(["", "<!--", "<![CDATA[", "<meta charset=\"shift_jis\">", "<html><body>", "</html></html>", "\x00\x01"]))
    return junk + f"<html><head><title>{draw(TEXT)}</title></head><body><article><p>" + body + "</p></article></body></html>"


@FUZZ
@given(html=html_documents(), as_bytes=st.booleans(), encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252", "shift_jis"]))
def test_annotate_html_never_breaks(annotator, html, as_bytes, encoding):
    COUNTS["annotate_html"] = COUNTS.get("annotate_html", 0) + 1
    document = html.encode(encoding, errors="replace") if as_bytes else html
    try:
        check(annotator.annotate_html(document))
    except ContextError:
        pass


@FUZZ
@given(blob=st.binary(max_size=4000))
def test_binary_is_refused_or_annotated(annotator, blob):
    COUNTS["binary"] = COUNTS.get("binary", 0) + 1
    try:
        check(annotator.annotate_html(blob))
    except ContextError:
        pass


def test_huge_and_deep_pages(annotator):
    deep = "<div>" * 100_000 + "Israel and Gaza." + "</div>" * 100_000
    wide = "<html><body><article>" + "<p>Benjamin Netanyahu met Antony Blinken in Jerusalem. </p>" * 20_000 + "</article></body></html>"
    for page in (deep, wide):
        try:
            check(annotator.annotate_html(page))
        except ContextError:
            pass


def test_rtl_and_emoji_offsets(annotator):
    text = "\u202bשלום\u202c Benjamin Netanyahu 🇮🇱 met \u200bAntony Blinken 👋🏽 in Gaza\u200d."
    result = annotator.annotate_text(text)
    check(result)
    assert {"Benjamin Netanyahu", "Antony Blinken"} <= {e.label for e in result.entities}


schemathesis = pytest.importorskip("schemathesis")


def _schema():
    import tempfile

    from contextlib_news_server import create_app

    cache = tempfile.mkdtemp(prefix="schemathesis-")
    app_settings = Settings.load({"offline": True, "cache_dir": cache, "rate_limit": "100000 per minute", "connect_timeout": 1.0,
                                  "read_timeout": 1.0}, environ={}, config_file=None)
    app = create_app(app_settings)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = _schema()


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_against_its_openapi_document(case):
    COUNTS[f"api {case.method} {case.path}"] = COUNTS.get(f"api {case.method} {case.path}", 0) + 1
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    response = case.call()
    # 502/504 say the page's own server failed (or its name does not resolve): our answer, not our bug.
    assert response.status_code not in (500, 501, 503), response.text
    # A well-formed request may still name a page that is not there (422): that is the API
    # working, not a schema violation; every other check (status codes, bodies, headers) applies.
    case.validate_response(response, excluded_checks=[positive_data_acceptance])


def test_report_counts():
    """Runs last in this file: how many cases each fuzzer tried."""
    print("\nfuzz cases:", json.dumps(COUNTS, indent=1), "total", sum(COUNTS.values()))
    assert sum(COUNTS.values()) > 0
