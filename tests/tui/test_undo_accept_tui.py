"""`u` in the coding view takes back an accepted code suggestion (its coding and its decision)
and shows the suggestion again; `ctrl+y` accepts it again."""

from __future__ import annotations

from pathlib import Path

from tests.tui.helpers import SIZE, make_app, settle
from tests.tui.test_themes_inline import build_with_interview, open_interview
from tests.tui.themes_study import stored

SUGGESTED = "SELECT id, start, \"end\" FROM codings WHERE coder = 'suggest'"
DECIDED = "SELECT kind, item, decision FROM suggestion_decisions"


async def test_undo_and_redo_an_accepted_suggestion(tmp_path: Path) -> None:
    path, doc_id, _ = build_with_interview(tmp_path / "s.db")
    app = make_app(path, "alice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_interview(pilot, doc_id)
        await pilot.press("s")
        await settle(pilot)
        mark = screen.view.suggestions[0]
        screen.view.select_span(mark.start, mark.end)
        await pilot.press("a")
        await settle(pilot)
        accepted = stored(path, SUGGESTED)
        assert [(s, e) for _, s, e in accepted] == [(mark.start, mark.end)]
        assert mark not in screen.view.suggestions
        await pilot.press("u")
        await settle(pilot)
        assert stored(path, SUGGESTED) == [] and stored(path, DECIDED) == []
        assert mark in screen.view.suggestions  # open again, shown again
        assert not any(c.coder == "suggest" for c in screen.view.shown)
        said = [n.message for n in app._notifications]
        assert f"Undid accept: 1 coding of code suggestion {mark.id} of run {screen.suggestion_run} as {mark.code}" in said
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert stored(path, SUGGESTED) == accepted
        assert stored(path, DECIDED) == [("code", mark.id, "accepted")]
        assert mark not in screen.view.suggestions
        assert any(c.coder == "suggest" for c in screen.view.shown)
