"""Batches, in this process: every input kind, resuming, retrying, robots.txt and per-host limits
against a loopback site, Parquet output, and Wikimedia lookups shared across articles.

The runs here use the session's annotator in a thread (``run_batch(annotator=…)``); the worker
processes, a killed run and the command line are in test_batch_process.py.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from contextlib_news import Annotator, validate_annotation
from contextlib_news.batch import BatchOptions, run_batch
from contextlib_news.extract import article_from_text, extract_article

from .conftest import CORPUS, EXAMPLE, ROOT
from .loopback import LoopbackServer, Reply

PAGES = ROOT / "tests" / "fixtures" / "pages"
UK_ENERGY = PAGES / "uk-energy-2022-02-03.html"
#: A page that states no date of its own: its date must come from the WARC record.
DATELESS = (b"<html><head><title>Ceasefire talks</title></head><body><article><h1>Ceasefire talks</h1>"
            b"<p>Antony Blinken met Benjamin Netanyahu in Jerusalem to discuss a ceasefire in Gaza, "
            b"officials in Washington said.</p></article></body></html>")


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def batch(annotator, sources, out, **options):
    settings = options.pop("settings", annotator.settings)
    return run_batch([str(s) for s in sources], out, BatchOptions(**options), settings, annotator=annotator, progress=False)


def make_warc(path: Path) -> dict[str, str]:
    """Two HTML responses, a PDF response, a request record and a redirect, as a crawler writes
    them; returns the record ids of the two pages by URL."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ids = {}
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))

        def response(url: str, content_type: str, body: bytes, status: str = "200 OK", date: str = "2021-05-13T08:00:00Z"):
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict={"WARC-Date": date})
            writer.write_record(record)
            return record.rec_headers.get_header("WARC-Record-ID")

        request = StatusAndHeaders("GET /world/gaza HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://news.example/world/gaza", "request",
                                                      payload=io.BytesIO(b""), http_headers=request))
        ids["https://news.example/world/gaza"] = response("https://news.example/world/gaza", "text/html; charset=utf-8", EXAMPLE.read_bytes())
        response("https://news.example/report.pdf", "application/pdf", b"%PDF-1.4 not a page")
        response("https://news.example/old", "text/html", b"", status="301 Moved Permanently")
        ids["https://news.example/talks"] = response("https://news.example/talks", "text/html", DATELESS, date="2024-03-02T10:00:00Z")
    return ids


@pytest.mark.parametrize("name", ["news.warc.gz", "news.warc"])
def test_warc_html_responses_are_annotated_and_the_rest_counted(annotator, tmp_path, name):
    ids = make_warc(tmp_path / name)
    out = tmp_path / "out.jsonl"
    summary = batch(annotator, [tmp_path / name], out)
    records = {r["input"]["id"]: r for r in lines(out)}
    assert set(records) == set(ids.values())
    gaza, talks = records[ids["https://news.example/world/gaza"]], records[ids["https://news.example/talks"]]
    for record in (gaza, talks):
        validate_annotation(record)
        assert record["input"]["kind"] == "warc"
    assert gaza["input"]["url"] == "https://news.example/world/gaza"
    assert gaza["article"]["published"] == "2021-05-12"  # the page's own date, not the capture date
    assert talks["article"]["published"] == "2024-03-02"  # no date in the page: WARC-Date
    assert {"Antony Blinken", "Benjamin Netanyahu"} <= {e["label"] for e in talks["entities"]}
    assert summary.done == 2 and not summary.failed
    assert summary.skipped == {"request record, not a response": 1, "not HTML": 1, "HTTP status 301, not 200": 1}


def test_a_folder_of_html_files(annotator, tmp_path):
    folder = tmp_path / "archive"
    (folder / "2022").mkdir(parents=True)
    shutil.copy(UK_ENERGY, folder / "2022" / UK_ENERGY.name)
    (folder / "2021.html.gz").write_bytes(gzip.compress(EXAMPLE.read_bytes()))
    (folder / "notes.txt").write_text("not a page")
    (folder / "empty.html").write_text("<html><body></body></html>")
    out = tmp_path / "out.jsonl"
    summary = batch(annotator, [folder], out)
    records = {r["input"]["id"]: r for r in lines(out)}
    assert set(records) == {"archive/2021.html.gz", "archive/2022/uk-energy-2022-02-03.html", "archive/empty.html"}
    assert records["archive/2021.html.gz"]["article"]["title"].startswith("US steps up diplomacy")
    assert records["archive/2022/uk-energy-2022-02-03.html"]["article"]["published"] == "2022-02-03"
    assert records["archive/empty.html"]["error"]["code"] == "no_article"
    assert summary.done == 2 and summary.failed == {"no_article": 1}


