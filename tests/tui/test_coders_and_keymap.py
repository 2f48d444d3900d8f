"""Blind coding (other coders hidden, or one coder at a time) and the user's keymap."""

from __future__ import annotations

import os
from pathlib import Path

from tests.tui.helpers import SIZE, make_app, open_first_document, stored_codings
from themecoder.store import Project
from themecoder.tui.app import ThemecoderApp


def _notices(app: ThemecoderApp) -> str:
    return " | ".join(n.message for n in app._notifications)


async def test_blind_coding_and_one_coder_at_a_time(project_path: Path) -> None:
    with Project(project_path) as project:
        project.add_coding("P01-interview", "barriers/old-device", 103, 136, coder="bob")
        project.add_coding("P01-interview", "outcomes/sales-growth", 137, 162, coder="carol")
    app = make_app(project_path, blind=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(pilot)
        view = screen.view
        assert view.shown == [] and "blind" in app.sub_title
        await pilot.press("j", "j", "2")
        assert {c.coder for c in view.shown} == {"alice"}  # still blind after coding
        seen = []
        for _ in range(4):
            await pilot.press("o")
            seen.append(sorted({c.coder for c in view.shown}))
        assert seen == [["bob"], ["carol"], ["alice", "bob", "carol"], ["alice"]]
    by_coder = {(c.coder, c.code) for c in stored_codings(project_path)}
    assert by_coder == {
        ("bob", "barriers/old-device"),
        ("carol", "outcomes/sales-growth"),
        ("alice", "barriers/confidence"),
    }


async def test_keymap_from_the_user_config_rebinds_keys(project_path: Path) -> None:
    config = Path(os.environ["THEMECODER_HOME"]) / "config.toml"
    config.write_text(
        '[keymap]\n"coding.apply-1" = "f1"\n"transcript.next" = "ctrl+n"\n'
        '"no.such-binding" = "f2"\n',
        encoding="utf-8",
    )
    app = ThemecoderApp(project_path, "alice")  # reads the real config file
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(pilot)
        assert "unknown binding id 'no.such-binding'" in _notices(app)
        await pilot.press("ctrl+n", "ctrl+n", "f1")
        await pilot.press("j", "1")  # the keymap replaces a binding's keys: j and 1 do nothing now
        assert screen.view.selection.cursor == 2
    assert [(c.code, c.text) for c in stored_codings(project_path)] == [
        ("barriers/old-device", "Before, it was all word of mouth.")
    ]


async def test_a_broken_config_file_gives_a_notice_not_a_crash(project_path: Path) -> None:
    config = Path(os.environ["THEMECODER_HOME"]) / "config.toml"
    config.write_text("[keymap\nthis is not toml", encoding="utf-8")
    app = ThemecoderApp(project_path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("j", "1")
        assert "not read" in _notices(app)
    assert len(stored_codings(project_path)) == 1
