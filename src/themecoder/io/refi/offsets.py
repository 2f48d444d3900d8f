"""Positions through text normalisation, and the units other software counts positions in.

A REFI-QDA text file is decoded (BOM removed) into the *raw* text. The stored text is the raw
text with line breaks turned into `\\n`, then NFC, without trailing whitespace (the rules of
`themecoder.io.decode.normalise_text`). `NormalisedText` keeps a map from raw
code-point offsets to offsets in the stored text, so a selection written against the raw file lands
on the same characters after normalisation.

Software does not agree on what a position counts: most count code points of the file as written
(CRLF = 2), NVivo counts UTF-16 code units (an emoji = 2). `PositionSystem` names one such way of
counting; `choose_position_system` picks the one under which the selections of a project start and
end on word boundaries, with a default per producing software.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

_CRLF = re.compile(r"\r\n")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")  # as themecoder.io.decode
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_ASTRAL = re.compile(r"[\U00010000-\U0010ffff]")


@dataclass(slots=True)
class OffsetMap:
    """A map of offsets across sorted, non-overlapping replacements of `[raw_start, raw_end)`."""

    raw_starts: list[int] = field(default_factory=list)
    raw_ends: list[int] = field(default_factory=list)
    new_starts: list[int] = field(default_factory=list)
    new_ends: list[int] = field(default_factory=list)

    def add(self, raw_start: int, raw_end: int, new_start: int, new_end: int) -> None:
        """Record that `[raw_start, raw_end)` became `[new_start, new_end)` (call in text order)."""
        self.raw_starts.append(raw_start)
        self.raw_ends.append(raw_end)
        self.new_starts.append(new_start)
        self.new_ends.append(new_end)

    def __call__(self, offset: int) -> int:
        """The offset in the new text; an offset inside a replaced stretch is clamped into it."""
        index = bisect_right(self.raw_starts, offset) - 1
        if index < 0:
            return offset
        raw_start, raw_end = self.raw_starts[index], self.raw_ends[index]
        new_start, new_end = self.new_starts[index], self.new_ends[index]
        if offset >= raw_end:
            return offset + new_end - raw_end
        return new_start + min(offset - raw_start, new_end - new_start)


def _unify_line_ends(raw: str) -> tuple[str, OffsetMap]:
    """Line breaks (`\\r\\n`, `\\r`, U+2028, U+2029, U+0085) -> `\\n`, with the offset map."""
    mapping = OffsetMap()
    if not any(mark in raw for mark in "\r\u2028\u2029\x85"):
        return raw, mapping
    for removed, match in enumerate(_CRLF.finditer(raw)):
        start = match.start()
        mapping.add(start, start + 2, start - removed, start - removed + 1)
    return _LINE_BREAKS.sub("\n", raw), mapping


def _nfc(text: str) -> tuple[str, OffsetMap]:
    """NFC, with the map. Composition never crosses an ASCII character, so runs are handled alone."""
    mapping = OffsetMap()
    if unicodedata.is_normalized("NFC", text):
        return text, mapping
    parts: list[str] = []
    done = shift = 0
    for match in _NON_ASCII_RUN.finditer(text):
        start = max(match.start() - 1, 0)  # the run may combine with the letter before it
        chunk = text[start : match.end()]
        composed = unicodedata.normalize("NFC", chunk)
        if composed == chunk:
            continue
        parts += [text[done:start], composed]
        mapping.add(start, match.end(), start + shift, start + shift + len(composed))
        shift += len(composed) - len(chunk)
        done = match.end()
    parts.append(text[done:])
    return "".join(parts), mapping


@dataclass(slots=True)
class NormalisedText:
    """A raw text, its stored (normalised) form, and the maps between them."""

    raw: str
    unified: str  # line ends unified, not yet NFC
    text: str  # the stored text
    _line_map: OffsetMap
    _nfc_map: OffsetMap

    @classmethod
    def of(cls, raw: str) -> NormalisedText:
        """Normalise `raw` (already decoded, BOM removed)."""
        unified, line_map = _unify_line_ends(raw)
        composed, nfc_map = _nfc(unified)
        # str.rstrip() removes exactly what the `\s+\Z` of io.decode removes, much faster
        return cls(raw, unified, composed.rstrip(), line_map, nfc_map)

    def from_raw(self, offset: int) -> int:
        """A code-point offset into the raw text -> the offset into the stored text."""
        return min(self._nfc_map(self._line_map(offset)), len(self.text))

    def from_unified(self, offset: int) -> int:
        """A code-point offset into the line-unified text -> the offset into the stored text."""
        return min(self._nfc_map(offset), len(self.text))


def normalise_text(raw: str) -> str:
    """The stored form of a decoded text, as `themecoder.io.decode.normalise_text` makes it:
    line breaks -> `\\n`, NFC, no trailing whitespace."""
    return NormalisedText.of(raw).text


@dataclass(slots=True)
class Utf16Index:
    """Converts UTF-16 code-unit offsets of a text into code-point offsets."""

    astral_starts: list[int]  # UTF-16 offsets of the characters outside the BMP
    length: int  # the text's length in UTF-16 units

    @classmethod
    def of(cls, text: str) -> Utf16Index:
        starts = [match.start() + count for count, match in enumerate(_ASTRAL.finditer(text))]
        return cls(starts, len(text) + len(starts))

    def to_codepoints(self, offset: int) -> int:
        """UTF-16 offset -> code-point offset (an offset inside a surrogate pair moves past it)."""
        return offset - bisect_right(self.astral_starts, offset - 2)


@dataclass(frozen=True, slots=True)
class PositionSystem:
    """One way to count positions: `utf16` or code points, over the raw or line-unified text."""

    utf16: bool
    crlf_counts_two: bool

    def describe(self) -> str:
        unit = "UTF-16 code units" if self.utf16 else "code points"
        lines = "CRLF counted as 2" if self.crlf_counts_two else "CRLF counted as 1"
        return f"{unit}, {lines}"

    def converter(self, text: NormalisedText) -> tuple[int, Callable[[int], int]]:
        """(length of the text in this system, function: position -> stored-text offset)."""
        base = text.raw if self.crlf_counts_two else text.unified
        to_stored = text.from_raw if self.crlf_counts_two else text.from_unified
        if not self.utf16:
            return len(base), to_stored
        index = Utf16Index.of(base)
        return index.length, lambda offset: to_stored(index.to_codepoints(offset))


CODEPOINTS = PositionSystem(utf16=False, crlf_counts_two=True)
NVIVO = PositionSystem(utf16=True, crlf_counts_two=True)
_ALL_SYSTEMS = (
    CODEPOINTS,
    NVIVO,
    PositionSystem(utf16=False, crlf_counts_two=False),
    PositionSystem(utf16=True, crlf_counts_two=False),
)


def default_system(origin: str) -> PositionSystem:
    """The system the producing software (the Project `origin` attribute) is known to use."""
    return NVIVO if "nvivo" in origin.lower() else CODEPOINTS


def _on_word_boundary(text: str, offset: int) -> bool:
    if offset <= 0 or offset >= len(text):
        return True
    return not (text[offset - 1].isalnum() and text[offset].isalnum())


def _score(
    system: PositionSystem, texts: Sequence[tuple[NormalisedText, Iterable[tuple[int, int]]]]
) -> int | None:
    """Selection ends on word boundaries under `system`; None if one falls outside its text."""
    score = 0
    for text, spans in texts:
        length, convert = system.converter(text)
        for start, end in spans:
            if min(start, end) < 0 or max(start, end) > length:
                return None
            score += sum(_on_word_boundary(text.text, convert(p)) for p in (start, end))
    return score


def _systems_that_differ(texts: Sequence[tuple[NormalisedText, object]]) -> list[PositionSystem]:
    has_astral = any(_ASTRAL.search(text.raw) for text, _ in texts)
    has_crlf = any("\r\n" in text.raw for text, _ in texts)
    return [
        s for s in _ALL_SYSTEMS if (has_astral or not s.utf16) and (has_crlf or s.crlf_counts_two)
    ]


def choose_position_system(
    origin: str, texts: Sequence[tuple[NormalisedText, Sequence[tuple[int, int]]]]
) -> PositionSystem:
    """The position system of a project: the producer's default unless another one puts clearly
    more selection ends on word boundaries (by at least 5% of the ends). `texts` pairs each source
    text with its selections' raw (start, end) positions."""
    default = default_system(origin)
    if origin.lower().startswith("themecoder"):
        return CODEPOINTS
    candidates = [default] + [s for s in _systems_that_differ(texts) if s != default]
    scores = {system: _score(system, texts) for system in candidates}
    ends = 2 * sum(len(spans) for _, spans in texts)
    margin = max(1, ends // 20)
    best, best_score = default, scores[default]
    for system, score in scores.items():
        if score is not None and (best_score is None or score >= best_score + margin):
            best, best_score = system, score
    return best
