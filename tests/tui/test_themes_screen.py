"""The Themes screen: run with parameters in a worker, read members, accept / map / reject, reopen
on the latest run; the code-groups tab. Assertions are on the stored project."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Label, Select, Static, Tree

from tests.tui.helpers import SIZE, make_app, settle
from tests.tui.themes_study import build_themes_study, stored
from themecoder.tui.screens.coding import CodingScreen
from themecoder.tui.screens.prompt import PromptScreen
from themecoder.tui.screens.themes import ThemesScreen


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return build_themes_study(tmp_path / "themes.db")


async def open_themes(pilot) -> ThemesScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ThemesScreen)
    return pilot.app.screen


async def run_with(pilot, screen: ThemesScreen, k: str, **selects: str) -> None:  # type: ignore[no-untyped-def]
    screen.query_one("#themes-k", Input).value = k
    screen.query_one("#themes-method", Select).value = selects.pop("method", "lsa")
    for name, value in selects.items():
        screen.query_one(f"#themes-{name}", Select).value = value
    await pilot.press("f5")
    await settle(pilot)


def rows(screen: ThemesScreen, selector: str = "#themes-table") -> list[list[object]]:
    table = screen.query_one(selector, DataTable)
    return [table.get_row_at(i) for i in range(table.row_count)]


async def test_run_shows_themes_members_and_records_the_run(study: Path) -> None:
    app = make_app(study, "alice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_themes(pilot)
        assert "No theme run yet" in str(screen.query_one("#themes-status", Label).render())
        await run_with(pilot, screen, "3", unit="turn")
        assert len(rows(screen)) == 3 and screen.run is not None
        assert sum(t.size for t in screen.run.themes) == 18  # the uncoded answers
        assert len(rows(screen, "#themes-members")) == screen.run.themes[0].size
        context = str(screen.query_one("#themes-context", Static).render())
        assert screen.run.themes[0].representative.text in context
        assert "Run 1: 3 themes of 18 turns" in str(screen.query_one("#themes-status", Label).render())
        await pilot.press("enter")  # themes table -> nothing; members table opens the passage
        screen.query_one("#themes-members", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
    assert stored(study, "SELECT kind, unit, scope, k, seed, method, coder FROM suggestion_runs") == [
        ("themes", "turn", "uncoded", 3, 0, "lsa", "alice")]


async def test_accept_map_reject_then_reopen_on_the_latest_run(study: Path) -> None:
    app = make_app(study, "alice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_themes(pilot)
        await run_with(pilot, screen, "3")
        first, second, third = screen.run.themes  # type: ignore[union-attr]
        await pilot.press("a")
        assert isinstance(app.screen, PromptScreen)
        prompt = app.screen.query_one("#prompt-input", Input)
        assert prompt.value.startswith("themes/")
        prompt.value = "emerging/first"
        await pilot.press("enter")
        await settle(pilot)
        assert rows(screen)[0][-1] == "→ emerging/first"
        await pilot.press("down", "m")
        await pilot.press(*"staff", "enter")
        await settle(pilot)
        await pilot.press("down", "r")
        await settle(pilot)
        assert len(rows(screen)) == 2
    by_code = stored(study, "SELECT c.path, count(*) FROM codings g JOIN codes c ON c.id = g.code_id "
                            "WHERE g.coder = 'suggest' GROUP BY c.path ORDER BY c.path")
    assert by_code == [("care/staff", second.size), ("emerging/first", first.size)]
    assert stored(study, "SELECT kind, item, decision, coder FROM suggestion_decisions ORDER BY id") == [
        ("theme", first.id, "accepted", "alice"), ("theme", second.id, "accepted", "alice"),
        ("theme", third.id, "rejected", "alice")]
    app = make_app(study, "alice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_themes(pilot)
        shown = rows(screen)
        assert [r[0] for r in shown] == [str(first.id), str(second.id)]
        assert shown[1][-1] == "→ care/staff"


async def test_bad_parameters_write_nothing(study: Path) -> None:
    app = make_app(study, "alice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_themes(pilot)
        await run_with(pilot, screen, "zero")
        assert any("not a whole number" in n.message for n in app._notifications)
        await run_with(pilot, screen, "40")  # more themes than the 18 uncoded answers
        assert "Cannot run" in str(screen.query_one("#themes-status", Label).render())
        await run_with(pilot, screen, "2", scope="code:care/food", method="lsa")
        assert len(rows(screen)) == 2  # the excerpts of one code split in two
    assert len(stored(study, "SELECT id FROM suggestion_runs")) == 1


async def test_groups_tab_accept_moves_codes_and_keeps_codings(study: Path) -> None:
    before = stored(study, "SELECT id, doc_id, start, \"end\", coder FROM codings ORDER BY id")
    app = make_app(study, "alice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_themes(pilot)
        await pilot.press("g")
        await settle(pilot)
        tree = screen.query_one("#groups-tree", Tree)
        groups = [node for node in tree.root.children]
        assert groups and "Group 0" in str(groups[0].label)
        labels = [str(n.label) for n in groups[0].children]
        assert "■ care/food" in labels and "■ feelings/disappointed" in labels
        evidence = [str(n.label) for n in groups[0].children[-1].children]
        assert any("food + disappointed: 6 shared sentences" in e for e in evidence)
        codes = screen.query_one("#groups").run.groups[0].codes  # type: ignore[attr-defined]
        await pilot.press("a")
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one("#prompt-input", Input).value = "themes/poor-meals"
        await pilot.press("enter")
        await settle(pilot)
    paths = {p for (p,) in stored(study, "SELECT path FROM codes")}
    assert {f"themes/poor-meals/{c.rsplit('/', 1)[-1]}" for c in codes} <= paths
    assert not set(codes) & paths
    assert stored(study, "SELECT id, doc_id, start, \"end\", coder FROM codings ORDER BY id") == before
    assert stored(study, "SELECT kind, decision FROM suggestion_decisions") == [("group", "accepted")]


async def test_undo_takes_back_an_accept_and_redo_puts_it_back(study: Path) -> None:
    app = make_app(study, "alice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_themes(pilot)
        await run_with(pilot, screen, "3")
        await pilot.press("a")
        app.screen.query_one("#prompt-input", Input).value = "emerging/first"
        await pilot.press("enter")
        await settle(pilot)
        added = stored(study, "SELECT count(*) FROM codings WHERE coder = 'suggest'")[0][0]
        assert added > 0 and rows(screen)[0][-1] == "→ emerging/first"
        await pilot.press("u")
        await settle(pilot)
        assert stored(study, "SELECT count(*) FROM codings WHERE coder = 'suggest'") == [(0,)]
        assert stored(study, "SELECT count(*) FROM suggestion_decisions") == [(0,)]
        assert rows(screen)[0][-1] != "→ emerging/first"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert stored(study, "SELECT count(*) FROM codings WHERE coder = 'suggest'") == [(added,)]
        assert rows(screen)[0][-1] == "→ emerging/first"
