"""Home, search, code browser, help, palette and the screens other features will fill."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Tree

from tests.tui.helpers import SIZE, make_app, open_first_document, settle
from themecoder.store import Project
from themecoder.tui.screens.agreement import AgreementScreen
from themecoder.tui.screens.browser import CodeBrowserScreen
from themecoder.tui.screens.coding import CodingScreen
from themecoder.tui.screens.export import ExportScreen
from themecoder.tui.screens.help import HelpScreen
from themecoder.tui.screens.home import HomeScreen
from themecoder.tui.screens.search import SearchScreen
from themecoder.tui.screens.themes import ThemesScreen
from themecoder.tui.widgets.row_table import RowTable


async def test_home_lists_documents_codebook_and_coder(project_path: Path) -> None:
    with Project(project_path) as project:
        project.add_coding("P02-interview", "outcomes/sales-growth", 103, 136, coder="bob")
        project.set_case_attributes({"P02": {"region": "North"}})
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and "alice" in app.sub_title
        table = home.query_one("#documents", RowTable)
        assert table.has_focus and table.row_count == 2
        assert table.get_row_at(1)[:3] == ["P02-interview", "interview", "P02"]
        assert str(table.get_row_at(1)[6]).strip() != "0%"
        tree = home.query_one("#codebook-tree", Tree)
        labels = [str(node.label) for node in tree.root.children]
        assert labels[0].startswith("■") and "barriers" in labels[0]
        assert "1 old-device" in str(
            tree.root.children[0].children[0].label
        )  # 1-9 go to leaf codes
        await pilot.press("slash", *"region=north", "enter")
        assert table.row_count == 1 and table.get_row_at(0)[0] == "P02-interview"
        await pilot.press("enter")
        await settle(pilot)
        assert (
            isinstance(app.screen, CodingScreen)
            and app.screen.data.document.name == "P02-interview"
        )
        await pilot.press("escape")
        assert app.screen is home


async def test_global_search_opens_the_hit(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"windw light", "enter")  # a typo: FTS finds "light", fuzzy the rest
        await settle(pilot)
        hits = app.screen.hits
        assert hits and all("window light" in h.text for h in hits[:2])
        await pilot.press("enter")
        await settle(pilot)
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        start, end = coding.view.selection.span
        assert "window light" in coding.data.document.text[start:end]


async def test_code_browser_lists_excerpts_and_jumps_to_them(project_path: Path) -> None:
    with Project(project_path) as project:
        project.add_coding(
            "P01-interview", "barriers/old-device", 103, 136, coder="bob", memo="no phone"
        )
        project.add_coding("P02-interview", "barriers/confidence", 137, 162, coder="alice")
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(
            "tab", "enter"
        )  # the codebook tree, its first code: barriers (and children)
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, CodeBrowserScreen)
        options = browser.query_one("#excerpts", OptionList)
        assert options.option_count == 2
        first = str(options.get_option_at_index(0).prompt)
        assert (
            "P01-interview" in first
            and "bob" in first
            and "Before, it was all word of mouth." in first
        )
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen) and app.screen.view.selection.span == (137, 162)


async def test_placeholders_help_and_palette(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, screen_class in (("t", ThemesScreen), ("a", AgreementScreen), ("e", ExportScreen)):
            await pilot.press(key)
            assert isinstance(app.screen, screen_class)
            await pilot.press("escape")
        screen = await open_first_document(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {row[2]: row for row in app.screen.rows}
        assert rows["coding.pick-code"][0] == "c" and rows["transcript.extend"][0] == "shift+↓"
        await pilot.press("escape")
        titles = {command.title for command in app.get_system_commands(screen)}
        assert {
            "Pick code",
            "Undo",
            "Open themes",
            "Search all documents",
            "Next sentence",
        } <= titles
