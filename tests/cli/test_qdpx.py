"""`import FILE.qdpx` and `export qdpx`: real files from other tools, and our own round trip."""

from __future__ import annotations

import json
import shutil
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import shared_path
from tests.store.exchange_projects import table_dump
from themecoder.cli import cli
from themecoder.io import read_document
from themecoder.io.decode import normalise_fragment
from themecoder.io.refi import read_qdpx

SAMPLES = ("refi-qda", "samples")
DEMO = ("realdata", "coded", "qc-proctor-demo", "demo.qdpx")
NVIVO_EMOJI = "nvivo-win-12.6_oltas0517.qdpx"
# file: (documents, codes, codings, coders)
REAL_QDPX = {
    "atlasti-win-23.2_nested-codes.qdpx": (0, 3, 0, []),
    "nvivo-mac-15.0_codes-only.qdpx": (0, 262, 0, []),
    NVIVO_EMOJI: (2, 152, 303, ["Gergo"]),
    "demo.qdpx": (2, 262, 205, ["cp"]),
}


def themecoder(project: Path, *args: object, expect: int = 0, coder: str = "lead") -> Result:
    result = CliRunner().invoke(cli, ["-p", str(project), "--coder", coder, *map(str, args)],
                                catch_exceptions=False)
    assert result.exit_code == expect, (result.output, result.stderr)
    return result


def listing(project: Path, *command: str) -> list[dict]:
    return json.loads(themecoder(project, *command, "--format", "json").stdout)


def real_file(name: str) -> Path:
    return shared_path(*DEMO) if name == "demo.qdpx" else shared_path(*SAMPLES, name)


