"""The real server process: gunicorn with our configuration, and `contextlib-news serve`,
annotating a page served by another loopback server in both modes."""

from __future__ import annotations

import pytest
import requests

from contextlib_news.model import validate_annotation

from .conftest import EXAMPLE
from .loopback import LoopbackServer, Reply
from .servers import ServerProcess

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page():
    with LoopbackServer({"/world/gaza": Reply(body=EXAMPLE.read_bytes())}) as server:
        yield server


def annotate(server: ServerProcess, body: dict) -> dict:
    response = requests.post(server.url + "/api/v1/annotate", json=body, timeout=60,
                             headers={"Origin": "chrome-extension://abcdef"})
    assert response.status_code == 200, response.text
    assert response.headers["Access-Control-Allow-Origin"] == "chrome-extension://abcdef"
    data = response.json()
    cache = data.pop("cache")
    validate_annotation(data)
    return {"cache": cache, **data}


def check_seed_article(data: dict) -> None:
    ids = {e["id"] for e in data["entities"]}
    assert {"glossary:temple-mount", "glossary:east-jerusalem", "glossary:hamas", "geonames:294640"} <= ids
    for entity in data["entities"]:
        for mention in entity["mentions"]:
            assert data["article"]["text"][mention["start"]:mention["end"]] == mention["exact"]


def test_gunicorn_serves_both_modes(tmp_path, page):
    with ServerProcess(tmp_path / "cache", workers=2) as server:
        url_mode = annotate(server, {"url": page.url("/world/gaza")})
        check_seed_article(url_mode)
        assert url_mode["cache"]["status"] == "miss"
        html = EXAMPLE.read_text(encoding="utf-8")
        page_mode = annotate(server, {"url": page.url("/world/gaza"), "html": html})
        check_seed_article(page_mode)
        assert page.hits("/world/gaza") == 1  # page-content mode never fetches
        # Both workers share the SQLite result cache: repeats are hits whichever worker answers.
        assert {annotate(server, {"url": page.url("/world/gaza")})["cache"]["status"] for _ in range(4)} == {"hit"}
        assert len(server.worker_pids()) == 2
        version = requests.get(server.url + "/api/v1/version", timeout=10).json()
        assert version["api"] == "1"
    assert server.process.returncode is not None


def test_the_serve_command(tmp_path, page):
    with ServerProcess(tmp_path / "cache", command="serve") as server:
        check_seed_article(annotate(server, {"url": page.url("/world/gaza")}))
        assert "contextlib-news server on http://127.0.0.1" in server.output()
    assert server.process.returncode is not None


def test_serve_refuses_a_public_address_without_tokens(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "contextlib_news.cli", "serve", "--host", "0.0.0.0", "--port", "1"],
                            capture_output=True, text=True, timeout=120, env={"CONTEXTLIB_NEWS_CACHE_DIR": str(tmp_path),
                                                                              "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1 and "without API tokens" in result.stderr and "Traceback" not in result.stderr
