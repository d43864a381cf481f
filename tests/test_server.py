"""The context server through Flask's test client: every route, every error, the result cache,
CORS, tokens and rate limits. Pages come from a real loopback HTTP server."""

from __future__ import annotations

import json

import pytest

from contextlib_news import Annotator
from contextlib_news.errors import SettingsError
from contextlib_news.model import validate_annotation
from contextlib_news.settings import Settings
from contextlib_news_server import create_app
from contextlib_news_server.api import openapi_document

from .conftest import EXAMPLE
from .loopback import LoopbackServer, Reply

PAGE = EXAMPLE.read_bytes()


@pytest.fixture(scope="module")
def pages():
    routes = {
        "/article": Reply(body=PAGE),
        "/missing": Reply(status=404, body=b"gone"),
        "/image": Reply(body=b"\x89PNG....", headers={"Content-Type": "image/png"}),
        "/broken": Reply(status=500, body=b"oops"),
        "/slow": Reply(body=PAGE, delay=3.0),
    }
    with LoopbackServer(routes) as server:
        yield server


def server_settings(tmp_path, **more) -> Settings:
    values = {"offline": True, "cache_dir": str(tmp_path / "cache"), "allow_private_hosts": "127.0.0.1",
              "read_timeout": 1.0, **more}
    return Settings.load(values, environ={}, config_file=None)


@pytest.fixture
def make_client(tmp_path, annotator):
    def make(**more):
        settings = server_settings(tmp_path, **more)
        app = create_app(settings, annotator=Annotator(settings, nlp=annotator.nlp))
        app.testing = True
        return app.test_client()

    return make


@pytest.fixture
def client(make_client):
    return make_client()


def post(client, body, **kwargs):
    return client.post("/api/v1/annotate", data=json.dumps(body), content_type="application/json", **kwargs)


def test_url_mode_annotates_the_page_and_caches_the_result(client, pages):
    first = post(client, {"url": pages.url("/article")})
    assert first.status_code == 200, first.get_json()
    data = first.get_json()
    assert data["cache"] == {"status": "miss", "store": "sqlite"}
    cache = data.pop("cache")
    validate_annotation(data)
    assert data["article"]["published"] == "2021-05-12"
    assert {"glossary:temple-mount", "glossary:hamas", "geonames:294640"} <= {e["id"] for e in data["entities"]}
    again = post(client, {"url": pages.url("/article#top")})
    assert again.get_json()["cache"]["status"] == "hit" and pages.hits("/article") == 1
    assert again.get_json()["entities"] == data["entities"] and cache


def test_page_content_mode_never_answers_a_url_mode_request(client, pages):
    sent = PAGE.decode().replace("Hady Amr", "Mara Quill")
    page_mode = post(client, {"url": pages.url("/article"), "html": sent})
    assert page_mode.status_code == 200 and page_mode.get_json()["cache"]["status"] == "miss"
    assert "Mara Quill" in page_mode.get_json()["article"]["text"]
    url_mode = post(client, {"url": pages.url("/article")})
    assert url_mode.get_json()["cache"]["status"] == "miss"
    assert "Mara Quill" not in url_mode.get_json()["article"]["text"]
    assert post(client, {"url": pages.url("/article"), "html": sent}).get_json()["cache"]["status"] == "hit"


def test_the_key_includes_date_and_glossary_version(client, pages, tmp_path, annotator):
    post(client, {"url": pages.url("/article")})
    assert post(client, {"url": pages.url("/article"), "published": "2021-05-13"}).get_json()["cache"]["status"] == "miss"
    newsroom = tmp_path / "newsroom.json"
    newsroom.write_text((EXAMPLE.parent.parent / "tests/fixtures/newsroom-glossary.json").read_text())
    settings = server_settings(tmp_path, glossary=(str(newsroom),))
    other = create_app(settings, annotator=Annotator(settings, nlp=annotator.nlp)).test_client()
    assert post(other, {"url": pages.url("/article")}).get_json()["cache"]["status"] == "miss"


