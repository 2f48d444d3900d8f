"""A transcript laid out as screen lines: blocks (turns and text between them), wrapped once per width.

The layout is plain lists of ints (kind, block, start, end per screen line), so a 60,000-word
transcript wraps in tens of milliseconds and an offset finds its line by bisection. A text line
covers `[start, end)` of the stored text, trailing spaces included, so consecutive lines of a
paragraph are contiguous and every character of a block is on exactly one line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len, get_character_cell_size

from themecoder.core.model import Segment

HEADER, TEXT, BLANK = 0, 1, 2
_TOKEN = re.compile(r"[^\s]+[^\S\n]*|[^\S\n]+")
# Characters outside these ranges may be wide, zero-width or control characters: measured one by one.
_NOT_NARROW = re.compile(
    "[^\u0020-\u007e\u00a0-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff"
    "\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]"
)
_TIMESTAMP_LINE = re.compile(r"^[\s\[\(]*(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?[\]\)\s]*$")


@dataclass(frozen=True, slots=True)
class Block:
    """A turn (`turn` >= 0) or text outside every turn, such as a title line (`turn` == -1)."""

    start: int
    end: int
    speaker: str | None = None
    time: float | None = None
    turn: int = -1

    @property
    def has_header(self) -> bool:
        return self.speaker is not None or self.time is not None


def blocks_of(text: str, turns: Sequence[Segment]) -> list[Block]:
    """The turns in order, plus any text between them that is more than the next speaker's label."""
    blocks: list[Block] = []
    previous = 0
    for index, turn in enumerate(turns):
        blocks += _asides(text, previous, turn.start, turn.speaker)
        blocks.append(Block(turn.start, turn.end, turn.speaker, turn.time, index))
        previous = turn.end
    blocks += _asides(text, previous, len(text), None)
    return blocks


def _asides(text: str, start: int, end: int, next_speaker: str | None) -> list[Block]:
    """Non-blank lines of `text[start:end]`, minus the label line of the turn that follows."""
    keep_until = end
    if end < len(text) or next_speaker:
        keep_until = text.rfind("\n", start, end) + 1 if "\n" in text[start:end] else start
    spans: list[Block] = []
    position = start
    for line in text[start:keep_until].split("\n"):
        line_start, position = position, position + len(line) + 1
        stripped = line.strip()
        if not stripped or _is_label(stripped, next_speaker):
            continue
        lead = len(line) - len(line.lstrip())
        spans.append(Block(line_start + lead, line_start + lead + len(stripped)))
    return _merge_adjacent(text, spans)


def _is_label(line: str, speaker: str | None) -> bool:
    if _TIMESTAMP_LINE.match(line):
        return True
    return (
        bool(speaker)
        and len(line) <= len(speaker or "") + 40
        and (speaker or "").lower() in line.lower()
    )


def _merge_adjacent(text: str, spans: list[Block]) -> list[Block]:
    """Consecutive non-blank lines form one block (a paragraph)."""
    merged: list[Block] = []
    for span in spans:
        if merged and text[merged[-1].end : span.start].count("\n") == 1:
            merged[-1] = Block(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


@dataclass(slots=True)
class TranscriptLayout:
    """Screen lines of a transcript at one text width."""

    width: int
    kinds: list[int] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    block_first_line: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.kinds)

    def add(self, kind: int, block: int, start: int, end: int) -> None:
        self.kinds.append(kind)
        self.blocks.append(block)
        self.starts.append(start)
        self.ends.append(end)

    def line_of(self, offset: int) -> int:
        """The screen line showing the character at `offset` (the nearest line before it otherwise)."""
        line = max(0, bisect_right(self.starts, offset) - 1)
        while line > 0 and self.kinds[line] != TEXT:
            line -= 1
        return line

    def lines_of(self, start: int, end: int) -> range:
        """Screen lines covering `[start, end)` (at least one line)."""
        first = self.line_of(start)
        return range(first, max(first, self.line_of(max(start, end - 1))) + 1)


def lay_out(text: str, blocks: Sequence[Block], width: int) -> TranscriptLayout:
    """Wrap every block at `width` cells: a header line if it has a speaker or time, its text lines,
    then a blank line between blocks."""
    width = max(8, width)
    layout = TranscriptLayout(width)
    for index, block in enumerate(blocks):
        if index:
            layout.add(BLANK, index - 1, blocks[index - 1].end, blocks[index - 1].end)
        layout.block_first_line.append(len(layout))
        if block.has_header:
            layout.add(HEADER, index, block.start, block.start)
        for start, end in wrap_span(text, block.start, block.end, width):
            layout.add(TEXT, index, start, end)
    return layout


def wrap_span(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of `text[start:end]` into `(start, end)` lines of at most `width` cells.

    Hard line breaks are kept (runs of blank lines become one empty line); words longer than the
    width are split.
    """
    lines: list[tuple[int, int]] = []
    position = start
    while position <= end:
        newline = text.find("\n", position, end)
        stop = end if newline < 0 else newline
        if stop > position:
            _wrap_line(text, position, stop, width, lines)
        elif lines and lines[-1][0] != lines[-1][1]:
            lines.append((position, position))
        if newline < 0:
            break
        position = newline + 1
    return lines or [(start, start)]


def _wrap_line(text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]) -> None:
    if is_narrow(text, start, end):
        _wrap_narrow(text, start, end, width, lines)
    else:
        _wrap_wide(text, start, end, width, lines)


def is_narrow(text: str, start: int, end: int) -> bool:
    """True when every character of `text[start:end]` takes exactly one cell."""
    return _NOT_NARROW.search(text, start, end) is None


def _wrap_narrow(text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]) -> None:
    """Every character one cell wide: break at the last space that fits (one step per line)."""
    line_start = start
    while end - line_start > width:
        space = text.rfind(" ", line_start + 1, line_start + width + 1)
        if space < 0:
            cut = line_start + width
        else:
            cut = space + 1
            while cut < end and text[cut] == " ":
                cut += 1
        lines.append((line_start, cut))
        line_start = cut
    lines.append((line_start, end))


def _wrap_wide(text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]) -> None:
    """Wide (CJK, emoji) or tab characters: measure word by word."""
    line_start, column = start, 0
    for match in _TOKEN.finditer(text, start, end):
        token_start, token_end = match.span()
        visible_end = token_start + len(match.group().rstrip())
        cells = cell_len(text[token_start:visible_end])
        if column and column + cells > width:
            lines.append((line_start, token_start))
            line_start, column = token_start, 0
        while cells > width:
            cut = _cut(text, token_start, width)
            lines.append((line_start, cut))
            line_start = token_start = cut
            cells = cell_len(text[cut:visible_end])
        column += cells + (token_end - visible_end)
    lines.append((line_start, end))


def _cut(text: str, start: int, width: int) -> int:
    """The offset after as many characters from `start` as fit in `width` cells (at least one)."""
    used, position = 0, start
    while position < len(text):
        size = get_character_cell_size(text[position])
        if used + size > width and position > start:
            break
        used += size
        position += 1
    return position
