"""`TranscriptView`: a transcript on Textual's Line API, with a sentence cursor and a selection.

Lines are laid out once per width (`tui.layout`); each screen line's strip is cached with a
signature of everything that changes how it looks (codings on it, the selected part, search hits),
so moving the cursor or coding a passage repaints only the lines it touches.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from themecoder.core.model import Coding
from themecoder.tui.colors import code_colors
from themecoder.tui.doc_model import CodingIndex, DocumentData, Selection, shown_codings
from themecoder.tui.keymap import TRANSCRIPT_BINDINGS
from themecoder.tui.layout import TEXT, TranscriptLayout, lay_out
from themecoder.tui.widgets.transcript_moves import TranscriptMoves
from themecoder.tui.widgets.transcript_paint import (
    LinePainter,
    Palette,
    SuggestionMark,
    text_width,
)


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """A new scrollable size without a layout pass of the whole screen.

    The view's own size does not change (its scrollbar is always shown), so only its scrollbar and
    lines need updating; assigning `virtual_size` would re-lay-out and repaint every widget.
    """
    if view.virtual_size != size:
        view.set_reactive(ScrollView.virtual_size, size)
        view._scroll_update(size)
    view.refresh()


class TranscriptView(TranscriptMoves, can_focus=True, inherit_bindings=False):
    """The coding view's document: turns, highlights of codings, stripes, cursor and selection."""

    BINDINGS = TRANSCRIPT_BINDINGS
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript--selection",
        "transcript--hit",
        "transcript--current-hit",
        "transcript--cursor-bar",
        "transcript--time",
        "transcript--aside",
        "transcript--memo",
    }
    DEFAULT_CSS = """
    TranscriptView {
        overflow-y: scroll; overflow-x: hidden; background: $surface;
        & > .transcript--selection { background: $accent; }
        & > .transcript--hit { background: $warning 45%; }
        & > .transcript--current-hit { background: $warning; }
        & > .transcript--cursor-bar { color: $accent; }
        & > .transcript--time { color: $text-muted; }
        & > .transcript--aside { color: $text-muted; text-style: italic; }
        & > .transcript--memo { color: $warning; }
    }
    """

    @dataclass
    class SelectionChanged(Message):
        """The cursor or the selection moved."""

        view: TranscriptView
        start: int
        end: int

    def __init__(self, coder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.coder = coder
        self.data: DocumentData | None = None
        self.text_layout: TranscriptLayout | None = None
        self.painter: LinePainter | None = None
        self.coding_index: CodingIndex | None = None
        self.selection = Selection("", [])
        self.only: str | None = None
        self.code_colors: dict[str, str] = {}
        self.hits: list[tuple[int, int]] = []
        self.hit_index = -1
        self._hit_starts: list[int] = []
        self._memo_lines: set[int] = set()
        self.suggestions: list[SuggestionMark] = []
        self._suggestion_lines: dict[int, tuple[SuggestionMark, ...]] = {}
        self._cache: dict[int, tuple[object, Strip]] = {}
        self._drag_anchor: int | None = None
        self._dragged = False

    # --- content -------------------------------------------------------------------------------

    def show_document(self, data: DocumentData, select: tuple[int, int] | None = None) -> None:
        """Display a loaded document; select a span (a coding, a search hit) or its first sentence."""
        self.data = data
        self.code_colors = code_colors(data.codes)
        self.selection = Selection(
            data.document.text, data.units, [(b.start, b.end) for b in data.blocks]
        )
        self._relayout(force=True)
        if select:
            self.selection.select(*select)
        self._after_move((-1, -1), center=True)

    def set_codings(self, codings: list[Coding], codes: list | None = None) -> None:
        """New codings (after a write, an undo or another coder's change): lines re-render by signature."""
        if self.data is None:
            return
        self.data.codings = codings
        if codes is not None:
            self.data.codes = codes
            self.code_colors = code_colors(codes)
        self._reindex()
        self.refresh()

    def add_coding(self, coding: Coding) -> None:
        """One new coding (just written by this coder): repaint only its lines."""
        if self.data is None or self.coding_index is None or self.text_layout is None:
            return
        if any(c.id == coding.id for c in self.data.codings):
            return
        self.data.codings.append(coding)
        shown = shown_codings([coding], self.coder, self.only, self.code_colors)
        if shown:
            lines = self.coding_index.add(shown[0])
            self._refresh_lines(lines.start, lines.stop)

    def set_only(self, coder: str | None) -> None:
        """Show every coder's codings (None) or one coder's only (the current coder: blind coding)."""
        self.only = coder
        if self.data is not None:
            self._reindex()
            self.refresh()

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        self.hits = sorted(hits)
        self._hit_starts = [h[0] for h in self.hits]
        self.hit_index = -1
        self.refresh()

    def goto_hit(self, step: int) -> bool:
        """Select the next (+1) or previous (-1) search hit after the cursor; False if none."""
        if not self.hits:
            return False
        start = self.selection.span[0]
        if step > 0:
            index = bisect_left(self._hit_starts, start + (1 if self.hit_index >= 0 else 0))
            index = index % len(self.hits)
        else:
            index = (bisect_left(self._hit_starts, start) - 1) % len(self.hits)
        self.hit_index = index
        old = self.selection.span
        self.selection.select(*self.hits[index])
        self.refresh()
        self._after_move(old, center=True)
        return True

    def set_suggestions(self, marks: list[SuggestionMark]) -> None:
        """Code suggestions to draw (a dim `?` and the code in the margin); [] hides them."""
        self.suggestions = sorted(marks, key=lambda m: (m.start, -m.score))
        self._index_suggestions()
        self.refresh()

    def suggestions_at(self, start: int, end: int) -> list[SuggestionMark]:
        """The suggestions overlapping `[start, end)`, those containing `start` first."""
        found = [m for m in self.suggestions if m.start < max(end, start + 1) and m.end > start]
        return sorted(found, key=lambda m: (not m.start <= start < m.end, -m.score))

    def _index_suggestions(self) -> None:
        lines: dict[int, list[SuggestionMark]] = {}
        if self.text_layout is not None:
            for mark in self.suggestions:
                lines.setdefault(self.text_layout.line_of(mark.start), []).append(mark)
        self._suggestion_lines = {line: tuple(marks) for line, marks in lines.items()}

    @property
    def shown(self):  # type: ignore[no-untyped-def]
        return self.coding_index.shown if self.coding_index else []

    # --- layout and painting --------------------------------------------------------------------

    def _relayout(self, force: bool = False) -> None:
        total = self.scrollable_content_region.width
        if self.data is None or total <= 0:
            return
        if not force and self.painter is not None and self.painter.total == total:
            return
        text = self.data.document.text
        self.text_layout = lay_out(text, self.data.blocks, text_width(total))
        self.painter = LinePainter(text, self.data.blocks, self.text_layout, self._palette(), total)
        set_virtual_size(self, Size(total, len(self.text_layout)))
        self._reindex()

    def _reindex(self) -> None:
        if self.data is None or self.text_layout is None:
            return
        shown = shown_codings(self.data.codings, self.coder, self.only, self.code_colors)
        self.coding_index = CodingIndex(shown, self.text_layout)
        lines: set[int] = set()
        for memo in self.data.memos:
            if memo.start is not None and memo.end is not None:
                lines.add(self.text_layout.line_of(memo.start))
        with_memo = {c.id for c in self.data.codings if c.memo and c.coder == self.coder}
        for coding in shown:
            if coding.id in with_memo:
                lines.add(self.text_layout.line_of(coding.start))
        self._memo_lines = lines
        self._index_suggestions()

    def _palette(self) -> Palette:
        base = self.rich_style
        background = self.background_colors[1]
        component = self.get_component_rich_style
        return Palette(
            base=base,
            background=background,
            selection=self.get_component_styles("transcript--selection").background,
            hit=self.get_component_styles("transcript--hit").background,
            current_hit=self.get_component_styles("transcript--current-hit").background,
            cursor_bar=base + component("transcript--cursor-bar", partial=True),
            time=base + component("transcript--time", partial=True),
            aside=base + component("transcript--aside", partial=True),
            memo=base + component("transcript--memo", partial=True),
        )

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        if self.painter is not None:
            self.painter.palette = self._palette()
            self.painter._styles.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self._cache.clear()
        self._scroll_to_line(self._head_line(), center=True)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        layout, painter, index = self.text_layout, self.painter, self.coding_index
        if layout is None or painter is None or index is None or line >= len(layout):
            if y == 1 and self.data is None:
                return Strip([Segment("  Loading the document…", self.rich_style)])
            return Strip.blank(self.size.width, self.rich_style)
        selection = self._selected_part(line)
        hits = self._hits_on(line)
        memo = line in self._memo_lines
        marks = self._suggestion_lines.get(line, ())
        signature = (index.signature(line), selection, tuple(hits), memo, marks)
        cached = self._cache.get(line)
        if cached is not None and cached[0] == signature:
            return cached[1]
        strip = painter.paint(
            line,
            index.on_line(line),
            [index.lanes[i] for i in index.by_line.get(line, ())],
            selection,
            hits,
            memo,
            marks,
        )
        self._cache[line] = (signature, strip)
        return strip

    def _selected_part(self, line: int) -> tuple[int, int] | None:
        assert self.text_layout is not None
        if self.text_layout.kinds[line] != TEXT:
            return None
        start, end = self.selection.span
        line_start, line_end = self.text_layout.starts[line], self.text_layout.ends[line]
        if start < line_end and end > line_start:
            return max(start, line_start), min(end, line_end)
        return None

    def _hits_on(self, line: int) -> list[tuple[int, int, bool]]:
        assert self.text_layout is not None
        if not self.hits:
            return []
        line_start, line_end = self.text_layout.starts[line], self.text_layout.ends[line]
        found = []
        position = bisect_left(self._hit_starts, line_end) - 1
        while position >= 0 and self.hits[position][1] > line_start:
            start, end = self.hits[position]
            found.append((start, end, position == self.hit_index))
            position -= 1
        return found[::-1]

    # --- moving ----------------------------------------------------------------------------------

    def _after_move(self, old: tuple[int, int], center: bool = False) -> None:
        new = self.selection.span
        if self.text_layout is None:
            return
        if old != new:
            for span in (old, new):
                if span[0] >= 0:
                    self._refresh_span(*span)
            self.post_message(self.SelectionChanged(self, *new))
        self._scroll_to_line(self._head_line(), center=center)

    def _refresh_span(self, start: int, end: int) -> None:
        assert self.text_layout is not None
        lines = self.text_layout.lines_of(start, end)
        self._refresh_lines(lines.start, lines.stop)

    def _refresh_lines(self, first: int, stop: int) -> None:
        """Repaint the visible part of lines `[first, stop)`."""
        top = self.scroll_offset.y
        first, stop = max(first, top), min(stop, top + self.size.height)
        if stop > first:
            self.refresh_lines(first, stop - first)

    def _head_line(self) -> int:
        if self.text_layout is None:
            return 0
        start, end = self.selection.span
        return self.text_layout.line_of(max(start, end - 1))

    def _scroll_to_line(self, line: int, center: bool = False) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if height <= 0:
            return
        if center and not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)
        elif line < top + 1:
            self.scroll_to(y=max(0, line - 2), animate=False, immediate=True)
        elif line >= top + height - 1:
            self.scroll_to(y=line - height + 3, animate=False, immediate=True)

    def _move(self, change) -> None:  # type: ignore[no-untyped-def]
        if not self.selection.units:
            self.app.bell()
            return
        old = self.selection.span
        change()
        self._after_move(old)
