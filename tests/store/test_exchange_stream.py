"""`export qdpx` streams the codings from SQL to the file: the same bytes and stored GUIDs as
writing the whole bundle, on a study with every kind of span, memo and GUID."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import shared_path
from tests.store.exchange_projects import coders_projects
from themecoder.cli import cli
from themecoder.core.guids import GUID_NAMESPACE
from themecoder.io import read_document
from themecoder.io.refi import write_qdpx
from themecoder.store import Project

NS = "{urn:QDA-XML:project:1.0}"
UNICODE = "Ana: Ünïcödé “quotes” & <tags> 😀 naïve café.\nBudi: 日本語のテキスト — ça va, 𝒳 too.\n"
GUID_TABLES = ("documents", "codes", "codings", "memos", "cases")


def uuid5(name: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, name))


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two coders' merged codings (budi's with their GUIDs, ana's without), a third coder on a
    non-ASCII document (shared and overlapping spans), an uncoded document, memos on a coded
    span, an uncoded span, codings, a document, a code and the project, a stored GUID that is
    the one derived for another coding's span, and one stored in another spelling."""
    built = coders_projects(tmp_path_factory.getbasetemp())
    folder = tmp_path_factory.mktemp("stream")
    path = Path(shutil.copy(built["ana"], folder / "study.db"))
    (folder / "unicode-notes.txt").write_text(UNICODE, encoding="utf-8")
    (folder / "empty-doc.txt").write_text("Nothing is coded here.\n", encoding="utf-8")
    with Project(path) as project:
        project.merge_bundle(Project.read_project_bundle(built["budi"]), source_label="budi.db",
                             backup=False)
        project.add_documents([d for name in ("unicode-notes", "empty-doc")
                               for d in read_document(folder / f"{name}.txt")])  # fmt: skip
        _code_unicode_document(project)
        _add_memos(project)
        project.set_case_attributes({"P03": {"age": "34"}, "P40": {"cohort": "2"}})
    _collide_and_respell(path)
    return path


def _code_unicode_document(project: Project) -> None:
    doc = project.document("unicode-notes")
    quote = "Ünïcödé “quotes” & <tags> 😀"
    start = UNICODE.index(quote)
    for coder in ("ana", "budi"):  # a shared span
        project.add_coding(doc.id, "barriers", start, start + len(quote), coder=coder)
    project.add_coding(doc.id, "barriers/cost-and-connectivity", start + 3, start + 20, coder="citra")
    japanese = UNICODE.index("日本語")
    project.add_coding(doc.id, "barriers", japanese, japanese + 6, coder="citra",
                       memo="memo with <xml> & ünïcode")


def _add_memos(project: Project) -> None:
    doc = project.document("P07-interview")
    ana = project.codings(coder="ana")
    budi = project.codings(coder="budi")
    coded = ana[3]
    project.add_memo("on a coded span", coder="budi", doc_id=coded.doc_id, start=coded.start,
                     end=coded.end)
    project.add_memo("on an uncoded span", coder="ana", doc_id=doc.id, start=5, end=9)
    project.add_memo("again on it", coder="budi", doc_id=doc.id, start=5, end=9)
    project.add_memo("a note\nwith two lines", coder="ana", target_kind="document", target_id=doc.id,
                     doc_id=doc.id)
    project.add_memo("overlaps with sales?", coder="ana", target_kind="code",
                     target_id=project.code("outcomes/confidence").id)
    project.add_memo("round 1 done", coder="lead", target_kind="project")
    project.set_coding_memo(budi[0].id, "unsure about the end 😀", coder="budi")
    project.set_coding_memo(ana[0].id, "ana's doubt", coder="ana")


