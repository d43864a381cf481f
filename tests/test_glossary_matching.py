"""How glossary terms are found in text: whole words, case where it matters, plurals,
typographic variants, longest match, and a newsroom's own entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from contextlib_news import Annotator
from contextlib_news.knowledge.glossary import Glossary, GlossaryEntry, load_glossary
from contextlib_news.model import Source

NEWSROOM = Path(__file__).parent / "fixtures" / "newsroom-glossary.json"


def entry(id: str, variants: list[str], case_sensitive: bool) -> GlossaryEntry:
    return GlossaryEntry(id=id, label=variants[0], kind="place name", entity_kind="term", variants=tuple(variants),
                         case_sensitive=case_sensitive, description="d", other_names=(), perspectives=(), status=(),
                         sources=(Source("a", "https://a.example"), Source("b", "https://b.example")))


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary([entry("gaza", ["Gaza", "Gaza Strip", "the Gaza Strip"], True),
                     entry("east-jerusalem", ["East Jerusalem"], True),
                     entry("jerusalem", ["Jerusalem"], True),
                     entry("israeli-arab", ["Israeli-Arab", "Israeli Arab", "Arab Israeli"], True),
                     entry("militant", ["militant"], False),
                     entry("evictions", ["evictions of Palestinians"], False)], version="test")


def found(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.key) for m in glossary.find(text)]


def test_proper_nouns_only_when_capitalised(glossary):
    assert found(glossary, "Rockets were fired from Gaza.") == [("Gaza", "gaza")]
    assert found(glossary, "a gaza-like pattern of gauze") == []


def test_never_inside_another_word(glossary):
    assert found(glossary, "Gazans and Jerusalemites; antimilitantism") == []


def test_longest_match_wins(glossary):
    assert found(glossary, "in the Gaza Strip and East Jerusalem") == [("Gaza Strip", "gaza"), ("East Jerusalem", "east-jerusalem")]


def test_common_nouns_match_any_case_and_plurals(glossary):
    assert found(glossary, "Militants and a militant; MILITANTS") == [
        ("Militants", "militant"), ("militant", "militant"), ("MILITANTS", "militant")]


def test_typographic_variants(glossary):
    text = "Israeli\u2011Arab clashes; Israeli–Arab; Israeli Arab towns; the Gaza\u00a0Strip"
    assert [k for _, k in found(glossary, text)] == ["israeli-arab"] * 3 + ["gaza"]
    assert found(glossary, "possible evictions of\nPalestinians from") == [("evictions of\nPalestinians", "evictions")]


def test_a_newsroom_file_adds_and_overrides_entries(settings):
    annotator = Annotator(settings.replace(glossary=(str(NEWSROOM),)))
    assert annotator.glossary_version != Annotator(settings).glossary_version
    result = annotator.annotate_text("A ceasefire in Jerusalem held; a second cease-fire was agreed in Jerusalem.")
    ids = {e.id: e for e in result.entities}
    assert len(ids["glossary:test-ceasefire"].mentions) == 2
    jerusalem = ids["glossary:jerusalem-status"]
    assert len(jerusalem.mentions) == 2  # one entity, all its mentions
    assert jerusalem.note.description.startswith("Newsroom override")


def test_unreadable_newsroom_files_are_clear_errors(tmp_path):
    from contextlib_news.errors import GlossaryError

    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    with pytest.raises(GlossaryError, match="not valid JSON"):
        load_glossary([broken])
    with pytest.raises(GlossaryError, match="cannot read"):
        load_glossary([tmp_path / "missing.json"])
