"""The bundled glossary as a whole: size and spread, soundness, real sentences of each debate
matched, and silence on ordinary sentences where the same words carry no political sense."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from contextlib_news.knowledge.glossary import bundled_glossary_files, load_glossary
from contextlib_news.knowledge.glossary_check import check_glossary

from .conftest import CORPUS


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def matched(glossary, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.key) for m in glossary.find(text)]


def test_the_bundled_glossary_passes_its_own_check():
    assert check_glossary(bundled_glossary_files()) == []


def test_at_least_150_entries_over_30_debates(glossary):
    debates = Counter(entry.conflict for entry in glossary.entries.values())
    assert len(glossary) >= 150, len(glossary)
    assert len(debates) >= 30, sorted(debates)


def test_every_entry_is_sourced_and_attributed(glossary):
    for entry in glossary.entries.values():
        assert len({s.url for s in entry.sources}) >= 2, entry.id
        assert entry.perspectives and all(p.holder and p.view for p in entry.perspectives), entry.id


# One real-sounding news sentence per debate: (sentence, the entry id it must produce).
SENTENCES = [
    ("Clashes broke out at the Temple Mount on Friday.", "temple-mount"),
    ("Worshippers gathered at the Haram al-Sharif compound.", "temple-mount"),
    ("Families in East Jerusalem face eviction orders.", "east-jerusalem"),
    ("Rockets were fired from Gaza overnight.", "gaza"),
    ("Dozens of Israeli-Arab street clashes have erupted.", "israeli-arab"),
    ("Hamas said it would respond.", "hamas"),
    ("Militants fired rockets across the border.", "militant-label"),
    ("Residents of Sheikh Jarrah protested the court ruling.", "sheikh-jarrah-evictions"),
    ("Russia annexed Crimea in 2014 after a disputed referendum.", None),
    ("Moscow calls the invasion a special military operation.", None),
    ("Ships crossed the Taiwan Strait under escort.", None),
    ("India and Pakistan both claim Kashmir.", None),
    ("Talks on Cyprus resumed in Geneva.", None),
    ("Morocco's plan for Western Sahara won new backing.", None),
    ("Kosovo declared independence from Serbia in 2008.", None),
    ("Armenia and Azerbaijan fought over Nagorno-Karabakh.", None),
    ("The Falklands remain a British Overseas Territory.", None),
    ("Beijing rejects rulings on the South China Sea.", None),
    ("Tankers were seized in the Persian Gulf.", None),
    ("A dispute over the Sea of Japan name went before the IHO.", None),
    ("North Macedonia joined NATO in 2020.", None),
    ("Rights groups documented abuses in Xinjiang.", None),
    ("Marchers paraded through Derry on Saturday.", None),
    ("The junta in Myanmar extended the state of emergency.", None),
    ("Ships entered the Gulf of Mexico ahead of the storm.", None),
    ("The bill would protect undocumented immigrants brought here as children.", None),
    ("The governor signed a fetal heartbeat bill.", None),
]


@pytest.mark.parametrize("sentence,entry_id", SENTENCES)
def test_real_sentences_of_each_debate_are_matched(glossary, sentence, entry_id):
    found = matched(glossary, sentence)
    assert found, f"no glossary term in {sentence!r}"
    if entry_id:
        assert entry_id in {key for _, key in found}, found


def test_every_contested_term_of_the_seed_article(glossary, seed_text):
    found = {key for _, key in matched(glossary, seed_text)}
    assert {"temple-mount", "east-jerusalem", "gaza", "israeli-arab", "hamas", "militant-label",
            "sheikh-jarrah-evictions"} <= found


# Our own sentences where a political word is used in its everyday sense.
ORDINARY = [
    "The stadium was fully occupied an hour before kick-off.",
    "She hung the painting on the wall of the kitchen.",
    "The Gulf Coast braced for the hurricane.",
    "The two firms reached a settlement out of court.",
    "A security fence was put up around the school playground.",
    "The surgeon said the operation had gone well.",
    "He stuck to a strict training regime.",
    "The border crossing reopened after the snow.",
    "The campers left the summer camp on Sunday.",
    "The museum is in the old occupation-era barracks.",
    "A militantly cheerful crowd cheered the marathon runners.",
    "Jordan scored twelve points in the second half.",
    "The team's defence was a wall.",
]

# Everyday sentences from the news corpus: (ground-truth page key prefix, words that identify the sentence).
ORDINARY_IN_CORPUS = [
    ("06e5123e4e", "reaching a settlement with the attorney general"),
    ("06e5123e4e", "according to two people familiar with the matter"),
    ("06ee193de4", "transparent red light strip crossing"),
    ("098bb3e96c", "Wall Street analysts are trying to assess"),
    ("3cb22bfabe", "a light strip spanning"),
    ("3d8f3404cf", "He wanted to work with"),
    ("63db31a161", "visit alien planets"),
    ("680c2848e9", "on the fence about investing"),
    ("686bb170ef", "best bets to host alien life"),
    ("7dfc3e359d", "Hearing the heartbeat was something"),
    ("7dfc3e359d", "either no heartbeat, or no baby"),
    ("851498a2b9", "better known as Robert Jordan"),
    ("851498a2b9", "Dale and Martha disputed that Mike"),
    ("c13b9c0e04", "on the wall by the dining table"),
    ("c81e134ed4", "Jordan Munoz 8 saves"),
    ("cc4aa22b82", "wall chargers have also advanced"),
    ("e1c7023ee2", "fictional astronauts get put into"),
    ("f8ff621a0b", "according to Wall Street"),
    ("b6fb53e9fb", "Le uniche speranze dei fan"),  # Italian "dei" is not DEI
]


@pytest.mark.parametrize("sentence", ORDINARY)
def test_no_false_matches_in_ordinary_sentences(glossary, sentence):
    assert matched(glossary, sentence) == []


@pytest.fixture(scope="module")
def corpus_truth():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("key,words", ORDINARY_IN_CORPUS)
def test_no_false_matches_in_ordinary_corpus_sentences(glossary, corpus_truth, key, words):
    bodies = [v["articleBody"] for k, v in corpus_truth.items() if k.startswith(key)]
    assert bodies, key
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", bodies[0]) if words in s]
    assert sentences, words
    assert matched(glossary, sentences[0]) == []
