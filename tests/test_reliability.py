"""Reliability through the server: SSRF attempts, knowledge-source faults, damaged or locked
caches. Every case is a real HTTP exchange on loopback."""

from __future__ import annotations

import gzip
import json
import sqlite3
import threading
import time

import pytest

from contextlib_news import Annotator
from contextlib_news.settings import Settings
from contextlib_news_server import create_app

from .conftest import EXAMPLE
from .fakewiki.plugin import online_settings
from .loopback import LoopbackServer, Reply

# URL-mode requests that must never make the server connect to an internal address.
SSRF = [
    "http://127.0.0.1/", "http://127.1/", "http://localhost/",
    "http://10.0.0.1/", "http://10.255.255.254:8080/admin", "http://172.16.0.1/", "http://172.31.255.1/",
    "http://192.168.0.1/", "http://192.168.1.254/router", "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/", "http://2130706433/", "http://0177.0.0.1/", "http://0x7f000001/",
    "http://0x7f.0x0.0x0.0x1/", "http://017700000001/", "http://0/", "http://0.0.0.0/", "http://good.example@127.0.0.1/",
    "http://127.0.0.1#@good.example/", "http://[::]/", "http://100.64.0.1/", "http://198.18.0.1/", "http://224.0.0.1/",
    "http://255.255.255.255/",
]


def client_for(tmp_path, annotator, **more):
    settings = Settings.load({"offline": True, "cache_dir": str(tmp_path / "cache"), **more}, environ={}, config_file=None)
    app = create_app(settings, annotator=Annotator(settings, nlp=annotator.nlp))
    return app.test_client()


def post(client, body):
    return client.post("/api/v1/annotate", data=json.dumps(body), content_type="application/json")


@pytest.fixture(scope="module")
def guarded(tmp_path_factory, annotator):
    return client_for(tmp_path_factory.mktemp("ssrf"), annotator)


@pytest.mark.parametrize("url", SSRF)
def test_internal_addresses_are_refused_with_a_clear_4xx(guarded, url):
    response = post(guarded, {"url": url})
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["code"] in {"blocked_address", "invalid_url"}


def test_redirects_from_an_allowed_host_to_a_blocked_one(tmp_path, annotator):
    targets = ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/", "http://192.168.1.1/"]
    routes = {f"/hop{i}": Reply(status=302, headers={"Location": target}) for i, target in enumerate(targets)}
    with LoopbackServer(routes) as hops:
        client = client_for(tmp_path, annotator, allow_private_hosts="127.0.0.1")
        for i in range(len(targets)):
            response = post(client, {"url": hops.url(f"/hop{i}")})
            assert response.status_code == 422 and response.get_json()["error"]["code"] == "blocked_address", targets[i]


def test_the_allow_list_lets_named_hosts_through(tmp_path, annotator):
    with LoopbackServer({"/a": Reply(body=EXAMPLE.read_bytes())}) as site:
        assert post(client_for(tmp_path, annotator), {"url": site.url("/a")}).status_code == 422
        assert post(client_for(tmp_path, annotator, allow_private_hosts="127.0.0.0/8"), {"url": site.url("/a")}).status_code == 200
        assert post(client_for(tmp_path, annotator, allow_private_hosts="*"), {"url": site.url("/a")}).status_code == 200


FAULTS = [("slow", {"delay": 5.0}), ("429", {"retry_after": 30}), ("503", {"retry_after": 30}), ("500", {}),
          ("malformed", {}), ("truncated", {}), ("reset", {}), ("maxlag", {"retry_after": 30})]


@pytest.mark.parametrize("kind,options", FAULTS, ids=[f[0] for f in FAULTS])
def test_knowledge_faults_still_answer_200_within_the_budget(tmp_path, annotator, fake_wikimedia, kind, options):
    # degraded_cache_ttl=0: this is about one failure and the next request healing, not about
    # keeping degraded answers briefly (tests/test_degraded_cache.py).
    settings = online_settings(fake_wikimedia, tmp_path / "cache", lookup_budget=1.5, degraded_cache_ttl=0)
    client = create_app(settings, annotator=Annotator(settings, nlp=annotator.nlp)).test_client()
    body = {"url": "https://news.example/gaza", "html": EXAMPLE.read_text(encoding="utf-8")}
    fake_wikimedia.fail(kind, **options)
    started = time.monotonic()
    response = post(client, body)
    assert time.monotonic() - started < 1.5 + 1.5
    data = response.get_json()
    assert response.status_code == 200 and data["meta"]["degraded"] is True and data["meta"]["degraded_reason"]
    assert data["cache"]["status"] == "bypass", "a degraded answer is not stored when degraded_cache_ttl is 0"
    assert "glossary:temple-mount" in {e["id"] for e in data["entities"]}
    fake_wikimedia.reset()
    healed = post(client, body).get_json()
    assert healed["meta"]["degraded"] is False and healed["cache"]["status"] == "miss"
    assert any(e["id"] == "wikidata:Q4776155" for e in healed["entities"])


def test_a_corrupt_http_cache_is_moved_aside(tmp_path, annotator, caplog):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "http_cache.sqlite").write_bytes(b"\x00garbage" * 512)
    with LoopbackServer({"/a": Reply(body=EXAMPLE.read_bytes())}) as site:
        client = client_for(tmp_path, annotator, allow_private_hosts="127.0.0.1")
        with caplog.at_level("WARNING"):
            assert post(client, {"url": site.url("/a")}).status_code == 200
    assert list(cache.glob("http_cache.sqlite.corrupt-*")) and "damaged" in caplog.text


def test_a_locked_result_cache_does_not_stop_answers(tmp_path, annotator):
    client = client_for(tmp_path, annotator)
    body = {"url": "https://news.example/a", "html": EXAMPLE.read_text(encoding="utf-8")}
    assert post(client, body).get_json()["cache"]["status"] == "miss"
    holder = sqlite3.connect(tmp_path / "cache" / "results.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    released = threading.Event()
    try:
        started = time.monotonic()
        other = dict(body, url="https://news.example/b")
        response = post(client, other)
        assert response.status_code == 200 and time.monotonic() - started < 8
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        released.set()
    assert post(client, body).get_json()["cache"]["status"] == "hit", "what was stored before is still there"


def test_a_damaged_stored_result_is_a_miss_not_an_error(tmp_path, annotator):
    client = client_for(tmp_path, annotator)
    body = {"url": "https://news.example/a", "html": EXAMPLE.read_text(encoding="utf-8")}
    first = post(client, body).get_json()
    assert first["cache"]["status"] == "miss"
    store = sqlite3.connect(tmp_path / "cache" / "results.sqlite", isolation_level=None)
    for garbage in (b"\x1f\x8b\x08broken", b"not gzip at all", gzip.compress(b'["not an object"]')):
        store.execute("UPDATE results SET value = ? WHERE key != 'health'", (garbage,))
        response = post(client, body)
        assert response.status_code == 200 and response.get_json()["cache"]["status"] == "miss"
    store.close()
    hit = post(client, body)
    assert hit.get_json()["cache"]["status"] == "hit"
    assert hit.get_json()["entities"] == first["entities"] and hit.get_json()["article"] == first["article"]
