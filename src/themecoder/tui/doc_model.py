"""What the coding view shows of one document, without any widget: data, codings by line, selection.

`DocumentData` is loaded in a worker thread (its own Project); `CodingIndex` maps screen lines to
the codings drawn on them; `Selection` moves by sentences, turns and words. All plain Python, so the
view stays thin and these are testable on their own.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from themecoder.core.model import CodeDef, Coding, Document, Segment
from themecoder.tui.colors import color_for
from themecoder.tui.layout import Block, TranscriptLayout, blocks_of

if TYPE_CHECKING:
    from themecoder.store import Project
    from themecoder.store.memos import Memo

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
MAX_LANES = 4


@dataclass(slots=True)
class DocumentData:
    """Everything the coding view needs about one document, read in one go."""

    document: Document
    turns: list[Segment]
    sentences: list[Segment]
    codings: list[Coding]
    codes: list[CodeDef]
    memos: list[Memo] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    @property
    def units(self) -> list[tuple[int, int]]:
        """Navigation units: the sentences, else the blocks (a document without sentences)."""
        if self.sentences:
            return [(s.start, s.end) for s in self.sentences]
        return [(b.start, b.end) for b in self.blocks if b.end > b.start]


def load_document_data(project: Project, ref: int | str) -> DocumentData:
    """Read a document with its turns, sentences, codings (all coders), codebook and memos."""
    document = project.document(ref)
    turns = project.segments(document.id, "turn")
    data = DocumentData(
        document,
        turns,
        project.segments(document.id, "sentence"),
        project.codings(doc=document.id),
        project.codes(),
        project.memos(doc_id=document.id),
    )
    data.blocks = blocks_of(document.text, turns)
    return data


@dataclass(frozen=True, slots=True)
class ShownCoding:
    """A coding as drawn: its colour and whether it is the current coder's own."""

    id: int
    code: str
    coder: str
    start: int
    end: int
    mine: bool
    color: str


def shown_codings(
    codings: Sequence[Coding], coder: str, only: str | None, colors: dict[str, str]
) -> list[ShownCoding]:
    """The codings to draw: every coder's, or `only` one coder's (blind coding: only=coder)."""
    return [
        ShownCoding(
            c.id or 0, c.code, c.coder, c.start, c.end, c.coder == coder, color_for(c.code, colors)
        )
        for c in codings
        if only is None or c.coder == only
    ]


class CodingIndex:
    """Which codings touch each screen line, and the stripe lane of each coding."""

    def __init__(self, shown: list[ShownCoding], layout: TranscriptLayout) -> None:
        self.shown = shown
        self.layout = layout
        self.by_line: dict[int, list[int]] = {}
        spans = []
        for index, coding in enumerate(shown):
            lines = layout.lines_of(coding.start, coding.end)
            spans.append((lines.start, lines.stop, index))
            for line in lines:
                self.by_line.setdefault(line, []).append(index)
        self.lanes = _assign_lanes(spans, len(shown))

    def add(self, coding: ShownCoding) -> range:
        """Index one more coding (in the lowest stripe lane free on its lines); returns its lines."""
        index = len(self.shown)
        self.shown.append(coding)
        lines = self.layout.lines_of(coding.start, coding.end)
        busy = {self.lanes[i] for line in lines for i in self.by_line.get(line, ())}
        self.lanes.append(next((lane for lane in range(MAX_LANES) if lane not in busy), -1))
        for line in lines:
            self.by_line.setdefault(line, []).append(index)
        return lines

    def on_line(self, line: int) -> list[ShownCoding]:
        return [self.shown[i] for i in self.by_line.get(line, ())]

    def signature(self, line: int) -> tuple[tuple[int, str, str, int, int, int], ...]:
        """What of the codings affects how `line` looks (for the strip cache)."""
        return tuple(
            (c.id, c.code, c.color, c.start, c.end, self.lanes[i])
            for i in self.by_line.get(line, ())
            for c in (self.shown[i],)
        )

    def covering(self, start: int, end: int) -> list[ShownCoding]:
        """Shown codings overlapping `[start, end)` (a point when start == end)."""
        return [c for c in self.shown if c.start < max(end, start + 1) and c.end > start]


