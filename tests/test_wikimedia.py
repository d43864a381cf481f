"""The Wikipedia/Wikidata provider against the fake Wikimedia on loopback: dated notes for the
seed article, at most four requests cold and none warm, etiquette, and every kind of fault."""

from __future__ import annotations

import time

import pytest

from contextlib_news import Annotator
from contextlib_news.model import validate_annotation

from .conftest import EXAMPLE
from .fakewiki.plugin import online_settings


@pytest.fixture
def online(wiki_settings, annotator):
    made = []

    def build(settings=None):
        made.append(Annotator(settings or wiki_settings, nlp=annotator.nlp))
        return made[-1]

    yield build
    for item in made:
        item.close()


def people(result) -> dict:
    return {e.label: e for e in result.entities if e.kind == "person"}


def test_seed_article_people_get_notes_as_of_the_article(online, fake_wikimedia):
    result = online().annotate_html(EXAMPLE.read_text(encoding="utf-8"))
    validate_annotation(result.to_dict())
    assert result.meta.degraded is False and "wikimedia" in result.meta.providers
    found = people(result)
    blinken = found["Antony Blinken"]
    assert blinken.id == "wikidata:Q4776155"
    assert blinken.note.as_of == "2021-05-12"
    assert blinken.note.roles[0] == "United States Secretary of State (since 2021-01-26; until 2025-01-20, after this article)"
    biden = found["Joe Biden"]
    assert [m.exact for m in biden.mentions] == ["President Biden", "Biden", "Biden", "Biden"] or len(biden.mentions) == 4
    assert biden.note.roles == ("President of the United States (since 2021-01-20; until 2025-01-20, after this article)",)
    assert any(f.label == "Earlier positions" and "Vice President of the United States (2009-01-20 – 2017-01-20)" in f.value
               for f in biden.note.facts)
    netanyahu = found["Benjamin Netanyahu"]
    assert netanyahu.note.roles == ("Prime Minister of Israel (since 2009-03-31; until 2021-06-13, after this article)",)
    amr = found["Hady Amr"]
    assert amr.note.roles == ("Deputy Assistant Secretary of State for Israeli and Palestinian Affairs (since 2021-01; until 2022-11, after this article)",)
    assert [m.exact for m in amr.mentions] == ["Hady Amr", "Amr"]
    for person in (blinken, biden, netanyahu, amr):
        assert {s.url for s in person.note.sources} >= {f"https://www.wikidata.org/wiki/{person.id.split(':')[1]}"}
        assert all(s.retrieved for s in person.note.sources)
    assert blinken.note.image and blinken.note.summary.startswith("Antony John Blinken is an American diplomat")


def test_the_glossary_still_leads_for_disputed_terms(online):
    result = online().annotate_html(EXAMPLE.read_text(encoding="utf-8"))
    ids = {e.id: e for e in result.entities}
    hamas = ids["glossary:hamas"]
    assert hamas.note.perspectives and any("wikidata.org/wiki/Q38799" in s.url for s in hamas.note.sources)
    gaza = ids["glossary:gaza"]
    assert all("Q39360" not in s.url for s in gaza.note.sources), "the Strip never borrows Gaza City's facts"


def test_four_requests_cold_none_warm(online, wiki_settings, fake_wikimedia):
    html = EXAMPLE.read_text(encoding="utf-8")
    online().annotate_html(html)
    cold = fake_wikimedia.count()
    assert 1 <= cold <= 4, [r.params.get("action") for r in fake_wikimedia.requests]
    fake_wikimedia.reset()
    again = online(wiki_settings).annotate_html(html)  # a new process would see the same cache file
    assert fake_wikimedia.count() == 0 and people(again)["Antony Blinken"].note.roles


#: People without Wikipedia pages, named in full as news names private people.
NAMES = ("Maria Lopez, Daniel Okafor, Priya Raman, Tomas Novak, Ingrid Halvorsen, Kenji Watanabe, Amara Diallo, "
         "Lucas Ferreira, Sofia Rossi, Mehmet Yilmaz, Anna Kowalska, Pierre Dubois, Elena Petrova, Samuel Mensah, "
         "Hannah Becker, Rafael Torres, Leila Haddad, Oliver Brennan, Chen Wei, Fatima Zahra, Nikolai Ivanov, "
         "Isabel Moreno, Ahmed Karim, Grace Mwangi, Lars Johansson")


def test_many_entities_still_cost_few_requests(online, fake_wikimedia):
    online().annotate_text(f"Joe Biden met {NAMES} and Antony Blinken in Israel.", published="2021-05-12")
    # A full name with no page is someone without one: it costs no search of its own.
    assert fake_wikimedia.count() <= 4, [r.params.get("action") for r in fake_wikimedia.requests]


def test_etiquette(online, fake_wikimedia):
    online().annotate_text("Antony Blinken met Benjamin Netanyahu.", published="2021-05-12")
    first = fake_wikimedia.requests[0]
    agent = first.headers["User-Agent"]
    assert agent.startswith("contextlib-news/") and "tests@contextlib-news.example" in agent
    assert all(r.params.get("maxlag") == "5" for r in fake_wikimedia.requests)
    assert all(r.path == "/w/api.php" for r in fake_wikimedia.requests)


def test_without_a_date_notes_speak_for_today(online):
    result = online().annotate_text("Antony Blinken spoke to reporters.")
    blinken = people(result)["Antony Blinken"]
    assert result.meta.as_of_source == "today"
    assert blinken.note.roles == ()  # his term ended in 2025: no current role today
    assert any(f.label == "As of" and "the article has no date" in f.value for f in blinken.note.facts)
    assert any(f.label == "Earlier positions" and "United States Secretary of State (2021-01-26 – 2025-01-20)" in f.value
               for f in blinken.note.facts)


