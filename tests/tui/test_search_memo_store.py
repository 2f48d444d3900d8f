"""The store mixins the workbench added: full-text + fuzzy search, memos, connection settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from themecoder.core.errors import InputError, NotFoundError
from themecoder.store import Project
from themecoder.store.search import fts_query


@pytest.fixture
def project(project_path: Path) -> Project:
    with Project(project_path) as p:
        yield p


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('window "light" OR-') == '"window" "light" "OR"*'
    assert fts_query("  ?! ") == ""


def test_search_finds_words_then_close_spellings(project: Project) -> None:
    exact = project.search_sentences("window light")
    assert [(h.doc, h.fuzzy) for h in exact][:2] == [
        ("P01-interview", False),
        ("P02-interview", False),
    ]
    assert all(project.document(h.doc_id).text[h.start : h.end] == h.text for h in exact)
    typo = project.search_sentences("windw ligth", fuzzy=True)
    assert typo and typo[0].fuzzy and "window light" in typo[0].text
    assert project.search_sentences("windw ligth", fuzzy=False) == []
    one = project.search_sentences("light", doc_id=2)
    assert {h.doc for h in one} == {"P02-interview"}
    assert project.search_sentences("") == []


def test_search_indexes_documents_added_later(project: Project, tmp_path: Path) -> None:
    assert project.search_sentences("zebra", fuzzy=False) == []
    from themecoder.core.model import ParsedDocument, Turn

    text = "A zebra crossed the road."
    project.add_documents([ParsedDocument("late", text, [Turn(0, len(text))], "txt")])
    assert [h.doc for h in project.search_sentences("zebra", fuzzy=False)] == ["late"]


def test_memos_are_stored_updated_and_deleted(project: Project) -> None:
    memo_id = project.add_memo("asks about before", coder="alice", doc_id=1, start=13, end=56)
    project.add_memo("whole interview", coder="bob", target_kind="document", target_id=2, doc_id=2)
    assert [(m.text, m.coder) for m in project.memos(doc_id=1)] == [("asks about before", "alice")]
    project.update_memo(memo_id, "asks about the time before", coder="alice")
    assert project.memo(memo_id).text == "asks about the time before"
    project.update_memo(memo_id, "  ", coder="alice")
    with pytest.raises(NotFoundError):
        project.memo(memo_id)
    assert [m.coder for m in project.memos()] == ["bob"]
    with pytest.raises(InputError):
        project.add_memo("x", coder="alice", target_kind="span", doc_id=1, start=9, end=3)
    with pytest.raises(InputError):
        project.add_memo("x", coder="alice", target_kind="nonsense")


def test_busy_timeout_and_data_version(project: Project, project_path: Path) -> None:
    before = project.data_version()
    with Project(project_path) as other:
        other.add_memo("from another process", coder="bob", target_kind="project")
    assert project.data_version() != before
    project.set_busy_timeout(50)
    locker = sqlite3.connect(project_path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            project.add_memo("blocked", coder="alice", target_kind="project")
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert [m.text for m in project.memos()] == ["from another process"]