def test_corpus_pages_from_their_folder(annotator, tmp_path):
    if not (CORPUS / "html").is_dir():
        pytest.skip("../shared/corpus is not present")
    folder = tmp_path / "html"
    folder.mkdir()
    for path in sorted((CORPUS / "html").glob("*.html.gz"))[:6]:
        shutil.copy(path, folder / path.name)
    out = tmp_path / "out.jsonl"
    summary = batch(annotator, [folder], out, batch_size=4)
    records = lines(out)
    assert len(records) == 6 and summary.done + summary.failed_total == 6
    assert sum(1 for r in records if r.get("entities")) >= 4
    for record in records:
        if "error" not in record:
            validate_annotation(record)


def test_json_lines_give_html_dates_and_urls_to_fetch(annotator, tmp_path):
    with LoopbackServer({"/uk-energy": Reply(body=UK_ENERGY.read_bytes())}) as site:
        source = tmp_path / "pages.jsonl"
        source.write_text("\n".join([
            json.dumps({"url": "https://news.example/gaza", "html": EXAMPLE.read_text(encoding="utf-8"), "published": "2021-05-14"}),
            "{not json",
            json.dumps({"url": site.url("/uk-energy")}),
            json.dumps({"url": "https://news.example/bad-date", "html": "<p>x</p>", "published": "May 12"}),
            "",
        ]) + "\n")
        settings = annotator.settings.replace(allow_private_hosts="127.0.0.1", host_delay=0)
        summary = batch(annotator, [source], tmp_path / "out.jsonl", settings=settings)
    records = {r["input"]["id"]: r for r in lines(tmp_path / "out.jsonl")}
    assert records["https://news.example/gaza"]["article"]["published"] == "2021-05-14"  # the input's date wins
    assert records[site.url("/uk-energy")]["article"]["title"].startswith("Energy bills")
    assert records[f"{source}:2"]["error"]["code"] == "invalid_input" and "not JSON" in records[f"{source}:2"]["error"]["message"]
    assert "YYYY-MM-DD" in records["https://news.example/bad-date"]["error"]["message"]
    assert summary.done == 2 and summary.failed == {"invalid_input": 2}


def test_a_rerun_skips_what_is_done_and_repairs_a_torn_last_line(annotator, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(4):
        shutil.copy(EXAMPLE if n % 2 else UK_ENERGY, folder / f"page-{n}.html")
    out = tmp_path / "out.jsonl"
    first = batch(annotator, [folder], out, batch_size=2)
    assert first.done == 4
    whole = out.read_bytes()
    # A run killed in the middle of writing its last line.
    out.write_bytes(whole[: whole.rindex(b"\n", 0, len(whole) - 1) + 1] + whole.splitlines(keepends=True)[-1][:100])
    second = batch(annotator, [folder], out)
    assert second.already_done == 3 and second.done == 1
    assert second.repairs == ["cut a torn last line (100 bytes)"]
    records = lines(out)
    assert sorted(r["input"]["id"] for r in records) == [f"pages/page-{n}.html" for n in range(4)]
    third = batch(annotator, [folder], out)
    assert third.done == 0 and third.already_done == 4 and len(lines(out)) == 4


def test_retry_failed_does_the_failures_again_and_only_them(annotator, tmp_path):
    replies = {"/a": Reply(body=EXAMPLE.read_bytes()), "/b": Reply(status=503, body=b"busy")}
    with LoopbackServer(replies) as site:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"{site.url('/a')}\n{site.url('/b')}\n")
        settings = annotator.settings.replace(allow_private_hosts="127.0.0.1", host_delay=0)
        out = tmp_path / "out.jsonl"
        first = batch(annotator, [urls], out, settings=settings)
        assert first.done == 1 and first.failed == {"http_status": 1}
        again = batch(annotator, [urls], out, settings=settings)
        assert again.already_done == 2 and site.hits("/b") == 1  # a plain rerun leaves failures alone
        site.routes["/b"] = Reply(body=UK_ENERGY.read_bytes())
        retried = batch(annotator, [urls], out, settings=settings, retry_failed=True)
        assert retried.retrying == 1 and retried.done == 1 and retried.already_done == 1
        assert site.hits("/a") == 1 and site.hits("/b") == 2
    records = {r["input"]["id"]: r for r in lines(out)}
    assert len(lines(out)) == 2 and all("error" not in r for r in records.values())
    assert records[site.url("/b")]["article"]["title"].startswith("Energy bills")


