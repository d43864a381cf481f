"""The gold annotations (bench/gold/) and the fake Wikimedia they are linked against (tests/fakewiki/gold/) hold together.

Data checks only: nothing here runs the linker. Every file in both folders is checked, whoever wrote it.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.fakewiki.server import FakeWikimedia, load_data

ROOT = Path(__file__).resolve().parent.parent
FAKE = ROOT / "tests" / "fakewiki" / "gold"
GOLD = ROOT / "bench" / "gold"
TRUTH = ROOT.parent / "shared" / "corpus" / "ground-truth.json"
#: Classes where a P279 walk may stop: human, organization, geographic location, geographical feature, building,
#: administrative territorial entity, work, entity.
ROOTS = {"Q5", "Q43229", "Q2221906", "Q618123", "Q41176", "Q56061", "Q386724", "Q35120"}
KINDS = {"person", "place", "organization", "term"}
QID = re.compile(r"Q[1-9]\d*")
#: Ids from Q990000000 up are the data developers' reserved synthetic ranges, never real Wikidata ids.
SYNTHETIC_FROM = 990000000


def _fake_files() -> list[Path]:
    return sorted(FAKE.glob("*.json"))


def _gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


@pytest.fixture(scope="module")
def merged():
    pages, redirects, items = load_data(FAKE)
    return pages, redirects, items


def _gold_entities():
    for path in _gold_files():
        for prefix, entities in json.loads(path.read_text(encoding="utf-8"))["pages"].items():
            for entity in entities:
                yield path.name, prefix, entity


def _qids(value) -> set[str]:
    if isinstance(value, str):
        return {value} if QID.fullmatch(value) else set()
    if isinstance(value, dict):
        return set().union(*(_qids(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_qids(v) for v in value)) if value else set()
    return set()


def test_there_is_data_to_check():
    assert _fake_files() and _gold_files()


@pytest.mark.parametrize("path", _fake_files(), ids=lambda p: p.name)
def test_fake_file_shape(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) <= {"_about", "_synthetic_ids", "redirects", "pages", "items"}, path.name
    assert isinstance(data.get("_about", ""), str)
    for source, target in data.get("redirects", {}).items():
        assert isinstance(source, str) and isinstance(target, str) and source != target
    for title, page in data.get("pages", {}).items():
        assert isinstance(page["pageid"], int), title
        assert isinstance(page.get("description", ""), str) and isinstance(page.get("extract", ""), str), title
        assert page.get("item") is None or QID.fullmatch(page["item"]), title
        assert isinstance(page.get("disambiguation", False), bool), title
        assert all(isinstance(link, str) for link in page.get("links", [])), title
    for qid, item in data.get("items", {}).items():
        assert QID.fullmatch(qid) and isinstance(item["label"], str) and item["label"], qid
        for pid, values in item.get("claims", {}).items():
            assert re.fullmatch(r"P\d+", pid) and isinstance(values, list), (qid, pid)
            assert all(v is not None for v in values), (qid, pid)
    # Every synthetic id the file uses is declared, so nobody mistakes it for a real Wikidata id.
    used = set(data.get("items", {})) | _qids(data.get("items", {})) | _qids(data.get("pages", {}))
    synthetic = {q for q in used if int(q[1:]) >= SYNTHETIC_FROM}
    assert synthetic <= set(data.get("_synthetic_ids", [])), sorted(synthetic - set(data.get("_synthetic_ids", [])))


@pytest.mark.parametrize("path", _gold_files(), ids=lambda p: p.name)
def test_gold_file_shape(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data["about"], str) and data["pages"]
    for prefix, entities in data["pages"].items():
        assert re.fullmatch(r"[0-9a-f]{10}", prefix), prefix
        for entity in entities:
            assert len(entity) in (3, 4), (prefix, entity)
            kind, forms, qid = entity[:3]
            assert kind in KINDS, (prefix, entity)
            assert forms and all(isinstance(f, str) and f.strip() for f in forms), (prefix, entity)
            assert qid is None or QID.fullmatch(qid), (prefix, entity)
            # Other items a note may rightly be about (a team's place or university): real items of the fake.
            assert all(QID.fullmatch(also) for also in (entity[3] if len(entity) == 4 else [])), (prefix, entity)


def test_gold_files_share_no_page():
    # A held-out page must never be one we tuned on: each page is annotated in one file only.
    seen: dict[str, str] = {}
    shared = []
    for path in _gold_files():
        for prefix in json.loads(path.read_text(encoding="utf-8"))["pages"]:
            if prefix in seen:
                shared.append((prefix, seen[prefix], path.name))
            seen[prefix] = path.name
    assert not shared


@pytest.mark.parametrize("path", [p for p in _gold_files() if p.name.startswith("heldout")], ids=lambda p: p.name)
def test_every_held_out_form_is_written_so_in_its_article(path: Path):
    # Blind annotations list names as the article writes them (the tuned set also adds canonical
    # names, which only widen matching); a form the text lacks could never be found.
    if not TRUTH.exists():
        pytest.skip("../shared/corpus is absent")
    bodies = {sha[:10]: truth.get("articleBody") or "" for sha, truth in json.loads(TRUTH.read_text(encoding="utf-8")).items()}
    pages = json.loads(path.read_text(encoding="utf-8"))["pages"]
    missing = [(prefix, form) for prefix, entities in pages.items() for entity in entities for form in entity[1]
               if form not in bodies.get(prefix, "")]
    assert not missing


def test_every_gold_qid_is_an_item_with_a_class(merged):
    _, _, items = merged
    missing = [(name, prefix, e[2]) for name, prefix, e in _gold_entities()
               if e[2] and not items.get(e[2], {}).get("claims", {}).get("P31")]
    assert not missing


def test_every_gold_qid_has_a_page_that_links_to_it(merged):
    pages, _, items = merged
    by_item = {page.get("item") for page in pages.values()}
    missing = [(name, prefix, e[2]) for name, prefix, e in _gold_entities() if e[2] and e[2] not in by_item]
    assert not missing
    unlinked = [(name, e[2]) for name, _, e in _gold_entities() if e[2] and items[e[2]].get("enwiki") not in pages]
    assert not unlinked


def test_every_class_reaches_a_root(merged):
    _, _, items = merged
    classes = {c for item in items.values() for c in item.get("claims", {}).get("P31", []) if isinstance(c, str)}
    problems = []
    for start in sorted(classes):
        seen, todo = set(), [start]
        while todo and len(seen) < 100:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            parents = items.get(current, {}).get("claims", {}).get("P279", [])
            if current not in items:
                problems.append((start, current, "no item"))
            elif not parents and current not in ROOTS:
                problems.append((start, current, "no P279 and not a root"))
            todo.extend(p for p in parents if isinstance(p, str))
    assert not problems


def test_redirects_and_disambiguation_links_reach_pages(merged):
    pages, redirects, _ = merged
    known = {t.casefold() for t in pages}
    assert not [(s, t) for s, t in redirects.items() if t.casefold() not in known]
    assert not [s for s in redirects if s in pages], "a title is both a page and a redirect"
    for title, page in pages.items():
        if page.get("disambiguation"):
            assert page.get("links"), title
            dangling = [link for link in page["links"] if link.casefold() not in known and redirects.get(link, "").casefold() not in known]
            assert not dangling, (title, dangling)


def test_page_items_exist(merged):
    pages, _, items = merged
    assert not [(t, p["item"]) for t, p in pages.items() if p.get("item") and p["item"] not in items]


def test_the_fake_serves_the_gold_data(merged):
    pages, _, items = merged
    qids = sorted({e[2] for _, _, e in _gold_entities() if e[2]})[:50]
    titles = [items[q]["enwiki"] for q in qids[:20]]
    with FakeWikimedia(FAKE) as wiki:
        query = urllib.parse.urlencode({"action": "wbgetentities", "ids": "|".join(qids), "format": "json"})
        with urllib.request.urlopen(f"{wiki.url}/w/api.php?{query}", timeout=10) as answer:
            entities = json.load(answer)["entities"]
        assert all(entities[q]["claims"]["P31"] for q in qids)
        query = urllib.parse.urlencode({"action": "query", "titles": "|".join(titles), "prop": "pageprops|description",
                                        "redirects": "1", "format": "json", "formatversion": "2"})
        with urllib.request.urlopen(f"{wiki.url}/w/api.php?{query}", timeout=10) as answer:
            served = json.load(answer)["query"]["pages"]
        assert {p["pageprops"]["wikibase_item"] for p in served} == set(qids[:20])


def test_a_page_recorded_in_two_files_keeps_what_either_says(tmp_path: Path):
    # A gold file that records a page the shared data has too ("Barack Obama") without its size
    # must not make the page a short one; a record of another item under the title replaces it.
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps({"pages": {"Barack Obama": {"pageid": 534366, "item": "Q76", "length": 350000},
                                           "Mercury": {"pageid": 1, "item": "Q308"}}}), encoding="utf-8")
    second.write_text(json.dumps({"pages": {"Barack Obama": {"pageid": 534366, "item": "Q76", "extract": "Barack Obama …"},
                                            "Mercury": {"pageid": 2, "item": "Q925"}}}), encoding="utf-8")
    pages, _, _ = load_data(tmp_path)
    assert pages["Barack Obama"] == {"pageid": 534366, "item": "Q76", "length": 350000, "extract": "Barack Obama …"}
    assert pages["Mercury"] == {"pageid": 2, "item": "Q925"}
