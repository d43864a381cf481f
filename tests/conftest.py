"""Shared fixtures: offline settings in a temporary cache, one annotator per test session,
the bundled example page, and the shared corpus (tests that need it skip when it is absent)."""

from __future__ import annotations

pytest_plugins = ["tests.fakewiki.plugin"]

import gzip
import json
from pathlib import Path

import pytest

from contextlib_news import Annotator, Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "us-diplomacy-gaza-2021-05-12.html"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Offline settings whose caches live in this test's temporary folder."""
    return Settings.load({"offline": True, "cache_dir": str(tmp_path / "cache")}, environ={}, config_file=None)


@pytest.fixture(scope="session")
def annotator(tmp_path_factory: pytest.TempPathFactory) -> Annotator:
    """One offline annotator for the whole run: the model loads once, as in a server."""
    cache = tmp_path_factory.mktemp("annotator-cache")
    return Annotator(Settings.load({"offline": True, "cache_dir": str(cache)}, environ={}))


@pytest.fixture(scope="session")
def example_html() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_text() -> str:
    path = SHARED / "seeds" / "article-2021-05-us-diplomacy-gaza.txt"
    if not path.exists():
        pytest.skip("../shared/seeds is not present")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def corpus_pages() -> list[tuple[str, str, dict]]:
    """(sha, html, ground truth) for every page of ../shared/corpus."""
    truth_file = CORPUS / "ground-truth.json"
    if not truth_file.exists():
        pytest.skip("../shared/corpus is not present")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for path in sorted((CORPUS / "html").glob("*.html.gz")):
        sha = path.name.split(".", 1)[0]
        pages.append((sha, gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace"), truth.get(sha, {})))
    return pages
