"""The adjudication screen: keys a/b/u/i/n/s write the consensus coder; leaving and coming back resumes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from tests.tui.agreement_study import build_coded_project, spans
from tests.tui.helpers import SIZE, make_app
from tests.tui.test_agreement import open_agreement, settle
from themecoder.store import Project
from themecoder.tui.screens.adjudicate import AdjudicateScreen


async def open_adjudication(app, pilot) -> AdjudicateScreen:  # type: ignore[no-untyped-def]
    agreement = await open_agreement(app, pilot)
    rows = len(agreement.sorted_codes())
    await pilot.press(*["down"] * rows, "d")  # the pooled row (last): every code's disagreements
    await settle(app, pilot)
    assert isinstance(app.screen, AdjudicateScreen)
    return app.screen


def progress(screen: AdjudicateScreen) -> str:
    return str(screen.query_one("#adjudicate-progress", Label).render())


def adjudications(path: Path) -> list[tuple[str, str, str]]:
    with Project(path) as project:
        return [
            tuple(r)
            for r in project.db.execute(
                "SELECT c.path, a.decision, a.decided_by FROM adjudications a "
                "JOIN codes c ON c.id = a.code_id ORDER BY a.id"
            )
        ]


async def test_keys_decide_and_write_consensus(tmp_path: Path) -> None:
    path = build_coded_project(tmp_path / "study.db")
    before = spans(path, "ana"), spans(path, "budi")
    app = make_app(path, "rina")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_adjudication(app, pilot)
        assert [r.code for r in screen.regions] == ["barriers/old-device", "outcomes/sales-growth"]
        assert progress(screen).startswith("Region 1 of 2 · 0 decided · 2 to go")
        side_a = str(screen.query_one("#side-a").render())
        assert "⟦My phone was old and the memory was full.⟧" in side_a
        await pilot.press("n")  # old-device (only ana coded it): neither
        await pilot.press("u")  # sales-growth: the union of both spans
        await pilot.pause()
        assert progress(screen).startswith("Region 2 of 2 · 2 decided · 0 to go · all decided")
    sales = screen.regions[1]
    assert spans(path, "consensus") == [("outcomes/sales-growth", sales.start, sales.end)]
    assert adjudications(path) == [
        ("barriers/old-device", "neither", "rina"),
        ("outcomes/sales-growth", "union", "rina"),
    ]
    assert (spans(path, "ana"), spans(path, "budi")) == before


async def test_leaving_and_coming_back_resumes(tmp_path: Path) -> None:
    path = build_coded_project(tmp_path / "study.db")
    app = make_app(path, "rina")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_adjudication(app, pilot)
        await pilot.press("a")  # old-device: keep ana's span
        await pilot.pause()
        assert screen.index == 1
        await pilot.press("escape")
        await pilot.press("d")  # the agreement screen again (cursor still on the pooled row)
        await settle(app, pilot)
        again = app.screen
        assert isinstance(again, AdjudicateScreen) and again is not screen
        assert again.index == 1 and progress(again).startswith("Region 2 of 2 · 1 decided")
        await pilot.press("s")  # skip sales-growth: decided later, nothing written
        await pilot.pause()
    assert [code for code, _, _ in spans(path, "consensus")] == ["barriers/old-device"]
    assert adjudications(path) == [
        ("barriers/old-device", "a", "rina"),
        ("outcomes/sales-growth", "skip", "rina"),
    ]


async def test_changing_a_decision_replaces_its_consensus(tmp_path: Path) -> None:
    path = build_coded_project(tmp_path / "study.db")
    app = make_app(path, "rina")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_adjudication(app, pilot)
        await pilot.press("right", "a")  # sales-growth: ana's longer span
        await pilot.pause()
        assert screen.index == 0  # back to the one still open, old-device
        assert len(spans(path, "consensus")) == 1
        await pilot.press("right", "i")  # sales-growth again: now the intersection
        await pilot.pause()
    region = screen.regions[1]
    budi = region.spans["budi"][0]
    assert spans(path, "consensus") == [("outcomes/sales-growth", *budi)]
    assert adjudications(path) == [("outcomes/sales-growth", "intersection", "rina")]