def _assign_lanes(spans: list[tuple[int, int, int]], count: int) -> list[int]:
    """Greedy interval colouring of codings by their lines; lanes beyond MAX_LANES are -1."""
    lanes = [-1] * count
    lane_free_at: list[int] = []
    for first, stop, index in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        for lane, free_at in enumerate(lane_free_at):
            if free_at <= first:
                lanes[index], lane_free_at[lane] = lane, stop
                break
        else:
            if len(lane_free_at) < MAX_LANES:
                lanes[index] = len(lane_free_at)
                lane_free_at.append(stop)
    return lanes


class Selection:
    """A cursor on one unit (sentence) and a selection `[start, end)` that can grow from it."""

    def __init__(
        self, text: str, units: list[tuple[int, int]], blocks: list[tuple[int, int]] | None = None
    ) -> None:
        self.text = text
        self.units = units
        self.blocks = blocks or [(0, len(text))]
        self._block_starts = [b[0] for b in self.blocks]
        self._unit_starts = [u[0] for u in units]
        self._unit_ends = [u[1] for u in units]
        self.cursor = 0
        self.start, self.end = units[0] if units else (0, 0)

    @property
    def span(self) -> tuple[int, int]:
        return (min(self.start, self.end), max(self.start, self.end))

    def unit_at(self, offset: int) -> int:
        """The unit containing `offset`, else the next one after it (the last at the end)."""
        index = bisect_right(self._unit_starts, offset) - 1
        if index >= 0 and offset < self._unit_ends[index]:
            return index
        return min(index + 1, len(self.units) - 1) if self.units else 0

    def move_to(self, index: int) -> None:
        """Put the cursor on unit `index` (clamped) and select it."""
        if not self.units:
            return
        self.cursor = max(0, min(index, len(self.units) - 1))
        self.start, self.end = self.units[self.cursor]

    def select(self, start: int, end: int) -> None:
        """Select an arbitrary span (mouse, search hit, a coding); the cursor follows its start."""
        self.start, self.end = min(start, end), max(start, end)
        if self.units:
            self.cursor = self.unit_at(self.start)

    def extend(self, steps: int) -> None:
        """Grow (+1) or shrink (-1) the selection's end by one unit, never below the first unit."""
        start, end = self.span
        if steps > 0:
            index = bisect_right(self._unit_ends, end)
            if index < len(self.units):
                self.start, self.end = start, self.units[index][1]
            return
        index = bisect_left(self._unit_ends, end) - 1
        floor = self.unit_at(start)
        if index >= floor and self._unit_ends[index] > start:
            self.start, self.end = start, self._unit_ends[index]

    def extend_word(self, steps: int) -> None:
        """Move the selection's end to the end of the next word (+1) or drop its last word (-1)."""
        start, end = self.span
        if steps > 0:
            match = _WORD.search(self.text, end)
            while match and not self._in_block(match.start()):  # skip speaker labels between turns
                later = bisect_right(self._block_starts, match.start())
                match = (
                    _WORD.search(self.text, self.blocks[later][0])
                    if later < len(self.blocks)
                    else None
                )
            if match:
                self.end = match.end()
            return
        words = list(_WORD.finditer(self.text, start, end))
        if len(words) >= 2:
            self.start, self.end = start, words[-2].end()

    def _in_block(self, offset: int) -> bool:
        index = bisect_right(self._block_starts, offset) - 1
        return index >= 0 and offset < self.blocks[index][1]

    def head(self) -> int:
        """The unit at the selection's end (where j/k continue from)."""
        start, end = self.span
        return self.unit_at(max(start, end - 1))


def word_span(text: str, offset: int) -> tuple[int, int]:
    """The word around `offset` (or the single character if it is not in a word)."""
    for match in _WORD.finditer(text, max(0, offset - 60), min(len(text), offset + 60)):
        if match.start() <= offset < match.end():
            return match.span()
    return offset, min(len(text), offset + 1)
