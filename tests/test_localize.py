"""Notes in the reader's language: Wikidata labels and descriptions and that language's Wikipedia
from the fake Wikimedia (real API formats), falling back to English part by part; glossary
translations; the language check on articles."""

from __future__ import annotations

import pytest

from contextlib_news import Annotator, UnsupportedLanguageError
from contextlib_news.errors import InvalidInputError
from contextlib_news.languages import check_article_language, normalize_language, text_direction
from contextlib_news.model import validate_annotation

from .conftest import EXAMPLE
from .fakewiki.plugin import online_settings

HTML = EXAMPLE.read_text(encoding="utf-8")
GERMAN_PAGE = ("<html><body><article><h1>Außenminister reist nach Nahost</h1>"
               + "<p>Der amerikanische Außenminister Antony Blinken ist am Mittwoch nach Israel gereist, um mit der "
                 "Regierung über die Lage im Gazastreifen zu sprechen. Die Gespräche sollen mehrere Tage dauern, "
                 "teilte das Ministerium in Washington mit.</p>" * 3
               + "</article></body></html>")


@pytest.fixture
def online(fake_wikimedia, tmp_path, annotator):
    return Annotator(online_settings(fake_wikimedia, tmp_path / "cache"), nlp=annotator.nlp)


def entities(annotation):
    return {e.id: e for e in annotation.entities}


def test_a_german_note_comes_from_wikidata_and_the_german_wikipedia(online, fake_wikimedia):
    result = online.annotate_html(HTML, lang="de")
    validate_annotation(result.to_dict())
    assert result.meta.lang == "de" and not result.meta.degraded
    blinken = entities(result)["wikidata:Q4776155"].note
    assert blinken.lang == "de" and blinken.label == "Antony Blinken"
    assert blinken.description == "US-amerikanischer Diplomat und Politiker, Außenminister (2021–2025)"
    assert blinken.summary.startswith("Antony John Blinken (* 16. April 1962 in New York City) ist ein US-amerikanischer")
    assert blinken.languages["description"] == "de" and blinken.languages["summary"] == "de"
    assert blinken.sources[0].url == "https://de.wikipedia.org/wiki/Antony_Blinken"
    # Roles as of the article's date are still there (built from English labels, and said so).
    assert any("Secretary of State" in role for role in blinken.roles) and blinken.languages["roles"] == "en"
    # Two more requests, on the Wikidata API and the German Wikipedia's.
    paths = [(r.path, r.params.get("action"), r.params.get("languages")) for r in fake_wikimedia.requests]
    assert ("/w/api.php", "wbgetentities", "de|en") in paths and ("/de/w/api.php", "query", None) in paths
    # Cached like the English answers: the same article again costs no request.
    fake_wikimedia.reset()
    assert entities(online.annotate_html(HTML, lang="de"))["wikidata:Q4776155"].note == blinken
    assert fake_wikimedia.count() == 0


def test_each_part_falls_back_to_english_on_its_own(online):
    german = entities(online.annotate_html(HTML, lang="de"))["wikidata:Q105622873"].note
    # Hady Amr has a German label but no German description and no German article.
    assert german.label == "Hady Amr" and german.lang == "de"
    assert german.description == "American diplomat" and german.languages["description"] == "en"
    assert german.summary.startswith("Hady Amr is an American diplomat") and german.languages["summary"] == "en"
    arabic = entities(online.annotate_html(HTML, lang="ar"))["wikidata:Q105622873"].note
    assert arabic.label == "هادي عمرو" and arabic.description == "دبلوماسي أمريكي"
    assert arabic.languages == {"label": "ar", "description": "ar", "summary": "en", "roles": "en", "facts": "en"}


def test_an_arabic_note_and_its_direction(online):
    result = online.annotate_html(HTML, lang="ar-EG")
    assert result.meta.lang == "ar" and text_direction(result.meta.lang) == "rtl"
    biden = entities(result)["wikidata:Q6279"].note
    assert biden.lang == "ar" and biden.label == "جو بايدن"
    assert biden.summary.startswith("جوزيف روبينيت بايدن الابن") and biden.sources[0].title == "Wikipedia (ar): جو بايدن"
    # An item nobody translated keeps its English note, and says so.
    us = entities(result)["wikidata:Q30"].note
    assert us.lang == "en" and us.label is None and us.description == "Country in North America"


def test_a_language_wikimedia_does_not_have_leaves_english_notes(online):
    result = online.annotate_html(HTML, lang="xx")
    assert not result.meta.degraded
    assert entities(result)["wikidata:Q4776155"].note.lang == "en"


