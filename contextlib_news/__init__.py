"""contextlib-news: reader-side context for news.

Give it a URL, an HTML page or plain text; get back the article and background notes on the
people, places, organisations and disputed terms in it::

    from contextlib_news import annotate_html
    annotation = annotate_html(html, url="https://example.org/story")
    for entity in annotation.entities:
        print(entity.label, entity.note.description if entity.note else "")

An :class:`Annotator` loads the language model once and is safe to share across threads;
the module-level functions use one shared default annotator.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (  # noqa: E402
    BlockedAddressError,
    ContextError,
    ExtractionError,
    FetchError,
    FetchTimeoutError,
    InvalidInputError,
    ModelNotFoundError,
    NotFoundError,
    NotHTMLError,
    ProviderError,
    TooLargeError,
    UnsupportedLanguageError,
)
from .model import (  # noqa: E402
    Annotation,
    Article,
    Entity,
    Fact,
    Mention,
    Meta,
    Note,
    OtherName,
    Perspective,
    Source,
    annotation_schema,
    validate_annotation,
)
from .pipeline import Annotator, annotate_html, annotate_text, annotate_url  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = [
    "__version__",
    "Annotation",
    "Annotator",
    "Article",
    "BlockedAddressError",
    "ContextError",
    "Entity",
    "ExtractionError",
    "Fact",
    "FetchError",
    "FetchTimeoutError",
    "InvalidInputError",
    "Mention",
    "Meta",
    "ModelNotFoundError",
    "NotFoundError",
    "NotHTMLError",
    "Note",
    "OtherName",
    "Perspective",
    "ProviderError",
    "Settings",
    "Source",
    "TooLargeError",
    "UnsupportedLanguageError",
    "annotate_html",
    "annotate_text",
    "annotate_url",
    "annotation_schema",
    "validate_annotation",
]
