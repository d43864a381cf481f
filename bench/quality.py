"""Extraction word-F1 against the corpus ground truth, and mention detection against our gold set."""

from __future__ import annotations

import re
import tempfile
from collections import Counter

from . import gold as gold_set
from .common import corpus_pages

GOLD = gold_set.SPLITS["tuned"][0]
PUBLISHED = {"trafilatura 2.0.0 (benchmark README, 181 pages)": {"f1": 0.958, "precision": 0.938, "recall": 0.978}}
_TOKEN = re.compile(r"\w+", re.UNICODE)


def word_prf(predicted: str, truth: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1, as the article-extraction benchmark scores them."""
    p, t = Counter(_TOKEN.findall(predicted.lower())), Counter(_TOKEN.findall(truth.lower()))
    overlap = sum((p & t).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(t.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def extraction(pages) -> dict:
    from contextlib_news.errors import ExtractionError
    from contextlib_news.extract import extract_article

    scores = []
    for sha, html, truth in pages:
        if not truth.get("articleBody"):
            continue
        try:
            text = extract_article(html, url=truth.get("url")).text
        except ExtractionError:
            text = ""
        scores.append(word_prf(text, truth["articleBody"]))
    n = len(scores)
    return {"pages": n, "precision": round(sum(s[0] for s in scores) / n, 3), "recall": round(sum(s[1] for s in scores) / n, 3),
            "f1": round(sum(s[2] for s in scores) / n, 3), "published": PUBLISHED}


def mentions(pages) -> dict:
    """Mention detection on the gold set, offline, beside plain spaCy on the same text.

    Plain spaCy counts every distinct (kind, text) of its PERSON/ORG/GPE/LOC/FAC entities as
    one entity; ours are the annotation's entities (mentions grouped). Per split: "tuned"
    (the pages we tuned on) and "held-out" (annotated blind, never looked at while tuning).
    """
    from contextlib_news import Annotator, Settings
    from contextlib_news.mentions import NER_KINDS

    annotator = Annotator(Settings.load({"offline": True, "cache_dir": tempfile.mkdtemp()}, environ={}))
    scores: dict[str, dict[str, gold_set.DetectionScore]] = {}
    gold_pages = gold_set.load(pages)
    for page in gold_pages:
        split = scores.setdefault(page.split, {"ours": gold_set.DetectionScore(), "plain_en_core_web_sm": gold_set.DetectionScore()})
        # Mentions are scored on the benchmark's own article text, so extraction errors don't count here.
        split["ours"].add(gold_set.system_entities(annotator.annotate_text(page.text, published=page.published)), page.entities)
        doc = annotator.nlp(page.text)
        plain = {(NER_KINDS[e.label_], gold_set.norm(e.text)) for e in doc.ents if e.label_ in NER_KINDS}
        split["plain_en_core_web_sm"].add([(kind, {name}) for kind, name in plain], page.entities)
    return {split: {system: score.summary() | {"articles": sum(1 for p in gold_pages if p.split == split)}
                    for system, score in systems.items()} for split, systems in scores.items()}


def run(quick: bool = False) -> dict:
    pages = corpus_pages()
    if not pages:
        return {"skipped": "../shared/corpus is absent"}
    return {"extraction": extraction(pages[:30] if quick else pages), "mentions": mentions(pages)}
