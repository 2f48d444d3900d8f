"""Home with hundreds of documents: every row shown, the cursor kept across a visit to a document."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from tests.tui.helpers import SIZE, make_app, settle
from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project
from themecoder.tui.screens.coding import CodingScreen
from themecoder.tui.screens.home import HomeScreen
from themecoder.tui.widgets.row_table import RowTable

DOCS = 300


def many_documents(path: Path) -> Path:
    with Project(path) as project:
        docs = []
        for i in range(1, DOCS + 1):
            said = f"Answer number {i}. It was fine."
            text = f"Ana: {said}"
            docs.append(
                ParsedDocument(
                    f"R{i:03d}",
                    text,
                    [Turn(5, len(text), "Ana")],
                    "txt",
                    kind="survey" if i % 3 else "interview",
                    case=f"R{i:03d}",
                    sentences=[(5, len(text))],
                )
            )
        project.add_documents(docs)
        project.upsert_codes([CodeDef("fine")])
        project.add_coding(f"R{DOCS:03d}", "fine", 5, 10, coder="alice")
    return path


async def test_home_shows_every_document_and_returns_to_the_same_row(tmp_path: Path) -> None:
    app = make_app(many_documents(tmp_path / "study.db"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#documents", RowTable)
        assert table.row_count == DOCS and table.has_focus
        assert str(home.query_one("#documents-summary", Label).content) == f"{DOCS} documents"
        await pilot.press("end")
        last = table.get_row_at(table.cursor_row)
        assert last[0] == f"R{DOCS:03d}" and last[5] == "1" and last[6] != "0%"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.data.document.name == f"R{DOCS:03d}"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is home and table.cursor_row == DOCS - 1 and table.row_count == DOCS
        await pilot.press("slash", *"kind:interview", "enter")
        assert table.row_count == DOCS // 3 and table.has_focus
        assert table.cursor_row == 0  # the filter puts the cursor on its first match
        assert table.get_row_at(0)[:2] == ["R003", "interview"]
        summary = home.query_one("#documents-summary", Label).content
        assert str(summary) == f"{DOCS // 3} of {DOCS} documents"
        home.query_one("#doc-filter", Input).value = ""
        await pilot.pause()
        assert table.row_count == DOCS
