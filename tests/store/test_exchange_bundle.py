"""The exchange bundle: export, write as .qdpx, import into a new project: nothing changes."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared_path
from tests.store.exchange_projects import coders_projects, table_dump
from themecoder.io.refi import read_qdpx, write_qdpx
from themecoder.store import Project


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two coders' codings, memos of every kind, cases with attributes, a case without documents."""
    built = coders_projects(tmp_path_factory.getbasetemp())
    path = Path(shutil.copy(built["ana"], tmp_path_factory.mktemp("rich") / "rich.db"))
    with Project(path) as project:
        project.merge_bundle(Project.read_project_bundle(built["budi"]), source_label="budi.db",
                             backup=False)
        project.set_case_attributes({"P03": {"age": "34", "village": "Karangsari"}, "P07": {"age": ""},
                                     "P40": {"cohort": "2"}})
        doc = project.document("P07-interview")
        project.add_memo("she hesitates here", coder="budi", doc_id=doc.id, start=100, end=160)
        project.add_memo("a note\nwith two lines", coder="ana", target_kind="document", target_id=doc.id,
                         doc_id=doc.id)
        project.add_memo("overlaps with sales?", coder="ana", target_kind="code",
                         target_id=project.code("outcomes/confidence").id)
        project.add_memo("round 1 done", coder="lead", target_kind="project")
        first = project.codings(coder="budi")[0]
        project.set_coding_memo(first.id, "unsure about the end 😀", coder="budi")
    return path


def snapshot(path: Path) -> dict[str, Any]:
    """What an exchange must keep: documents, codes, codings, memos, cases and attributes."""
    with Project(path, create=False) as project:
        docs = {d.id: d for d in project.documents()}
        codes = {c.id: c.path for c in project.codes()}
        return {
            "documents": [(d.name, d.text, d.case) for d in docs.values()],
            "codes": [(c.path, c.description, c.include, c.exclude, c.examples, c.color, c.guid)
                      for c in project.codes()],
            "codings": sorted((c.doc, c.code, c.coder, c.start, c.end, c.text, c.memo)
                              for c in project.codings()),
            "memos": sorted((m.target_kind, docs[m.doc_id].name if m.doc_id else None, m.start, m.end,
                             codes.get(m.target_id) if m.target_kind == "code" else None, m.coder, m.text)
                            for m in project.memos()),
            "cases": project.cases(),
        }


def round_trip(source: Path, tmp: Path) -> Path:
    with Project(source) as project:
        write_qdpx(project.export_bundle(), tmp / "out.qdpx")
    target = tmp / "new.db"
    with Project(target) as project:
        project.merge_bundle(read_qdpx(tmp / "out.qdpx"), source_label="out.qdpx", coder="nobody")
    return target


def test_exporting_then_importing_into_a_new_project_changes_nothing(rich: Path, tmp_path: Path) -> None:
    source = Path(shutil.copy(rich, tmp_path / "rich.db"))
    target = round_trip(source, tmp_path)
    before, after = snapshot(source), snapshot(target)
    for part in before:
        assert after[part] == before[part], part
    assert len(before["codings"]) == 74 and len(before["memos"]) == 4 and len(before["cases"]) == 5


def test_guids_are_stored_once_and_reused(rich: Path, tmp_path: Path) -> None:
    source = Path(shutil.copy(rich, tmp_path / "rich.db"))
    dump = table_dump(source)
    read_only = Project.read_project_bundle(source)
    assert table_dump(source) == dump  # reading a merge source writes nothing
    with Project(source) as project:
        first = project.export_bundle()
        stored = project.db.execute("SELECT count(*) FROM codings WHERE guid IS NULL").fetchone()[0]
        second = project.export_bundle()
    assert stored == 0
    assert first == second == read_only
    target = round_trip(source, tmp_path)
    with Project(target) as project:
        again = project.export_bundle()
    assert _guids(again) == _guids(first)


def _guids(bundle: Any) -> dict[str, set[str]]:
    return {
        "sources": {s.guid for s in bundle.sources},
        "codes": {c.guid for c in bundle.codes},
        "codings": {c.guid for s in bundle.sources for x in s.selections for c in x.codings},
        "users": {u.guid for u in bundle.users},
        "cases": {c.guid for c in bundle.cases},
        "notes": {n.guid for n in bundle.notes},
    }


def test_export_can_keep_one_coder(rich: Path, tmp_path: Path) -> None:
    source = Path(shutil.copy(rich, tmp_path / "rich.db"))
    with Project(source) as project:
        bundle = project.export_bundle(["budi"])
    codings = [c for s in bundle.sources for x in s.selections for c in x.codings]
    assert [u.name for u in bundle.users] == ["budi"] and len(codings) == 37
    assert {n.text for n in bundle.notes} == {"she hesitates here", "unsure about the end 😀"}
    assert len(bundle.sources) == 4  # every document goes, coded or not


def test_the_written_project_is_valid_against_the_refi_schema(rich: Path, tmp_path: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(shared_path("refi-qda", "Project-mrt2019.xsd")))
    source = Path(shutil.copy(rich, tmp_path / "rich.db"))
    with Project(source) as project:
        write_qdpx(project.export_bundle(), tmp_path / "out.qdpx")
    with zipfile.ZipFile(tmp_path / "out.qdpx") as archive:
        schema.validate(archive.read("project.qde").decode("utf-8"))
        texts = [archive.read(n) for n in archive.namelist() if n.startswith("sources/")]
    assert len(texts) == 4 and not any(t.startswith(b"\xef\xbb\xbf") or b"\r" in t for t in texts)


def test_guids_are_stored_the_same_without_the_json_update(
    rich: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite before 3.38 has no `->>`: the GUIDs are stored row by row, with the same result."""
    stored = {}
    for name in ("json", "rows"):
        source = Path(shutil.copy(rich, tmp_path / f"{name}.db"))
        if name == "rows":
            monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 37, 2))
        with Project(source) as project:
            project.export_bundle()
        stored[name] = table_dump(source)
        conn = sqlite3.connect(source)
        for table in ("documents", "codings", "memos", "cases", "coders"):
            missing = conn.execute(f"SELECT count(*) FROM {table} WHERE guid IS NULL").fetchone()
            assert missing == (0,), table
        conn.close()
    assert stored["json"] == stored["rows"]


def test_guids_are_stored_the_same_whether_ids_are_dense_or_sparse(
    rich: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dense ids take the packed blob, sparse ids the JSON array, and before SQLite 3.38 the
    row-by-row update: every way stores the same GUID on the same coding."""
    stored = {}
    for name in ("dense", "sparse", "rows"):
        source = Path(shutil.copy(rich, tmp_path / f"{name}.db"))
        conn = sqlite3.connect(source)
        with conn:
            conn.execute("UPDATE codings SET guid = NULL")
            if name != "dense":  # ids far apart: 0, 10000, 20000...
                conn.execute("UPDATE codings SET id = -id")
                conn.execute("UPDATE codings SET id = (-id - 1) * 10000")
        conn.close()
        if name == "rows":
            monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 37, 2))
        with Project(source) as project:
            project.export_bundle()
        conn = sqlite3.connect(source)
        stored[name] = conn.execute(
            'SELECT doc_id, code_id, coder, start, "end", guid FROM codings ORDER BY 1, 2, 3, 4, 5'
        ).fetchall()
        conn.close()
    assert len(stored["dense"]) == 74 and all(row[-1] for row in stored["dense"])
    assert len({row[-1] for row in stored["dense"]}) == 74
    assert stored["dense"] == stored["sparse"] == stored["rows"]