@pytest.mark.parametrize("body,status,code", [
    ({}, 422, "missing_url"),
    ({"url": 5}, 422, "missing_url"),
    ({"url": "https://x.example", "extra": 1}, 422, "unknown_field"),
    ({"url": "https://x.example", "html": 3}, 422, "invalid_html"),
    ({"url": "https://x.example", "html": "<p>x</p>", "published": "12/05/2021"}, 422, "invalid_date"),
    ({"url": "https://x.example", "published": "2021-02-30"}, 422, "invalid_date"),
    ({"url": "https://x.example", "offline": "yes"}, 422, "invalid_offline"),
    ({"url": "ftp://x.example/file"}, 422, "invalid_url"),
    ({"url": "not a url"}, 422, "invalid_url"),
    ({"url": "http://10.0.0.7/admin"}, 422, "blocked_address"),
    ({"url": "x" * 5000}, 422, "invalid_url"),
    ({"url": "javascript:alert(1)", "html": "<p>Hi</p>"}, 422, "invalid_url"),
])
def test_invalid_requests_get_clear_errors(client, body, status, code):
    response = post(client, body)
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]


def test_upstream_failures_map_to_statuses(client, pages):
    cases = {"/missing": (422, "not_found"), "/image": (422, "not_html"), "/broken": (502, "http_status"),
             "/slow": (504, "timeout")}
    for path, (status, code) in cases.items():
        response = post(client, {"url": pages.url(path)})
        assert (response.status_code, response.get_json()["error"]["code"]) == (status, code), path


