"""`RowTable`: a read-only table of one-line rows with a row cursor, on Textual's Line API.

Only the rows on screen are drawn, and column widths are counted once from the cells' plain
strings, so thousands of rows show at once. (Textual's `DataTable` turns every cell into rich text
and measures it when rows are added: about 0.4 s of CPU per 1,000 rows of seven columns.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cell = str | tuple[str, str]  # the text, or (text, rich style such as "green")
PADDING = 1  # blank cells either side of every column


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    justify: Literal["left", "right"] = "left"


class RowTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of cells under a fixed header; `enter` or a click on the cursor row selects it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Previous row", show=False),
        Binding("down", "cursor(1)", "Next row", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First row", show=False),
        Binding("end,ctrl+end", "last", "Last row", show=False),
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
        Binding("enter", "select_cursor", "Select row", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-table--header",
        "row-table--cursor",
        "row-table--even-row",
    }
    DEFAULT_CSS = """
    RowTable {
        background: $surface; color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-table--header { background-tint: $foreground 5%; }
            & > .row-table--cursor {
                background: $block-cursor-background; color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .row-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .row-table--even-row { background: $surface-lighten-1 50%; }
        &:dark > .row-table--even-row { background: $surface-darken-1 40%; }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    @dataclass
    class RowSelected(Message):
        """`enter` on a row, or a click on the cursor row."""

        table: RowTable
        row: int
        key: str

        @property
        def control(self) -> RowTable:
            return self.table

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self.rows: list[Sequence[Cell]] = []
        self.keys: list[str] = []
        self.widths = [cell_len(c.label) for c in self.columns]
        self.cursor_row = 0

    # --- content -------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Sequence[Cell]], keys: Sequence[str]) -> None:
        """Show `rows` (one cell per column) identified by `keys`; the cursor stays where it was."""
        self.rows, self.keys = list(rows), list(keys)
        self.widths = [
            max([cell_len(c.label), *(cell_len(_text(row[i])) for row in self.rows)])
            for i, c in enumerate(self.columns)
        ]
        width = sum(self.widths) + 2 * PADDING * len(self.columns)
        self.virtual_size = Size(width, len(self.rows) + 1)
        self.move_cursor(self.cursor_row)
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def get_row_at(self, index: int) -> list[str]:
        """The cells' texts of row `index`."""
        return [_text(cell) for cell in self.rows[index]]

    @property
    def cursor_key(self) -> str | None:
        return self.keys[self.cursor_row] if self.rows else None

    def move_cursor(self, row: int) -> None:
        """Put the cursor on `row` (kept within the rows) and scroll it into view."""
        self.cursor_row = max(0, min(row, len(self.rows) - 1))
        self._scroll_to_cursor()
        self.refresh()

    # --- keys and mouse ------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step * self._body_height())

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def action_select_cursor(self) -> None:
        if self.rows:
            self.post_message(self.RowSelected(self, self.cursor_row, self.keys[self.cursor_row]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        row = round(self.scroll_y) + offset.y - 1
        if row < len(self.rows):
            event.stop()
            if row == self.cursor_row:
                self.action_select_cursor()
            self.move_cursor(row)

    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        if self.scrollable_content_region.height <= 1:
            return
        top, body = round(self.scroll_y), self._body_height()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + body:
            self.scroll_to(y=self.cursor_row - body + 1, animate=False)

    # --- painting ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """The header on line 0, then the rows from the scroll position down."""
        base = self.rich_style
        if y == 0:
            header = base + self.get_component_rich_style("row-table--header")
            return self._strip([(c.label, header) for c in self.columns], header)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(self.size.width, base)
        style = base
        if index == self.cursor_row:
            style += self.get_component_rich_style("row-table--cursor")
            return self._strip([(_text(cell), style) for cell in self.rows[index]], base)
        if index % 2 == 0:
            style += self.get_component_rich_style("row-table--even-row")
        cells = [(_text(cell), style + _style(cell)) for cell in self.rows[index]]
        return self._strip(cells, base)

    def _strip(self, cells: list[tuple[str, Style]], fill: Style) -> Strip:
        """One line of cells padded to their columns, scrolled sideways and filled to the width."""
        pad = " " * PADDING
        segments = [
            Segment(pad + _fit(text, width, column.justify) + pad, style)
            for (text, style), width, column in zip(cells, self.widths, self.columns, strict=True)
        ]
        left = round(self.scroll_x)
        width = self.size.width
        return Strip(segments).crop(left, left + width).extend_cell_length(width, fill)


def _text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell[0]


def _style(cell: Cell) -> Style:
    return Style.null() if isinstance(cell, str) else Style.parse(cell[1])


def _fit(text: str, width: int, justify: str) -> str:
    gap = width - cell_len(text)
    if gap < 0:
        return set_cell_size(text, width)
    return " " * gap + text if justify == "right" else text + " " * gap
