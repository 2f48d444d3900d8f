"""`backup -o FILE`, the automatic backup before a schema migration, and owner-only file modes."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from themecoder.cli import cli
from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project
from themecoder.store.schema import MIGRATIONS, SCHEMA_VERSION

TEXT = "Sari: The training helped. Sales grew!\nDewi: Mine too."


def _run(path: Path, *args: str, expect: int = 0) -> str:
    result = CliRunner().invoke(cli, ["-p", str(path), *args], catch_exceptions=False)
    assert result.exit_code == expect, (result.output, result.stderr)
    return result.output


def _counts(path: Path) -> tuple[int, int]:
    db = sqlite3.connect(str(path))
    try:
        return (
            db.execute("SELECT count(*) FROM documents").fetchone()[0],
            db.execute("SELECT count(*) FROM codings").fetchone()[0],
        )
    finally:
        db.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def study(tmp_path: Path) -> Path:
    path = tmp_path / "study.db"
    with Project(path) as p:
        p.add_documents(
            [ParsedDocument("P01", TEXT, [Turn(6, 38, "Sari"), Turn(45, 54, "Dewi")], "txt")]
        )
        p.upsert_codes([CodeDef("outcomes/sales")])
        p.add_coding("P01", "sales", 27, 38, coder="ana")
    return path


def test_backup_is_a_sound_owner_only_copy(study: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    assert f"to {target}" in _run(study, "backup", "-o", str(target))
    assert _mode(target) == 0o600 and _counts(target) == (1, 1)
    db = sqlite3.connect(str(target))
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    with Project(target) as copy:  # a backup opens as a project
        assert [c.text for c in copy.codings()] == ["Sales grew!"]


def test_backup_refuses_to_overwrite_or_replace_the_project(study: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("my thesis notes")
    _run(study, "backup", "-o", str(target), expect=2)
    assert target.read_text() == "my thesis notes"
    _run(study, "backup", "-o", str(study), "--force", expect=2)
    _run(study, "backup", "-o", str(target), "--force")
    assert _counts(target) == (1, 1) and _mode(target) == 0o600
    _run(tmp_path / "missing.db", "backup", "-o", str(tmp_path / "x.db"), expect=2)


def test_default_backup_lands_beside_the_project(study: Path) -> None:
    _run(study, "backup")
    [backup] = [p for p in study.parent.iterdir() if ".backup-" in p.name]
    assert backup.name.startswith("study.backup-") and _mode(backup) == 0o600


def test_project_and_its_journal_files_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Project(path) as p:
        p.upsert_codes([CodeDef("a")])
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                assert _mode(side) & 0o077 == 0, suffix
    assert _mode(path) == 0o600


def test_an_old_schema_is_backed_up_before_it_is_migrated(tmp_path: Path) -> None:
    if SCHEMA_VERSION < 2:
        pytest.skip("only one schema version exists so far")
    path = tmp_path / "old.db"
    db = sqlite3.connect(str(path), isolation_level=None)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    from sqlite_utils import Database

    MIGRATIONS[0](Database(db))
    db.execute(
        "INSERT INTO _migrations VALUES (?, ?)",
        [MIGRATIONS[0].__name__, datetime.now(UTC).isoformat()],
    )
    db.execute("PRAGMA user_version = 1")
    db.close()
    with Project(path) as p:
        assert p.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    [backup] = [p for p in tmp_path.iterdir() if "pre-migration-v1" in p.name]
    old = sqlite3.connect(str(backup))
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert _mode(backup) == 0o600
