"""Load and scale on real infrastructure: two gunicorn instances sharing one real Redis (results,
HTTP cache and rate limits), and the short form of the soak test."""

from __future__ import annotations

import pytest
import requests

from .conftest import EXAMPLE
from .loopback import LoopbackServer, Reply
from .redisproc import redis_server
from .servers import ServerProcess

pytestmark = pytest.mark.slow


@pytest.fixture
def redis_url(tmp_path):
    with redis_server(tmp_path) as url:
        yield url


def post(server: ServerProcess, body: dict) -> requests.Response:
    return requests.post(server.url + "/api/v1/annotate", json=body, timeout=60)


def test_two_instances_share_one_redis(tmp_path, redis_url):
    env = {"CONTEXTLIB_NEWS_REDIS_URL": redis_url, "CONTEXTLIB_NEWS_RATE_LIMIT": "6 per minute"}
    with LoopbackServer({"/world/gaza": Reply(body=EXAMPLE.read_bytes())}) as site, \
            ServerProcess(tmp_path / "a", env=env) as first, ServerProcess(tmp_path / "b", env=env) as second:
        page_mode = {"url": "https://news.example/gaza", "html": EXAMPLE.read_text(encoding="utf-8")}
        a = post(first, page_mode).json()
        assert a["cache"] == {"status": "miss", "store": "redis"}
        b = post(second, page_mode).json()
        assert b["cache"] == {"status": "hit", "store": "redis"} and b["entities"] == a["entities"]
        # The page fetched by one instance is in the shared HTTP cache for the other.
        assert post(first, {"url": site.url("/world/gaza")}).status_code == 200
        assert post(second, {"url": site.url("/world/gaza"), "published": "2021-05-13"}).status_code == 200
        assert site.hits("/world/gaza") == 1
        # One client's limit (6 a minute) holds across both instances: 4 used so far.
        statuses = [post(server, page_mode).status_code for server in (first, second, first, second)]
        assert statuses == [200, 200, 429, 429]
    assert not list((tmp_path / "a").glob("results.sqlite")), "with Redis configured, no local result store"


def test_short_soak_has_no_errors_and_flat_memory(tmp_path):
    from bench.soak import default_bodies, soak

    with ServerProcess(tmp_path / "cache", workers=2, env={"CONTEXTLIB_NEWS_RATE_LIMIT": "100000 per minute"}) as server:
        bodies = default_bodies()[:8]
        for body in bodies:
            post(server, body)
        result = soak(server.url, seconds=20, rate=20, workers=server.worker_pids, bodies=bodies)
    assert result["errors"] == 0, result["error_kinds"]
    assert result["achieved_rate"] >= 18
    assert all(growth < 40 for growth in result["rss_growth_mb"]), result["rss_samples"]
