"""Codings as exchange rows: the quote with its surrounding context, in a stable order.

The rows re-import unchanged with `codings import` (doc, code, coder, start, end, text, memo and
created are what it reads; the context columns are for the reader). One coding per line in
`.jsonl`, sorted by document name, position, code and coder, so a coder can keep the file in git
and see each change as a one-line diff.

A full study has 200k codings, so the export streams: the store gives one document's codings at a
time, each context is cut (and encoded) once however many coders coded that span, and every other
repeated text (quotes, codes, coders) is encoded once while it keeps coming back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from json.encoder import encode_basestring
from operator import attrgetter
from typing import Any

from themecoder.core.model import Coding
from themecoder.core.text import text_sha256
from themecoder.io.csv_rows import csv_field, csv_line

CODING_EXPORT_COLUMNS = ["doc", "doc_sha256", "code", "coder", "start", "end", "text", "memo", "created",
                         "context_before", "context_after"]
CONTEXT_CHARS = 200
_SPACE = re.compile(r"\s")
# One document's codings as the store gives them: (name, text, [(start, end, code, coder, created,
# quote, memo), ...]), the codings in (start, end, code, coder, created) order.
DocumentCodings = tuple[str, str, list[tuple[Any, ...]]]


def _templates(item: str, separator: str, opening: str, closing: str) -> tuple[str, str]:
    """A line's %-template in two parts: the document's two columns, then the coding's nine."""
    items = [item.format(name=c, kind="d" if c in ("start", "end") else "s") for c in CODING_EXPORT_COLUMNS]
    return opening + separator.join(items[:2]) + separator, separator.join(items[2:]) + closing


_JSONL = _templates('"{name}": %{kind}', ", ", "{", "}\n")
_CSV = _templates("%{kind}", ",", "", "\n")
_JSON = _templates('"{name}": %{kind}', ",\n    ", "  {\n    ", "\n  },\n")  # json.dumps(indent=2)


def coding_export_columns(documents: Iterable[DocumentCodings], context: int = CONTEXT_CHARS,
                          block: int = 2000) -> Iterator[list[list[Any]]]:
    """The rows of `coding_export_rows` as columns (for the .xlsx writer), a few documents at a time.

    `documents` come by name; the coders of one span share its context (cut once per document).
    """
    columns: list[list[Any]] = [[] for _ in CODING_EXPORT_COLUMNS]
    for name, text, codings in documents:
        starts, ends, codes, coders, created, quotes, memos = zip(*codings, strict=True)
        before = contexts_before(text, set(starts), context)
        after = contexts_after(text, set(ends), context)
        for column, values in zip(columns, (
                [name] * len(codings), [text_sha256(text)] * len(codings), codes, coders, starts, ends,
                quotes, memos, created, map(before.__getitem__, starts), map(after.__getitem__, ends)),
                strict=True):
            column.extend(values)
        if len(columns[0]) >= block:
            yield columns
            columns = [[] for _ in CODING_EXPORT_COLUMNS]
    if columns[0]:
        yield columns


class _Memo(dict[str, str]):
    """Text -> encoded text, computed on first use (a dict subscript when the text comes back)."""

    def __init__(self, encode: Callable[[str], str]) -> None:
        super().__init__()
        self.encode = encode

    def __missing__(self, text: str) -> str:
        value = self[text] = self.encode(text)
        return value


def coding_export_pieces(documents: Iterable[DocumentCodings], fmt: str, context: int = CONTEXT_CHARS,
                         tally: list[int] | None = None) -> Iterator[str]:
    """The export as csv (with a header), JSON lines or one indented JSON array, in pieces.

    The text is `exporters.render_text(coding_export_rows(...), CODING_EXPORT_COLUMNS, fmt)`, made
    without a dict per coding. `tally[0]` counts the codings written so far.
    """
    tally = tally if tally is not None else [0]
    if fmt == "jsonl":
        return _lines(documents, context, _JSONL, encode_basestring, tally)
    if fmt == "csv":
        return _prepend(csv_line(CODING_EXPORT_COLUMNS), _lines(documents, context, _CSV, csv_field, tally))
    return _json_array(_lines(documents, context, _JSON, encode_basestring, tally))


def _json_array(pieces: Iterator[str]) -> Iterator[str]:
    """Pieces of objects each ending in ",\n" as one JSON array: bracketed, the last comma dropped."""
    held = None
    for piece in pieces:
        if piece:
            if held is not None:
                yield held
            held = piece if held is not None else "[\n" + piece
    yield "[]\n" if held is None else held[:-2] + "\n]\n"


