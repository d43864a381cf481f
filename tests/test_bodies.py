"""Malformed request bodies, case by case (server/body.py holds the rules): each one a 4xx in the
JSON error format, never a 500, and the server answers normally afterwards. Through the Flask
test client, and — for bodies cut short or sent slowly, which only a real socket can do —
against gunicorn on loopback."""

from __future__ import annotations

import gzip
import io
import json
import socket
import time

import pytest
import requests

from contextlib_news import Annotator
from contextlib_news.settings import Settings
from contextlib_news_server import create_app

from .conftest import EXAMPLE
from .servers import ServerProcess

GOOD = json.dumps({"url": "https://news.example/a", "html": EXAMPLE.read_text(encoding="utf-8")}).encode()
SMALL = b'{"url": "https://news.example/a", "html": "<p>Israel and Gaza.</p>"}'

#: name → (body bytes, extra headers, expected status, expected error code)
CASES = {
    "deep nesting, 5,000 levels": (b"[" * 5000 + b"]" * 5000, {}, 400, "bad_json"),
    "deep nesting inside a field": (b'{"url": ' + b"[" * 5000 + b"]" * 5000 + b"}", {}, 400, "bad_json"),
    "nesting past our limit, under Python's": (b'{"url": ' + b"[" * 200 + b"]" * 200 + b"}", {}, 400, "bad_json"),
    "huge integer": (b'{"url": "https://news.example/a", "offline": ' + b"9" * 5000 + b"}", {}, 400, "bad_json"),
    "long integer": (b'{"url": ' + b"1" * 101 + b"}", {}, 400, "bad_json"),
    "overflowing float": (b'{"url": "https://news.example/a", "offline": 1e999}', {}, 400, "bad_json"),
    "NaN": (b'{"url": "https://news.example/a", "offline": NaN}', {}, 400, "bad_json"),
    "Infinity": (b'{"url": "https://news.example/a", "offline": Infinity}', {}, 400, "bad_json"),
    "-Infinity": (b'{"url": -Infinity}', {}, 400, "bad_json"),
    "duplicate keys": (b'{"url": "https://news.example/a", "url": "http://127.0.0.1/"}', {}, 400, "bad_json"),
    "duplicate nested keys": (b'{"url": "https://news.example/a", "x": {"a": 1, "a": 2}}', {}, 400, "bad_json"),
    "lone surrogate in a value": (b'{"url": "https://news.example/a", "html": "<p>\\ud800</p>"}', {}, 400, "bad_json"),
    "lone low surrogate in a key": (b'{"\\udc00": 1, "url": "https://news.example/a"}', {}, 400, "bad_json"),
    "surrogate encoded as UTF-8 bytes": (b'{"url": "https://news.example/\xed\xa0\x80"}', {}, 400, "bad_json"),
    "UTF-8 byte-order mark": (b"\xef\xbb\xbf" + SMALL, {}, 400, "bad_json"),
    "UTF-16 body": (SMALL.decode().encode("utf-16"), {}, 400, "bad_json"),
    "latin-1 bytes": ('{"url": "https://news.example/caf\u00e9"}'.encode("latin-1"), {}, 400, "bad_json"),
    "charset=latin-1": (SMALL, {"Content-Type": "application/json; charset=latin-1"}, 415, "unsupported_media_type"),
    "charset=utf-16": (SMALL.decode().encode("utf-16"), {"Content-Type": "application/json; charset=utf-16"}, 415,
                       "unsupported_media_type"),
    "gzip body": (gzip.compress(SMALL), {"Content-Encoding": "gzip"}, 415, "unsupported_media_type"),
    "deflate body": (SMALL, {"Content-Encoding": "deflate"}, 415, "unsupported_media_type"),
    "no content type": (SMALL, {"Content-Type": ""}, 415, "unsupported_media_type"),
    "text/plain": (SMALL, {"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
    "empty body": (b"", {}, 400, "bad_json"),
    "NUL bytes": (b"\x00" * 64, {}, 400, "bad_json"),
    "trailing garbage": (SMALL + b" {}", {}, 400, "bad_json"),
    "a JSON array": (b"[1, 2]", {}, 400, "bad_json"),
    "a JSON string": (b'"https://news.example/a"', {}, 400, "bad_json"),
    "body over the limit": (b'{"url": "https://news.example/a", "html": "' + b"a" * 300_000 + b'"}', {}, 413,
                            "request_entity_too_large"),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory, annotator):
    cache = tmp_path_factory.mktemp("bodies")
    settings = Settings.load({"offline": True, "cache_dir": str(cache), "max_body_bytes": 200_000, "body_timeout": 0.5,
                              "rate_limit": "100000 per minute"}, environ={}, config_file=None)
    return create_app(settings, annotator=Annotator(settings, nlp=annotator.nlp)).test_client()


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"] and "Traceback" not in error["message"]


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_bodies_are_refused_cleanly(client, name):
    body, headers, status, code = CASES[name]
    headers = {"Content-Type": "application/json", **headers}
    response = client.post("/api/v1/annotate", data=body, headers={k: v for k, v in headers.items() if v})
    assert_error(response, status, code)
    assert client.post("/api/v1/annotate", data=GOOD, content_type="application/json").status_code == 200


def test_the_messages_say_what_is_wrong(client):
    def message(body: bytes, **headers) -> str:
        return client.post("/api/v1/annotate", data=body, headers={"Content-Type": "application/json", **headers}).get_json()["error"]["message"]

    assert "nested more than 64 levels" in message(b"[" * 5000 + b"]" * 5000)
    assert '"url" appears twice' in message(b'{"url": "a", "url": "b"}')
    assert "NaN is not a JSON number" in message(b'{"offline": NaN}')
    assert "lone surrogate" in message(b'{"html": "\\ud800"}')
    assert "byte-order mark" in message(b"\xef\xbb\xbf{}")
    assert "Content-Encoding gzip" in message(gzip.compress(SMALL), **{"Content-Encoding": "gzip"})
    assert "charset=latin-1" in message(SMALL, **{"Content-Type": "application/json; charset=latin-1"})


def test_utf8_charset_in_any_spelling_is_fine(client):
    for value in ("application/json; charset=utf-8", "application/json; charset=UTF-8", "application/json;charset=utf8"):
        assert client.post("/api/v1/annotate", data=GOOD, headers={"Content-Type": value}).status_code == 200


def test_a_body_shorter_than_its_content_length(client):
    response = client.post("/api/v1/annotate", input_stream=io.BytesIO(SMALL[:20]), content_type="application/json",
                           environ_overrides={"CONTENT_LENGTH": str(len(SMALL))})
    assert_error(response, 400, "truncated_body")
    assert f"after 20 of the {len(SMALL)} declared bytes" in response.get_json()["error"]["message"]


class _Dribble(io.RawIOBase):
    """A client that sends one byte every 0.2 s."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        time.sleep(0.2)
        if not self.data:
            return 0
        buffer[0:1], self.data = self.data[:1], self.data[1:]
        return 1


def test_a_slow_body_is_cut_off(client):
    started = time.monotonic()
    response = client.post("/api/v1/annotate", content_type="application/json",
                           environ_overrides={"wsgi.input": _Dribble(SMALL), "CONTENT_LENGTH": str(len(SMALL))})
    assert_error(response, 408, "body_timeout")
    assert time.monotonic() - started < 5, "bounded by body_timeout (0.5 s), not by the client"


# --- a real server: bodies cut short and sent slowly over a socket -------------------------------

def raw_request(port: int, head_length: int, body: bytes, *, then: str, pause: float = 0.0, limit: float = 30) -> bytes:
    """POST with Content-Length ``head_length`` and ``body``; ``then`` is ``half-close`` (the client
    stops sending) or ``dribble`` (the rest arrives one byte every ``pause`` s). The response bytes."""
    with socket.create_connection(("127.0.0.1", port), timeout=limit) as sock:
        sock.sendall(b"POST /api/v1/annotate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     + f"Content-Length: {head_length}\r\n\r\n".encode() + body[:10])
        if then == "half-close":
            sock.shutdown(socket.SHUT_WR)
        else:
            sock.setblocking(False)
            deadline = time.monotonic() + limit
            for byte in body[10:]:
                time.sleep(pause)
                try:
                    sock.send(bytes([byte]))
                except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                    break
                try:
                    if sock.recv(1, socket.MSG_PEEK):
                        break  # the server has answered
                except BlockingIOError:
                    pass
                assert time.monotonic() < deadline
            sock.setblocking(True)
        received = b""
        while b"\r\n\r\n" not in received or len(received) < _expected_length(received):
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        return received


def _expected_length(received: bytes) -> int:
    head, _, _ = received.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(head) + 4 + int(line.split(b":")[1])
    return 0


def parse(received: bytes) -> tuple[int, dict]:
    head, _, body = received.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), json.loads(body)


@pytest.mark.slow
def test_cut_short_and_slow_bodies_against_gunicorn(tmp_path):
    env = {"CONTEXTLIB_NEWS_BODY_TIMEOUT": "2", "CONTEXTLIB_NEWS_RATE_LIMIT": "100000 per minute"}
    with ServerProcess(tmp_path / "cache", env=env, workers=1) as server:
        status, body = parse(raw_request(server.port, len(SMALL) + 500, SMALL, then="half-close"))
        assert (status, body["error"]["code"]) == (400, "truncated_body"), body
        started = time.monotonic()
        status, body = parse(raw_request(server.port, len(SMALL), SMALL, then="dribble", pause=0.3))
        took = time.monotonic() - started
        assert (status, body["error"]["code"]) == (408, "body_timeout"), body
        assert 1.5 < took < 8, took
        # A client that declares more than it sends and then waits: the same deadline.
        status, body = parse(raw_request(server.port, len(SMALL) + 500, SMALL + b" " * 10, then="dribble", pause=0.05))
        assert status == 408, body
        # Meanwhile and afterwards the server answers as usual.
        assert requests.get(server.url + "/api/v1/health", timeout=10).status_code == 200
        response = requests.post(server.url + "/api/v1/annotate", data=GOOD, headers={"Content-Type": "application/json"}, timeout=60)
        assert response.status_code == 200 and response.json()["entities"]
        deep = requests.post(server.url + "/api/v1/annotate", data=b"[" * 5000 + b"]" * 5000,
                             headers={"Content-Type": "application/json"}, timeout=60)
        assert deep.status_code == 400 and deep.json()["error"]["code"] == "bad_json"
    assert "Traceback" not in server.output()
