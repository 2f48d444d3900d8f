"""Painting one screen line of a transcript into a `Strip`: gutter, text with highlights, stripes.

Columns: cursor bar and memo mark (2), text indented under its speaker header, then a margin
with one stripe lane per overlapping coding (like coding stripes) and the names of the codes.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color, ColorParseError
from textual.strip import Strip

from themecoder.tui.colors import format_time, speaker_color
from themecoder.tui.doc_model import MAX_LANES, ShownCoding
from themecoder.tui.layout import BLANK, HEADER, Block, TranscriptLayout

GUTTER = 2
INDENT = 2
_CONTROL = {i: "·" for i in range(32)} | {9: " ", 127: "·"}


def margin_width(total: int) -> int:
    """Width of the coding-stripe margin for a view `total` cells wide (none when narrow)."""
    return 28 if total >= 100 else 24 if total >= 80 else 18 if total >= 64 else 0


def abbreviate(name: str, width: int) -> str:
    """`social-media-promotion` -> `soc-med-pro` (then cut with …) so several names fit a line."""
    if len(name) <= width:
        return name
    parts = [p for p in re.split(r"[-_ ]+", name) if p]
    if len(parts) > 1 and width < len(name) * 2 // 3:
        keep = max(2, (width - len(parts) + 1) // len(parts))
        name = "-".join(part[:keep] for part in parts)
    return name if len(name) <= width else name[: max(1, width - 1)] + "…"


def text_width(total: int) -> int:
    margin = margin_width(total)
    return max(8, total - GUTTER - INDENT - (margin + 1 if margin else 0) - 1)


@dataclass(frozen=True, slots=True)
class SuggestionMark:
    """A code suggested for `[start, end)` (drawn as a dim mark and a `?code` in the margin)."""

    id: int
    start: int
    end: int
    code: str
    score: float


@dataclass(slots=True)
class Palette:
    """Resolved colours of the view (from its component classes and the theme)."""

    base: Style
    background: Color
    selection: Color
    hit: Color
    current_hit: Color
    cursor_bar: Style
    time: Style
    aside: Style
    memo: Style


@lru_cache(maxsize=4096)
def _blend(color: str, background: Color, alpha: float) -> Color:
    try:
        return background.blend(Color.parse(color), alpha)
    except ColorParseError:  # a malformed colour from an imported codebook
        return background.blend(Color.parse("#888888"), alpha)


class LinePainter:
    """Turns layout lines into strips; stateless apart from the palette and document."""

    def __init__(
        self,
        text: str,
        blocks: list[Block],
        layout: TranscriptLayout,
        palette: Palette,
        total_width: int,
    ) -> None:
        self.text = text
        self.blocks = blocks
        self.layout = layout
        self.palette = palette
        self.total = total_width
        self.margin = margin_width(total_width)
        self.width = text_width(total_width)
        self.speakers: list[str] = []
        self._styles: dict[tuple[object, ...], Style] = {}

    def paint(
        self,
        line: int,
        codings: list[ShownCoding],
        lanes: list[int],
        selection: tuple[int, int] | None,
        hits: list[tuple[int, int, bool]],
        memo: bool,
        suggestions: tuple[SuggestionMark, ...] = (),
    ) -> Strip:
        """The full-width strip of `line` (`suggestions`: those starting on it)."""
        kind = self.layout.kinds[line]
        block = self.blocks[self.layout.blocks[line]]
        bar = Segment(
            "▌" if selection else " ", self.palette.cursor_bar if selection else self.palette.base
        )
        mark = Segment(
            "✎" if memo else "?" if suggestions else " ",
            self.palette.aside if suggestions and not memo else self.palette.memo,
        )
        body_width = self.total - GUTTER - (self.margin + 1 if self.margin else 0)
        if kind == HEADER:
            body = self._header(block)
        elif kind == BLANK:
            body = []
        else:
            body = [
                Segment(" " * INDENT, self.palette.base),
                *self._text(line, block, codings, selection, hits),
            ]
        strip = Strip([bar, mark, *body]).crop_extend(0, GUTTER + body_width, self.palette.base)
        if not self.margin:
            return strip
        start, end = self.layout.starts[line], self.layout.ends[line]
        margin = Strip(self._margin(codings, lanes, start, end, suggestions)).crop_extend(
            0, self.margin + 1, self.palette.base
        )
        return Strip.join([strip, margin])

    def _header(self, block: Block) -> list[Segment]:
        segments = []
        if block.speaker:
            color = speaker_color(block.speaker, self.speakers)
            segments.append(
                Segment(block.speaker, self.palette.base + Style(color=color, bold=True))
            )
        stamp = format_time(block.time)
        if stamp:
            segments.append(Segment(("  " if segments else "") + stamp, self.palette.time))
        return segments

    def _text(
        self,
        line: int,
        block: Block,
        codings: list[ShownCoding],
        selection: tuple[int, int] | None,
        hits: list[tuple[int, int, bool]],
    ) -> list[Segment]:
        start, end = self.layout.starts[line], self.layout.ends[line]
        if end > start and self.text[end - 1] == " ":
            end = start + len(self.text[start:end].rstrip(" "))
        cuts = {start, end}
        spans = [(c.start, c.end) for c in codings] + [(h[0], h[1]) for h in hits]
        if selection:
            spans.append(selection)
        for s, e in spans:
            if start < s < end:
                cuts.add(s)
            if start < e < end:
                cuts.add(e)
        points = sorted(cuts)
        aside = block.turn < 0
        return [
            Segment(
                self.text[a:b].translate(_CONTROL),
                self._style_at(a, codings, selection, hits, aside),
            )
            for a, b in itertools.pairwise(points)
            if b > a
        ]

    def _style_at(
        self,
        offset: int,
        codings: list[ShownCoding],
        selection: tuple[int, int] | None,
        hits: list[tuple[int, int, bool]],
        aside: bool,
    ) -> Style:
        own = [c for c in codings if c.mine and c.start <= offset < c.end]
        others = [c for c in codings if not c.mine and c.start <= offset < c.end]
        inner = min(own or others, key=lambda c: c.end - c.start, default=None)
        selected = bool(selection and selection[0] <= offset < selection[1])
        hit = next((current for s, e, current in hits if s <= offset < e), None)
        key = (inner.color if inner else None, bool(own), bool(others), selected, hit, aside)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self._compose(
                inner, bool(own), bool(others), selected, hit, aside
            )
        return style

    def _compose(
        self,
        inner: ShownCoding | None,
        own: bool,
        others: bool,
        selected: bool,
        hit: bool | None,
        aside: bool,
    ) -> Style:
        p = self.palette
        bg = p.background
        if inner is not None:
            bg = _blend(inner.color, p.background, 0.5 if own else 0.22)
        if selected:
            bg = bg.blend(p.selection, 0.65)
        if hit is not None:
            bg = p.current_hit if hit else p.hit
        style = (p.aside if aside else p.base) + Style(
            bgcolor=bg.rich_color, underline=others or None
        )
        if selected or hit:
            style += Style(color=(bg.get_contrast_text(1.0)).rich_color)
        return style

    def _margin(
        self,
        codings: list[ShownCoding],
        lanes: list[int],
        start: int,
        end: int,
        suggestions: tuple[SuggestionMark, ...] = (),
    ) -> list[Segment]:
        p = self.palette
        segments = [Segment(" ", p.base)]
        lane_colors: list[str | None] = [None] * MAX_LANES
        for coding, lane in zip(codings, lanes, strict=True):
            if 0 <= lane < MAX_LANES:
                lane_colors[lane] = coding.color
        for color in lane_colors:
            segments.append(
                Segment("┃" if color else " ", p.base + Style(color=color) if color else p.base)
            )
        names: list[tuple[tuple[str, str], ShownCoding]] = []
        for coding in sorted(codings, key=lambda c: (c.start, c.code)):
            label = (coding.code.rsplit("/", 1)[-1], "" if coding.mine else f"·{coding.coder[:2]}")
            if label not in {n for n, _ in names}:
                names.append((label, coding))
        room = self.margin - MAX_LANES - 1
        each = max(5, room // max(1, len(names) + len(suggestions)) - 1)
        for (name, coder), coding in names:
            bold = start <= coding.start < max(end, start + 1)
            style = p.base + Style(color=coding.color, bold=bold, italic=not coding.mine)
            segments.append(Segment(" " + abbreviate(name, each - len(coder)) + coder, style))
        for mark in suggestions:
            leaf = mark.code.rsplit("/", 1)[-1]
            segments.append(Segment(" ?" + abbreviate(leaf, each - 1), p.aside))
        return segments