def test_robots_txt_and_per_host_limits_are_honoured(annotator, tmp_path):
    active, most, starts = [0], [0], []
    lock = threading.Lock()

    def slow_page(path: str) -> Reply:
        with lock:
            starts.append(time.monotonic())
            active[0] += 1
            most[0] = max(most[0], active[0])
        time.sleep(0.8)  # without the limit a third request would start at 0.6 s
        with lock:
            active[0] -= 1
        return Reply(body=EXAMPLE.read_bytes())

    robots = Reply(body=b"User-agent: *\nDisallow: /private/\n\nUser-agent: contextlib-news\nDisallow: /members/\n",
                   headers={"Content-Type": "text/plain"})
    routes = {"/robots.txt": robots, **{f"/story/{n}": slow_page for n in range(5)},
              "/private/x": Reply(body=EXAMPLE.read_bytes()), "/members/y": Reply(body=EXAMPLE.read_bytes())}
    with LoopbackServer(routes) as site, LoopbackServer({"/robots.txt": Reply(status=503, body=b"down"),
                                                         "/z": Reply(body=EXAMPLE.read_bytes())}) as down:
        urls = tmp_path / "urls.txt"
        stories = [site.url(f"/story/{n}") for n in range(5)]
        urls.write_text("\n".join([*stories, site.url("/members/y"), down.url("/z")]) + "\n")
        settings = annotator.settings.replace(allow_private_hosts="127.0.0.1", host_concurrency=2, host_delay=0.3)
        summary = batch(annotator, [urls], tmp_path / "out.jsonl", settings=settings)
        assert site.hits("/robots.txt") == 1 and site.hits("/members/y") == 0 and down.hits("/z") == 0
    records = {r["input"]["id"]: r for r in lines(tmp_path / "out.jsonl")}
    assert records[site.url("/members/y")]["error"]["code"] == "robots_disallowed"  # the group for our User-Agent
    assert records[down.url("/z")]["error"]["code"] == "robots_unavailable"  # unreadable robots.txt: nothing fetched
    assert all("error" not in records[url] for url in stories) and summary.done == 5
    assert most[0] == 2  # two at a time, never more (both servers are the host 127.0.0.1)
    gaps = [b - a for a, b in zip(sorted(starts), sorted(starts)[1:])]
    assert min(gaps) >= 0.2, gaps  # 0.3 s apart when sent; arrival jitters a little


def test_parquet_has_one_row_per_mention_and_resumes(annotator, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "gaza.html")
    shutil.copy(UK_ENERGY, folder / "energy.html")
    (folder / "empty.html").write_text("<html></html>")
    batch(annotator, [folder], tmp_path / "out.jsonl")
    expected = {(r["input"]["id"], e["id"], m["start"]) for r in lines(tmp_path / "out.jsonl") if "entities" in r
                for e in r["entities"] for m in e["mentions"]}
    summary = batch(annotator, [folder], tmp_path / "mentions", format="parquet")
    assert summary.done == 2 and summary.failed == {"no_article": 1}
    table = pq.read_table(tmp_path / "mentions")
    assert table.schema.field("published").type == pa.date32() and table.schema.field("start").type == pa.int32()
    rows = table.to_pylist()
    assert {(r["id"], r["entity_id"], r["start"]) for r in rows} == expected and len(rows) == len(expected)
    gaza = [r for r in rows if r["id"] == "pages/gaza.html" and r["exact"] == "Temple Mount"]
    assert gaza and gaza[0]["entity_id"] == "glossary:temple-mount" and gaza[0]["kind"] == "place"
    assert str(gaza[0]["published"]) == "2021-05-12" and gaza[0]["note_description"]
    again = batch(annotator, [folder], tmp_path / "mentions", format="parquet")
    assert again.already_done == 3 and again.done == 0
    assert pq.read_table(tmp_path / "mentions").num_rows == len(rows)
    # A part written by a run that died before its journal line is removed, not counted twice.
    stray = tmp_path / "mentions" / "part-00009.parquet"
    shutil.copy(next((tmp_path / "mentions").glob("part-*.parquet")), stray)
    batch(annotator, [folder], tmp_path / "mentions", format="parquet")
    assert not stray.exists() and pq.read_table(tmp_path / "mentions").num_rows == len(rows)


