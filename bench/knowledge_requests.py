"""HTTP requests to (the fake, loopback) Wikimedia per article, cold and warm."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .common import ROOT, corpus_pages, english_pages, median


def run(quick: bool = False) -> dict:
    from contextlib_news import Annotator
    from contextlib_news.mentions import load_model
    from tests.fakewiki import FakeWikimedia
    from tests.fakewiki.plugin import online_settings

    articles = [("seed article", (ROOT / "examples" / "us-diplomacy-gaza-2021-05-12.html").read_text(encoding="utf-8"))]
    articles += [(sha[:10], html) for sha, html, _ in english_pages(corpus_pages())[: 5 if quick else 40]]
    nlp = load_model("")
    cold, warm, entities = [], [], []
    with FakeWikimedia() as wiki:
        for name, html in articles:
            cache = Path(tempfile.mkdtemp(prefix="bench-wiki-"))
            settings = online_settings(wiki, cache)
            wiki.reset()
            try:
                result = Annotator(settings, nlp=nlp).annotate_html(html)
            except Exception:
                continue
            cold.append(wiki.count())
            entities.append(len(result.entities))
            wiki.reset()
            Annotator(settings, nlp=nlp).annotate_html(html)
            warm.append(wiki.count())
    return {"articles": len(cold), "cold": {"max": max(cold), "median": median(cold),
                                            "share_at_most_4": round(sum(n <= 4 for n in cold) / len(cold), 2)},
            "warm": {"max": max(warm), "median": median(warm)},
            "entities_per_article": {"max": max(entities), "median": median(entities)}, "target": "<= 4 cold, 0 warm"}
