"""Bytes to stored text: decoding and the one normalisation every importer applies.

The stored text is NFC with `\\n` line ends; every offset in the project points into it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from themecoder.core.errors import InputError

MAX_LINE_CHARS = 1_000_000

_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, line feed, vertical tab, form feed and carriage return
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def decode_bytes(data: bytes, source: str) -> tuple[str, str, list[str]]:
    """Decode a text file's bytes.

    Args:
        data: the raw bytes.
        source: the file name used in warnings and errors.

    Returns:
        (text, encoding name, warnings). UTF-8, UTF-8 with BOM and UTF-16/32 with BOM are read as
        such; anything else is read as Windows-1252 with a warning. The text still needs
        `normalise_text`.

    Raises:
        InputError: binary data (NUL bytes outside UTF-16/32) or bytes no encoding accepts.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data, encoding, source), encoding, []
    if b"\x00" in data:
        hint = "; UTF-16 without a byte-order mark?" if _looks_like_utf16(data) else ""
        raise InputError(f"{source}: binary file (contains NUL bytes{hint}), not a text transcript")
    try:
        text, encoding, warnings = data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        text = _decode_strict(data, "cp1252", source)
        encoding, warnings = "cp1252", [f"{source}: not UTF-8, read as Windows-1252"]
    _refuse_control_heavy(text, source)
    return text, encoding, warnings


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return max(sample[0::2].count(0), sample[1::2].count(0)) > 0.4 * len(sample) / 2


def _decode_strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        name = "UTF-8, nor Windows-1252" if encoding == "cp1252" else encoding.upper()
        raise InputError(
            f"{source}: undecodable bytes at byte {err.start} (not valid {name})"
        ) from None


def _refuse_control_heavy(text: str, source: str) -> None:
    """Text full of control characters is a binary file that happens to have no NUL byte."""
    sample = text[:8192]
    if sample and len(_CONTROL_CHARS.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(f"{source}: binary file (control characters), not a text transcript")


def normalise_fragment(text: str) -> str:
    """NFC and `\\n` line ends, without trimming: for pieces that are joined into a document."""
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _LINE_BREAKS.sub("\n", text)
    return unicodedata.normalize("NFC", text)


def normalise_text(text: str) -> str:
    """Normalise a whole document: strip a leading BOM, `\\r\\n`/`\\r` (and Unicode line and
    paragraph separators) to `\\n`, NFC, and no trailing whitespace at the end."""
    text = text.removeprefix("\ufeff")
    return normalise_fragment(text).rstrip()


def check_line_lengths(text: str, source: str) -> None:
    """Refuse a text with a line over `MAX_LINE_CHARS` characters (not a transcript)."""
    if len(text) <= MAX_LINE_CHARS:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                f"{source}: line {number} has {len(line):,} characters "
                f"(over {MAX_LINE_CHARS:,}); not a transcript"
            )
