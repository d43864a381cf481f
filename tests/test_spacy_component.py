"""``nlp.add_pipe("news_context")`` inside an existing spaCy pipeline."""

from __future__ import annotations

import contextlib_news.spacy_component  # noqa: F401 — registers the factory (the entry point does too)
from contextlib_news.mentions import load_model


def test_component_annotates_docs_with_the_pipelines_own_ner():
    import spacy

    nlp = spacy.load(load_model().meta["contextlib_news_package"])
    nlp.add_pipe("news_context", config={"published": "2021-05-12"})
    doc = nlp("President Biden spoke with Benjamin Netanyahu. Biden said Israel has a right to defend itself.")
    annotation = doc._.news_context
    labels = {e.label: e for e in annotation.entities}
    assert len(labels["Biden"].mentions) == 2
    assert labels["Israel"].note is not None and labels["Israel"].note.as_of == "2021-05-12"
    for entity in annotation.entities:
        for mention in entity.mentions:
            assert doc.text[mention.start : mention.end] == mention.exact
