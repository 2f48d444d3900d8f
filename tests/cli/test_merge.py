"""`themecoder merge`: another project, a codings .jsonl, or a .qdpx; bad sources change nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.store.exchange_projects import SAMPLE, coders_projects, table_dump
from themecoder.cli import cli
from themecoder.store import Project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return coders_projects(tmp_path_factory.getbasetemp())


@pytest.fixture
def ana(built: dict[str, Path], tmp_path: Path) -> Path:
    return Path(shutil.copy(built["ana"], tmp_path / "ana.db"))


@pytest.fixture
def budi(built: dict[str, Path], tmp_path: Path) -> Path:
    return Path(shutil.copy(built["budi"], tmp_path / "budi.db"))


def themecoder(project: Path, *args: object, expect: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["-p", str(project), "--coder", "lead", *map(str, args)],
                                catch_exceptions=False)
    assert result.exit_code == expect, (result.output, result.stderr)
    return result


def test_merging_a_coders_project_reports_and_a_second_merge_changes_nothing(ana: Path, budi: Path) -> None:
    out = themecoder(ana, "merge", budi).stdout
    assert f"merged budi.db into {ana}" in out
    assert "documents: 0 added, 4 matched" in out and "codings: 37 added, 0 already there" in out
    dump = table_dump(ana)
    again = themecoder(ana, "merge", budi).stdout
    assert "codings: 0 added, 37 already there" in again
    assert table_dump(ana) == dump


def test_dry_run_prints_the_json_report_and_writes_nothing(ana: Path, budi: Path) -> None:
    dump = table_dump(ana)
    report = json.loads(themecoder(ana, "merge", budi, "--dry-run", "--format", "json").stdout)
    assert report["dry_run"] is True and report["changed"] is True
    assert report["codings_added"] == 37 and report["unplaced"] == []
    assert table_dump(ana) == dump


def test_near_duplicates_are_suggested_and_map_applies_them(ana: Path, budi: Path) -> None:
    with Project(budi) as project:
        project.rename_code("barriers/limited-digital-knowledge", "barriers/limited-digital-knowlege")
    out = themecoder(ana, "merge", budi, "--dry-run").stdout
    fix = "barriers/limited-digital-knowlege=barriers/limited-digital-knowledge"
    assert f"use --map {fix}" in out
    report = json.loads(themecoder(ana, "merge", budi, "--map", fix, "--format", "json").stdout)
    assert report["codes_added"] == [] and report["codes_mapped"] == dict([fix.split("=")])
    with Project(ana) as project:
        assert "barriers/limited-digital-knowlege" not in {c.path for c in project.codes()}


def test_a_codings_jsonl_merges_by_document_name_once(ana: Path) -> None:
    out = themecoder(ana, "merge", SAMPLE / "codings-coder-b.jsonl").stdout
    assert "codings: 37 added" in out
    assert "codings: 0 added, 37 already there" in themecoder(ana, "merge", SAMPLE / "codings-coder-b.jsonl").stdout


def test_coder_prefix_keeps_two_coders_of_the_same_name_apart(ana: Path, built: dict[str, Path],
                                                               tmp_path: Path) -> None:
    other = Path(shutil.copy(built["ana"], tmp_path / "other.db"))
    themecoder(ana, "merge", other, "--coder-prefix", "site2-")
    with Project(ana) as project:
        assert project.coders() == ["ana", "site2-ana"]


def _not_a_project(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


def _bad_sources(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "notes.txt").write_text("just some notes\n", encoding="utf-8")
    (tmp_path / "broken.qdpx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "bad.jsonl").write_text('{"doc": "P03-interview"\n', encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "escape.qdpx", "w") as archive:
        archive.writestr("project.qde", "<Project/>")
        archive.writestr("../evil.txt", "x")
    (tmp_path / "folder").mkdir()
    return {
        "missing": (tmp_path / "nope.db", "no such file"),
        "folder": (tmp_path / "folder", "is a folder"),
        "text": (tmp_path / "notes.txt", "not a themecoder project"),
        "sqlite": (_not_a_project(tmp_path), "not a themecoder project"),
        "qdpx": (tmp_path / "broken.qdpx", "broken.qdpx"),
        "hostile": (tmp_path / "escape.qdpx", "escape.qdpx"),
        "jsonl": (tmp_path / "bad.jsonl", "not valid JSON"),
    }


@pytest.mark.parametrize("kind", ["missing", "folder", "text", "sqlite", "qdpx", "hostile", "jsonl"])
def test_a_bad_source_is_a_one_line_error_and_changes_nothing(ana: Path, tmp_path: Path, kind: str) -> None:
    source, message = _bad_sources(tmp_path)[kind]
    dump = table_dump(ana)
    result = themecoder(ana, "merge", source, expect=2)
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert table_dump(ana) == dump
    fresh = tmp_path / "fresh.db"
    themecoder(fresh, "merge", source, expect=2)
    assert not fresh.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--map", "no-equals-sign"], "expected OLD=NEW"),
    (["--map", "nope=outcomes/confidence"], "has no code nope"),
    (["--map", "a=b", "--map", "b=c"], "both mapped and a target"),
])
def test_a_bad_map_is_refused(ana: Path, budi: Path, args: list[str], message: str) -> None:
    dump = table_dump(ana)
    result = themecoder(ana, "merge", budi, *args, expect=2)
    assert message in result.stderr
    assert table_dump(ana) == dump


def test_merging_the_project_into_itself_is_refused(ana: Path) -> None:
    assert "is the project itself" in themecoder(ana, "merge", ana, expect=2).stderr


def test_a_dry_run_into_a_project_not_made_yet_creates_nothing(budi: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "lead.db"
    out = themecoder(fresh, "merge", budi, "--dry-run").stdout
    assert "documents: 4 would add" in out and "codings: 37 would add" in out
    assert not fresh.exists()
    assert "documents: 4 added" in themecoder(fresh, "merge", budi).stdout


def _with_schema_version(path: Path, version: int) -> Path:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


def test_a_project_of_an_older_schema_merges_without_being_written(ana: Path, budi: Path) -> None:
    older = _with_schema_version(budi, 1)
    dump = table_dump(older)
    assert "codings: 37 added" in themecoder(ana, "merge", older).stdout
    assert table_dump(older) == dump


def test_a_project_of_a_newer_schema_is_refused(ana: Path, budi: Path) -> None:
    newer = _with_schema_version(budi, 99)
    assert "made by a newer themecoder" in themecoder(ana, "merge", newer, expect=2).stderr
