"""Codings as exchange rows: the quote with its surrounding context, in a stable order.

The rows re-import unchanged with `codings import` (doc, code, coder, start, end, text, memo and
created are what it reads; the context columns are for the reader). One coding per line in
`.jsonl`, sorted by document name, position, code and coder, so a coder can keep the file in git
and see each change as a one-line diff.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import Any

from themecoder.core.model import Coding
from themecoder.core.text import text_sha256

CODING_EXPORT_COLUMNS = ["doc", "doc_sha256", "code", "coder", "start", "end", "text", "memo", "created",
                         "context_before", "context_after"]
CONTEXT_CHARS = 200
_SPACE = re.compile(r"\s")


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
        cut = len(piece)
        while cut and not piece[cut - 1].isspace():  # drop the word cut in half
            cut -= 1
        piece = piece[:cut]
    return piece
