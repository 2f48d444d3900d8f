"""Codings get their GUID when they are stored: the one an export would derive, or the one a
merged coding came with, never one another coding holds; migration m004 gives older projects'
codings theirs."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from themecoder.core.codebook import stable_guid
from themecoder.core.guids import GUID_NAMESPACE
from themecoder.core.model import ParsedDocument, Turn
from themecoder.store import Project
from themecoder.store.schema import SCHEMA_VERSION

GUID = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"
TEXT = "Ana: The bus costs too much. I stopped going. My sister drives me now.\n"


def uuid5(name: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, name))


def derived(conn: sqlite3.Connection, coding_id: int) -> str:
    """The GUID an export derives for a coding, from SQL (no document or code GUID stored)."""
    name, sha, path, coder, start, end = conn.execute(
        'SELECT d.name, d.sha256, c.path, g.coder, g.start, g."end" FROM codings g JOIN documents d '
        "ON d.id = g.doc_id JOIN codes c ON c.id = g.code_id WHERE g.id = ?", [coding_id]).fetchone()
    return uuid5(f"coding|{uuid5(f'document|{name}|{sha}')}|{stable_guid(path)}|{coder}|{start}|{end}")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project(tmp_path / "p.db")
    p.add_documents([ParsedDocument("bus", TEXT, [Turn(0, len(TEXT), "Ana")], "txt")])
    yield p
    p.close()


def guids(p: Project) -> dict[int, str | None]:
    return dict(p.db.execute("SELECT id, guid FROM codings"))


def test_codings_added_one_by_one_or_in_bulk_get_the_guid_an_export_would_derive(project: Project) -> None:
    one = project.add_coding("bus", "barriers/cost", 5, 28, coder="ana", create_code=True)
    report = project.add_codings([{"doc": "bus", "code": "coping", "start": 29, "end": 45},
                                  {"doc": "bus", "code": "coping", "text": "My sister drives me now."}],
                                 coder="budi", source="test")  # fmt: skip
    stored = guids(project)
    assert len(stored) == 3 and set(stored) == {one, *report.ids}
    assert stored == {key: derived(project.db.conn, key) for key in stored}
    bundle = project.export_bundle()
    assert {c.guid for s in bundle.sources for x in s.selections for c in x.codings} == set(stored.values())
    assert guids(project) == stored


def test_a_coding_whose_guid_another_holds_gets_none_and_the_export_derives_one(project: Project) -> None:
    first = project.add_coding("bus", "barriers/cost", 5, 28, coder="ana", create_code=True)
    held = guids(project)[first]
    project.db.execute('UPDATE codings SET start = 4, "end" = 28 WHERE id = ?', [first])  # re-anchored
    second = project.add_coding("bus", "barriers/cost", 5, 28, coder="ana")
    assert guids(project) == {first: held, second: None}
    project.export_bundle()
    assert guids(project) == {first: held, second: uuid5(f"coding|{held}|{second}")}


def test_a_merged_coding_keeps_its_guid_unless_another_holds_it(project: Project, tmp_path: Path) -> None:
    other = Project(tmp_path / "other.db")
    other.add_documents([ParsedDocument("bus", TEXT, [Turn(0, len(TEXT), "Ana")], "txt")])
    kept = other.add_coding("bus", "coping", 29, 45, coder="citra", create_code=True)
    taken = other.add_coding("bus", "coping", 46, 70, coder="citra")
    other.db.execute("UPDATE codings SET guid = ? WHERE id = ?", [GUID, taken])  # from elsewhere
    theirs = guids(other)
    other.close()
    mine = project.add_coding("bus", "barriers/cost", 5, 28, coder="ana", create_code=True)
    project.db.execute("UPDATE codings SET guid = ? WHERE id = ?", [GUID, mine])
    project.merge_bundle(Project.read_project_bundle(tmp_path / "other.db"), source_label="other.db",
                         backup=False)
    merged = dict(project.db.execute('SELECT start, id FROM codings WHERE coder = "citra"'))
    stored = guids(project)
    assert stored[merged[29]] == theirs[kept] and stored[mine] == GUID
    assert stored[merged[46]] == derived(project.db.conn, merged[46])


def test_undo_brings_a_coding_back_without_a_guid_another_took_meanwhile(project: Project) -> None:
    gone = project.add_coding("bus", "barriers/cost", 5, 28, coder="ana", create_code=True)
    held = guids(project)[gone]
    project.remove_coding(gone, coder="ana")
    other = project.add_coding("bus", "coping", 29, 45, coder="budi", create_code=True)
    project.db.execute("UPDATE codings SET guid = ? WHERE id = ?", [held, other])
    assert project.undo("ana") == "undid uncode"
    assert guids(project) == {gone: None, other: held}
    assert project.coding(gone).text == "The bus costs too much."


def test_m004_gives_an_older_projects_codings_their_guids(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Project(path) as p:
        p.add_documents([ParsedDocument("bus", TEXT, [Turn(0, len(TEXT), "Ana")], "txt")])
        ids = [p.add_coding("bus", "barriers/cost", start, start + 9, coder=coder, create_code=True)
               for start in (5, 29, 46) for coder in ("ana", "budi")]  # fmt: skip
        removed = p.add_coding("bus", "coping", 0, 3, coder="ana", create_code=True)
        p.remove_coding(removed, coder="ana")  # the history names an id no coding has now
    conn = sqlite3.connect(path, isolation_level=None)  # as a version 3 file stored them
    conn.execute("DROP INDEX codings_guid")
    conn.execute("UPDATE codings SET guid = NULL")
    conn.execute("UPDATE codings SET guid = 'kept' WHERE id IN (?, ?)", ids[1:3])  # one GUID twice
    conn.execute("UPDATE codings SET guid = '' WHERE id = ?", [ids[3]])
    conn.execute("DELETE FROM sqlite_sequence")  # a version 3 table has no sequence
    conn.execute("DELETE FROM _migrations WHERE name = 'm004_coding_guids'")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with Project(path) as p:
        assert p.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        stored = guids(p)
        assert stored[ids[1]] == "kept"
        assert {k: v for k, v in stored.items() if k != ids[1]} == {
            k: derived(p.db.conn, k) for k in ids if k != ids[1]}
        with pytest.raises(sqlite3.IntegrityError):
            p.db.execute("UPDATE codings SET guid = 'kept' WHERE id = ?", [ids[0]])
        assert p.add_coding("bus", "coping", 1, 3, coder="budi") > removed
        assert p.undo("ana") == "undid uncode" and p.coding(removed).text == TEXT[0:3]


def _as_version_3(path: Path, *, guids: str = "NULL") -> sqlite3.Connection:
    """The file as schema 3 left it: no GUID index, codings without GUIDs (`guids`), ids reused."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP INDEX codings_guid")
    conn.execute(f"UPDATE codings SET guid = {guids}")
    conn.execute("DELETE FROM sqlite_sequence")
    conn.execute("DELETE FROM _migrations WHERE name = 'm004_coding_guids'")
    conn.execute("PRAGMA user_version = 3")
    return conn


