"""Readers' reports and suppressions: POST /api/v1/feedback (validation, rate limit, tokens),
the store (SQLite, and Redis), the CLI, and the annotation path that reads the suppressions.
Also the API's lang field: in the cache key, validated, and the unsupported-language answer."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from contextlib_news import Annotator
from contextlib_news.feedback import FeedbackReport, RedisFeedbackStore, SQLiteFeedbackStore, open_feedback_store

from .conftest import EXAMPLE
from .loopback import LoopbackServer, Reply
from .test_localize import GERMAN_PAGE
from .test_scale import redis_url  # noqa: F401  (the real redis-server fixture, used below)
from .test_server import make_client, server_settings  # noqa: F401  (the Flask client fixture)

PAGE = EXAMPLE.read_bytes()
REPORT = {"entity": "wikidata:Q4776155", "url": "https://news.example/world/1", "exact": "Antony Blinken",
          "reason": "wrong_entity", "comment": "This is about someone else."}


@pytest.fixture(scope="module")
def pages():
    with LoopbackServer({"/article": Reply(body=PAGE), "/german": Reply(body=GERMAN_PAGE.encode())}) as server:
        yield server


def send(client, body, **kwargs):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post("/api/v1/feedback", data=data, content_type=kwargs.pop("content_type", "application/json"), **kwargs)


def annotate(client, body):
    return client.post("/api/v1/annotate", data=json.dumps(body), content_type="application/json")


def test_a_report_is_stored_and_listed(make_client, tmp_path):
    client = make_client()
    answer = send(client, REPORT)
    assert answer.status_code == 201, answer.get_json()
    stored = answer.get_json()["report"]
    assert stored["entity"] == "wikidata:Q4776155" and stored["site"] == "news.example" and stored["time"].endswith("Z")
    reports = SQLiteFeedbackStore(tmp_path / "cache" / "results.sqlite").reports()
    assert [r.to_dict() for r in reports] == [stored]


@pytest.mark.parametrize("body, status, code", [
    (b"{not json", 400, "bad_json"),
    (b"[1, 2]", 400, "bad_json"),
    ({**REPORT, "reason": "i_dislike_it"}, 422, "invalid_reason"),
    ({**REPORT, "comment": "x" * 2001}, 422, "comment_too_long"),
    ({**REPORT, "comment": "x" * 20000}, 413, "payload_too_large"),
    ({**REPORT, "entity": "<script>"}, 422, "invalid_entity"),
    ({k: v for k, v in REPORT.items() if k != "entity"}, 422, "invalid_entity"),
    ({**REPORT, "url": "javascript:alert(1)"}, 422, "invalid_url"),
    ({**REPORT, "exact": ["a"]}, 422, "invalid_exact"),
    ({**REPORT, "extra": 1}, 422, "unknown_field"),
])
def test_bad_reports_get_a_json_error_and_nothing_is_stored(make_client, tmp_path, body, status, code):
    client = make_client()
    answer = send(client, body)
    assert answer.status_code == status and answer.get_json()["error"]["code"] == code, answer.get_json()
    assert SQLiteFeedbackStore(tmp_path / "cache" / "results.sqlite").reports() == []


def test_a_report_must_be_json(make_client):
    answer = send(make_client(), "entity=x", content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 415 and answer.get_json()["error"]["code"] == "unsupported_media_type"


def test_reports_are_rate_limited(make_client):
    client = make_client(feedback_rate_limit="2 per minute")
    assert [send(client, REPORT).status_code for _ in range(3)] == [201, 201, 429]
    assert send(client, REPORT).get_json()["error"]["code"] == "rate_limited"


def test_reports_need_the_token_when_there_are_tokens(make_client):
    client = make_client(api_tokens="s3cret")
    assert send(client, REPORT).status_code == 401
    assert send(client, REPORT, headers={"Authorization": "Bearer s3cret"}).status_code == 201


def test_a_suppressed_link_gets_no_note_and_cached_results_are_not_served(make_client, tmp_path, pages):
    client = make_client()
    url = pages.url("/article")
    first = annotate(client, {"url": url}).get_json()
    assert "glossary:hamas" in {e["id"] for e in first["entities"]}
    assert annotate(client, {"url": url}).get_json()["cache"]["status"] == "hit"
    store = open_feedback_store(server_settings(tmp_path))
    assert store.suppress("glossary:hamas") is True and store.suppress("glossary:hamas") is False
    after = annotate(client, {"url": url}).get_json()
    assert after["cache"]["status"] == "miss", "a suppression makes stored results unreachable"
    assert "glossary:hamas" not in {e["id"] for e in after["entities"] if e["note"]}
    store.unsuppress("glossary:hamas")
    assert "glossary:hamas" in {e["id"] for e in annotate(client, {"url": url}).get_json()["entities"]}


def test_a_suppression_on_one_site_only(annotator, tmp_path):
    settings = server_settings(tmp_path)
    store = open_feedback_store(settings)
    store.suppress("glossary:temple-mount", "news.example")
    library = Annotator(settings, nlp=annotator.nlp)
    html = EXAMPLE.read_text(encoding="utf-8")
    there = {e.id for e in library.annotate_html(html, url="https://www.news.example/a").entities}
    elsewhere = {e.id for e in library.annotate_html(html, url="https://other.example/a").entities}
    assert "glossary:temple-mount" not in there and "glossary:temple-mount" in elsewhere


def test_lang_is_part_of_the_cache_key(make_client, pages):
    client = make_client()
    url = pages.url("/article")
    english = annotate(client, {"url": url}).get_json()
    german = annotate(client, {"url": url, "lang": "de"}).get_json()
    assert english["cache"]["status"] == "miss" and german["cache"]["status"] == "miss"
    assert german["meta"]["lang"] == "de" and english["meta"]["lang"] == "en"
    temple = next(e for e in german["entities"] if e["id"] == "glossary:temple-mount")
    assert temple["note"]["label"] == "Tempelberg / Haram al-Scharif"
    assert annotate(client, {"url": url, "lang": "de-CH"}).get_json()["cache"]["status"] == "hit"
    assert annotate(client, {"url": url, "lang": "en"}).get_json()["cache"]["status"] == "hit"


@pytest.mark.parametrize("lang", ["../x", 5, "a b"])
def test_a_bad_lang_is_refused(make_client, pages, lang):
    answer = annotate(make_client(), {"url": pages.url("/article"), "lang": lang})
    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "invalid_lang"


def test_a_page_in_another_language_gets_a_clear_answer(make_client, pages):
    answer = annotate(make_client(), {"url": pages.url("/german")})
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["code"] == "unsupported_language" and "German" in error["message"] and "not supported yet" in error["message"]


def run_cli(tmp_path, *args):
    env = {"CONTEXTLIB_NEWS_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "CONTEXTLIB_NEWS_CONFIG": "", "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "contextlib_news.cli", "feedback", *args], capture_output=True,
                          text=True, env=env, timeout=60)


def test_the_feedback_command(tmp_path):
    store = SQLiteFeedbackStore(tmp_path / "cache" / "results.sqlite")
    store.add_report(FeedbackReport(entity="wikidata:Q4776155", url="https://news.example/1", reason="outdated",
                                    exact="Blinken", comment="He left office in 2025.", site="news.example"))
    listed = json.loads(run_cli(tmp_path, "list", "--json").stdout)
    assert listed == [{"entity": "wikidata:Q4776155", "url": "https://news.example/1", "reason": "outdated",
                       "exact": "Blinken", "comment": "He left office in 2025.", "site": "news.example",
                       "time": listed[0]["time"]}]
    assert "He left office in 2025." in run_cli(tmp_path, "list").stdout
    done = run_cli(tmp_path, "suppress", "wikidata:Q4776155", "--site", "https://www.news.example/x")
    assert done.returncode == 0 and "no note on news.example" in done.stdout
    assert [s.to_dict()["site"] for s in store.suppressions()] == ["news.example"]
    assert store.generation() == 1
    assert run_cli(tmp_path, "unsuppress", "wikidata:Q4776155", "--site", "news.example").returncode == 0
    assert store.suppressions() == [] and store.generation() == 2
    bad = run_cli(tmp_path, "suppress", "not an id")
    assert bad.returncode == 2 and "not an entity id" in bad.stderr and "Traceback" not in bad.stderr


def test_reading_creates_nothing(tmp_path):
    store = SQLiteFeedbackStore(tmp_path / "none" / "results.sqlite")
    assert store.reports() == [] and store.suppressions() == [] and store.generation() == 0
    assert not (tmp_path / "none").exists()


@pytest.mark.slow
def test_the_redis_store(redis_url):
    store = RedisFeedbackStore(redis_url)
    stored = store.add_report(FeedbackReport(entity="glossary:gaza", url="https://a.example/", reason="wording"))
    assert store.reports() == [stored] and stored.time
    assert store.suppress("glossary:gaza", "a.example") and store.generation() == 1
    assert [s.site for s in store.suppressions()] == ["a.example"]
    assert store.unsuppress("glossary:gaza", "a.example") and store.generation() == 2

