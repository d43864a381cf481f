"""The server during an outage of an online source (fake Wikimedia on loopback, Flask client):
degraded answers are kept only briefly, dropped once the source is back, and the health route
reports each source's circuit."""

from __future__ import annotations

import json
import time

import pytest

from contextlib_news import Annotator
from contextlib_news_server import create_app

from .conftest import EXAMPLE
from .fakewiki.plugin import online_settings
from .test_breaker import OPEN_REASON, wait_for_retry

HTML = EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def server(annotator, fake_wikimedia, tmp_path):
    def build(**more):
        values = {"lookup_budget": 1.0, "breaker_probe_wait": 0.8, "rate_limit": "10000 per minute", **more}
        settings = online_settings(fake_wikimedia, tmp_path / "cache", **values)
        app = create_app(settings, annotator=Annotator(settings, nlp=annotator.nlp))
        return app.test_client(), app.extensions["contextlib_news"]["annotator"]

    return build


def post(client, url: str) -> dict:
    response = client.post("/api/v1/annotate", data=json.dumps({"url": url, "html": HTML}), content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_a_degraded_answer_is_kept_briefly(server, fake_wikimedia):
    client, _ = server(degraded_cache_ttl=1)
    fake_wikimedia.fail("500")
    first = post(client, "https://news.example/a")
    assert first["meta"]["degraded"] is True and first["cache"]["status"] == "miss"
    fake_wikimedia.heal()
    asked = fake_wikimedia.count()
    # A burst of readers on the same article costs one annotation.
    for _ in range(3):
        again = post(client, "https://news.example/a")
        assert again["cache"]["status"] == "hit" and again["meta"]["degraded"] is True
        assert again["entities"] == first["entities"]
    assert fake_wikimedia.count() == asked
    time.sleep(1.1)  # the degraded answer's lifetime (1 s) is over
    full = post(client, "https://news.example/a")
    assert full["cache"]["status"] == "miss" and full["meta"]["degraded"] is False
    assert "wikidata:Q4776155" in {e["id"] for e in full["entities"]}
    # The full answer is kept as long as any (7 days), and wins over anything degraded.
    assert post(client, "https://news.example/a")["cache"]["status"] == "hit"


def test_once_the_source_is_back_the_next_request_annotates_again(server, fake_wikimedia):
    client, annotator = server(degraded_cache_ttl=60, breaker_cooldown=0.3)
    fake_wikimedia.fail("500")
    stale = post(client, "https://news.example/a")
    for name in ("b", "c"):
        post(client, f"https://news.example/{name}")
    assert annotator.breakers.get("wikimedia").status().state == "open"
    held = post(client, "https://news.example/a")
    assert held["cache"]["status"] == "hit" and held["meta"] == stale["meta"]
    opened = post(client, "https://news.example/d")
    assert OPEN_REASON.match(opened["meta"]["degraded_reason"])
    fake_wikimedia.heal()
    wait_for_retry(annotator)
    probe = post(client, "https://news.example/e")
    assert probe["meta"]["degraded"] is False, probe["meta"]
    assert annotator.breakers.get("wikimedia").status().state == "closed"
    # Its degraded answer had 59 s to live, but the source is back: annotate again.
    fresh = post(client, "https://news.example/a")
    assert fresh["cache"]["status"] == "miss" and fresh["meta"]["degraded"] is False
    assert "wikidata:Q4776155" in {e["id"] for e in fresh["entities"]}


def test_not_stored_at_all_with_a_ttl_of_zero(server, fake_wikimedia):
    client, _ = server(degraded_cache_ttl=0)
    fake_wikimedia.fail("500")
    assert post(client, "https://news.example/a")["cache"]["status"] == "bypass"
    assert post(client, "https://news.example/a")["cache"]["status"] == "bypass"


def test_health_reports_each_circuit(server, fake_wikimedia):
    client, annotator = server(breaker_cooldown=30)
    health = client.get("/api/v1/health").get_json()
    wiki = next(p for p in health["providers"] if p["name"] == "wikimedia")
    assert wiki["circuit"] == {"state": "closed", "failures": 0, "retry_at": None, "cooldown_s": 30.0}
    fake_wikimedia.fail("500")
    for name in "abc":
        post(client, f"https://news.example/{name}")
    asked = fake_wikimedia.count()
    response = client.get("/api/v1/health")
    assert response.status_code == 200  # it still annotates, with the offline sources
    health = response.get_json()
    assert health["status"] == "degraded"
    wiki = next(p for p in health["providers"] if p["name"] == "wikimedia")
    assert wiki["reachable"] is False
    assert {k: wiki["circuit"][k] for k in ("state", "failures", "cooldown_s")} == {"state": "open", "failures": 3, "cooldown_s": 30.0}
    reason = post(client, "https://news.example/d")["meta"]["degraded_reason"]
    assert reason.endswith(f"retrying at {wiki['circuit']['retry_at']}"), (reason, wiki)
    assert fake_wikimedia.count() == asked, "the health check does not knock on a source known to be down"
    assert [p.get("circuit") for p in health["providers"] if not p["online"]] == [None, None]
