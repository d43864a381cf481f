"""The pipeline: fetch -> extract -> mentions -> linking -> Annotation.

:class:`Annotator` holds what is expensive to build (the spaCy model, the glossary, the
gazetteer, HTTP sessions) and is shared by all threads of a process.
"""

from __future__ import annotations

import threading
import time
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from typing import Any, Iterable, Sequence

from . import __version__
from .errors import SettingsError
from .extract import article_from_text, extract_article, parse_date
from .feedback import FeedbackStore, open_feedback_store, suppressed_ids
from .fetch import Fetcher
from .given_names import given_names
from .knowledge.base import LookupContext, Provider
from .knowledge.breaker import Breakers
from .knowledge.glossary import GlossaryProvider, load_glossary
from .knowledge.places import PlaceProvider, gazetteer
from .languages import check_article_language, load_language_identifier, normalize_language
from .linking import LinkResult, link_many
from .mentions import detect_spans, group_mentions, load_model
from .model import Annotation, Article, Meta
from .settings import Settings


#: Entry-point group through which an installed package adds a knowledge source: the entry
#: point names a callable ``(settings) -> Provider`` (a newsroom's own notes, say).
PROVIDER_ENTRY_POINTS = "contextlib_news.providers"


def default_providers(settings: Settings, glossary_provider: GlossaryProvider, place_provider: PlaceProvider) -> list[Provider]:
    """The glossary, the offline gazetteer, any installed plug-in providers and, unless
    offline, Wikipedia/Wikidata."""
    providers: list[Provider] = [glossary_provider, place_provider, *plugin_providers(settings)]
    if not settings.offline:
        from .knowledge.wikimedia import WikimediaProvider

        providers.append(WikimediaProvider(settings))
    return providers


def plugin_providers(settings: Settings) -> list[Provider]:
    """Providers that installed packages register under :data:`PROVIDER_ENTRY_POINTS`."""
    from importlib.metadata import entry_points

    found: list[Provider] = []
    for point in entry_points(group=PROVIDER_ENTRY_POINTS):
        try:
            provider = point.load()(settings)
        except Exception as exc:
            raise SettingsError(f"knowledge provider plug-in {point.name!r} ({point.value}) failed to load: {exc}") from exc
        if not isinstance(provider, Provider):
            raise SettingsError(f"knowledge provider plug-in {point.name!r} does not have name, online and lookup")
        found.append(provider)
    return found


#: Invisible separators and direction marks glue words together for the tokenizer
#: ("\u200bAntony"). NER reads them as spaces; one character for one keeps every offset valid.
_INVISIBLE_TO_SPACE = {ord(ch): " " for ch in "\u200b\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"}


