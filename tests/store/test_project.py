"""The project store on real SQLite files: schema, transactions, documents, codes, codings, history."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from themecoder.core.errors import InputError, NotFoundError
from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project
from themecoder.store.schema import SCHEMA_VERSION

TEXT = "Interviewer: How did the training go? Tell me.\nSari: It went well. Sales grew! I was happy 😀."


def parsed(name: str = "P01-interview", text: str = TEXT, **kw) -> ParsedDocument:
    i = text.index("How")
    j = text.index("It went")
    return ParsedDocument(name, text, [Turn(i, text.index("\n"), "Interviewer"), Turn(j, len(text), "Sari")],
                          "txt", **kw)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project(tmp_path / "study.db")
    p.add_documents([parsed()])
    p.upsert_codes([CodeDef("outcomes/sales-growth", shortcut="1"), CodeDef("outcomes/confidence")])
    yield p
    p.close()


def test_new_project_has_schema_wal_and_private_file(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Project(path) as p:
        assert p.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert p.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert p.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert p.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_reopening_applies_no_migration_twice(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Project(path).close()
    with Project(path) as p:
        names = [r[0] for r in p.db.execute("SELECT name FROM _migrations ORDER BY rowid")]
    assert names[0] == "m001_initial" and len(names) == len(set(names)) == SCHEMA_VERSION


def test_not_a_project_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("hello, I am not SQLite")
    with pytest.raises(InputError, match="not a themecoder project"):
        Project(bad)
    with pytest.raises(InputError, match="no such project"):
        Project(tmp_path / "missing.db", create=False)


def test_documents_turns_sentences(project: Project) -> None:
    doc = project.document("P01-interview")
    assert doc.text == TEXT and doc.words == 18
    turns = project.segments(doc.id, "turn")
    assert [t.speaker for t in turns] == ["Interviewer", "Sari"]
    sentences = [TEXT[s.start:s.end] for s in project.segments(doc.id, "sentence")]
    assert sentences == ["How did the training go?", "Tell me.", "It went well.", "Sales grew!",
                         "I was happy 😀."]
    assert project.document(doc.id).name == doc.name
    with pytest.raises(NotFoundError):
        project.document("nope")


def test_identical_text_is_skipped_but_table_rows_never_merge(project: Project) -> None:
    again = project.add_documents([parsed(name="copy")])
    assert again[0].status == "skipped"
    rows = [ParsedDocument("survey", "Nothing", [Turn(0, 7)], "csv", import_key=f"s:{n}") for n in range(3)]
    results = project.add_documents(rows)
    assert [r.status for r in results] == ["imported"] * 3
    assert [r.name for r in results] == ["survey", "survey-2", "survey-3"]


def test_import_is_one_transaction(project: Project) -> None:
    before = project.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    with pytest.raises(InputError):
        project.add_documents([parsed(name="good", text=TEXT + " More."), parsed(name="x")], kind="bogus")
    bad = ParsedDocument("broken", "abc", [Turn(5, 2)], "txt")
    with pytest.raises(InputError, match="broken: turn 5-2"):
        project.add_documents([parsed(name="good", text=TEXT + " More."), bad])
    assert project.db.execute("SELECT count(*) FROM documents").fetchone()[0] == before


def test_streamed_import_rolls_back_when_reading_fails_late(project: Project) -> None:
    """Documents arriving from a generator (files still being read) are written as they come;
    an error after several batches have been written still leaves the project unchanged."""
    before = project.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def documents():  # type: ignore[no-untyped-def]
        for n in range(150):  # more than two batches of sentence splitting
            yield parsed(name=f"doc{n}", text=f"{TEXT} Number {n}.")
        raise OSError("disk went away")

    with pytest.raises(OSError):
        project.add_documents(documents())
    assert project.db.execute("SELECT count(*) FROM documents").fetchone()[0] == before
    results = project.add_documents(parsed(name=f"doc{n}", text=f"{TEXT} Number {n}.") for n in range(150))
    assert [r.status for r in results] == ["imported"] * 150
    stored = project.segments(results[-1].doc_id, "sentence")
    assert stored and stored[-1].end <= len(f"{TEXT} Number 149.")


def test_code_paths_parents_and_lookup(project: Project) -> None:
    assert [c.path for c in project.codes()] == ["outcomes", "outcomes/sales-growth", "outcomes/confidence"]
    assert project.code("sales-growth").path == "outcomes/sales-growth"
    with pytest.raises(NotFoundError, match="did you mean outcomes/sales-growth"):
        project.code("sales-grwth")
    assert project.upsert_codes([CodeDef("outcomes/sales-growth", shortcut="1")]).count == 0
    changed = project.upsert_codes([CodeDef("outcomes/sales-growth", description="More sales")])
    assert len(changed.updated) == 1 and project.code("sales-growth").description == "More sales"


def test_coding_offsets_are_code_points_and_checked(project: Project) -> None:
    start = TEXT.index("I was happy")
    cid = project.add_coding("P01-interview", "outcomes/confidence", start, len(TEXT), coder="ana")
    coding = project.coding(cid)
    assert coding.text == "I was happy 😀." and coding.end - coding.start == len("I was happy 😀.")
    for bad in [(-1, 3), (5, 5), (10, len(TEXT) + 1)]:
        with pytest.raises(InputError, match="outside the text"):
            project.add_coding("P01-interview", "confidence", *bad, coder="ana")
    assert project.add_coding("P01-interview", "confidence", start, len(TEXT), coder="ana") == cid


def test_rename_and_merge_carry_codings(project: Project) -> None:
    project.add_coding(1, "confidence", 0, 5, coder="ana")
    project.add_coding(1, "sales-growth", 0, 5, coder="ana")
    project.add_coding(1, "sales-growth", 6, 9, coder="ana")
    project.rename_code("outcomes", "results")
    assert {c.code for c in project.codings()} == {"results/confidence", "results/sales-growth"}
    moved = project.merge_codes("results/confidence", "results/sales-growth")
    assert moved == 0  # the identical span already existed under the target
    assert {(c.code, c.start) for c in project.codings()} == {("results/sales-growth", 0),
                                                              ("results/sales-growth", 6)}
    with pytest.raises(NotFoundError):
        project.code("results/confidence")


def test_undo_redo_survive_a_restart(tmp_path: Path, project: Project) -> None:
    cid = project.add_coding(1, "confidence", 0, 11, coder="ana")
    project.remove_coding(cid, coder="ana")
    project.close()
    with Project(project.path) as again:
        assert again.codings() == []
        assert again.undo("ana") == "undid uncode"
        assert [c.id for c in again.codings()] == [cid]
        assert again.undo("ana") == "undid code"
        assert again.undo("bob") is None
        assert again.redo("ana") == "redid code"
        assert len(again.codings()) == 1


def test_bulk_codings_reanchor_and_keep_unplaced(project: Project) -> None:
    start = TEXT.index("Sales grew!")
    rows = [
        {"doc": "P01-interview", "code": "outcomes/sales-growth", "start": start, "end": start + 11},
        {"doc": "P01-interview", "code": "new/code", "start": 0, "end": 4, "text": "Sales grew!"},
        {"doc": "P01-interview", "code": "outcomes/confidence", "quote": "I was hapy 😀."},
        {"doc": "P01-interview", "code": "outcomes/confidence", "quote": "never said anywhere at all"},
    ]
    report = project.add_codings(rows, coder="budi", source="test")
    assert (report.added, report.reanchored, report.codes_created) == (3, 1, ["new/code"])
    assert [c.text for c in project.codings(coder="budi")] == ["Sales grew!", "Sales grew!",
                                                               "I was happy 😀."]
    assert len(report.unplaced) == 1 and project.unplaced_codings()[0]["text"].startswith("never")
    again = project.add_codings(rows[:1], coder="budi", source="test")
    assert (again.added, again.duplicates) == (0, 1)


def test_bad_coding_row_changes_nothing(project: Project) -> None:
    rows = [{"doc": 1, "code": "outcomes/confidence", "start": 0, "end": 4},
            {"doc": 1, "code": "outcomes/confidence", "start": 0, "end": 9999}]
    with pytest.raises(InputError, match="row 2"):
        project.add_codings(rows, coder="budi", source="test")
    assert project.codings() == []


def test_cases_and_attributes(project: Project) -> None:
    project.set_case_attributes({"P01": {"district": "Sleman", "cohort": "1"}, "P02": {"cohort": "2"}})
    project.assign_case(1, "P01")
    assert project.document(1).case == "P01"
    cases = {c["case"]: c for c in project.cases()}
    assert cases["P01"]["district"] == "Sleman" and cases["P01"]["documents"] == 1
