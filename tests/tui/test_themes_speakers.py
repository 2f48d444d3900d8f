"""The Themes screen leaves out the interviewers' turns, as the command line does, and its status
line says so."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from tests.store.interview_speakers import build_interview_project
from tests.tui.helpers import SIZE, make_app
from tests.tui.test_themes_screen import open_themes, run_with


async def test_the_status_says_which_interviewer_turns_were_left_out(tmp_path: Path) -> None:
    study = build_interview_project(tmp_path / "interview.db")
    app = make_app(study, "alice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_themes(pilot)
        await run_with(pilot, screen, "2", unit="turn", scope="all")
        assert screen.run is not None and sum(t.size for t in screen.run.themes) == 4
        status = str(screen.query_one("#themes-status", Label).render())
        assert "left out 3 interviewer turns (Interviewer, Interviewer 2)" in status
        assert screen.run.params["left_out_segments"] == 3
