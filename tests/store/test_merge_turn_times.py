"""A document merged in from another project keeps that project's turns: speakers, spans, cue times."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.store.exchange_projects import SAMPLE, table_dump
from themecoder.core.model import Turn
from themecoder.io import read_document
from themecoder.io.refi import read_qdpx
from themecoder.io.refi.documents import source_document
from themecoder.io.refi.model import QdaSource
from themecoder.io.refi.write import project_xml, write_qdpx
from themecoder.store import Project

CAPTIONS = ("P09-interview.vtt", "P26-interview.vtt", "P13-interview.srt")
TurnRow = tuple[str, int, int, int, str | None, float | None, float | None]


@pytest.fixture(scope="module")
def source_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Project A: two WebVTT and one SRT transcript (turns with cue times), and a plain text."""
    path = tmp_path_factory.mktemp("a") / "a.db"
    with Project(path) as project:
        parsed = [doc for name in (*CAPTIONS, "P03-interview.txt") for doc in read_document(SAMPLE / name)]
        project.add_documents(parsed)
    return path


def turns_of(path: Path) -> list[TurnRow]:
    """(document, index, start, end, speaker, time, end_time) of every stored turn."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            'SELECT d.name, s.idx, s.start, s."end", s.speaker, s.time, s.end_time FROM segments s '
            "JOIN documents d ON d.id = s.doc_id WHERE s.kind = 'turn' ORDER BY d.name, s.idx").fetchall()
    finally:
        conn.close()


def sentences_of(path: Path) -> list[tuple[str, int, int]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            'SELECT d.name, s.start, s."end" FROM segments s JOIN documents d ON d.id = s.doc_id '
            "WHERE s.kind = 'sentence' ORDER BY d.name, s.idx").fetchall()
    finally:
        conn.close()


def merge_project(target: Path, source: Path):  # type: ignore[no-untyped-def]
    bundle = Project.read_project_bundle(source)
    with Project(target) as project:
        return project.merge_bundle(bundle, source_label=source.name, coder="lead")


def test_merged_captions_keep_their_speakers_spans_and_cue_times(source_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    report = merge_project(target, source_project)
    assert len(report.documents_added) == 4 and report.warnings == []
    expected = turns_of(source_project)
    timed = [row for row in expected if row[5] is not None]
    assert len(timed) > 50 and all(row[6] is not None for row in timed)  # the sample has cue times
    assert turns_of(target) == expected
    assert sentences_of(target) == sentences_of(source_project)  # computed again, from the same turns


def test_merging_the_same_project_twice_changes_nothing(source_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    merge_project(target, source_project)
    dump = table_dump(target)
    again = merge_project(target, source_project)
    assert not again.changed and len(again.documents_matched) == 4
    assert {t: rows for t, rows in table_dump(target).items() if t != "history"} == {
        t: rows for t, rows in dump.items() if t != "history"}


def test_a_matched_document_keeps_its_own_turns(source_project: Path, tmp_path: Path) -> None:
    """The same text imported as plain text (turns without times) is matched, its turns untouched."""
    with Project(source_project, create=False) as project:
        text = next(doc.text for doc in project.documents() if doc.name == "P09-interview")
    plain = tmp_path / "P09-interview.txt"
    plain.write_text(text, encoding="utf-8")
    target = tmp_path / "b.db"
    with Project(target) as project:
        project.add_documents(read_document(plain))
    before = turns_of(target)
    assert before and all(row[5] is None for row in before)
    report = merge_project(target, source_project)
    assert report.documents_matched == ["P09-interview"] and len(report.documents_added) == 3
    assert [row for row in turns_of(target) if row[0] == "P09-interview"] == before


def test_a_qdpx_has_no_turns_and_its_documents_get_the_turns_found_in_the_text(
        source_project: Path, tmp_path: Path) -> None:
    with Project(source_project, create=False) as project:
        exported = project.export_bundle(keep_guids=False)
    assert all(source.turns is None for source in exported.sources)
    with_turns = Project.read_project_bundle(source_project)
    assert all(source.turns for source in with_turns.sources)
    assert project_xml(with_turns) == project_xml(exported)  # the turns are never written
    write_qdpx(with_turns, tmp_path / "a.qdpx")
    target = tmp_path / "c.db"
    with Project(target) as project:
        project.merge_bundle(read_qdpx(tmp_path / "a.qdpx"), source_label="a.qdpx", coder="lead")
    rows = turns_of(target)
    assert rows and all(row[5] is None and row[6] is None for row in rows)


def test_turns_that_do_not_fit_the_text_are_found_again_with_a_warning() -> None:
    text = "Ana: hello there.\nBudi: hi.\n"
    stray = QdaSource("g1", "x.vtt", text, turns=[Turn(5, 200, "Ana", 1.0, 2.0)])
    document = source_document(stray, "a.db")
    assert document is not None and document.name == "x"
    assert [turn.speaker for turn in document.turns] == ["Ana", "Budi"]
    assert all(turn.time is None for turn in document.turns)
    assert document.warnings == ["its stored turns do not fit its text: turns found again in the text"]
    kept = source_document(QdaSource("g2", "y", text, turns=[Turn(5, 17, "Sari", 3.5, 4.0)]), "a.db")
    assert kept is not None and kept.turns == [Turn(5, 17, "Sari", 3.5, 4.0)]


def test_a_merged_document_keeps_its_kind(tmp_path: Path) -> None:
    """A kind chosen in the source project (a survey answer, which its turns would call an
    observation) comes along."""
    source = tmp_path / "a.db"
    with Project(source) as project:
        project.add_documents(read_document(SAMPLE / "P03-interview.txt"))
        project.db.execute("UPDATE documents SET kind = 'survey'")
    merge_project(tmp_path / "b.db", source)
    with Project(tmp_path / "b.db") as project:
        assert [d.kind for d in project.documents()] == ["survey"]