def _lines(documents: Iterable[DocumentCodings], context: int, templates: tuple[str, str],
           encode: Callable[[str], str], tally: list[int]) -> Iterator[str]:
    """Each coding as a line of `templates` with its texts encoded, in blocks of lines.

    Each context is cut and encoded once per document, the few codes, coders and dates once
    while they repeat; nothing is built per coding but its line.
    """
    head_template, rest = templates
    short = _Memo(encode)
    block: list[str] = []
    for name, text, codings in documents:
        head = head_template % (encode(name), encode(text_sha256(text)))
        line = head.replace("%", "%%") + rest  # this document's columns written in
        before: dict[int, str] = {}
        after: dict[int, str] = {}
        for start, end, code, coder, created, quote, memo in codings:
            ahead = before.get(start)
            if ahead is None:
                ahead = before[start] = encode(context_before(text, start, context))
            behind = after.get(end)
            if behind is None:
                behind = after[end] = encode(context_after(text, end, context))
            block.append(line % (short[code], short[coder], start, end, encode(quote), short[memo],
                                 short[created], ahead, behind))
        if len(block) >= 2000:
            tally[0] += len(block)
            yield "".join(block)
            block.clear()
            if len(short) > 10_000:  # memos and dates can be many and long: keep this small
                short.clear()
    tally[0] += len(block)
    yield "".join(block)


def _prepend(first: str, pieces: Iterator[str]) -> Iterator[str]:
    yield first
    yield from pieces


def coding_export_rows(codings: Iterable[Coding], texts: Mapping[int, str],
                       context: int = CONTEXT_CHARS) -> list[dict[str, Any]]:
    """One row per coding, with up to `context` characters of text before and after (whole words)."""
    ordered = sorted(codings, key=attrgetter("doc", "start", "end", "code", "coder", "created"))
    hashes = {doc_id: text_sha256(text) for doc_id, text in texts.items()}
    return [_row(c, texts.get(c.doc_id, ""), hashes.get(c.doc_id, ""), context) for c in ordered]


def _row(coding: Coding, text: str, sha: str, context: int) -> dict[str, Any]:
    """`doc_sha256` lets a merge find the document by its text even if it was renamed."""
    return {"doc": coding.doc, "doc_sha256": sha, "code": coding.code, "coder": coding.coder, "start": coding.start,
            "end": coding.end, "text": coding.text, "memo": coding.memo, "created": coding.created,
            "context_before": context_before(text, coding.start, context),
            "context_after": context_after(text, coding.end, context)}


def context_before(text: str, start: int, size: int = CONTEXT_CHARS) -> str:
    """Up to `size` characters before `start`, not beginning in the middle of a word."""
    begin = max(0, start - size)
    piece = text[begin:start]
    if begin > 0 and not text[begin - 1].isspace() and not piece[:1].isspace():
        space = _SPACE.search(piece)
        piece = piece[space.start():] if space else ""
    return piece


def context_after(text: str, end: int, size: int = CONTEXT_CHARS) -> str:
    """Up to `size` characters after `end`, not ending in the middle of a word."""
    stop = min(len(text), end + size)
    piece = text[end:stop]
    if stop < len(text) and not text[stop].isspace() and not piece[-1:].isspace():
        words = piece.rsplit(None, 1)  # drop the word cut in half (str.split's spaces are isspace's)
        piece = piece[: len(piece) - len(words[-1])] if words else piece
    return piece


def contexts_before(text: str, starts: Iterable[int], size: int = CONTEXT_CHARS) -> dict[int, str]:
    """`context_before` of each of `starts` (the same texts, made with less work per position)."""
    found: dict[int, str] = {}
    search = _SPACE.search
    for start in starts:
        begin = start - size
        if begin <= 0:
            found[start] = text[:start]
            continue
        piece = text[begin:start]
        if not text[begin - 1].isspace() and not piece[:1].isspace():
            space = search(piece)
            piece = piece[space.start():] if space else ""
        found[start] = piece
    return found


def contexts_after(text: str, ends: Iterable[int], size: int = CONTEXT_CHARS) -> dict[int, str]:
    """`context_after` of each of `ends` (the same texts, made with less work per position)."""
    found: dict[int, str] = {}
    length = len(text)
    for end in ends:
        stop = end + size
        piece = text[end:stop]
        if stop < length and not text[stop].isspace() and not piece[-1:].isspace():
            words = piece.rsplit(None, 1)
            piece = piece[: len(piece) - len(words[-1])] if words else piece
        found[end] = piece
    return found
