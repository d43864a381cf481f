"""JSON request bodies: the one place that decides what a route's body may be.

Every JSON route reads its body with :func:`read_json`, so every route refuses the same things
the same way, each with the JSON error format and a status a client can act on:

- 415: not ``application/json``; a charset other than UTF-8; any ``Content-Encoding`` (a gzip
  body is refused rather than inflated: a small body could inflate to gigabytes);
- 413: larger than ``max_body_bytes`` (declared or actually sent);
- 408: the body did not arrive within ``body_timeout`` seconds (a client dribbling bytes). RFC
  9110 gives 408 for exactly this — the server would not wait longer for the request — and says
  the client may retry, which is true; a 400 would call a slow network the client's mistake;
- 400: a body cut short (shorter than its Content-Length), bytes that are not UTF-8, a UTF-8
  byte-order mark, anything that is not strict RFC 8259 JSON (``NaN``, ``Infinity``, numbers
  that overflow a double), a key given twice (two readers of it could disagree on its value),
  integers of more than 100 digits, lone surrogates (``"\\ud800"``: no text can hold them) and
  nesting deeper than 64 levels (``[[[…]]]`` 5,000 deep was a 500: Python's parser recursion).
"""

from __future__ import annotations

import json
import math
import socket
import threading
import time
from typing import Any

from flask import current_app, request
from werkzeug.exceptions import ClientDisconnected

from contextlib_news.settings import Settings

from .errors import APIError

#: Deepest nesting accepted; our bodies are flat objects, and this is far from Python's limit.
MAX_DEPTH = 64
#: Longest integer accepted, in digits (Python's own limit is 4,300, with a message for coders).
MAX_INT_DIGITS = 100
_CHUNK = 64 * 1024
_UTF8 = {"utf-8", "utf8"}


def read_json(settings: Settings) -> Any:
    """The request's JSON body, parsed strictly; raises :class:`APIError` for anything else."""
    _check_headers()
    raw = _read_body(settings.body_timeout)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise APIError(400, "bad_json", "request body starts with a byte-order mark: send UTF-8 JSON without one")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise APIError(400, "bad_json", f"request body is not UTF-8 (byte {exc.start})") from exc
    try:
        body = json.loads(text, object_pairs_hook=_object, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except RecursionError as exc:
        raise APIError(400, "bad_json", f"request body is nested more than {MAX_DEPTH} levels deep") from exc
    except ValueError as exc:
        raise APIError(400, "bad_json", f"request body is not valid JSON: {exc}") from exc
    _check_values(body)
    return body


def _check_headers() -> None:
    if request.mimetype != "application/json":
        raise APIError(415, "unsupported_media_type", "send the request body as application/json")
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower() not in _UTF8:
        raise APIError(415, "unsupported_media_type", f"send the request body as UTF-8 (charset={charset} is not accepted)")
    coding = request.headers.get("Content-Encoding", "").strip().lower()
    if coding not in ("", "identity"):
        raise APIError(415, "unsupported_media_type", f"Content-Encoding {coding} is not accepted: send the body uncompressed")


def _read_body(timeout: float) -> bytes:
    """The body, read against a deadline. Under gunicorn the socket is watched: a client that
    stops sending, or dribbles, cannot hold a thread past the deadline. (Other WSGI servers
    get the deadline checked between reads only.)"""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    stream = request.stream  # werkzeug: 413 when the declared length is over the limit
    sock = request.environ.get("gunicorn.socket")
    previous = sock.gettimeout() if sock is not None else None
    deadline = time.monotonic() + timeout
    if sock is not None:
        _watchdog.watch(sock, deadline)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _too_slow(timeout)
            if sock is not None:
                sock.settimeout(remaining)
            try:
                chunk = stream.read(_CHUNK)
            except ClientDisconnected as exc:
                if isinstance(exc.__context__, (TimeoutError, socket.timeout)) or time.monotonic() >= deadline:
                    raise _too_slow(timeout) from exc
                raise _cut_short(size) from exc
            except (TimeoutError, socket.timeout) as exc:
                raise _too_slow(timeout) from exc
            except OSError as exc:
                raise _cut_short(size) from exc
            if time.monotonic() >= deadline:
                raise _too_slow(timeout)
            if not chunk:
                break
            size += len(chunk)
            if limit is not None and size > limit:
                raise APIError(413, "request_entity_too_large", f"request body larger than {limit} bytes")
            chunks.append(chunk)
        # Servers that mark their input as terminated (gunicorn) end it quietly at a hang-up.
        if request.content_length is not None and size < request.content_length:
            raise _cut_short(size)
    finally:
        if sock is not None:
            _watchdog.release(sock)
            try:
                sock.settimeout(previous)
            except OSError:
                pass
    return b"".join(chunks)


class _Watchdog:
    """One thread per process that ends body reads at their deadline.

    gunicorn reads until it holds the number of bytes asked for, so a socket timeout bounds one
    recv(), not a client that sends a byte now and then. At the deadline the watchdog shuts the
    socket's reading side: the blocked read returns at once, and the answer (408) still goes out.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._due: dict[socket.socket, float] = {}
        self._thread: threading.Thread | None = None
        self._wakes_at = 0.0

    def watch(self, sock: socket.socket, deadline: float) -> None:
        with self._cond:
            self._due[sock] = deadline
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="body-watchdog", daemon=True)
                self._thread.start()
            # Wake the watchdog only when this deadline comes before its next look: with one
            # timeout for every request that is rare, and waking it for each request costs a
            # busy server a thread switch per request.
            if deadline < self._wakes_at:
                self._cond.notify()

    def release(self, sock: socket.socket) -> None:
        with self._cond:
            self._due.pop(sock, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for sock, deadline in list(self._due.items()):
                    if deadline <= now:
                        del self._due[sock]
                        try:
                            sock.shutdown(socket.SHUT_RD)
                        except OSError:
                            pass  # already closed
                wait = max(min(self._due.values(), default=now + 60) - now, 0.01)
                self._wakes_at = now + wait
                self._cond.wait(timeout=wait)


_watchdog = _Watchdog()


def _too_slow(timeout: float) -> APIError:
    return APIError(408, "body_timeout", f"request body not received within {timeout:g} seconds")


def _cut_short(received: int) -> APIError:
    declared = request.content_length
    of = f" of the {declared} declared" if declared is not None else ""
    return APIError(400, "truncated_body", f"request body ended after {received}{of} bytes")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {json.dumps(key)} appears twice")
        result[key] = value
    return result


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]}… is out of range")
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"an integer of {len(text)} digits (at most {MAX_INT_DIGITS})")
    return int(text)


def _check_values(body: Any) -> None:
    """Depth and text that no string can hold, walked without recursion."""
    pending: list[tuple[Any, int]] = [(body, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            _check_text(value)
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth > MAX_DEPTH:
            raise APIError(400, "bad_json", f"request body is nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            for key, item in value.items():
                _check_text(key)
                pending.append((item, depth + 1))
        else:
            pending.extend((item, depth + 1) for item in value)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise APIError(400, "bad_json", f"request body holds a lone surrogate ({text[exc.start]!r} escaped): "
                                        "not a character") from exc
