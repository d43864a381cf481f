"""Namesakes: each ambiguous name in a sentence that decides it, against the fake Wikimedia.
The right answer is sometimes no note at all: a wrong note is worse than none."""

from __future__ import annotations

import pytest

from contextlib_news import Annotator

CASES = [
    # (sentence, surface form, expected entity id or None for "no Wikidata note")
    ("Protests spread from Tbilisi across Georgia, Russia warned.", "Georgia", "wikidata:Q230"),
    ("Voters in Atlanta lined up as Georgia counted ballots in the Senate runoff.", "Georgia", "wikidata:Q1428"),
    ("King Abdullah of Jordan met ministers in Amman on Sunday.", "Jordan", "wikidata:Q810"),
    ("Michael Jordan won six championships with the Chicago Bulls.", "Michael Jordan", "wikidata:Q41421"),
    ("The White House said officials in Washington would respond on Monday.", "Washington", "wikidata:Q61"),
    ("Officials in Washington said the plan would go ahead.", "Washington", None),
    ("Wildfires spread east of Seattle as Washington declared a state of emergency.", "Washington", "wikidata:Q1223"),
    ("George Washington crossed the Delaware in 1776.", "George Washington", "wikidata:Q23"),
    ("Paris Hilton launched a new fragrance in Los Angeles.", "Paris Hilton", "wikidata:Q47899"),
    ("Rain fell across Paris as France prepared for the vote.", "Paris", "wikidata:Q90"),
    ("Amazon shares rose after Jeff Bezos announced the deal.", "Amazon", "wikidata:Q3884"),
    ("Apple unveiled a new iPhone on Tuesday, Tim Cook said.", "Apple", "wikidata:Q312"),
    # Nothing ties the company to this story, but Wikipedia's "Apple" is the fruit: "Apple Inc."
    # is the one organisation of the name.
    ("Apple plans to release a new laptop in 2020, according to industry sources.", "Apple", "wikidata:Q312"),
    ("Turkey closed its airspace, officials in Ankara said.", "Turkey", "wikidata:Q43"),
    ("Storms hit Melbourne and the state of Victoria overnight.", "Victoria", "wikidata:Q36687"),
    ("Students at Harvard University in Cambridge, Massachusetts, returned to class.", "Cambridge", "wikidata:Q49111"),
    ("Springfield, the capital of Illinois, approved the budget.", "Springfield", "wikidata:Q28515"),
    ("Heat records fell in Phoenix as Arizona sweltered.", "Phoenix", "wikidata:Q16556"),
    ("Steel mills in Hamilton, Ontario, employ thousands of workers.", "Hamilton", "wikidata:Q133116"),
    # As "Phoenix … Arizona": the province the sentence names is the evidence (the model reads
    # this "Hamilton" as a person; a city of half a million is the place).
    ("The mayor of Hamilton said Ontario would fund the port.", "Hamilton", "wikidata:Q133116"),
    ("Lewis Hamilton won the British Grand Prix.", "Lewis Hamilton", "wikidata:Q9673"),
    ("Chad closed its border with Sudan, officials in N'Djamena said.", "Chad", "wikidata:Q657"),
    # "Ireland" titles the island on Wikipedia; the news means the state.
    ("Denmark drew 1-1 in Ireland on Monday and qualified for the finals.", "Ireland", "wikidata:Q27"),
    ("Amr said the talks would continue next week.", "Amr", None),
]


@pytest.fixture
def annotate(wiki_settings, annotator):
    made = Annotator(wiki_settings, nlp=annotator.nlp)
    yield lambda text: made.annotate_text(text, published="2024-05-01")
    made.close()


@pytest.mark.parametrize("sentence,name,expected", CASES, ids=[f"{c[1]}->{c[2]}" for c in CASES])
def test_namesakes_are_told_apart_by_the_article(annotate, sentence, name, expected):
    result = annotate(sentence)
    assert not result.meta.degraded, result.meta.degraded_reason
    entity = [e for e in result.entities if name in {m.exact for m in e.mentions}]
    if expected is None and not entity:
        return  # "Amr" alone is also a first name the knowledge base did not confirm: not offered at all
    assert entity, [e.label for e in result.entities]
    found = entity[0].id if entity[0].id.startswith("wikidata:") else None
    assert found == expected, (entity[0].id, entity[0].confidence)


def test_the_debug_field_says_why(wiki_settings, annotator):
    settings = wiki_settings.replace(debug_linking=True)
    result = Annotator(settings, nlp=annotator.nlp).annotate_text(
        "Voters in Atlanta lined up as Georgia counted ballots.", published="2024-05-01")
    georgia = [e for e in result.entities if e.label == "Georgia"][0]
    why = [c["why"] for c in georgia.debug["candidates"] if c["provider"] == "wikimedia"][0]
    assert why["item"] == "Q1428" and why["linked_from_article"] is True
    assert why["runner_up"]["title"] == "Georgia (country)"
    plain = Annotator(wiki_settings, nlp=annotator.nlp).annotate_text("Georgia counted ballots.", published="2024-05-01")
    assert all(e.debug is None for e in plain.entities)