class Annotator:
    """Annotates articles; build once, share everywhere (thread-safe).

    ``providers`` replaces the default knowledge sources; ``extra_providers`` adds to them
    (a newsroom's own notes, for example) without touching the pipeline.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        providers: Sequence[Provider] | None = None,
        *,
        extra_providers: Iterable[Provider] = (),
        nlp: Any = None,
    ) -> None:
        self.settings = settings or Settings.load()
        self.nlp = nlp if nlp is not None else load_model(self.settings.spacy_model)
        self.glossary = load_glossary(self.settings.glossary)
        self.places = gazetteer()
        load_language_identifier()  # once per process, here, rather than in the first article's time
        given_names()  # likewise
        self._place_provider = PlaceProvider(self.places)
        if providers is None:
            providers = default_providers(self.settings, GlossaryProvider(self.glossary), self._place_provider)
        self.providers: list[Provider] = [*providers, *extra_providers]
        #: Circuit breakers of the online providers (shared through Redis when configured).
        self.breakers = Breakers(self.settings)
        #: Readers' reports and the links a self-hoster suppressed (the result store is the
        #: source of truth; every annotation reads the suppressions).
        self.feedback: FeedbackStore = open_feedback_store(self.settings)
        self._fetcher: Fetcher | None = None
        self._fetcher_lock = threading.Lock()
        # spaCy does not promise thread safety for one pipeline object; NER is short.
        self._nlp_lock = threading.Lock()

    @property
    def glossary_version(self) -> str:
        return self.glossary.version

    @property
    def model_name(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('contextlib_news_package') or meta.get('lang', '') + '_' + meta.get('name', '')} {meta.get('version', '')}".strip()

    @property
    def fetcher(self) -> Fetcher:
        with self._fetcher_lock:
            if self._fetcher is None:
                self._fetcher = Fetcher(self.settings)
            return self._fetcher

    def annotate_url(self, url: str, published: str | date | None = None, offline: bool | None = None,
                     *, lang: str | None = None) -> Annotation:
        """Fetch ``url`` (address guard, size cap, cache) and annotate it.

        ``lang`` is the language notes are wanted in (default: the ``note_language`` setting);
        every method takes it.
        """
        started = time.perf_counter()
        page = self.fetcher.fetch(url)
        fetch_ms = (time.perf_counter() - started) * 1000
        return self.annotate_html(page.html, url=page.url, published=published, offline=offline, lang=lang,
                                  _timings={"fetch": fetch_ms})

    def annotate_html(
        self,
        html: str | bytes,
        url: str | None = None,
        published: str | date | None = None,
        offline: bool | None = None,
        *,
        lang: str | None = None,
        _timings: dict[str, float] | None = None,
    ) -> Annotation:
        """Extract the article from an HTML page and annotate it.

        Raises :class:`UnsupportedLanguageError` for a page that is surely not in English.
        """
        timings = dict(_timings or {})
        started = time.perf_counter()
        article = extract_article(html, url=url, published=published)
        timings["extract"] = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        check_article_language(article.text)
        timings["language"] = (time.perf_counter() - started) * 1000
        return self.annotate_article(article, offline=offline, lang=lang, _timings=timings, _page_url=url)

    def annotate_text(
        self,
        text: str,
        published: str | date | None = None,
        url: str | None = None,
        title: str | None = None,
        offline: bool | None = None,
        *,
        lang: str | None = None,
    ) -> Annotation:
        """Annotate plain text as it is (offsets refer to ``text`` after removing control characters)."""
        return self.annotate_article(article_from_text(text, published=published, url=url, title=title), offline=offline,
                                     lang=lang)

    def annotate_doc(self, doc: Any, published: str | date | None = None, offline: bool | None = None,
                     *, lang: str | None = None) -> Annotation:
        """Annotate a spaCy ``Doc`` that has already been through NER (the spaCy component)."""
        article = Article(text=doc.text, published=parse_date(published))
        return self.annotate_article(article, offline=offline, doc=doc, lang=lang)

    def annotate_article(
        self,
        article: Article,
        offline: bool | None = None,
        *,
        doc: Any = None,
        lang: str | None = None,
        _timings: dict[str, float] | None = None,
        _page_url: str | None = None,
    ) -> Annotation:
        """Find, group and link the mentions of an extracted article."""
        timings = dict(_timings or {})
        offline = self.settings.offline if offline is None else offline
        reader_language = normalize_language(lang or self.settings.note_language)

        if doc is None:
            started = time.perf_counter()
            # A memory zone frees the strings each article adds to the shared vocabulary, so a
            # long-running server does not grow with every new page; nothing of the Doc leaves it.
            with self._nlp_lock, _memory_zone(self.nlp):
                doc = self.nlp(article.text.translate(_INVISIBLE_TO_SPACE))
                timings["ner"] = (time.perf_counter() - started) * 1000
                started = time.perf_counter()
                spans = detect_spans(article.text, doc, self.glossary, self.places, spot=not offline)
        else:
            started = time.perf_counter()
            spans = detect_spans(article.text, doc, self.glossary, self.places, spot=not offline)
        groups = group_mentions(article.text, spans, self.glossary, self.places)
        timings["matching"] = (time.perf_counter() - started) * 1000

        started = time.perf_counter()
        context = self._lookup_context(article, groups, offline, time.monotonic() + self.settings.lookup_budget, reader_language)
        linked = link_many(
            [(groups, context, self._suppressed(article, _page_url))],
            self.providers,
            glossary=self.glossary,
            places=self._place_provider,
            min_confidence=self.settings.min_confidence,
            breakers=self.breakers,
        )[0]
        timings["linking"] = (time.perf_counter() - started) * 1000
        return self._annotation(article, linked, timings, reader_language)

    def annotate_articles(
        self,
        articles: Sequence[Article],
        offline: bool | None = None,
        *,
        lang: str | None = None,
        _timings: Sequence[dict[str, float]] | None = None,
        _page_urls: Sequence[str | None] | None = None,
    ) -> list[Annotation]:
        """Annotate many extracted articles at once, with the same results as one by one (but
        for the two shortcuts :meth:`WikimediaProvider.lookup_many` lists).

        NER runs through ``nlp.pipe`` (one memory zone for the batch), and the knowledge
        lookups are batched across the articles (:func:`link_many`): Wikimedia answers the
        whole batch with a few shared requests. The lookup budget is the per-article budget
        times the number of articles. Timings are the batch's, shared out per article.
        """
        if not articles:
            return []
        offline = self.settings.offline if offline is None else offline
        reader_language = normalize_language(lang or self.settings.note_language)
        count = len(articles)
        started = time.perf_counter()
        spans = []
        with self._nlp_lock, _memory_zone(self.nlp):
            texts = (article.text.translate(_INVISIBLE_TO_SPACE) for article in articles)
            for article, doc in zip(articles, self.nlp.pipe(texts, batch_size=count)):
                spans.append(detect_spans(article.text, doc, self.glossary, self.places, spot=not offline))
        ner_ms = (time.perf_counter() - started) * 1000 / count
        started = time.perf_counter()
        groups = [group_mentions(a.text, s, self.glossary, self.places) for a, s in zip(articles, spans)]
        matching_ms = (time.perf_counter() - started) * 1000 / count
        started = time.perf_counter()
        deadline = time.monotonic() + self.settings.lookup_budget * count
        urls = _page_urls or [None] * count
        linked = link_many(
            [(g, self._lookup_context(a, g, offline, deadline, reader_language), self._suppressed(a, url))
             for a, g, url in zip(articles, groups, urls)],
            self.providers,
            glossary=self.glossary,
            places=self._place_provider,
            min_confidence=self.settings.min_confidence,
            breakers=self.breakers,
        )
        linking_ms = (time.perf_counter() - started) * 1000 / count
        shared = {"ner": ner_ms, "matching": matching_ms, "linking": linking_ms}
        before = _timings or [{} for _ in articles]
        return [self._annotation(a, result, {**t, **shared}, reader_language) for a, result, t in zip(articles, linked, before)]

    def _lookup_context(self, article: Article, groups: Sequence[Any], offline: bool, deadline: float,
                        reader_language: str) -> LookupContext:
        as_of = date.fromisoformat(article.published) if article.published else date.today()
        return LookupContext(
            as_of=as_of,
            as_of_is_today=article.published is None,
            language=self.settings.language,
            reader_language=reader_language,
            deadline=deadline,
            offline=offline,
            debug=self.settings.debug_linking,
            article_text=article.text,
            article_entities=tuple(g.label for g in groups),
        )

    def _suppressed(self, article: Article, page_url: str | None) -> frozenset[str]:
        # A site's suppressions hold on the address the reader opened and on the page's canonical one.
        return suppressed_ids(self.feedback, page_url, article.url)

    def _annotation(self, article: Article, linked: LinkResult, timings: dict[str, float], reader_language: str) -> Annotation:
        timings = dict(timings)
        timings["total"] = sum(v for k, v in timings.items() if k != "total")
        meta = Meta(
            version=__version__,
            glossary_version=self.glossary.version,
            providers=linked.providers,
            degraded=linked.degraded_reason is not None,
            degraded_reason=linked.degraded_reason,
            as_of_source="article" if article.published else "today",
            lang=reader_language,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
        )
        return Annotation(article=article, entities=linked.entities, meta=meta)

    def close(self) -> None:
        """Release HTTP sessions held by the fetcher and the providers, and the feedback store."""
        close_store = getattr(self.feedback, "close", None)
        if callable(close_store):
            close_store()
        for provider in self.providers:
            close = getattr(provider, "close", None)
            if callable(close):
                close()
        self.breakers.close()


def _memory_zone(nlp: Any) -> AbstractContextManager[Any]:
    zone = getattr(nlp, "memory_zone", None)  # spaCy >= 3.8
    return zone() if callable(zone) else nullcontext()


_default: Annotator | None = None
_default_lock = threading.Lock()


def default_annotator() -> Annotator:
    """The process-wide annotator behind the module-level functions."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Annotator()
        return _default


def annotate_url(url: str, published: str | date | None = None, offline: bool | None = None,
                 *, lang: str | None = None) -> Annotation:
    """Fetch and annotate a news page. See :meth:`Annotator.annotate_url`."""
    return default_annotator().annotate_url(url, published=published, offline=offline, lang=lang)


def annotate_html(
    html: str | bytes, url: str | None = None, published: str | date | None = None, offline: bool | None = None,
    *, lang: str | None = None,
) -> Annotation:
    """Annotate an HTML page. See :meth:`Annotator.annotate_html`."""
    return default_annotator().annotate_html(html, url=url, published=published, offline=offline, lang=lang)


def annotate_text(
    text: str,
    published: str | date | None = None,
    url: str | None = None,
    title: str | None = None,
    offline: bool | None = None,
    *,
    lang: str | None = None,
) -> Annotation:
    """Annotate plain text. See :meth:`Annotator.annotate_text`."""
    return default_annotator().annotate_text(text, published=published, url=url, title=title, offline=offline, lang=lang)