def test_bad_inputs_are_clear_errors(annotator, tmp_path):
    from contextlib_news.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="no such file"):
        batch(annotator, [tmp_path / "missing.warc.gz"], tmp_path / "out.jsonl")
    with pytest.raises(InvalidInputError, match="-o"):
        batch(annotator, [EXAMPLE], None, format="parquet")
    (tmp_path / "urls.txt").write_text("# nothing yet\n\n")
    with pytest.raises(InvalidInputError, match="no pages to annotate"):
        batch(annotator, [tmp_path / "urls.txt"], tmp_path / "out.jsonl")


# -- Wikimedia lookups shared across articles --------------------------------------------------
NAMESAKES = [
    "Protests spread from Tbilisi across Georgia, Russia warned.",
    "Voters in Atlanta lined up as Georgia counted ballots in the Senate runoff.",
    "The White House said officials in Washington would respond on Monday.",
    "Wildfires spread east of Seattle as Washington declared a state of emergency.",
    "Students at Harvard University in Cambridge, Massachusetts, returned to class.",
    "Paris Hilton launched a new fragrance in Los Angeles.",
    "Rain fell across Paris as France prepared for the vote.",
    "Amr said the talks would continue next week.",
]


def comparable(annotation) -> dict:
    data = annotation.to_dict()
    data["meta"].pop("timings_ms")
    return data


def found_by_search(entity: dict) -> bool:
    candidates = (entity.get("debug") or {}).get("candidates") or [{}]
    return bool(candidates[0].get("why", {}).get("found_by_search"))


def test_batched_lookups_give_each_article_its_own_notes_for_fewer_requests(wiki_settings, fake_wikimedia, annotator, tmp_path):
    articles = [extract_article(EXAMPLE.read_text(encoding="utf-8")), extract_article(UK_ENERGY.read_text(encoding="utf-8"))]
    articles += [article_from_text(text, published="2024-05-01") for text in NAMESAKES]
    alone = Annotator(wiki_settings.replace(debug_linking=True), nlp=annotator.nlp)
    expected = [comparable(alone.annotate_article(article)) for article in articles]
    one_by_one = fake_wikimedia.count()
    together = Annotator(wiki_settings.replace(cache_dir=str(tmp_path / "cold"), debug_linking=True), nlp=annotator.nlp)
    fake_wikimedia.reset()
    found = [comparable(a) for a in together.annotate_articles(articles)]
    # The documented differences: alone, an organisation none of whose titles has a page is
    # searched for ("House of Commons" in the UK story), and a word the model saw no name in,
    # written once, is asked for (none of these articles has one a source confirms); a batch
    # does neither. (Nor does a batch send players' titles in a second batch or read people's
    # lists apart: none of these articles needs either.)
    searched = [[e for e in data["entities"] if found_by_search(e)] for data in expected]
    assert [e["label"] for per in searched for e in per] == ["House of Commons of the United Kingdom"]
    for lone, batched, per in zip(expected, found, searched):
        spans = [m["start"] for e in per for m in e["mentions"]]
        lone["entities"] = [e for e in lone["entities"] if e not in per]
        batched["entities"] = [e for e in batched["entities"] if [m["start"] for m in e["mentions"]] != spans or e["note"] is not None]
    for data in [*expected, *found]:
        for entity in data["entities"]:
            entity.pop("debug", None)
    assert found == expected
    linked = {e["label"]: e["id"] for data in found for e in data["entities"] if e["id"].startswith("wikidata:")}
    assert {"Antony Blinken", "Benjamin Netanyahu"} <= set(linked)
    assert fake_wikimedia.count() * 3 <= one_by_one  # 7 against 26 today
    assert max(len(r.params.get("titles", "").split("|")) for r in fake_wikimedia.requests) <= 50


def test_a_failing_wikimedia_degrades_the_batch_but_keeps_offline_notes(wiki_settings, fake_wikimedia, annotator):
    fake_wikimedia.fail("503")
    articles = [article_from_text(text, published="2024-05-01") for text in NAMESAKES[:3]]
    results = Annotator(wiki_settings.replace(lookup_budget=0.5), nlp=annotator.nlp).annotate_articles(articles)
    assert len(results) == 3 and all(r.meta.degraded and "wikimedia" in r.meta.degraded_reason for r in results)
    assert any(e.id.startswith("geonames:") for r in results for e in r.entities)
