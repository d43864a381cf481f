"""Extraction word-F1 against the corpus ground truth, and mention detection against our gold set."""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from pathlib import Path

from .common import corpus_pages, median

GOLD = Path(__file__).resolve().parent / "gold" / "mentions.json"
PUBLISHED = {"trafilatura 2.0.0 (benchmark README, 181 pages)": {"f1": 0.958, "precision": 0.938, "recall": 0.978}}
_TOKEN = re.compile(r"\w+", re.UNICODE)
_TITLES = re.compile(r"^(mr|mrs|ms|dr|gov|rep|sen|president|prime minister|the)\.?\s+", re.I)


def word_prf(predicted: str, truth: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1, as the article-extraction benchmark scores them."""
    p, t = Counter(_TOKEN.findall(predicted.lower())), Counter(_TOKEN.findall(truth.lower()))
    overlap = sum((p & t).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(t.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def _norm(name: str) -> str:
    return _TITLES.sub("", " ".join(name.replace("\u2019", "'").split())).casefold()


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
    from contextlib_news import Annotator, Settings

    gold = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    by_prefix = {sha[:10]: (sha, truth) for sha, _, truth in pages}
    annotator = Annotator(Settings.load({"offline": True, "cache_dir": tempfile.mkdtemp()}, environ={}))
    found = matched_system = gold_total = matched_gold = kind_ok = 0
    for prefix, entities in gold.items():
        if prefix not in by_prefix:
            continue
        _, truth = by_prefix[prefix]
        # Mentions are scored on the benchmark's own article text, so extraction errors don't count here.
        result = annotator.annotate_text(truth["articleBody"])
        system = [(e.kind, {_norm(m.exact) for m in e.mentions} | {_norm(e.label)}) for e in result.entities]
        wanted = [(kind, {_norm(f) for f in forms}) for kind, forms in entities]
        found += len(system)
        gold_total += len(wanted)
        matched_system += sum(1 for _, names in system if any(names & forms for _, forms in wanted))
        for kind, forms in wanted:
            hits = [k for k, names in system if names & forms]
            if hits:
                matched_gold += 1
                kind_ok += kind in hits
    precision = matched_system / found if found else 0.0
    recall = matched_gold / gold_total if gold_total else 0.0
    return {"articles": len([p for p in gold if p in by_prefix]), "gold_entities": gold_total, "system_entities": found,
            "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
            "kind_accuracy_on_matches": round(kind_ok / matched_gold, 3) if matched_gold else 0.0}


def run(quick: bool = False) -> dict:
    pages = corpus_pages()
    if not pages:
        return {"skipped": "../shared/corpus is absent"}
    return {"extraction": extraction(pages[:30] if quick else pages), "mentions": mentions(pages)}
