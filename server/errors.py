"""One JSON error format for every failure: ``{"error": {"code", "message"}}``.

Library errors map to the status a client can act on; anything unexpected becomes a 500
with no internals (the traceback goes to the server log, without page contents).
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from contextlib_news import errors as lib

log = logging.getLogger(__name__)

#: Library error → HTTP status. An upstream page's failure is the client's to fix (4xx) when it
#: is about what they asked for, a gateway error (502/504) when the page's server misbehaved.
STATUS = [
    (lib.InvalidURLError, 422),
    (lib.BlockedAddressError, 422),
    (lib.NotFoundError, 422),
    (lib.UnknownHostError, 422),
    (lib.NotHTMLError, 422),
    (lib.TooLargeError, 422),
    (lib.FetchTimeoutError, 504),
    (lib.HTTPStatusError, 502),
    (lib.FetchError, 502),
    (lib.ExtractionError, 422),
    (lib.UnsupportedLanguageError, 422),
    (lib.InvalidInputError, 400),
    (lib.StoreError, 503),
    (lib.ContextError, 500),
]


class APIError(Exception):
    """An error raised by our own routes, with its status and code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(APIError)
    def _api_error(exc: APIError):
        return error_response(exc.status, exc.code, exc.message)

    @app.errorhandler(lib.ContextError)
    def _library_error(exc: lib.ContextError):
        status = next(s for kind, s in STATUS if isinstance(exc, kind))
        if status >= 500 and not isinstance(exc, lib.FetchError):
            log.error("library error %s: %s", exc.code, exc)
        return error_response(status, exc.code, str(exc))

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_")
        message = exc.description or exc.name
        if exc.code == 413:
            message = f"request body larger than {app.config['MAX_CONTENT_LENGTH']} bytes"
        elif exc.code == 429:
            code, message = "rate_limited", f"too many requests: {exc.description}"
        response = error_response(exc.code or 500, code, message)
        for name, value in (exc.get_headers() or []):
            if name.lower() in ("allow", "retry-after"):
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unexpected error")
        return error_response(500, "internal_error", "internal server error; see the server log")
