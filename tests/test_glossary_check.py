"""The glossary checker refuses what would mislead a reader: missing fields, thin sourcing,
a view stated as fact, a variant that two entries claim; newsroom files are held to it too."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from contextlib_news.errors import GlossaryError
from contextlib_news.knowledge.glossary import load_glossary
from contextlib_news.knowledge.glossary_check import check_glossary, list_glossary

NEWSROOM = Path(__file__).parent / "fixtures" / "newsroom-glossary.json"
SOUND = json.loads(NEWSROOM.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, name: str = "g.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def problems_of(tmp_path: Path, mutate) -> list[str]:
    data = copy.deepcopy(SOUND)
    mutate(data["entries"][1])
    return check_glossary([write(tmp_path, data)], bundled_count=1)


def test_a_sound_file_has_no_problems(tmp_path):
    assert check_glossary([write(tmp_path, SOUND)], bundled_count=1) == []


def test_a_missing_field_is_named(tmp_path):
    found = problems_of(tmp_path, lambda e: e.pop("description"))
    assert len(found) == 1 and "entries[1] (test-ceasefire)" in found[0] and "'description' is a required" in found[0]


def test_fewer_than_two_sources(tmp_path):
    assert any("sources: needs at least 2" in p for p in problems_of(tmp_path, lambda e: e["sources"].pop()))
    twice = problems_of(tmp_path, lambda e: e.__setitem__("sources", [e["sources"][0], dict(e["sources"][0], title="x")]))
    assert twice and "two different sources" in twice[0]


def test_empty_or_unattributed_perspectives(tmp_path):
    assert problems_of(tmp_path, lambda e: e.__setitem__("perspectives", []))
    assert problems_of(tmp_path, lambda e: e["perspectives"][0].__setitem__("view", "  "))
    bare = problems_of(tmp_path, lambda e: e["perspectives"][0].update(holder="Party A", view="The truce is a trap."))
    assert bare and "stated as fact" in bare[0]
    vague = problems_of(tmp_path, lambda e: e["perspectives"][0].update(holder="some", view="Some call it a trap."))
    assert vague and "nobody in particular" in vague[0]


def test_a_variant_two_entries_claim(tmp_path):
    clash = problems_of(tmp_path, lambda e: e["variants"].append("Al\u2011Quds"))  # non-breaking hyphen, same term
    assert clash and "matches both jerusalem-status and test-ceasefire" in clash[0]


def test_bundled_files_must_not_clash_but_a_newsroom_may_take_over(tmp_path):
    other = {"conflict": {"id": "other", "label": "Other"}, "entries": [copy.deepcopy(SOUND["entries"][1])]}
    other["entries"][0]["id"] = "another-ceasefire"
    first, second = write(tmp_path, SOUND, "a.json"), write(tmp_path, other, "b.json")
    assert any("matches both test-ceasefire (a.json) and another-ceasefire" in p
               for p in check_glossary([first, second], bundled_count=2))
    assert check_glossary([first, second], bundled_count=1) == []


def test_a_proper_noun_entry_with_a_lowercase_variant(tmp_path):
    found = problems_of(tmp_path, lambda e: e.update(case_sensitive=True))
    assert found and "lowercase in a case-sensitive" in found[0]


def test_an_unknown_geonames_id(tmp_path):
    found = problems_of(tmp_path, lambda e: e.update(geonames_id=999999999))
    assert found and "not in the offline gazetteer" in found[0]


def test_unreadable_files_are_problems_not_crashes(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{ nope")
    assert "not valid JSON" in check_glossary([broken])[0]
    assert "cannot read" in check_glossary([tmp_path / "gone.json"])[0]


def test_a_newsroom_file_is_validated_when_loaded(tmp_path):
    data = copy.deepcopy(SOUND)
    data["entries"][0]["sources"] = data["entries"][0]["sources"][:1]
    with pytest.raises(GlossaryError, match="(?s)newsroom glossary rejected.*jerusalem-status.*sources: needs at least 2"):
        load_glossary([write(tmp_path, data)])


def test_the_cli_check_names_the_problem(tmp_path):
    import subprocess
    import sys

    data = copy.deepcopy(SOUND)
    del data["entries"][0]["perspectives"]
    result = subprocess.run([sys.executable, "-m", "contextlib_news.cli", "glossary", "check", str(write(tmp_path, data))],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "'perspectives' is a required property" in result.stderr and "problem(s)" in result.stderr
    assert "Traceback" not in result.stderr


def test_listing_includes_a_newsroom_file():
    listed = {e["id"]: e for e in list_glossary([NEWSROOM])}
    assert listed["test-ceasefire"]["variants"] == ["ceasefire", "cease-fire", "truce"]
    assert listed["jerusalem-status"]["conflict"] == {"id": "newsroom-test", "label": "A newsroom's own terms"}
