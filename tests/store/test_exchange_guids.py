"""Storing derived GUIDs from another thread, on a connection of its own, while this one reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from themecoder.io import read_document
from themecoder.store import Project
from themecoder.store.exchange_guids import StoredMeanwhile

GUID = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d{}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "one.txt").write_text("Ana: a few words to code here.\n", encoding="utf-8")
    path = tmp_path / "p.db"
    with Project(path) as p:
        p.add_documents(read_document(tmp_path / "one.txt"))
        for start in range(3):
            p.add_coding("one", "a", start, start + 4, coder="ana", create_code=True)
    return path


def guids(path: Path) -> list[tuple[int, str | None]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, guid FROM codings ORDER BY id").fetchall()
    finally:
        conn.close()


def test_guids_are_stored_while_this_connection_reads(project: Path) -> None:
    with Project(project) as p:
        reading = p.db.execute("SELECT id, guid FROM codings ORDER BY id")
        first = reading.fetchone()
        with StoredMeanwhile(p.path) as ahead:
            ahead.start({"codings": [(2, GUID.format(2)), (1, GUID.format(1))]})
            ahead.wait()
        assert [first, *reading.fetchall()] == [(1, None), (2, None), (3, None)]  # its own snapshot
    assert guids(project) == [(1, GUID.format(1)), (2, GUID.format(2)), (3, None)]


def test_a_file_that_cannot_take_them_keeps_none_and_the_export_goes_on(project: Path) -> None:
    updates = {"codings": [(1, GUID.format(1))], "no_such_table": [(1, GUID.format(1))]}
    with StoredMeanwhile(project) as ahead:  # an OperationalError, as a read-only file
        ahead.start(updates)
        ahead.wait()
    assert guids(project) == [(1, None), (2, None), (3, None)]


def test_what_else_fails_is_raised_by_wait(project: Path) -> None:
    with StoredMeanwhile(project) as ahead, pytest.raises(TypeError):
        ahead.start({"codings": [(1, None)]})
        ahead.wait()
    assert guids(project) == [(1, None), (2, None), (3, None)]