def test_english_costs_nothing_more(online, fake_wikimedia):
    result = online.annotate_html(HTML)
    assert result.meta.lang == "en" and entities(result)["wikidata:Q4776155"].note.lang == "en"
    assert all(r.path == "/w/api.php" for r in fake_wikimedia.requests)
    assert fake_wikimedia.count() <= 4


def test_a_failing_language_wiki_degrades_to_english_notes(online, fake_wikimedia):
    online.annotate_html(HTML)  # warm the English requests
    fake_wikimedia.fail("500")
    result = online.annotate_html(HTML, lang="de")
    assert result.meta.degraded and "500" in result.meta.degraded_reason
    assert entities(result)["wikidata:Q4776155"].note.lang == "en"


def test_glossary_translations_with_fallback(annotator):
    result = annotator.annotate_html(HTML, lang="de")
    temple = entities(result)["glossary:temple-mount"].note
    assert temple.lang == "de" and temple.label == "Tempelberg / Haram al-Scharif"
    assert temple.description.startswith("Anlage auf einem Hügel in der Altstadt von Jerusalem")
    assert temple.perspectives[0].holder == "Israel" and temple.perspectives[0].view.startswith("Israel betrachtet")
    assert temple.languages["perspectives"] == "de" and temple.languages["other_names"] == "en"
    gaza = entities(annotator.annotate_html(HTML, lang="ar"))["glossary:gaza"].note
    # The Arabic entry has a label and a description but no views: the views stay English.
    assert gaza.label == "قطاع غزة" and gaza.languages["perspectives"] == "en"
    assert gaza.perspectives[0].view.startswith("Israel says")
    # No translation at all: the English entry, marked English.
    hamas = entities(annotator.annotate_html(HTML, lang="de"))["glossary:hamas"].note
    assert hamas.lang == "en" and hamas.label is None


def test_a_page_in_another_language_is_refused_clearly(annotator):
    with pytest.raises(UnsupportedLanguageError) as caught:
        annotator.annotate_html(GERMAN_PAGE)
    assert caught.value.language == "de" and "German" in str(caught.value) and "not supported yet" in str(caught.value)
    # A short English text is never refused for being hard to tell.
    assert check_article_language("Biden met Netanyahu in Jerusalem.") is None
    assert check_article_language(annotator.annotate_html(HTML).article.text) == "en"


def test_a_page_in_one_of_two_near_languages_is_refused_too():
    # Indonesian and Malay share the detector's confidence (neither reaches 0.9), but English
    # is out of the question: the page is refused, not read with an English model.
    text = ("Jangan membenci satu kaum secara berlebihan. Mudah-mudahan kita bisa memahami dan mengamalkan ajaran ini. "
            "Jangan sampai karena kita amat membenci satu kaum, akhirnya kita justru menganiaya mereka secara keji. "
            "Berlaku adillah, karena adil itu lebih dekat kepada takwa, dan bertakwalah kepada Allah.")
    with pytest.raises(UnsupportedLanguageError) as caught:
        check_article_language(text)
    assert caught.value.language in ("id", "ms")


def test_language_tags():
    assert normalize_language("pt-BR") == "pt" and normalize_language(None) == "en" and normalize_language("AR") == "ar"
    with pytest.raises(InvalidInputError):
        normalize_language("../etc")


def test_exports_say_the_notes_language(online):
    result = online.annotate_html(HTML, lang="ar")
    assert 'lang="ar" dir="rtl"' in result.to_html() and 'lang="en" dir="ltr"' in result.to_html()
    bodies = [b for a in result.to_w3c() for b in a["body"] if b.get("purpose") == "describing"]
    assert {"ar", "en"} <= {b["language"] for b in bodies}


def test_the_glossary_check_holds_translations_to_the_english_entry(tmp_path):
    import copy

    from contextlib_news.knowledge.glossary_check import check_glossary

    from .test_glossary_check import SOUND, write

    def problems(translations):
        data = copy.deepcopy(SOUND)
        data["entries"][1]["translations"] = translations
        return check_glossary([write(tmp_path, data)], bundled_count=1)

    views = [{"holder": p["holder"], "view": p["view"] + " (übersetzt)"} for p in SOUND["entries"][1]["perspectives"]]
    assert problems({"de": {"label": "Waffenruhe", "views": views}}) == []
    assert problems({"de": {"label": "Waffenruhe"}}) == [], "every part is optional"
    short = problems({"de": {"views": views[:1]}})
    assert len(short) == 1 and "translate every view" in short[0]
    assert any("schema" in p for p in problems({"en": {"label": "x"}})), "English is the entry itself"
    assert any("schema" in p for p in problems({"de": {}})), "an empty translation says nothing"
