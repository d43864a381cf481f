"""Knowledge sources plug in without touching the pipeline: passed in by a script, or
registered by an installed package under the ``contextlib_news.providers`` entry point."""

from __future__ import annotations

import sys
import textwrap

import pytest

from contextlib_news import Annotator
from contextlib_news.errors import SettingsError
from contextlib_news.pipeline import PROVIDER_ENTRY_POINTS

PLUGIN = textwrap.dedent('''
    from contextlib_news.knowledge.base import Candidate
    from contextlib_news.model import Note, Source


    class DeskNotes:
        """A newsroom's notes on its own columnists."""

        name = "desk-notes"
        online = False

        def __init__(self, settings):
            self.settings = settings

        def lookup(self, queries, context):
            found = {}
            for query in queries:
                if query.label == "Mara Quill":
                    note = Note(description="Columnist of The Daily Ledger", summary="", as_of=context.as_of.isoformat(),
                                roles=("Columnist (since 2019)",), other_names=(), perspectives=(), image=None,
                                sources=(Source("Ledger staff page", "https://dailyledger.example/staff/quill", None),),
                                facts=())
                    found[query.key] = Candidate("ledger:quill", "person", "Mara Quill", 0.9, note, self.name)
            return found


    def broken(settings):
        raise RuntimeError("no database")
''')


@pytest.fixture
def installed_plugin(tmp_path, monkeypatch):
    """A real distribution on sys.path whose entry point names a provider factory."""
    def install(target: str) -> None:
        (tmp_path / "ledger_notes.py").write_text(PLUGIN, encoding="utf-8")
        info = tmp_path / "ledger_notes-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ledger-notes\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(f"[{PROVIDER_ENTRY_POINTS}]\ndesk = {target}\n")
        monkeypatch.syspath_prepend(str(tmp_path))

    yield install
    sys.modules.pop("ledger_notes", None)


SENTENCE = "Mara Quill wrote that Angela Merkel would visit Paris."


def test_an_installed_provider_adds_notes(installed_plugin, settings, annotator):
    installed_plugin("ledger_notes:DeskNotes")
    result = Annotator(settings, nlp=annotator.nlp).annotate_text(SENTENCE, published="2021-05-12")
    quill = [e for e in result.entities if e.label == "Mara Quill"][0]
    assert quill.id == "ledger:quill" and quill.note.roles == ("Columnist (since 2019)",)
    assert "desk-notes" in result.meta.providers


def test_a_provider_passed_in_by_a_script(settings, annotator):
    namespace: dict = {}
    exec(PLUGIN, namespace)
    result = Annotator(settings, nlp=annotator.nlp, extra_providers=[namespace["DeskNotes"](settings)]).annotate_text(SENTENCE)
    assert any(e.id == "ledger:quill" for e in result.entities)


def test_a_broken_plugin_is_a_clear_error(installed_plugin, settings, annotator):
    installed_plugin("ledger_notes:broken")
    with pytest.raises(SettingsError, match="plug-in 'desk'.*no database"):
        Annotator(settings, nlp=annotator.nlp)
