"""Small text helpers shared by every layer."""

from __future__ import annotations

import hashlib


def text_sha256(text: str) -> str:
    """The hash that identifies a document's stored text across projects (merge matches on it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_span(length: int, start: int, end: int, where: str) -> None:
    """Refuse offsets outside a text of `length` code points, or an empty/backwards span."""
    from themecoder.core.errors import InputError

    if not (0 <= start < end <= length):
        raise InputError(
            f"{where}: offsets {start}-{end} are outside the text (0-{length}) or empty"
        )
