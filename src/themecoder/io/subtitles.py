"""Caption files (`.vtt`, `.srt`, parsed with webvtt-py) rebuilt as one line per speaker turn.

The stored text is `Name: text` (or just `text` when nobody is named), one turn per line.
Speakers come from `<v Name>` voice tags or a `Name:` prefix; a cue without either continues the
current turn, and consecutive cues of one speaker merge. Cue times stay on the turns (`time` =
first cue's start, `end_time` = last cue's end), never in the text. A file where nobody is named
starts a new turn after a pause of `PAUSE_SECONDS`.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from themecoder.core.errors import InputError
from themecoder.core.model import ParsedDocument, Turn
from themecoder.io.decode import (
    check_line_lengths,
    decode_bytes,
    normalise_fragment,
    normalise_text,
)
from themecoder.io.files import error_reason
from themecoder.io.plaintext import read_bytes
from themecoder.io.turns import infer_kind, match_colon_label, name_like

PAUSE_SECONDS = 2.0
_VOICE = re.compile(r"<v(?:\.[^\s.<>]+)*(?:[ \t]+([^<>\n]*))?>")
_TAG = re.compile(r"</?[A-Za-z0-9][^<>\n]*>|\{\\[^{}\n]*\}")  # cue tags, <00:01.000>, {\an8}
_STAMP = r"(?:\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3}"
_TIMING = re.compile(rf"\s*{_STAMP}[ \t]*-->[ \t]*{_STAMP}(?:[ \t].*)?$")
_VTT_NON_CUE = re.compile(r"(NOTE|STYLE|REGION)(\s|$)")


@dataclass(slots=True)
class _Piece:
    """One line of a cue's text, with the speaker its voice tag names (if any)."""

    text: str
    voice: str | None
    start: float
    end: float


@dataclass(slots=True)
class _Turn:
    speaker: str | None
    start: float
    end: float
    texts: list[str] = field(default_factory=list)


def read_vtt(path: Path) -> list[ParsedDocument]:
    """Read a WebVTT file: one document."""
    return [_read_captions(path, "vtt")]


def read_srt(path: Path) -> list[ParsedDocument]:
    """Read a SubRip file: one document."""
    return [_read_captions(path, "srt")]


def _read_captions(path: Path, fmt: str) -> ParsedDocument:
    source, encoding, warnings = decode_bytes(read_bytes(path), str(path))
    source = normalise_text(source).lstrip()
    check_line_lengths(source, str(path))
    expected = check_structure(source, fmt, str(path))
    captions = _parse(source, fmt, path)
    readable = len(captions) if fmt == "vtt" else sum(bool(c.raw_text) for c in captions)
    if readable < expected or any("-->" in caption.raw_text for caption in captions):
        raise InputError(f"{path}: malformed {fmt.upper()} file (cues that cannot be read)")
    text, turns = _render(_merge(_speaker_pieces(_pieces(captions))))
    if not turns:
        raise InputError(f"{path}: empty file (no caption text)")
    return ParsedDocument(
        name=path.stem,
        text=text,
        turns=turns,
        source_format=fmt,
        source_path=str(path),
        kind=infer_kind(turns),
        warnings=warnings,
        meta={"encoding": encoding, "cues": len(captions)},
    )


def _parse(source: str, fmt: str, path: Path) -> list[Any]:
    import webvtt  # imported here so `import themecoder.io` stays light

    try:
        if fmt == "vtt":
            return list(webvtt.WebVTT.from_string(source).captions)
        return list(webvtt.WebVTT.from_buffer(io.StringIO(source), format="srt").captions)
    except Exception as err:  # noqa: BLE001 - any failure of the library is a bad file
        raise InputError(f"{path}: malformed {fmt.upper()} file ({error_reason(err)})") from None


def _seconds(stamp: Any) -> float:
    hours, minutes, seconds, millis = stamp.to_tuple()
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def _pieces(captions: list[Any]) -> list[_Piece]:
    """Each cue's lines, split at voice tags, with tags and entities removed."""
    pieces = []
    for caption in captions:
        start, end = _seconds(caption.start_time), _seconds(caption.end_time)
        voice, position, raw = None, 0, caption.raw_text
        for match in [*_VOICE.finditer(raw), None]:
            chunk = raw[position : match.start() if match else len(raw)]
            for line in chunk.split("\n"):
                cleaned = _clean(line)
                if cleaned:
                    pieces.append(_Piece(cleaned, voice, start, end))
            if match:
                voice, position = (match.group(1) or "").strip() or None, match.end()
    return pieces