def test_every_real_qdpx_is_in_the_table() -> None:
    names = {p.name for p in shared_path(*SAMPLES).iterdir() if p.suffix == ".qdpx"}
    assert names | {"demo.qdpx"} == set(REAL_QDPX)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Each real file imported once (a big NVivo file takes seconds): {name: (project, output)}."""
    folder = tmp_path_factory.mktemp("imported")
    found = {}
    for name in REAL_QDPX:
        project = folder / f"{name}.db"
        found[name] = (project, themecoder(project, "import", real_file(name)).stdout)
    return found


def copy_of(imported: dict[str, tuple[Path, str]], name: str, tmp_path: Path) -> Path:
    return Path(shutil.copy(imported[name][0], tmp_path / "study.db"))


@pytest.mark.parametrize("name", sorted(REAL_QDPX))
def test_every_real_qdpx_imports_with_its_codes_and_codings(
        name: str, imported: dict[str, tuple[Path, str]], tmp_path: Path) -> None:
    project, out = copy_of(imported, name, tmp_path), imported[name][1]
    documents, codes, codings, coders = REAL_QDPX[name]
    assert out.count("imported  ") == documents
    assert len(listing(project, "codebook", "list")) == codes
    rows = listing(project, "codings")
    assert len(rows) == codings and sorted({r["coder"] for r in rows}) == coders
    again = themecoder(project, "import", real_file(name)).stdout
    assert f"0 codes added, 0 codings added ({codings} already there" in again


def test_the_import_hook_reads_the_text_sources_of_a_qdpx() -> None:
    path = shared_path(*DEMO)
    documents = read_document(path)
    sources = {s.name: s.text for s in read_qdpx(path).sources}
    assert [d.name for d in documents] == ["board_2017", "admin-1"]
    assert all(d.text == sources[d.name] and d.turns and d.source_format == "qdpx" for d in documents)


def _nvivo_quotes(path: Path) -> Counter[tuple[str, str]]:
    """(source name, quote) of every coding, the quote cut from the raw text at NVivo's positions
    counted in UTF-16 code units, then normalised as stored texts are."""
    quotes: Counter[tuple[str, str]] = Counter()
    with zipfile.ZipFile(path) as archive:
        members = {name.lower(): name for name in archive.namelist()}
        root = ET.fromstring(archive.read("project.qde"))
        for source in root.iter("{urn:QDA-XML:project:1.0}TextSource"):
            member = "sources/" + source.get("plainTextPath", "").removeprefix("internal://")
            units = archive.read(members[member.lower()]).decode("utf-8-sig").encode("utf-16-le")
            for selection in source.iter("{urn:QDA-XML:project:1.0}PlainTextSelection"):
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                quote = normalise_fragment(units[2 * start : 2 * end].decode("utf-16-le"))
                n = len(list(selection.iter("{urn:QDA-XML:project:1.0}Coding")))
                quotes[(source.get("name"), quote)] += n
    return quotes


def test_nvivo_codings_land_on_the_words_nvivo_counted_in_utf16_units(
        imported: dict[str, tuple[Path, str]], tmp_path: Path) -> None:
    path = shared_path(*SAMPLES, NVIVO_EMOJI)
    project = copy_of(imported, NVIVO_EMOJI, tmp_path)
    rows = listing(project, "codings")
    stored = Counter((r["doc"], r["text"]) for r in rows)
    expected = _nvivo_quotes(path)
    assert sum(expected.values()) == 303
    assert stored == expected
    assert sum(ord(c) > 0xFFFF for r in listing(project, "docs") for c in
               json.loads(themecoder(project, "show", r["name"], "--format", "json").stdout)["text"]) == 1786


def test_export_then_import_into_a_new_project_changes_nothing(
        imported: dict[str, tuple[Path, str]], tmp_path: Path) -> None:
    source = copy_of(imported, "demo.qdpx", tmp_path)
    themecoder(source, "cases", "import", _participants(tmp_path), "--key", "case")
    out = themecoder(source, "export", "qdpx", "-o", tmp_path / "out.qdpx").stdout
    assert "2 documents, 262 codes, 205 codings by 1 coders" in out
    target = tmp_path / "target.db"
    themecoder(target, "import", tmp_path / "out.qdpx")
    for command in (["docs"], ["codebook", "list"], ["codings"], ["cases", "list"]):
        before, after = listing(source, *command), listing(target, *command)
        for row in before + after:
            row.pop("id", None), row.pop("created", None), row.pop("doc_id", None)
        assert after == before, command


def _participants(tmp_path: Path) -> Path:
    path = tmp_path / "participants.csv"
    path.write_text("case,district,years\nboard,North,12\nadmin,South,\n", encoding="utf-8")
    return path


def test_export_qdpx_validates_against_the_refi_schema(
        imported: dict[str, tuple[Path, str]], tmp_path: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(shared_path("refi-qda", "Project-mrt2019.xsd")))
    project = copy_of(imported, NVIVO_EMOJI, tmp_path)
    themecoder(project, "export", "qdpx", "-o", tmp_path / "out.qdpx", "--coder", "Gergo")
    with zipfile.ZipFile(tmp_path / "out.qdpx") as archive:
        schema.validate(archive.read("project.qde").decode("utf-8"))


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "out.zip"], "must end in .qdpx"),
    (["-o", "missing/out.qdpx"], "does not exist"),
    (["-o", "out.qdpx", "--coder", "nobody"], "--coder nobody: no codings by this coder"),
])
def test_export_qdpx_refuses_bad_arguments(imported: dict[str, tuple[Path, str]], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch, args: list[str],
                                           message: str) -> None:
    project = copy_of(imported, "demo.qdpx", tmp_path)
    monkeypatch.chdir(tmp_path)
    assert message in themecoder(project, "export", "qdpx", *args, expect=2).stderr
    assert not list(tmp_path.glob("out.*"))


def test_a_hostile_qdpx_import_fails_and_changes_nothing(
        imported: dict[str, tuple[Path, str]], tmp_path: Path) -> None:
    project = copy_of(imported, "demo.qdpx", tmp_path)
    dump = table_dump(project)
    bomb = tmp_path / "bomb.qdpx"
    entities = '<!DOCTYPE p [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Project name="&b;"/>'
    with zipfile.ZipFile(bomb, "w") as archive:
        archive.writestr("project.qde", entities)
    assert "bomb.qdpx" in themecoder(project, "import", bomb, expect=2).stderr
    assert table_dump(project) == dump


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    out = CliRunner().invoke(cli, ["demo", "--no-tui", "--dir", str(folder)], catch_exceptions=False)
    return Path(out.stdout.strip().splitlines()[-1])


def test_a_coders_qdpx_merges_into_the_sample_project(sample_project: Path, tmp_path: Path) -> None:
    full = Path(shutil.copy(sample_project, tmp_path / "full.db"))
    themecoder(full, "export", "qdpx", "-o", tmp_path / "budi.qdpx", "--coder", "budi")
    lead = Path(shutil.copy(sample_project, tmp_path / "lead.db"))
    conn = sqlite3.connect(lead)
    conn.execute("DELETE FROM codings WHERE coder = 'budi'")
    conn.commit()
    conn.close()
    report = json.loads(themecoder(lead, "merge", tmp_path / "budi.qdpx", "--format", "json").stdout)
    assert report["codings_added"] == 37 and report["documents_added"] == []
    assert len(report["documents_matched"]) == 45 and report["codes_added"] == []
    assert sorted((r["doc"], r["code"], r["start"], r["end"]) for r in listing(lead, "codings")) == sorted(
        (r["doc"], r["code"], r["start"], r["end"]) for r in listing(full, "codings"))


def test_another_tools_qdpx_merges_into_the_sample_project(sample_project: Path, tmp_path: Path) -> None:
    lead = Path(shutil.copy(sample_project, tmp_path / "lead.db"))
    report = json.loads(themecoder(lead, "merge", shared_path(*DEMO), "--format", "json").stdout)
    assert report["documents_added"] == ["board_2017", "admin-1"] and report["codings_added"] == 205
    assert len(listing(lead, "docs")) == 47


def test_export_qdpx_repeats_byte_for_byte_and_leaves_no_temporary_file(
        sample_project: Path, tmp_path: Path) -> None:
    """The first export stores the GUIDs it derived (while the file is written); the second
    re-uses them: same bytes."""
    project = Path(shutil.copy(sample_project, tmp_path / "p.db"))
    first = themecoder(project, "export", "qdpx", "-o", tmp_path / "a.qdpx").stdout
    conn = sqlite3.connect(project)
    assert conn.execute("SELECT count(*) FROM codings WHERE guid IS NULL").fetchone() == (0,)
    conn.close()
    second = themecoder(project, "export", "qdpx", "-o", tmp_path / "b.qdpx").stdout
    assert first.replace("a.qdpx", "b.qdpx") == second
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if "qdpx" in p.name) == ["a.qdpx", "b.qdpx"]
