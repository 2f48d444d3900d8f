"""What the transcript's keys and mouse do: move the sentence cursor, grow the selection, drag."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.scroll_view import ScrollView

from themecoder.tui.doc_model import word_span
from themecoder.tui.layout import TEXT
from themecoder.tui.widgets.transcript_paint import GUTTER, INDENT

if TYPE_CHECKING:
    from themecoder.tui.doc_model import DocumentData, Selection
    from themecoder.tui.layout import TranscriptLayout


class TranscriptMoves(ScrollView):
    """The base of TranscriptView, which provides the selection, layout and `_move`."""

    data: DocumentData | None
    text_layout: TranscriptLayout | None
    selection: Selection
    _drag_anchor: int | None
    _dragged: bool

    if TYPE_CHECKING:  # provided by TranscriptView

        def _move(self, change: Any) -> None: ...
        def _head_line(self) -> int: ...

    def action_cursor(self, step: int) -> None:
        sel = self.selection
        target = sel.head() + 1 if step > 0 else sel.unit_at(sel.span[0]) - 1
        self._move(lambda: sel.move_to(target))

    def action_turn(self, step: int) -> None:
        if self.data is None or self.text_layout is None:
            return
        blocks, sel = self.data.blocks, self.selection
        current = self.text_layout.blocks[self.text_layout.line_of(sel.span[0])]
        first_here = sel.unit_at(blocks[current].start)
        if step < 0 and sel.cursor > first_here:
            self._move(lambda: sel.move_to(first_here))
            return
        candidates = range(current + 1, len(blocks)) if step > 0 else range(current - 1, -1, -1)
        for block in candidates:
            unit = sel.unit_at(blocks[block].start)
            if blocks[block].start <= sel.units[unit][0] < blocks[block].end:
                self._move(lambda unit=unit: sel.move_to(unit))
                return
        self.app.bell()

    def action_first(self) -> None:
        self._move(lambda: self.selection.move_to(0))

    def action_last(self) -> None:
        self._move(lambda: self.selection.move_to(len(self.selection.units) - 1))

    def action_page(self, step: int) -> None:
        if self.text_layout is None:
            return
        line = self._head_line() + step * max(1, self.scrollable_content_region.height - 2)
        line = max(0, min(line, len(self.text_layout) - 1))
        offset = self.text_layout.starts[line]
        self._move(lambda: self.selection.move_to(self.selection.unit_at(offset)))

    def action_extend(self, step: int) -> None:
        self._move(lambda: self.selection.extend(step))

    def action_extend_word(self, step: int) -> None:
        self._move(lambda: self.selection.extend_word(step))

    def action_select_turn(self) -> None:
        if self.data is None or self.text_layout is None:
            return
        block = self.data.blocks[
            self.text_layout.blocks[self.text_layout.line_of(self.selection.span[0])]
        ]
        self._move(lambda: self.selection.select(block.start, block.end))

    def select_span(self, start: int, end: int) -> None:
        """Select `[start, end)` and bring it into view."""
        self._move(lambda: self.selection.select(start, end))

    # --- mouse -----------------------------------------------------------------------------------

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under a point of the widget's content, or None outside the text."""
        if self.text_layout is None or self.data is None:
            return None
        line = self.scroll_offset.y + y
        if not 0 <= line < len(self.text_layout) or self.text_layout.kinds[line] != TEXT:
            return None
        start, end = self.text_layout.starts[line], self.text_layout.ends[line]
        column = x - GUTTER - INDENT
        text = self.data.document.text
        position, used = start, 0
        while position < end and used + _cells(text[position]) <= column:
            used += _cells(text[position])
            position += 1
        return position

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self.offset_at(event.x, event.y)
        if offset is None or event.button != 1:
            return
        self.focus()
        self._drag_anchor, self._dragged = offset, False
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_anchor is None:
            return
        offset = self.offset_at(event.x, event.y)
        if offset is None or self.data is None:
            return
        text, anchor = self.data.document.text, self._drag_anchor
        low, high = sorted((anchor, offset))
        if high > low:
            self._dragged = True
            start, end = word_span(text, low)[0], word_span(text, max(low, high - 1))[1]
            self._move(lambda: self.selection.select(start, end))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_anchor is None:
            return
        anchor, self._drag_anchor = self._drag_anchor, None
        self.release_mouse()
        if not self._dragged:
            self._move(lambda: self.selection.move_to(self.selection.unit_at(anchor)))


def _cells(char: str) -> int:
    from rich.cells import get_character_cell_size

    return 1 if char.isascii() else get_character_cell_size(char)