def test_a_page_without_an_article(client):
    response = post(client, {"url": "https://news.example/x", "html": "<html><body><nav>Home</nav></body></html>"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "no_article"


def test_body_format_errors(client):
    assert client.post("/api/v1/annotate", data="url=x", content_type="application/x-www-form-urlencoded").status_code == 415
    broken = client.post("/api/v1/annotate", data="{nope", content_type="application/json")
    assert broken.status_code == 400 and broken.get_json()["error"]["code"] == "bad_json"
    assert client.post("/api/v1/annotate", data="[1]", content_type="application/json").status_code == 400
    not_utf8 = client.post("/api/v1/annotate", data=b'{"url": "\xff"}', content_type="application/json")
    assert not_utf8.status_code == 400


def test_bodies_over_the_limit(make_client):
    client = make_client(max_body_bytes=1000)
    response = post(client, {"url": "https://news.example/a", "html": "<p>" + "a" * 2000 + "</p>"})
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "request_entity_too_large"


def test_unknown_routes_and_methods(client):
    assert client.get("/api/v1/nothing").get_json()["error"]["code"] == "not_found"
    wrong = client.get("/api/v1/annotate")
    assert wrong.status_code == 405 and "POST" in wrong.headers["Allow"]


def test_tokens(make_client, pages):
    client = make_client(api_tokens="s3cret,other")
    assert post(client, {"url": pages.url("/article")}).status_code == 401
    assert post(client, {"url": pages.url("/article")}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = post(client, {"url": pages.url("/article")}, headers={"Authorization": "Bearer other"})
    assert ok.status_code == 200
    assert client.get("/api/v1/health").status_code == 200  # probes need no token


def test_no_open_server_beyond_loopback(tmp_path, annotator):
    with pytest.raises(SettingsError, match="without API tokens"):
        create_app(server_settings(tmp_path, host="0.0.0.0"), annotator=annotator)
    assert create_app(server_settings(tmp_path, host="0.0.0.0", api_tokens="t"), annotator=annotator)


def test_cors_only_for_extension_origins(client):
    allowed = client.options("/api/v1/annotate", headers={
        "Origin": "chrome-extension://abcdefghijklmnop", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,authorization"})
    assert allowed.headers.get("Access-Control-Allow-Origin") == "chrome-extension://abcdefghijklmnop"
    assert "authorization" in allowed.headers.get("Access-Control-Allow-Headers", "").lower()
    firefox = client.get("/api/v1/version", headers={"Origin": "moz-extension://1234-5678"})
    assert firefox.headers.get("Access-Control-Allow-Origin") == "moz-extension://1234-5678"
    evil = client.get("/api/v1/version", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in evil.headers


def test_rate_limits(make_client, pages):
    client = make_client(rate_limit="3 per minute")
    statuses = [post(client, {"url": pages.url("/article")}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = post(client, {"url": pages.url("/article")})
    assert limited.get_json()["error"]["code"] == "rate_limited" and "Retry-After" in limited.headers


def test_health_and_version(client, annotator):
    health = client.get("/api/v1/health")
    assert health.status_code == 200
    data = health.get_json()
    assert data["status"] == "ok" and data["model"]["loaded"] and data["cache"] == {"store": "sqlite", "writable": True}
    assert [p["name"] for p in data["providers"]] == ["glossary", "geonames"]
    version = client.get("/api/v1/version").get_json()
    assert version["api"] == "1" and version["glossary"] == annotator.glossary_version and version["library"]


def test_a_corrupt_result_cache_is_moved_aside_and_the_server_keeps_answering(make_client, pages, tmp_path):
    (tmp_path / "cache").mkdir(parents=True, exist_ok=True)
    (tmp_path / "cache" / "results.sqlite").write_bytes(b"this is not a database" * 100)
    client = make_client()
    response = post(client, {"url": pages.url("/article")})
    assert response.status_code == 200
    assert post(client, {"url": pages.url("/article")}).get_json()["cache"]["status"] == "hit"
    assert list((tmp_path / "cache").glob("results.sqlite.corrupt-*"))


def test_no_stack_traces_reach_clients(make_client, monkeypatch, pages):
    client = make_client()
    from contextlib_news_server import api

    monkeypatch.setattr(api, "pack", lambda data: 1 / 0)  # a bug of ours, deep inside a request
    response = post(client, {"url": pages.url("/article")})
    assert response.status_code == 500
    assert response.get_json() == {"error": {"code": "internal_error", "message": "internal server error; see the server log"}}


def test_the_openapi_document(client, pages):
    from jsonschema import Draft202012Validator

    served = client.get("/api/v1/openapi.json").get_json()
    assert served["openapi"].startswith("3.") and set(served["paths"]) >= {"/api/v1/annotate", "/api/v1/health", "/api/v1/version"}
    doc = openapi_document()
    answer = post(client, {"url": pages.url("/article")}).get_json()
    schema = {"$ref": "#/components/schemas/AnnotateResponse", "components": doc["components"]}
    Draft202012Validator(schema).validate(answer)
    error_schema = {"$ref": "#/components/schemas/Error", "components": doc["components"]}
    Draft202012Validator(error_schema).validate(post(client, {}).get_json())
    with pytest.raises(Exception):
        Draft202012Validator(schema).validate({"article": {}, "cache": {}})


def test_health_reports_an_unreachable_online_source(tmp_path, annotator, fake_wikimedia):
    from .fakewiki.plugin import online_settings
    from .servers import free_port

    for url, status in ((fake_wikimedia.url, "ok"), (f"http://127.0.0.1:{free_port()}", "degraded")):
        settings = online_settings(type("W", (), {"url": url})(), tmp_path / status)
        app = create_app(settings, annotator=Annotator(settings, nlp=annotator.nlp))
        health = app.test_client().get("/api/v1/health")
        assert health.status_code == 200
        data = health.get_json()
        assert data["status"] == status
        assert [p for p in data["providers"] if p["name"] == "wikimedia"] == [
            {"name": "wikimedia", "online": True, "reachable": status == "ok",
             "circuit": {"state": "closed", "failures": 0, "retry_at": None, "cooldown_s": 15.0}}]
