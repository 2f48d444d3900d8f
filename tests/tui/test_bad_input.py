"""Bad input gets a notice, not a crash: long lines, no sentences, odd codebooks, locks, vanished codes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.tui.helpers import (
    SIZE,
    build_project,
    make_app,
    open_first_document,
    settle,
    stored_codings,
)
from themecoder.core.model import CodeDef, ParsedDocument
from themecoder.store import Project


def _notices(app) -> str:  # type: ignore[no-untyped-def]
    return " | ".join(n.message for n in app._notifications)


async def test_very_long_lines_and_a_document_without_sentences(tmp_path: Path) -> None:
    long_word = "x" * 20_000
    text = "Field notes.\n\n" + long_word + " tail " + "word " * 3000
    path = tmp_path / "odd.db"
    with Project(path) as project:
        project.add_documents([ParsedDocument("notes", text, [], "txt")])  # no turns: no sentences
        project.upsert_codes([CodeDef("note")])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(pilot)
        assert "No sentences" in _notices(app)
        assert len(screen.view.text_layout) > 20_000 // 80  # the long word is wrapped, not cut
        await pilot.press("j", "1", "end", "pagedown", "pageup")
    codings = stored_codings(path)
    assert [(c.code, c.start, c.end) for c in codings] == [
        ("note", text.index(long_word), len(text.rstrip()))
    ]


async def test_codebook_letter_shortcuts_and_a_missing_digit(tmp_path: Path) -> None:
    path = build_project(
        tmp_path / "s.db", codes=[CodeDef("trust", shortcut="a"), CodeDef("doubt", shortcut="z")]
    )
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("a", "j", "z", "1")
        assert "No code has the shortcut 1" in _notices(app)
    assert [c.code for c in stored_codings(path)] == ["trust", "doubt"]


async def test_empty_codebook_offers_to_create(tmp_path: Path) -> None:
    path = build_project(tmp_path / "s.db", codes=[])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        assert "codebook is empty" in _notices(app)
        await pilot.press("c", *"first", "enter")
        await settle(pilot)
    assert [c.code for c in stored_codings(path)] == ["first"]


async def test_a_project_locked_by_another_process_is_retried(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        other = sqlite3.connect(project_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another coder's process holds the write lock
        await pilot.press("1")
        await pilot.pause(0.2)
        assert "locked by another process" in _notices(app)
        assert stored_codings(project_path) == []
        other.execute("COMMIT")
        other.close()
        await pilot.pause(1.0)
    assert [c.code for c in stored_codings(project_path)] == ["barriers/old-device"]


async def test_a_code_changed_elsewhere_while_shown(project_path: Path) -> None:
    with Project(project_path) as project:
        project.add_coding("P01-interview", "barriers/old-device", 103, 136, coder="bob")
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(pilot)
        with Project(project_path) as other:  # e.g. `themecoder codebook merge` in a terminal
            other.merge_codes("barriers/old-device", "barriers/confidence")
        await pilot.press("1")  # its shortcut still named the merged code
        assert "not in the codebook" in _notices(app)
        screen._poll_other_writers()
        await pilot.pause()
        assert [c.code for c in screen.view.shown] == ["barriers/confidence"]
        assert screen.shortcuts["1"] == "barriers/confidence"
        await pilot.press("j", "1")
    assert [c.code for c in stored_codings(project_path, coder="alice")] == ["barriers/confidence"]
