"""`RowTable`, the home's document table: thousands of rows, a fixed header, keys and clicks."""

from __future__ import annotations

from textual.app import App, ComposeResult

from themecoder.tui.widgets.row_table import Column, RowTable

COLUMNS = [Column("Name"), Column("Words", "right"), Column("Coded", "right")]
ROWS = 5000


def rows(n: int = ROWS) -> list[tuple[str, str, tuple[str, str]]]:
    return [(f"doc-{i:05d}", f"{i * 10:,}", (f"{i % 101}%", "green")) for i in range(n)]


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.selected: list[tuple[int, str]] = []

    def compose(self) -> ComposeResult:
        yield RowTable(COLUMNS, id="table")

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.set_rows(rows(), [str(i) for i in range(ROWS)])
        table.focus()

    def on_row_table_row_selected(self, message: RowTable.RowSelected) -> None:
        self.selected.append((message.row, message.key))


def first_style(table: RowTable, y: int):  # type: ignore[no-untyped-def]
    return next(iter(table.render_line(y))).style


def screen_lines(table: RowTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_rows_fill_at_once_under_a_fixed_header() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        lines = screen_lines(table)
        assert table.row_count == ROWS and table.get_row_at(2) == ["doc-00002", "20", "2%"]
        assert lines[0].split() == ["Name", "Words", "Coded"]
        assert lines[1].split() == ["doc-00000", "0", "0%"]
        # right-justified numbers line up at the column's end
        assert lines[3].index("20 ") + 2 == lines[0].index("Words") + len("Words")
        await pilot.press("end")
        await pilot.pause()
        lines = screen_lines(table)
        assert table.cursor_row == ROWS - 1 and table.cursor_key == str(ROWS - 1)
        assert lines[0].split()[0] == "Name" and lines[-1].split()[0] == f"doc-{ROWS - 1:05d}"
        await pilot.press("home", "pagedown")
        assert table.cursor_row == table.size.height - 1  # a page: the lines under the header


async def test_enter_and_clicks_select_rows() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.selected == [(2, "2")]
        await pilot.click(RowTable, offset=(2, 6))  # line 6 is row 5: the first click moves there
        await pilot.pause()
        assert table.cursor_row == 5 and app.selected == [(2, "2")]
        await pilot.click(RowTable, offset=(2, 6))  # a click on the cursor row selects it
        await pilot.pause()
        assert app.selected == [(2, "2"), (5, "5")]
        await pilot.click(RowTable, offset=(2, 0))  # the header selects nothing
        await pilot.pause()
        assert table.cursor_row == 5 and len(app.selected) == 2


async def test_fewer_rows_keep_the_cursor_inside_and_none_select_nothing() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        await pilot.press("end")
        table.set_rows(rows(3), ["a", "b", "c"])
        await pilot.pause()
        assert table.cursor_row == 2 and table.cursor_key == "c"
        assert screen_lines(table)[3].split()[0] == "doc-00002"  # scrolled back to the rows
        table.set_rows([], [])
        await pilot.press("enter")
        await pilot.pause()
        assert table.cursor_key is None and app.selected == []
        assert screen_lines(table)[0].split() == ["Name", "Words", "Coded"]


async def test_the_cursor_row_dims_when_the_table_loses_focus() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        focused = first_style(table, 1)
        table.blur()
        await pilot.pause()
        blurred, other_row = first_style(table, 1), first_style(table, 2)
        assert focused != blurred and blurred != other_row