def _collide_and_respell(path: Path) -> None:
    """Take ana's codings' GUIDs away (as another tool may store codings), give her second coding
    the GUID derived for her first one (as a merged, re-anchored coding keeps), and one of her
    codings its stored GUID in braces and capitals."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE codings SET guid = NULL WHERE coder = 'ana'")
        first, second, third = conn.execute(
            "SELECT id FROM codings WHERE coder = 'ana' AND guid IS NULL ORDER BY id LIMIT 3")
        conn.execute("UPDATE codings SET guid = ? WHERE id = ?", [_derived(conn, first[0]), second[0]])
        conn.execute("UPDATE codings SET guid = '{0A1B2C3D-4E5F-4A6B-8C7D-8E9FA0B1C2D3}' WHERE id = ?",
                     [third[0]])
    conn.close()


def _derived(conn: sqlite3.Connection, coding_id: int) -> str:
    """The GUID derived for a coding, from its parts, as the documents have none stored yet."""
    name, sha, code, coder, start, end = conn.execute(
        'SELECT d.name, d.sha256, c.guid, g.coder, g.start, g."end" FROM codings g '
        "JOIN documents d ON d.id = g.doc_id JOIN codes c ON c.id = g.code_id WHERE g.id = ?",
        [coding_id]).fetchone()
    return uuid5(f"coding|{uuid5(f'document|{name}|{sha}')}|{code}|{coder}|{start}|{end}")


def export(project: Path, out: Path, *coders: str) -> str:
    flags = [arg for coder in coders for arg in ("--coder", coder)]
    result = CliRunner().invoke(cli, ["-p", str(project), "export", "qdpx", "-o", str(out), *flags],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def stored_guids(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    found = {t: conn.execute(f"SELECT id, guid FROM {t} ORDER BY id").fetchall() for t in GUID_TABLES}
    found["coders"] = conn.execute("SELECT rowid, name, guid FROM coders ORDER BY rowid").fetchall()
    conn.close()
    return found


@pytest.mark.parametrize("coders", [(), ("budi",), ("ana", "citra")])
def test_the_streamed_file_is_the_whole_bundle_written(study: Path, tmp_path: Path,
                                                       coders: tuple[str, ...]) -> None:
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()  # same file name: the project's name
    streamed, whole = (Path(shutil.copy(study, tmp_path / n / "study.db")) for n in "ab")
    export(streamed, tmp_path / "streamed.qdpx", *coders)
    with Project(whole) as project:
        write_qdpx(project.export_bundle(list(coders) or None), tmp_path / "whole.qdpx")
    assert members(tmp_path / "streamed.qdpx") == members(tmp_path / "whole.qdpx")
    assert (tmp_path / "streamed.qdpx").read_bytes() == (tmp_path / "whole.qdpx").read_bytes()
    assert stored_guids(streamed) == stored_guids(whole) != stored_guids(study)
    export(streamed, tmp_path / "again.qdpx", *coders)  # now with every GUID stored
    assert members(tmp_path / "again.qdpx") == members(tmp_path / "streamed.qdpx")


def test_the_streamed_file_is_valid_against_the_refi_schema(study: Path, tmp_path: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(shared_path("refi-qda", "Project-mrt2019.xsd")))
    export(Path(shutil.copy(study, tmp_path / "s.db")), tmp_path / "s.qdpx")
    schema.validate(members(tmp_path / "s.qdpx")["project.qde"].decode("utf-8"))


def test_selections_are_the_spans_in_order_with_codings_by_code_and_coder(
        study: Path, tmp_path: Path) -> None:
    """An oracle from SQL: each document's spans (coded, or memoed only) sorted, each span's
    codings by code path then coder, the first one's coder creating the selection."""
    export(Path(shutil.copy(study, tmp_path / "s.db")), tmp_path / "s.qdpx")
    root = ET.fromstring(members(tmp_path / "s.qdpx")["project.qde"])
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{NS}User")}
    codes = _code_paths(root)
    found = {}
    for source in root.iter(f"{NS}TextSource"):
        spans = []
        for selection in source.iter(f"{NS}PlainTextSelection"):
            codings = [(codes[c.find(f"{NS}CodeRef").get("targetGUID")], users[c.get("creatingUser")])
                       for c in selection.iter(f"{NS}Coding")]  # fmt: skip
            creator = users.get(selection.get("creatingUser") or "")
            spans.append((int(selection.get("startPosition")), int(selection.get("endPosition")),
                          creator, codings))  # fmt: skip
        found[source.get("name")] = spans
    assert found == _expected_spans(study)
    assert found["empty-doc"] == [] and (5, 9, None, []) in found["P07-interview"]
    assert sorted(users.values()) == ["ana", "budi", "citra", "lead"]


def _code_paths(root: ET.Element) -> dict[str, str]:
    paths = {}

    def walk(element: ET.Element, prefix: str) -> None:
        for code in element.findall(f"{NS}Code"):
            paths[code.get("guid")] = prefix + code.get("name")
            walk(code, paths[code.get("guid")] + "/")

    walk(root.find(f"{NS}CodeBook/{NS}Codes"), "")
    return paths


