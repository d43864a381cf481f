"""``nlp.add_pipe("news_context")``: contextlib-news inside an existing spaCy pipeline.

Add it after the pipeline's ``ner``; each processed ``Doc`` then carries the annotation in
``doc._.news_context`` (an :class:`~contextlib_news.model.Annotation` whose offsets are
character offsets into ``doc.text``)::

    import spacy
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("news_context", config={"offline": True, "published": "2021-05-12"})
    doc = nlp(text)
    for entity in doc._.news_context.entities: ...

The factory is registered through the ``spacy_factories`` entry point, so installing the
package is enough; importing this module registers it too.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .pipeline import Annotator
from .settings import Settings

if not Doc.has_extension("news_context"):
    Doc.set_extension("news_context", default=None)


class NewsContext:
    """Pipeline component: links the doc's entities and disputed terms, using the doc's own NER."""

    def __init__(self, nlp: Language, offline: bool, published: str | None) -> None:
        # The annotator reuses this pipeline's NER output, never calls the pipeline itself.
        self.annotator = Annotator(Settings.load({"offline": offline}), nlp=nlp)
        self.published = published

    def __call__(self, doc: Doc) -> Doc:
        doc._.news_context = self.annotator.annotate_doc(doc, published=self.published)
        return doc


@Language.factory(
    "news_context",
    default_config={"offline": True, "published": None},
    requires=["doc.ents"],
    assigns=["doc._.news_context"],
)
def make_news_context(nlp: Language, name: str, offline: bool, published: Any) -> NewsContext:
    return NewsContext(nlp, offline=offline, published=published)
