"""One exception hierarchy for everything the library refuses or fails to do.

Every message is written for the person who called us: it says what went wrong and,
where there is one, what to do about it.
"""

from __future__ import annotations

from typing import Any, Mapping


class ContextError(Exception):
    """Base of every error raised on purpose by contextlib-news."""

    #: A short machine-readable code, used by the server's JSON errors and the CLI.
    code = "error"


class InvalidInputError(ContextError, ValueError):
    """The caller gave us something we cannot work on (empty text, bad date, bad URL)."""

    code = "invalid_input"


class UnsupportedLanguageError(InvalidInputError):
    """The article is in a language we cannot read yet (mentions come from an English model)."""

    code = "unsupported_language"

    def __init__(self, language: str) -> None:
        from .languages import language_name

        self.language = language
        name = language_name(language)
        super().__init__(
            f"this page is in {name} ({language}); contextlib-news reads English articles only for now, "
            f"so notes for {name} pages are not supported yet"
        )


class FetchError(ContextError):
    """Fetching a page failed."""

    code = "fetch_failed"


class InvalidURLError(FetchError, InvalidInputError):
    """Not an http(s) URL with a host."""

    code = "invalid_url"


class BlockedAddressError(FetchError):
    """The host resolves to a private, loopback, link-local or reserved address."""

    code = "blocked_address"


class UnknownHostError(FetchError):
    """The URL's host name does not resolve: the address is wrong, or there is no network."""

    code = "unknown_host"


class NotFoundError(FetchError):
    """The server answered 404 or 410."""

    code = "not_found"


class HTTPStatusError(FetchError):
    """The server answered with another non-success status."""

    code = "http_status"

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class NotHTMLError(FetchError):
    """The response is not an HTML document."""

    code = "not_html"


class TooLargeError(FetchError):
    """The response is larger than the configured cap."""

    code = "too_large"


class FetchTimeoutError(FetchError, TimeoutError):
    """Connecting or reading took longer than the configured timeouts."""

    code = "timeout"


class ExtractionError(ContextError):
    """No article text could be found in the page."""

    code = "no_article"


class ModelNotFoundError(ContextError):
    """The spaCy English model is not installed."""

    code = "model_missing"


class ProviderError(ContextError):
    """A knowledge provider failed; the annotation continues without it (degraded).

    ``partial`` carries the candidates the provider had found before it failed (keyed as
    :meth:`Provider.lookup` returns them); the pipeline keeps them.
    """

    code = "provider_failed"

    def __init__(self, message: str, partial: "Mapping[str, Any] | None" = None) -> None:
        super().__init__(message)
        self.partial = dict(partial or {})


class GlossaryError(ContextError):
    """A glossary file is missing, unreadable or invalid."""

    code = "glossary_invalid"


class StoreError(ContextError):
    """The result store (SQLite file or Redis) that keeps feedback and suppressions failed."""

    code = "store_unavailable"


class SettingsError(ContextError):
    """A setting has a value we cannot use."""

    code = "bad_setting"


class RobotsDisallowedError(FetchError):
    """The site's robots.txt does not let us fetch this URL (batch fetching honours it)."""

    code = "robots_disallowed"


class RobotsUnavailableError(FetchError):
    """The site's robots.txt could not be read (server error, no answer): RFC 9309 says to
    fetch nothing from the site then."""

    code = "robots_unavailable"
