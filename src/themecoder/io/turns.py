"""Speaker turns in plain text: `Name: text`, `[00:01:23] Name: text`, Rev/Otter layouts, `[id1] text`.

A file counts as a speaker transcript only when labelled lines are a real share of its paragraphs
and a few labels recur; otherwise (field notes, essays) every paragraph is a turn without a speaker.
A turn's `[start, end)` covers the spoken text only: the label and any timestamp stay in the stored
text but outside the turn. Unlabelled lines after a label (hard-wrapped lines, further paragraphs)
belong to that label's turn.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from themecoder.core.model import Turn

MAX_SPEAKERS = 25
MIN_LABELLED_SHARE = 0.3
MIN_SHARE_FEW_RECURRING = 0.15  # a few labels that all recur: long answers of many paragraphs
MAX_LABEL_CHARS = 40

_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TS_ANY = rf"\[{_TS}\]|\({_TS}\)|{_TS}"
_WORD = r"[^\W_][\w.'’&-]*+"  # possessive: a word never gives characters back
_LABEL = rf"{_WORD}(?: {_WORD}){{0,3}}(?: ?\([^():\n]{{1,30}}\))?"
_COLON_LINE = re.compile(
    rf"[ \t]*(?:(?P<ts1>{_TS_ANY})[ \t]+)?\*{{0,2}}(?P<label>{_LABEL})"
    rf"(?:[ \t]*(?P<ts2>{_TS_ANY}))?[ \t]*\*{{0,2}}:\*{{0,2}}(?=\s|$)"
)
_HEADER_LINE = re.compile(rf"[ \t]*(?P<label>{_LABEL})[ \t]+(?P<ts2>{_TS_ANY})[ \t]*$")
_BRACKET_LINE = re.compile(rf"[ \t]*\[(?P<label>{_LABEL})\](?=\s|$)")
_TIME = re.compile(_TS_ANY)
_LETTER = re.compile(r"[^\W\d_]")
_NON_BLANK_RUN = re.compile(r"^[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", re.MULTILINE)
_LABEL_REACH = 120  # a label, its timestamps and its colon fit in a line's first characters
# Field-note headings that look like labels but never name a speaker.
_NOT_SPEAKER_LIST = (
    "note, notes, nb, n.b., ps, p.s., date, time, day, location, place, setting, site, "
    "venue, present, participants, attendees, absent, duration, summary, subject, title, "
    "topic, re, context, comment, comments, memo, reflection, reflections, observation, "
    "observations, keywords, tags, source, file, recording, transcript, transcriber, "
    "language, update, edit, important, warning, example, e.g., i.e., todo, agenda, purpose, "
    "objective, objectives, aim, goal, goals, result, results, conclusion, field notes, "
    "start time, end time, interview date, to do, follow up, follow-up"
)
_NOT_SPEAKERS = frozenset(_NOT_SPEAKER_LIST.split(", "))


class _Hit(NamedTuple):  # a NamedTuple: made once per line, so it must be cheap
    """A line that starts with a speaker label."""

    line_start: int
    label: str
    time: float | None
    content_start: int
    style: str  # "colon" (incl. Otter headers and bold runs) | "bracket"
    block_start: bool


def parse_seconds(stamp: str) -> float:
    """`[00:01:23]`, `(01:23)`, `1:02:03.5` -> seconds."""
    parts = stamp.strip("[]() ").replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def line_spans(text: str) -> list[tuple[int, int]]:
    """`[start, end)` of every line, without its `\\n`."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def blank_line_blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs separated by blank lines, each trimmed of surrounding whitespace."""
    blocks = []
    for match in _NON_BLANK_RUN.finditer(text):
        block = match.group()
        start = match.start() + len(block) - len(block.lstrip())
        blocks.append((start, match.start() + len(block.rstrip())))
    return blocks


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`[start, end)` without surrounding whitespace, or None when nothing is left."""
    if start < end and (text[start].isspace() or text[end - 1].isspace()):
        piece = text[start:end]
        start, end = start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())
    return (start, end) if start < end else None


def paragraph_turns(text: str, blocks: Sequence[tuple[int, int]]) -> list[Turn]:
    """One turn without a speaker per non-blank block."""
    spans = (_trimmed(text, start, end) for start, end in blocks)
    return [Turn(span[0], span[1]) for span in spans if span]


def find_turns(
    text: str,
    blocks: Sequence[tuple[int, int]] | None = None,
    forced_labels: Mapping[int, tuple[str, int]] | None = None,
) -> list[Turn]:
    """Speaker turns of a normalised text, or its paragraphs when it is not a transcript.

    Args:
        text: the stored (normalised) text.
        blocks: paragraph spans; default: blocks separated by blank lines.
        forced_labels: line index -> (raw label, column where the label and colon end), for labels
            the source format marks itself (a bold run in a .docx); they still have to pass the
            same tests as labels found in the text.
    """
    blocks = list(blocks) if blocks is not None else blank_line_blocks(text)
    hits = _label_hits(text, blocks, forced_labels or {})
    for style in ("colon", "bracket"):
        kept = _accepted([hit for hit in hits if hit.style == style], len(blocks))
        if kept:
            return _speaker_turns(text, blocks, kept)
    return paragraph_turns(text, blocks)


def _label_hits(
    text: str, blocks: Sequence[tuple[int, int]], forced: Mapping[int, tuple[str, int]]
) -> list[_Hit]:
    spans = line_spans(text)
    starts = [start for start, _ in spans]
    block_lines = {bisect.bisect_right(starts, block_start) - 1 for block_start, _ in blocks}
    hits = []
    for index, (start, end) in enumerate(spans):
        if index in forced:
            raw, column = forced[index]
            label, time = split_label_time(raw)
            hit: _Hit | None = _Hit(
                start, label, time, start + column, "colon", index in block_lines
            )
        else:
            hit = _match_line(text[start:end], start, index in block_lines)
        if hit is not None and hit.label:
            hits.append(hit)
    return hits


def _match_line(line: str, offset: int, block_start: bool) -> _Hit | None:
    style, match = "colon", None
    if ":" in line[:_LABEL_REACH]:  # cheap tests first: most lines of prose are no label
        match = _COLON_LINE.match(line) or _HEADER_LINE.match(line)
    if match is None and line.lstrip(" \t").startswith("["):
        match, style = _BRACKET_LINE.match(line), "bracket"
    if match is None:
        return None
    label = match["label"].strip()
    if not _LETTER.search(label) or len(label.split("(")[0]) > MAX_LABEL_CHARS:
        return None
    groups = match.groupdict()
    stamp = groups.get("ts2") or groups.get("ts1")
    time = parse_seconds(stamp) if stamp else None
    return _Hit(offset, label, time, offset + match.end(), style, block_start)


def split_label_time(raw: str) -> tuple[str, float | None]:
    """`Name [00:01:23]` -> ("Name", 83.0); a label without a timestamp keeps time None."""
    raw = raw.strip().rstrip(":").strip()
    found = list(_TIME.finditer(raw))
    if not found:
        return raw, None
    stamp = found[-1]
    label = raw[: stamp.start()] + raw[stamp.end() :]
    return " ".join(label.split()), parse_seconds(stamp.group())


def _speaker_like(hit: _Hit) -> bool:
    return hit.label.casefold() not in _NOT_SPEAKERS


def name_like(label: str) -> bool:
    """Every word starts with a capital or a digit: `Dr. Lee`, `P07`, `Speaker 2`."""
    words = label.split("(")[0].split()
    return bool(words) and all(word[0].isupper() or word[0].isdigit() for word in words)


def match_colon_label(line: str) -> tuple[str, float | None, int] | None:
    """(label, seconds, column after the colon) for a `Name: text` line, else None.

    Field-note headings (`Note:`, `Date:`) are not labels.
    """
    hit = _match_line(line, 0, True) if _COLON_LINE.match(line) else None
    if hit is None or not _speaker_like(hit):
        return None
    return hit.label, hit.time, hit.content_start


def _accepted(hits: list[_Hit], n_blocks: int) -> list[_Hit]:
    """The hits that are speaker turns, or [] when the text is not a transcript."""
    hits = [hit for hit in hits if _speaker_like(hit)]
    counts = Counter(hit.label for hit in hits)
    # Line mode: one turn per line, paragraphs not separated by blank lines (qmsum, chat logs).
    base = [hit for hit in hits if counts[hit.label] >= 2] or hits
    line_mode = 2 * sum(not hit.block_start for hit in base) >= len(base)
    kept = [
        hit
        for hit in hits
        if counts[hit.label] >= 2 or (name_like(hit.label) and (hit.block_start or line_mode))
    ]
    labels = {hit.label for hit in kept}
    units = n_blocks + sum(not hit.block_start for hit in kept)
    # Beyond MAX_SPEAKERS labels (a public meeting), each label must recur ~3 times on average.
    too_many = len(labels) > MAX_SPEAKERS and 3 * len(labels) > len(kept)
    few_recurring = len(kept) >= 6 and len(labels) <= 6 and min(counts[x] for x in labels) >= 2
    share = MIN_SHARE_FEW_RECURRING if few_recurring else MIN_LABELLED_SHARE
    if len(kept) < 2 or too_many or len(kept) < share * units:
        return []
    n_recurring = sum(counts[hit.label] >= 2 for hit in kept)
    few_and_dense = len(labels) <= 2 and len(kept) >= 0.6 * units
    return kept if 2 * n_recurring >= len(kept) or few_and_dense else []


def _speaker_turns(text: str, blocks: Sequence[tuple[int, int]], hits: list[_Hit]) -> list[Turn]:
    first = hits[0].line_start
    preamble = [(start, min(end, first)) for start, end in blocks if start < first]
    turns = paragraph_turns(text, preamble)
    ends = [hit.line_start for hit in hits[1:]] + [len(text)]
    for hit, end in zip(hits, ends, strict=True):
        span = _trimmed(text, hit.content_start, end)
        if span:
            turns.append(Turn(span[0], span[1], hit.label, hit.time))
    return turns


def infer_kind(turns: Sequence[Turn]) -> str:
    """`focus-group` for 3+ main speakers, `interview` for 1-2, `observation` for none.

    A main speaker has two or more turns, or at least 5% of them: a one-off announcement
    ("This call is being recorded") in a long interview does not make it a focus group.
    """
    counts = Counter(turn.speaker for turn in turns if turn.speaker)
    if not counts:
        return "observation"
    total = counts.total()
    main = [name for name, n in counts.items() if n >= 2 or n >= 0.05 * total]
    return "focus-group" if len(main) >= 3 else "interview"