def test_offline_never_asks(annotator, fake_wikimedia, tmp_path):
    settings = online_settings(fake_wikimedia, tmp_path / "c", offline=True)
    Annotator(settings, nlp=annotator.nlp).annotate_text("Antony Blinken met Benjamin Netanyahu.")
    assert fake_wikimedia.count() == 0


def test_an_unreachable_network_is_skipped_quickly(annotator, tmp_path):
    from .servers import free_port

    settings = online_settings(type("W", (), {"url": f"http://127.0.0.1:{free_port()}"})(), tmp_path / "c")
    started = time.monotonic()
    result = Annotator(settings, nlp=annotator.nlp).annotate_text("Antony Blinken met Benjamin Netanyahu.")
    assert time.monotonic() - started < 3
    assert result.meta.degraded and "cannot reach Wikimedia" in result.meta.degraded_reason


FAULTS = [
    ("slow", {"delay": 5.0}, "within the lookup budget"),
    ("429", {"retry_after": 30}, "slow down (HTTP 429"),
    ("503", {"retry_after": 30}, "slow down (HTTP 503"),
    ("500", {}, "HTTP 500"),
    ("malformed", {}, "malformed answer"),
    ("truncated", {}, "cannot reach Wikimedia"),
    ("reset", {}, "cannot reach Wikimedia"),
    ("maxlag", {"retry_after": 30}, "slow down"),
]


@pytest.mark.parametrize("kind,options,reason", FAULTS, ids=[f[0] for f in FAULTS])
def test_faults_degrade_within_the_budget_and_are_not_cached(online, wiki_settings, fake_wikimedia, kind, options, reason):
    annotate = online(wiki_settings.replace(lookup_budget=1.5))
    fake_wikimedia.fail(kind, **options)
    started = time.monotonic()
    result = annotate.annotate_html(EXAMPLE.read_text(encoding="utf-8"))
    took = time.monotonic() - started
    assert took < 1.5 + 1.0, took
    assert result.meta.degraded and reason in result.meta.degraded_reason, result.meta.degraded_reason
    ids = {e.id for e in result.entities}
    assert {"glossary:temple-mount", "geonames:294640"} <= ids  # the offline notes are all there
    validate_annotation(result.to_dict())
    fake_wikimedia.reset()
    healed = annotate.annotate_html(EXAMPLE.read_text(encoding="utf-8"))
    assert not healed.meta.degraded and people(healed)["Antony Blinken"].note.roles
    assert fake_wikimedia.count() >= 1, "the failed answer must not have been cached"


def test_a_short_wait_is_honoured(online, fake_wikimedia):
    fake_wikimedia.fail("429", times=1, retry_after=0)
    result = online().annotate_text("Antony Blinken met Benjamin Netanyahu.", published="2021-05-12")
    assert not result.meta.degraded and people(result)["Antony Blinken"].note is not None


def test_the_labels_a_namesake_will_need_come_with_the_first_labels(online, fake_wikimedia):
    # "Victoria" and "Amazon" are lists of namesakes: their candidates come a round later (the
    # lists' links, then the namesakes' items), and the note of the one chosen needs the labels
    # of what it points to. The countries and regions the first round's items point to fill the
    # first labels request, so no last round is needed here.
    result = online().annotate_text("Amazon shares rose in Seattle as Victoria reported rain.", published="2021-05-12")
    linked = {e.label: e.id for e in result.entities if e.note}
    assert linked == {"Amazon": "wikidata:Q3884", "Seattle": "wikidata:Q5083"}
    label_requests = [r for r in fake_wikimedia.requests if r.params.get("props") == "labels"]
    assert len(label_requests) == 1 and fake_wikimedia.count() == 5, [r.params for r in fake_wikimedia.requests]


def test_the_countries_news_names_most_fill_the_first_labels_request(online, fake_wikimedia):
    # "Tim Clark" is a list of namesakes, a British airline executive and a South African
    # golfer: nothing the first round found points to their countries, but the labels request
    # made for Seattle's note has room for the countries news names most, so the namesakes'
    # notes need no last round.
    result = online().annotate_text("Emirates President Tim Clark told reporters in Seattle at the air show that "
                                    "orders were strong.", published="2019-11-20")
    assert {e.label: e.id for e in result.entities if e.note} == {"Tim Clark": "wikidata:Q999600008",
                                                                  "Seattle": "wikidata:Q5083"}
    label_requests = [r for r in fake_wikimedia.requests if r.params.get("props") == "labels"]
    assert len(label_requests) == 1, [r.params for r in fake_wikimedia.requests]
    asked = set(label_requests[0].params["ids"].split("|"))
    assert {"Q145", "Q258"} <= asked and len(asked) <= 50
    namesakes = [r for r in fake_wikimedia.requests if "Q999600008" in r.params.get("ids", "")]
    assert namesakes and label_requests[0].at < namesakes[0].at  # asked before the namesakes were known


def test_no_request_is_made_only_to_fill_it(online, fake_wikimedia):
    # With nothing else to label, the namesakes' countries come in a round of their own.
    online().annotate_text("Emirates President Tim Clark told reporters at the air show that orders were strong.",
                           published="2019-11-20")
    label_requests = [r for r in fake_wikimedia.requests if r.params.get("props") == "labels"]
    assert [set(r.params["ids"].split("|")) for r in label_requests] == [{"Q145", "Q258"}]
