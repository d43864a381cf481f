"""pytest fixtures: a running fake Wikimedia and settings that point the library at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from contextlib_news.settings import Settings

from .server import FakeWikimedia


@pytest.fixture(scope="session")
def fake_wikimedia_server():
    with FakeWikimedia() as wiki:
        yield wiki


@pytest.fixture
def fake_wikimedia(fake_wikimedia_server: FakeWikimedia) -> FakeWikimedia:
    """The fake, with its request log and faults cleared for this test."""
    fake_wikimedia_server.reset()
    yield fake_wikimedia_server
    fake_wikimedia_server.reset()


def online_settings(wiki: FakeWikimedia, cache_dir: Path, **more) -> Settings:
    """Online settings whose Wikipedia and Wikidata are the fake, with a private cache."""
    values = {"offline": False, "cache_dir": str(cache_dir), "wikipedia_url": wiki.url, "wikidata_url": wiki.url,
              "wikipedia_language_url": wiki.url + "/{lang}",
              "allow_private_hosts": "127.0.0.1", "contact": "tests@contextlib-news.example", **more}
    return Settings.load(values, environ={}, config_file=None)


@pytest.fixture
def wiki_settings(fake_wikimedia: FakeWikimedia, tmp_path: Path) -> Settings:
    return online_settings(fake_wikimedia, tmp_path / "cache")