def test_m004_copes_with_two_codes_of_one_guid_braces_capitals_and_orphans(tmp_path: Path) -> None:
    """Renaming a code and creating one at its old path gave both the same GUID (schema 3);
    their codings at one span would derive one GUID. A GUID in braces and capitals is the same
    GUID as the plain one. A coding whose document is gone is kept aside, not lost."""
    path = tmp_path / "old.db"
    with Project(path) as p:
        p.add_documents([ParsedDocument("bus", TEXT, [Turn(0, len(TEXT), "Ana")], "txt")])
        first = p.add_coding("bus", "costs", 5, 28, coder="ana", create_code=True)
        p.rename_code("costs", "barriers/costs")
        second = p.add_coding("bus", "costs", 5, 28, coder="ana", create_code=True)
        third = p.add_coding("bus", "coping", 29, 45, coder="ana", create_code=True)
        fourth = p.add_coding("bus", "coping", 46, 70, coder="ana")
    conn = _as_version_3(path)
    conn.execute("UPDATE codes SET guid = (SELECT guid FROM codes WHERE path = 'costs') "
                 "WHERE path = 'barriers/costs'")
    conn.execute("UPDATE codings SET guid = ? WHERE id = ?", [GUID, third])
    conn.execute("UPDATE codings SET guid = ? WHERE id = ?", ["{" + GUID.upper() + "}", fourth])
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO codings (doc_id, code_id, coder, start, \"end\", text, created_at) "
                 "VALUES (99, 1, 'ana', 0, 3, 'Ana', '2024-01-01')")
    conn.close()
    with Project(path) as p:
        stored = guids(p)
        assert set(stored) == {first, second, third, fourth}
        assert len(set(stored.values())) == 4 and stored[third] == GUID and None not in stored.values()
        assert [(r["doc_id"], r["coder"], r["text"]) for r in p.unplaced_codings()] == [(None, "ana", "Ana")]
        assert p.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_undo_of_a_schema_3_history_row_leaves_the_coding_that_took_its_id_alone(tmp_path: Path) -> None:
    """Schema 3 gave a removed coding's id to the next one: ana's undo must neither delete budi's
    coding nor drop her own."""
    path = tmp_path / "old.db"
    with Project(path) as p:
        p.add_documents([ParsedDocument("bus", TEXT, [Turn(0, len(TEXT), "Ana")], "txt")])
        p.add_coding("bus", "coping", 0, 3, coder="ana", create_code=True)
        mine = p.add_coding("bus", "coping", 5, 28, coder="ana")
        p.remove_coding(mine, coder="ana")
        theirs = p.add_coding("bus", "coping", 29, 45, coder="budi")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE codings SET id = ? WHERE id = ?", [mine, theirs])  # as schema 3 did
    conn.close()
    with Project(path) as p:
        assert p.undo("ana") == "undid uncode"
        rows = {(r.coder, r.start) for r in p.codings()}
        assert rows == {("ana", 0), ("ana", 5), ("budi", 29)}
        assert p.undo("ana") == "undid code"  # the coding just brought back, by its span
        assert {(r.coder, r.start) for r in p.codings()} == {("ana", 0), ("budi", 29)}
        assert p.redo("ana") == "redid code"
        assert {(r.coder, r.start) for r in p.codings()} == {("ana", 0), ("ana", 5), ("budi", 29)}
        assert p.redo("ana") == "redid uncode"
        assert {(r.coder, r.start) for r in p.codings()} == {("ana", 0), ("budi", 29)}


def test_a_code_at_a_renamed_codes_old_path_gets_its_own_guid_and_exports_never_repeat_one(
        project: Project) -> None:
    project.add_coding("bus", "costs", 5, 28, coder="ana", create_code=True)
    project.rename_code("costs", "barriers/costs")
    project.add_coding("bus", "costs", 5, 28, coder="ana", create_code=True)
    stored = dict(project.db.execute("SELECT path, guid FROM codes"))
    assert len(set(stored.values())) == len(stored) == 3
    project.db.execute("UPDATE codes SET guid = ? WHERE path IN ('costs', 'barriers/costs')", [GUID])
    exported = [c.guid for c in project.export_bundle().codes]
    assert len(set(exported)) == len(exported) == 3 and GUID in exported
