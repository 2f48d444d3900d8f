"""Bad input to `agree` and `adjudicate`: one line on stderr, exit 2, the project unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.cli.team_study import code, make_nvivo, make_study, table_rows


@pytest.fixture
def nvivo(tmp_path: Path, run: Run) -> Path:
    return make_nvivo(tmp_path, run)


TABLES = ("codings", "adjudications", "codes", "documents")


def snapshot(db: Path) -> dict[str, list[tuple]]:
    return {table: table_rows(db, table) for table in TABLES}


def refused(run: Run, db: Path, *args: str) -> str:
    """Run a command that must fail with exit 2 and a one-line error; return that line."""
    before = snapshot(db)
    result = run(*args, expect=2)
    assert snapshot(db) == before
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("command", [("agree",), ("adjudicate", "list"), ("adjudicate", "status")])
def test_unknown_coder_lists_the_coders(nvivo: Path, run: Run, db: Path,
                                        command: tuple[str, ...]) -> None:
    message = refused(run, db, *command, "--coders", "ana,zoe")
    assert "zoe" in message and "ana, budi" in message


def test_one_coder_only(nvivo: Path, run: Run, db: Path) -> None:
    assert "at least two coders" in refused(run, db, "agree", "--coders", "ana")


def test_a_project_with_one_coder(tmp_path: Path, run: Run, db: Path) -> None:
    make_study(tmp_path, run)
    code(run, "ana", 0, 10)
    assert "at least two coders" in refused(run, db, "agree")
    assert "at least two coders" in refused(run, db, "adjudicate", "--accept-agreed")


def test_unknown_code_and_document(nvivo: Path, run: Run, db: Path) -> None:
    assert "code themes: not in the codebook; did you mean theme" in refused(
        run, db, "agree", "--code", "themes")
    assert "document nowhere: not in this project" in refused(run, db, "agree", "--doc", "nowhere")
    assert "not in the codebook" in refused(run, db, "adjudicate", "list", "--code", "nope")


def test_unknown_unit_is_a_usage_error(nvivo: Path, run: Run, db: Path) -> None:
    result = run("agree", "--unit", "word", expect=2)
    assert "word" in result.stderr


def test_codings_outside_the_text(nvivo: Path, run: Run, db: Path) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE codings SET \"end\" = 1400 WHERE coder = 'budi'")
    conn.close()
    message = refused(run, db, "agree", "--unit", "char")
    assert str(db) in message and "lies outside document source (length 1000)" in message
    for args in (("agree", "--unit", "sentence"), ("adjudicate", "--accept-agreed"),
                 ("adjudicate", "list")):
        assert "lies outside" in refused(run, db, *args)


def test_adjudication_needs_two_coders(nvivo: Path, run: Run, db: Path) -> None:
    code(run, "chen", 120, 260)
    message = refused(run, db, "adjudicate", "list")
    assert "two coders" in message and "--coders" in message
    assert "two coders" in refused(run, db, "adjudicate", "list", "--coders", "ana,budi,chen")


def test_unknown_region_and_bad_decision(nvivo: Path, run: Run, db: Path) -> None:
    assert "region ffff0000: not among the disagreements" in refused(
        run, db, "adjudicate", "decide", "ffff0000", "a")
    result = run("adjudicate", "decide", "ffff0000", "both", expect=2)
    assert "both" in result.stderr
    assert table_rows(db, "adjudications") == []


def test_read_only_commands_refuse_to_create_a_project(run: Run, db: Path) -> None:
    assert "no such project file" in run("agree", expect=2).stderr
    assert not db.exists()
