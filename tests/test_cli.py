"""The command line, run as a user runs it: a real process, real files, a loopback site."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from contextlib_news import validate_annotation

from .conftest import EXAMPLE
from .loopback import LoopbackServer, Reply


def run(*args: str, env_extra: dict[str, str] | None = None, stdin: bytes | None = None,
        tmp: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTEXTLIB_NEWS_")}
    if tmp is not None:
        env["CONTEXTLIB_NEWS_CACHE_DIR"] = str(tmp)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "contextlib_news.cli", *args], input=stdin, capture_output=True,
                          env=env, timeout=180, text=stdin is None)


def test_readme_first_command_prints_readable_notes(tmp_path):
    result = run("annotate", "--offline", str(EXAMPLE), tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("US steps up diplomacy as Israel–Gaza fighting escalates")
    for name in ("Israel", "Temple Mount", "East Jerusalem", "Hamas", "Hady Amr", "Antony Blinken"):
        assert name in out


def test_json_and_w3c_and_html_formats(tmp_path):
    result = run("annotate", "--offline", "--format", "json", "--date", "2021-05-13", str(EXAMPLE), tmp=tmp_path)
    data = json.loads(result.stdout)
    validate_annotation(data)
    assert data["article"]["published"] == "2021-05-13"
    w3c = json.loads(run("annotate", "--offline", "-f", "w3c", str(EXAMPLE), tmp=tmp_path).stdout)
    assert w3c and w3c[0]["type"] == "Annotation"
    page = tmp_path / "out.html"
    assert run("annotate", "--offline", "-f", "html", "-o", str(page), str(EXAMPLE), tmp=tmp_path).returncode == 0
    assert "data-contextlib-entity" in page.read_text()


def test_stdin_and_plain_text(tmp_path):
    result = run("annotate", "--offline", "-f", "json", "-", stdin=EXAMPLE.read_bytes(), tmp=tmp_path)
    assert result.returncode == 0 and b'"glossary_version"' in result.stdout
    note = tmp_path / "note.txt"
    note.write_text("Angela Merkel met Emmanuel Macron in Paris.")
    result = run("annotate", "--offline", "-f", "json", str(note), tmp=tmp_path)
    assert json.loads(result.stdout)["article"]["text"] == "Angela Merkel met Emmanuel Macron in Paris."


@pytest.mark.parametrize("args,message", [
    (("annotate", "--offline", "no/such/file.html"), "no such file"),
    (("annotate", "--offline", "--date", "May 12", "x.html"), "YYYY-MM-DD"),
    (("annotate", "--offline", "ftp://example.org/x"), "no such file"),
])
def test_bad_input_is_one_clear_line(tmp_path, args, message):
    result = run(*args, tmp=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_binary_input_is_refused(tmp_path):
    blob = tmp_path / "photo.html"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = run("annotate", "--offline", str(blob), tmp=tmp_path)
    assert result.returncode == 2 and "binary" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_url_fails_cleanly(tmp_path):
    result = run("annotate", "--offline", "http://127.0.0.1:9/story", tmp=tmp_path)
    assert result.returncode == 1 and "refusing to fetch" in result.stderr and "Traceback" not in result.stderr


def test_batch_writes_json_lines_and_summarises_failures(tmp_path):
    routes = {"/a": Reply(body=EXAMPLE.read_bytes()), "/pdf": Reply(body=b"%PDF", headers={"Content-Type": "application/pdf"})}
    with LoopbackServer(routes) as server:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"# today's reading\n{server.url('/a')}\n\n{server.url('/missing')}\n{server.url('/pdf')}\n")
        out = tmp_path / "out.jsonl"
        result = run("batch", "--offline", "--jobs", "1", "--host-delay", "0", str(urls), "-o", str(out), tmp=tmp_path,
                     env_extra={"CONTEXTLIB_NEWS_ALLOW_PRIVATE_HOSTS": "127.0.0.1"})
    # Lines come in the order pages finish: a failed fetch is written before an annotation.
    records = {r["url"] if "error" in r else r["input"]["url"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert result.returncode == 1
    assert len(records) == 3
    validate_annotation(records[server.url("/a")])
    assert records[server.url("/missing")]["error"]["code"] == "not_found"
    assert records[server.url("/pdf")]["error"]["code"] == "not_html"
    assert "1 of 3 articles annotated" in result.stderr and "failed: 1 not_found, 1 not_html" in result.stderr


def test_glossary_commands(tmp_path):
    check = run("glossary", "check", tmp=tmp_path)
    assert check.returncode == 0 and "glossary check: ok" in check.stdout
    listing = json.loads(run("glossary", "list", "--json", tmp=tmp_path).stdout)
    assert isinstance(listing, list) and {"id", "label", "variants"} <= set(listing[0])
