"""Decoding and normalisation: the stored text every offset points into."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from themecoder.core.errors import InputError
from themecoder.io import read_document
from themecoder.io.decode import MAX_LINE_CHARS, decode_bytes, normalise_text

TEXT = "Interviewer: Ça va? Ibu Sari said “terima kasih” — naïve café.\nP1: Yes."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # with its BOM, in the machine's byte order
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-32"), "utf-32"),
    ],
)
def test_unicode_encodings_decode_without_warning(data: bytes, encoding: str) -> None:
    text, found, warnings = decode_bytes(data, "a.txt")
    assert normalise_text(text) == TEXT
    assert found == encoding
    assert warnings == []


def test_windows_1252_is_read_with_a_warning() -> None:
    text, encoding, warnings = decode_bytes(TEXT.encode("cp1252"), "notes.txt")
    assert text == TEXT
    assert encoding == "cp1252"
    assert warnings == ["notes.txt: not UTF-8, read as Windows-1252"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"PK\x03\x04\x00\x00binary", "binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(1, 32)) * 20, "binary file"),  # control characters but no NUL
        (b"caf\xc3\xa9 and \x81\x8d", "undecodable bytes"),  # bytes Windows-1252 leaves undefined
        (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "undecodable bytes"),  # a lone surrogate
    ],
)
def test_bad_bytes_are_refused_naming_the_file(data: bytes, problem: str) -> None:
    with pytest.raises(InputError, match=rf"^x\.txt: {problem}"):
        decode_bytes(data, "x.txt")


def test_normalise_text_nfc_line_ends_bom_and_trailing_space() -> None:
    raw = "\ufeffCafe\u0301\r\nline two\rline three\u2028four  \n\n \t"
    assert normalise_text(raw) == "Café\nline two\nline three\nfour"
    assert unicodedata.is_normalized("NFC", normalise_text(raw))


def test_normalise_text_keeps_leading_space_and_inner_blank_lines() -> None:
    assert normalise_text("  a\n\n\nb  ") == "  a\n\n\nb"


@pytest.mark.parametrize(
    ("data", "encoding", "warned"),
    [
        (TEXT.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", False),
        (TEXT.encode("utf-16"), "utf-16", False),
        (TEXT.replace("\n", "\r\n").encode("cp1252"), "cp1252", True),
    ],
)
def test_files_in_each_encoding_import_to_the_same_text(
    tmp_path: Path, data: bytes, encoding: str, warned: bool
) -> None:
    path = tmp_path / "interview.txt"
    path.write_bytes(data)
    (document,) = read_document(path)
    assert document.text == TEXT
    assert document.meta["encoding"] == encoding
    assert bool(document.warnings) == warned
    assert [document.text[t.start : t.end] for t in document.turns] == [
        "Ça va? Ibu Sari said “terima kasih” — naïve café.",
        "Yes.",
    ]


@pytest.mark.parametrize("suffix", [".txt", ".md", ".vtt", ".srt", ".csv"])
def test_a_single_line_over_the_limit_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"huge{suffix}"
    path.write_bytes(b"x" * (MAX_LINE_CHARS + 10) + b"\nmore\n")
    with pytest.raises(InputError, match=r"huge\.\w+: line 1 has 1,000,010 characters"):
        read_document(path, text_column="x")


def test_a_long_file_of_normal_lines_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(("A line of field notes about the market stall.\n\n" * 30_000), "utf-8")
    (document,) = read_document(path)
    assert len(document.turns) == 30_000


@pytest.mark.parametrize(
    "content",
    [
        "a\n" + " " * 900_000 + "\nb",  # a huge blank line
        "Name" + " " * 900_000 + "x\n\nName: y",  # a label followed by a sea of spaces
        "[00:00:01] Name" + "\t" * 900_000 + "z",
        "x" + " " * 900_000,  # trailing whitespace to strip
    ],
    ids=["blank-line", "label-then-spaces", "timestamp-then-tabs", "trailing-spaces"],
)
def test_pathological_whitespace_is_read_in_linear_time(tmp_path: Path, content: str) -> None:
    import time

    path = tmp_path / "spaces.txt"
    path.write_text(content, "utf-8")
    started = time.perf_counter()
    (document,) = read_document(path)
    assert time.perf_counter() - started < 2.0
    assert document.text == document.text.rstrip()


def test_pathological_voice_tags_are_read_in_linear_time(tmp_path: Path) -> None:
    import time

    path = tmp_path / "tags.vtt"
    cue = "<v" + ".a" * 5_000 + " " + "<v x" * 5_000
    path.write_text(f"WEBVTT\n\n00:00.000 --> 00:01.000\n{cue}\n", "utf-8")
    started = time.perf_counter()
    read_document(path)
    assert time.perf_counter() - started < 2.0


def test_utf16_without_bom_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Interviewer: hello".encode("utf-16-le"))
    with pytest.raises(InputError, match=r"binary file \(contains NUL bytes; UTF-16 without"):
        read_document(path)
