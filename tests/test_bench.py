"""The benchmark harness keeps working (its figures come from `python -m bench`, not from here)."""

from __future__ import annotations

import json

import pytest

from bench import quality
from bench.__main__ import table
from bench.common import corpus_pages, p95


def test_word_f1_scores_like_the_benchmark():
    assert quality.word_prf("the cat sat", "the cat sat") == (1.0, 1.0, 1.0)
    precision, recall, f1 = quality.word_prf("the cat sat on a mat", "the cat sat")
    assert (precision, recall) == (0.5, 1.0) and round(f1, 3) == 0.667
    assert quality.word_prf("", "anything") == (0.0, 0.0, 0.0)


def test_p95_of_a_small_sample():
    assert p95(list(range(1, 101))) == 95


def test_round_trips_are_the_longest_chain_of_requests_sent_after_an_answer():
    from bench.coverage import longest_chain

    # Two rounds of two concurrent requests, then one request sent after the last answer.
    assert longest_chain([0.0, 0.01, 0.115, 0.12, 0.24], 0.1) == 3
    assert longest_chain([0.3, 0.0, 0.05], 0.1) == 2  # a request sent mid-round is in that round
    assert longest_chain([], 0.1) == 0


def test_the_gold_set_is_well_formed():
    gold = json.loads(quality.GOLD.read_text(encoding="utf-8"))["pages"]
    assert len(gold) >= 20
    for entities in gold.values():
        for kind, forms, *_ in entities:
            assert kind in {"person", "place", "organization", "term"} and forms and all(isinstance(f, str) for f in forms)


def test_quality_section_on_two_pages():
    pages = corpus_pages(2)
    if not pages:
        pytest.skip("../shared/corpus is absent")
    result = quality.extraction(pages)
    assert result["pages"] == 2 and 0.5 < result["f1"] <= 1.0
    score = {"precision": 1, "recall": 1, "f1": 1, "articles": 0, "gold_entities": 0, "kind_accuracy_on_matches": 1}
    rows = table({"quality": {"extraction": result, "mentions": {"held-out": {"ours": score, "plain_en_core_web_sm": score}}}})
    assert "Extraction word F1" in rows and "Mention detection, offline (held-out gold" in rows


def test_gold_splits_keep_the_blind_set_apart():
    from bench import gold

    assert [p.name for p in gold.SPLITS["held-out"]] == ["heldout2.json"]
    assert not set(gold.SPLITS["held-out"]) & set(gold.SPLITS["tuned"])


def test_the_blind_split_reports_totals_not_cases():
    from bench.coverage import _Notes

    notes = _Notes()
    notes.missed_cases.append("someone (Q1)")
    assert {"missed", "wrong_cases", "beyond_gold_cases"} <= set(notes.summary())
    assert set(notes.summary(cases=False)) == {"linkable", "covered", "coverage", "wrong", "no_article_and_silent",
                                               "notes_beyond_gold"}


def test_the_batch_rows_of_the_table():
    run = {"pages": 151, "failed": 0, "seconds": 10, "startup_s": 3}
    rows = table({"batch": {"pages": 151, "jobs1": {**run, "articles_per_s": 10.0}, "jobs2": {**run, "articles_per_s": 19.0},
                            "dask2": {**run, "articles_per_s": 18.0}, "speedup_jobs2": 1.9, "speedup_dask2": 1.8,
                            "wikimedia": {"articles": 100, "requests": 44, "per_article": 0.44, "one_by_one_per_article": 1.47}}})
    assert "--jobs 2 19.0 (1.9×)" in rows and "0.44 (44 requests); one at a time 1.47" in rows