def _clean(line: str) -> str:
    return normalise_fragment(" ".join(html.unescape(_TAG.sub("", line)).split()))


def _speaker_pieces(pieces: list[_Piece]) -> list[tuple[str | None, _Piece]]:
    """(speaker or None for "continues", piece) with `Name:` prefixes taken off the text."""
    prefixes = [match_colon_label(piece.text) if piece.voice is None else None for piece in pieces]
    counts = Counter(found[0] for found in prefixes if found)
    voices = {piece.voice for piece in pieces if piece.voice}
    result: list[tuple[str | None, _Piece]] = []
    for piece, found in zip(pieces, prefixes, strict=True):
        label = found[0] if found else None
        if label and (label in voices or counts[label] >= 2 or name_like(label)):
            rest = piece.text[found[2] :].strip()  # type: ignore[index]
            if rest:
                result.append((label, _Piece(rest, None, piece.start, piece.end)))
            continue
        result.append((piece.voice, piece))
    return result


def _merge(pieces: list[tuple[str | None, _Piece]]) -> list[_Turn]:
    turns: list[_Turn] = []
    anyone_named = any(speaker for speaker, _ in pieces)
    for speaker, piece in pieces:
        current = turns[-1] if turns else None
        paused = current is not None and piece.start - current.end >= PAUSE_SECONDS
        if current is None or (speaker and speaker != current.speaker):
            turns.append(_Turn(speaker, piece.start, piece.end))
        elif not anyone_named and paused:
            turns.append(_Turn(None, piece.start, piece.end))
        turns[-1].texts.append(piece.text)
        turns[-1].end = max(turns[-1].end, piece.end)
    return turns


def _render(turns: list[_Turn]) -> tuple[str, list[Turn]]:
    lines: list[str] = []
    result: list[Turn] = []
    offset = 0
    for turn in turns:
        prefix = f"{turn.speaker}: " if turn.speaker else ""
        content = " ".join(turn.texts)
        start = offset + len(prefix)
        result.append(Turn(start, start + len(content), turn.speaker, turn.start, turn.end))
        lines.append(prefix + content)
        offset += len(lines[-1]) + 1
    return "\n".join(lines), result


def check_structure(source: str, fmt: str, name: str) -> int:
    """Refuse what webvtt-py would silently drop; return how many cues with text it must yield.

    Every `-->` line must be a valid timing line, and in WebVTT every block must be a cue, a
    comment, a style or a region (a block of text without timing is a lost cue).
    """
    lines = source.split("\n")
    for number, line in enumerate(lines, start=1):
        if "-->" in line and not _TIMING.match(line):
            raise InputError(f"{name}: line {number}: invalid cue timing {line.strip()[:60]!r}")
    if fmt == "srt":
        timings = [i for i, line in enumerate(lines) if "-->" in line]
        empty = sum(1 for i in timings if i + 1 >= len(lines) or not lines[i + 1].strip())
        return len(timings) - empty
    return _check_vtt_blocks(lines, name)


def _check_vtt_blocks(lines: list[str], name: str) -> int:
    cues = 0
    for first, block in _vtt_blocks(lines):
        if first == 0 or _VTT_NON_CUE.match(block[0]):
            continue
        if not any("-->" in line for line in block[:2]):
            raise InputError(
                f"{name}: line {first + 1}: text outside any cue (a cue without its timing line?)"
            )
        cues += 1
    return cues


def _vtt_blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(index of first line, lines) of each block, split as the WebVTT parser splits them:
    at blank lines, and at a timing line that cannot belong to the block before it."""
    blocks: list[tuple[int, list[str]]] = []
    block: list[str] = []
    for index, line in enumerate(lines):
        starts_new = "-->" in line and block and (len(block) > 1 or "-->" in block[0] or not blocks)
        if not line.strip() or starts_new:
            if block:
                blocks.append((index - len(block), block))
            block = []
        if line.strip():
            block.append(line)
    if block:
        blocks.append((len(lines) - len(block), block))
    return blocks
