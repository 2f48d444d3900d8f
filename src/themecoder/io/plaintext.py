"""Plain-text and Markdown transcripts (`.txt`, `.md`): the text is stored as written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from themecoder.core.errors import InputError
from themecoder.core.model import ParsedDocument
from themecoder.io.decode import check_line_lengths, decode_bytes, normalise_text
from themecoder.io.turns import find_turns, infer_kind


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing an unreadable or empty file with a one-line InputError."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read file ({err.strerror or err})") from None
    if not data.strip():
        raise InputError(f"{path}: empty file")
    return data


def read_plaintext(path: Path) -> list[ParsedDocument]:
    """Read a `.txt` or `.md` transcript or field note: one document."""
    text, encoding, warnings = decode_bytes(read_bytes(path), str(path))
    text = normalise_text(text)
    fmt = path.suffix.lower().lstrip(".")
    return [document_from_text(path, text, fmt, warnings=warnings, meta={"encoding": encoding})]


def document_from_text(
    path: Path,
    text: str,
    source_format: str,
    *,
    warnings: list[str] | None = None,
    meta: dict[str, Any] | None = None,
    blocks: Sequence[tuple[int, int]] | None = None,
    forced_labels: Mapping[int, tuple[str, int]] | None = None,
) -> ParsedDocument:
    """A document from its normalised text: finds its turns and infers its kind.

    `blocks` are the paragraph spans when the format knows them (docx/odt paragraphs); by
    default paragraphs are separated by blank lines.
    """
    if not text.strip():
        raise InputError(f"{path}: empty file (no text)")
    check_line_lengths(text, str(path))
    turns = find_turns(text, blocks, forced_labels)
    return ParsedDocument(
        name=path.stem,
        text=text,
        turns=turns,
        source_format=source_format,
        source_path=str(path),
        kind=infer_kind(turns),
        warnings=list(warnings or []),
        meta=dict(meta or {}),
    )
