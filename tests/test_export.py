"""W3C Web Annotation, annotated HTML and text views of an annotation."""

from __future__ import annotations

import re

import pytest

from contextlib_news import Annotator
from contextlib_news.knowledge.base import Candidate
from contextlib_news.model import Note, Perspective, Source


@pytest.fixture(scope="module")
def example(annotator, example_html):
    return annotator.annotate_html(example_html)


def test_w3c_has_one_annotation_per_mention(example):
    annotations = example.to_w3c()
    assert len(annotations) == sum(len(e.mentions) for e in example.entities)
    first = annotations[0]
    assert first["@context"] == "http://www.w3.org/ns/anno.jsonld" and first["type"] == "Annotation"
    assert first["target"]["source"] == example.article.url
    quote, position = first["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
    assert example.article.text[position["start"] : position["end"]] == quote["exact"]
    described = [a for a in annotations if a["motivation"] == "describing"]
    assert described and all(any(b.get("purpose") == "describing" for b in a["body"]) for a in described)


def test_html_is_self_contained_and_marks_every_noted_mention(example):
    page = example.to_html()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "no external resources"
    assert "<script" not in page
    noted = [e for e in example.entities if e.note is not None]
    for entity in noted:
        assert page.count(f'data-contextlib-entity="{entity.id}"') == len(entity.mentions)
    assert 'role="tooltip"' in page and 'tabindex="0"' in page


class HostileProvider:
    """A knowledge source whose notes carry markup, as a compromised source might."""

    name = "hostile"
    online = False

    def lookup(self, queries, context):
        note = Note(description='<img src=x onerror="alert(1)"><script>alert(2)</script>',
                    perspectives=(Perspective("<b>someone</b>", "</span><script>x()</script>"),),
                    sources=(Source("evil", "https://example.org/"),))
        return {q.key: Candidate(f"hostile:{i}", q.kind, q.label, 0.99, note, self.name)
                for i, q in enumerate(queries)}


def test_hostile_note_text_is_escaped(settings):
    annotator = Annotator(settings, providers=[HostileProvider()])
    page = annotator.annotate_text("Angela Merkel visited Paris.").to_html()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_text_view_is_readable(example):
    text = example.to_text()
    assert text.startswith("US steps up diplomacy")
    assert "Israel  [place · geonames:294640 · 7 mentions" in text
    assert "Hady Amr (person, 2×)" in " ".join(text.split())
