"""A horizontal bar chart drawn with Unicode eighth blocks, one block of bars per code.

Each code (in codebook order, in its colour) has one bar per group (a single total, each case, or
each value of a case attribute). Lines are built once per width and drawn through the Line API,
so a long chart scrolls without re-rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
MAX_LABEL = 36
MAX_GROUP = 18
MAX_BAR = 64


@dataclass(slots=True)
class CodeBars:
    """One code's bars: `(group label, value)` pairs, drawn in the code's colour."""

    label: str
    color: str
    bars: list[tuple[str, float]] = field(default_factory=list)


def bar(value: float, top: float, width: int) -> str:
    """`value` as a bar of up to `width` cells at eighth-cell resolution, `top` filling them all."""
    if top <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(min(value / top, 1.0) * width * 8))  # a non-zero value stays visible
    whole, rest = divmod(eighths, 8)
    return FULL * whole + (EIGHTHS[rest] if rest else "")


def format_value(value: float) -> str:
    """Whole numbers without decimals (with thousands separators), others to one decimal."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def chart_lines(codes: list[CodeBars], width: int) -> list[Text]:
    """The chart as lines of `width` cells: code label, group label, bar, value."""
    if not codes:
        return [Text("Nothing to chart.", style="italic")]
    grouped = any(len(c.bars) > 1 or (c.bars and c.bars[0][0]) for c in codes)
    label_w = min(MAX_LABEL, max(len(c.label) for c in codes))
    group_w = min(MAX_GROUP, max((len(g) for c in codes for g, _ in c.bars), default=0))
    values = [v for c in codes for _, v in c.bars]
    top = max(values, default=0)
    number_w = max((len(format_value(v)) for v in values), default=1)
    room = width - label_w - (group_w + 1 if grouped else 0) - number_w - 4
    bar_w = max(4, min(MAX_BAR, room))
    lines: list[Text] = []
    for code in codes:
        if grouped and lines:
            lines.append(Text(""))
        for index, (group, value) in enumerate(code.bars or [("", 0)]):
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(
                _fit(code.label if index == 0 else "", label_w), style="bold" if index == 0 else ""
            )
            if grouped:
                line.append(" " + _fit(group, group_w), style="dim")
            line.append(" │", style="dim")
            drawn = bar(value, top, bar_w)
            line.append(drawn, style=code.color)
            line.append(" " + format_value(value))
            lines.append(line)
    return lines


def _fit(text: str, width: int) -> str:
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


class BarChart(ScrollView, can_focus=True):
    """Call `show(codes)`; the chart scrolls with the arrow keys when focused."""

    DEFAULT_CSS = """
    BarChart { height: 1fr; background: $surface; }
    BarChart:focus { background-tint: $foreground 4%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.codes: list[CodeBars] = []
        self.lines: list[Text] = []
        self._strips: list[Strip] = []
        self._width = 0

    def show(self, codes: list[CodeBars]) -> None:
        """Replace the chart's data and redraw."""
        self.codes = codes
        self._width = 0
        self._layout_lines()

    def on_resize(self) -> None:
        self._layout_lines()

    def _layout_lines(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        self.lines = chart_lines(self.codes, width)
        console = self.app.console
        self._strips = [Strip(list(line.render(console, end=""))) for line in self.lines]
        self.virtual_size = Size(width, len(self._strips))
        self.refresh()

    def plain_lines(self) -> list[str]:
        """The chart as plain text lines (what a user reads)."""
        return [line.plain.rstrip() for line in self.lines]

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        style = self.rich_style
        if index >= len(self._strips):
            return Strip([Segment(" " * self.size.width, style)])
        strip = self._strips[index].apply_style(Style(bgcolor=style.bgcolor))
        return strip.adjust_cell_length(self.size.width, style)