def _expected_spans(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    spans: dict[str, dict[tuple[int, int], list[tuple[str, str]]]] = {
        name: {} for (name,) in conn.execute("SELECT name FROM documents")}
    for name, start, end, code, coder in conn.execute(
            'SELECT d.name, g.start, g."end", c.path, g.coder FROM codings g JOIN documents d '
            "ON d.id = g.doc_id JOIN codes c ON c.id = g.code_id"):
        spans[name].setdefault((start, end), []).append((code, coder))
    for name, start, end in conn.execute('SELECT d.name, m.start, m."end" FROM memos m JOIN '
                                         "documents d ON d.id = m.doc_id WHERE m.target_kind = 'span'"):
        spans[name].setdefault((start, end), [])
    conn.close()
    return {name: [(start, end, min(codings)[1] if codings else None, sorted(codings))
                   for (start, end), codings in sorted(by_span.items())]
            for name, by_span in spans.items()}  # fmt: skip


def test_derived_guids_are_the_uuid5_of_what_the_objects_are(study: Path, tmp_path: Path) -> None:
    project = Path(shutil.copy(study, tmp_path / "s.db"))
    conn = sqlite3.connect(project)
    first, second, third = (r[0] for r in conn.execute(
        "SELECT id FROM codings WHERE coder = 'ana' ORDER BY id LIMIT 3"))
    derived_first = _derived(conn, first)
    conn.close()
    export(project, tmp_path / "s.qdpx")
    conn = sqlite3.connect(project)
    guids = dict(conn.execute("SELECT id, guid FROM codings WHERE id IN (?, ?, ?)", [first, second, third]))
    doc, start, end = conn.execute('SELECT d.guid, g.start, g."end" FROM codings g JOIN documents d '
                                   "ON d.id = g.doc_id WHERE g.id = ?", [first]).fetchone()
    conn.close()
    assert guids[second] == derived_first  # stored before, kept
    assert guids[first] == uuid5(f"coding|{derived_first}|{first}")  # its own was taken
    assert guids[third] == "{0A1B2C3D-4E5F-4A6B-8C7D-8E9FA0B1C2D3}"  # stored as it was
    qde = members(tmp_path / "s.qdpx")["project.qde"].decode("utf-8")
    assert f'<Coding guid="{guids[first]}"' in qde and f'<Coding guid="{derived_first}"' in qde
    assert '<Coding guid="0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"' in qde and "0A1B" not in qde
    assert f'<PlainTextSelection guid="{uuid5(f"selection|{doc}|{start}|{end}")}"' in qde


def test_every_coding_without_a_guid_gets_the_uuid5_of_its_parts(study: Path, tmp_path: Path) -> None:
    """Checked from SQL for each coding, in the stream and in the memos' notes alike."""
    project = Path(shutil.copy(study, tmp_path / "s.db"))
    conn = sqlite3.connect(project)
    stored = {guid for (guid,) in conn.execute("SELECT guid FROM codings WHERE guid IS NOT NULL")}
    expected = {}
    for coding_id, name, sha, code, coder, start, end in conn.execute(  # every code has a GUID
            'SELECT g.id, d.name, d.sha256, c.guid, g.coder, g.start, g."end" FROM codings g '
            "JOIN documents d ON d.id = g.doc_id JOIN codes c ON c.id = g.code_id WHERE g.guid IS NULL"):
        doc = uuid5(f"document|{name}|{sha}")
        guid = uuid5(f"coding|{doc}|{code}|{coder}|{start}|{end}")
        expected[coding_id] = uuid5(f"coding|{guid}|{coding_id}") if guid in stored else guid
    conn.close()
    with Project(project) as p:
        bundle = p.export_bundle()
    conn = sqlite3.connect(project)
    found = dict(conn.execute("SELECT id, guid FROM codings"))
    conn.close()
    assert {key: found[key] for key in expected} == expected and len(expected) > 35
    notes = {n.target_guid for n in bundle.notes if n.target_kind == "coding"}
    codings = {c.guid for s in bundle.sources for x in s.selections for c in x.codings}
    assert len(notes) == 3 and notes <= codings


def test_a_failed_export_writes_no_file_and_stores_no_guid(study: Path, tmp_path: Path) -> None:
    """The GUIDs are stored once the file is laid out: not when laying it out fails."""
    failing = Path(shutil.copy(study, tmp_path / "study.db"))
    conn = sqlite3.connect(failing)
    with conn:
        last = conn.execute("SELECT max(id) FROM codings").fetchone()[0]
        conn.execute('UPDATE codings SET "end" = 1000000 WHERE id = ?', [last])
    conn.close()
    result = CliRunner().invoke(cli, ["-p", str(failing), "export", "qdpx", "-o", str(tmp_path / "x.qdpx")])
    assert result.exit_code != 0 and "lies outside" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.db"]
    assert stored_guids(failing) == stored_guids(study)
