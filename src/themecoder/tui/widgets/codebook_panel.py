"""The codebook beside the transcript: colour, shortcut, name and counts of every code.

A Line-API widget: each code is one cached strip, so moving the cursor into a coded passage
(which highlights its codes here) repaints a few lines instead of re-rendering rich text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from themecoder.core.model import CodeDef, Coding
from themecoder.tui.colors import color_for
from themecoder.tui.widgets.transcript import set_virtual_size

EMPTY_HINT = "No codes yet: press c and type a name to create one."


@dataclass(frozen=True, slots=True)
class PanelLine:
    """What one line of the panel shows."""

    depth: int
    name: str
    color: str
    key: str
    mine: int
    every: int
    here: bool


def panel_lines(
    codes: list[CodeDef],
    colors: dict[str, str],
    shortcuts: dict[str, str],
    codings: list[Coding],
    coder: str,
    here: set[str],
) -> list[PanelLine]:
    """One line per code: depth, name, colour, shortcut, counts in this document (mine, all)."""
    keys = {path: key for key, path in shortcuts.items()}
    mine = Counter(c.code for c in codings if c.coder == coder)
    every = Counter(c.code for c in codings)
    return [
        PanelLine(
            code.path.count("/"),
            code.name,
            color_for(code.path, colors),
            keys.get(code.path, ""),
            mine[code.path],
            every[code.path],
            code.path in here,
        )
        for code in codes
    ]


class CodebookPanel(ScrollView, can_focus=False):
    """Read-only; the coding screen calls `show` when codes, codings or the cursor's codes change."""

    DEFAULT_CSS = """
    CodebookPanel { width: 34; border-left: vkey $primary 40%; padding: 0 1; overflow-x: hidden; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[PanelLine] = []
        self._cache: dict[int, tuple[PanelLine, Strip]] = {}

    def show(self, lines: list[PanelLine]) -> None:
        """Display `lines`, repainting only those that changed."""
        old, self.lines = self.lines, lines
        if len(old) != len(lines):
            set_virtual_size(self, Size(self.size.width, len(lines) or 1))
            return
        for y, (before, after) in enumerate(zip(old, lines, strict=True)):
            if before != after:
                self.refresh_line(y)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.lines:
            return Strip(
                [Segment(EMPTY_HINT if y == 0 else "", base + Style(italic=True))]
            ).crop_extend(0, width, base)
        if index >= len(self.lines):
            return Strip.blank(width, base)
        line = self.lines[index]
        cached = self._cache.get(index)
        if cached is None or cached[0] != line or cached[1].cell_length != width:
            cached = (line, _strip(line, base, width))
            self._cache[index] = cached
        return cached[1]


def _strip(line: PanelLine, base: Style, width: int) -> Strip:
    name_style = base + Style(bold=True, reverse=True) if line.here else base
    segments = [
        Segment("  " * line.depth, base),
        Segment("■ ", base + Style(color=line.color)),
        Segment(f"{line.key} " if line.key else "  ", base + Style(bold=True)),
        Segment(line.name, name_style),
    ]
    if line.every:
        segments.append(Segment(f"  {line.mine}/{line.every}", base + Style(dim=True)))
    return Strip(segments).crop_extend(0, width, base)
