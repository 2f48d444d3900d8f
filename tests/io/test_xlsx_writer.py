"""The .xlsx writer: what openpyxl reads back is what was written, within Excel's limits."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from themecoder.core.errors import InputError
from themecoder.io import xlsx_writer
from themecoder.io.exporters import write_rows
from themecoder.io.xlsx_writer import MAX_CELL_CHARS, column_letter, sheet_name, write_xlsx_sheet


def read_back(path: Path) -> tuple[Any, list[tuple[Any, ...]]]:
    """(the sheet, its rows as values) through openpyxl."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    return sheet, [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_values_come_back_with_their_types(tmp_path: Path) -> None:
    rows = [("plain", 1, 2.5, True, None),
            ("  edge spaces  ", -7, 1 / 3, False, "x"),
            ("a & b < c > d \"q\" 'a'", 10**15, 1e-9, None, "=1+1"),
            ("line\nbreak\r\nand tab\t", 0, -0.0, None, "é 😀 中文"),
            ("", 3, float("nan"), None, float("inf"))]
    target = tmp_path / "t.xlsx"
    assert write_xlsx_sheet(target, ["text", "int", "float", "bool", "other"], rows, len(rows)) == []
    sheet, values = read_back(target)
    assert values[0] == ("text", "int", "float", "bool", "other")
    assert values[1] == ("plain", 1, 2.5, True, None)
    assert values[2] == ("  edge spaces  ", -7, 1 / 3, False, "x")
    assert values[3] == ("a & b < c > d \"q\" 'a'", 10**15, 1e-9, None, "=1+1")
    assert sheet.cell(4, 5).data_type == "s"  # text starting with "=" is never a formula
    assert values[4] == ("line\nbreak\r\nand tab\t", 0, 0.0, None, "é 😀 中文")
    assert values[5][1:] == (3, None, None, None)  # NaN and infinity: empty cells
    assert values[5][0] in ("", None)
    assert [type(v) for v in values[1][:4]] == [str, int, float, bool]
    assert sheet.cell(1, 1).font.b and not sheet.cell(2, 1).font.b  # a bold header


def test_characters_xml_forbids_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    write_xlsx_sheet(target, ["te\x01xt"], [("bell\x07 nul\x00 \ufffe\ud800end",)], 1)
    assert read_back(target)[1] == [("text",), ("bell nul end",)]
    texts = ["plain", "nul\x00 inside", "a & b", "ok", "\uffffend", "cr\r", "fine"]
    for n in range(len(texts)):  # one odd text among plain ones in a block of shared strings
        rows = [("plain",), (texts[n],), ("fine",)]
        write_xlsx_sheet(target, ["text"], rows, len(rows))
        expected = xlsx_writer._FORBIDDEN.sub("", texts[n])
        assert read_back(target)[1][1:] == [("plain",), (expected,), ("fine",)]


def test_numpy_numbers_are_numbers(tmp_path: Path) -> None:
    np = pytest.importorskip("numpy")
    target = tmp_path / "t.xlsx"
    write_xlsx_sheet(target, ["i", "f", "b"], [(np.int64(4), np.float64(0.25), np.bool_(True))], 1)
    assert read_back(target)[1][1] == (4, 0.25, True)


def test_a_text_longer_than_excel_holds_is_cut_with_a_note(tmp_path: Path) -> None:
    long_text = "word " * 7000
    at_a_pair = "a" * (MAX_CELL_CHARS - 1) + "😀b"  # the emoji's two UTF-16 units cross the limit
    target = tmp_path / "t.xlsx"
    rows = [(long_text, 1), ("short", 2), (long_text, 3), (at_a_pair, 4)]
    notes = write_xlsx_sheet(target, ["quote", "n"], rows, len(rows))
    assert notes == [("3 text(s) in column 'quote' cut to Excel's limit of 32,767 characters per "
                      "cell (the csv and jsonl exports keep them whole)")]
    values = read_back(target)[1]
    assert values[1] == (long_text[:MAX_CELL_CHARS], 1) and values[2] == ("short", 2)
    assert values[4] == ("a" * (MAX_CELL_CHARS - 1), 4)  # never half an emoji


def test_too_many_rows_is_one_clear_error_before_writing(tmp_path: Path) -> None:
    target = tmp_path / "big.xlsx"
    with pytest.raises(InputError, match=r"big.xlsx: 1,048,576 rows x 2 columns do not fit in an Excel "
                                         r"sheet .*; export as csv or jsonl instead"):
        write_xlsx_sheet(target, ["a", "b"], iter([]), 1_048_576)
    assert not target.exists()
    write_rows([{"a": 1}] * 3, ["a"], "xlsx", target)  # 1,048,575 rows would fit; three do
    assert read_back(target)[1] == [("a",), (1,), (1,), (1,)]
    assert [p.name for p in tmp_path.iterdir()] == ["big.xlsx"]  # no temporary file left


def test_rows_of_the_wrong_width_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="a row has not the 2 values"):
        write_xlsx_sheet(tmp_path / "t.xlsx", ["a", "b"], [(1, 2), (3,)], 2)


def test_the_package_is_complete_and_many_blocks_stay_in_order(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_writer, "_BLOCK", 7)
    rows = [(f"doc {i % 5}", i, f"quote {i}") for i in range(100)]
    target = tmp_path / "t.xlsx"
    write_xlsx_sheet(target, ["doc", "n", "quote"], rows, len(rows), sheet='"codings": all/any?')
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/styles.xml",
                "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"} <= set(archive.namelist())
        assert b'<dimension ref="A1:C101"/>' in archive.read("xl/worksheets/sheet1.xml")
    sheet, values = read_back(target)
    assert sheet.title == '"codings"_ all_any_'
    assert values[1:] == rows


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=20), st.integers(-10**12, 10**12),
                          st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False))),
                max_size=12))
def test_any_text_and_numbers_round_trip(tmp_path_factory: pytest.TempPathFactory,
                                         rows: list[tuple[str, int, float | None]]) -> None:
    target = tmp_path_factory.mktemp("x") / "t.xlsx"
    write_xlsx_sheet(target, ["text", "int", "float"], rows, len(rows))
    expected = [(_xml_safe(t) or None, i, f) for t, i, f in rows]  # openpyxl reads "" as None
    got = [(t or None, i, f) for t, i, f in read_back(target)[1][1:]]
    assert got == expected


def _xml_safe(text: str) -> str:
    return xlsx_writer._FORBIDDEN.sub("", text)


def test_names() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702, 16383)] == ["A", "Z", "AA", "ZZ", "AAA", "XFD"]
    assert sheet_name("") == "data" and sheet_name("x" * 40) == "x" * 31 and sheet_name("a[b]") == "a_b_"


def test_the_same_rows_give_the_same_sheet_in_any_process(tmp_path: Path) -> None:
    """Shared strings are numbered in the order the texts come, not in the order of a hash set."""
    script = ("import sys; from pathlib import Path; from themecoder.io.xlsx_writer import write_xlsx_sheet; "
              "rows = [(f'text {i % 37}', f'quote {i}', i) for i in range(3000)]; "
              "write_xlsx_sheet(Path(sys.argv[1]), ['a', 'b', 'n'], rows, len(rows))")
    parts = []
    for seed in ("1", "2"):
        target = tmp_path / f"s{seed}.xlsx"
        subprocess.run([sys.executable, "-c", script, str(target)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        with zipfile.ZipFile(target) as archive:
            parts.append([archive.read(n) for n in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml")])
    assert parts[0] == parts[1]


def test_the_parts_are_pinned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The exact XML of a small table in blocks of two rows: texts numbered in the order they come
    (a block's columns in turn), one shared string per distinct text whatever its column."""
    monkeypatch.setattr(xlsx_writer, "_BLOCK", 2)
    rows = [("doc 1", "quote", 3, None), ("doc 1", "doc 1", 3, "a & <b>"), ("doc 2", "quote", 12, True),
            ("doc 2", "x", 7, 2.5), (None, "quote", 7, "doc 2")]
    target = tmp_path / "t.xlsx"
    write_xlsx_sheet(target, ["doc", "text", "n", "other"], rows, len(rows))
    with zipfile.ZipFile(target) as archive:
        sheet, strings = (archive.read(f"xl/{name}.xml").decode().split("\n", 1)
                          for name in ("worksheets/sheet1", "sharedStrings"))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    header = "".join(f'<c r="{ref}1" s="1" t="inlineStr"><is><t xml:space="preserve">{name}</t></is></c>'
                     for ref, name in zip("ABCD", ["doc", "text", "n", "other"]))
    assert sheet == ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', (
        f'<worksheet xmlns="{main}"><dimension ref="A1:D6"/><sheetData><row r="1">{header}</row>'
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2"><v>3</v></c>'
        '<c r="D2"/></row>'
        '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>0</v></c><c r="C3"><v>3</v></c>'
        '<c r="D3" t="s"><v>2</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4" t="s"><v>1</v></c><c r="C4"><v>12</v></c>'
        '<c r="D4" t="b"><v>1</v></c></row>'
        '<row r="5"><c r="A5" t="s"><v>3</v></c><c r="B5" t="s"><v>4</v></c><c r="C5"><v>7</v></c>'
        '<c r="D5"><v>2.5</v></c></row>'
        '<row r="6"><c r="A6"/><c r="B6" t="s"><v>1</v></c><c r="C6"><v>7</v></c>'
        '<c r="D6" t="s"><v>3</v></c></row></sheetData></worksheet>')]
    assert strings[1] == (f'<sst xmlns="{main}" uniqueCount="5">' + "".join(
        f'<si><t xml:space="preserve">{text}</t></si>'
        for text in ["doc 1", "quote", "a &amp; &lt;b&gt;", "doc 2", "x"]) + "</sst>")


def test_columns_that_change_kind_between_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A column of texts in one block may hold numbers, empty cells, odd values or a text too long
    for a cell in the next: each block finds its own way, and no text is numbered twice."""
    monkeypatch.setattr(xlsx_writer, "_BLOCK", 3)
    long_text = "y" * (MAX_CELL_CHARS + 10)
    rows = [("a", 1), ("b", 2), ("a", 3),  # texts, whole numbers
            ("c", None), (5, 2.5), ("b", True),  # a number among texts; empty, float, bool
            ("d", 4), (long_text, 5), ("d", 6),  # a text to cut after a new one
            ("e", "a"), ("f", "e"), (None, "g")]  # texts in the second column too
    target = tmp_path / "t.xlsx"
    notes = write_xlsx_sheet(target, ["x", "y"], rows, len(rows))
    assert notes == [(f"1 text(s) in column 'x' cut to Excel's limit of {MAX_CELL_CHARS:,} characters "
                      "per cell (the csv and jsonl exports keep them whole)")]
    expected = [(long_text[:MAX_CELL_CHARS] if x == long_text else x, y) for x, y in rows]
    assert read_back(target)[1][1:] == expected
    with zipfile.ZipFile(target) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode()
    assert 'uniqueCount="8"' in strings and strings.count("<si>") == 8  # a b c d (cut) e f g
    rows = [("a",), ("new",), (["a", "list"],)]  # a value that is no key: its text
    write_xlsx_sheet(target, ["x"], rows, len(rows))
    assert read_back(target)[1][1:] == [("a",), ("new",), ("['a', 'list']",)]


def test_every_part_inflates_with_zlib(tmp_path: Path) -> None:
    """However it was deflated (ISA-L where installed), each part is plain deflate."""
    import zlib

    rows = [(f"text {i % 50}", i) for i in range(5000)]
    target = tmp_path / "t.xlsx"
    write_xlsx_sheet(target, ["t", "n"], rows, len(rows))
    with zipfile.ZipFile(target) as archive:
        for info in archive.infolist():
            assert info.compress_type == zipfile.ZIP_DEFLATED
            with open(target, "rb") as raw:  # the entry's own bytes, inflated by zlib itself
                raw.seek(info.header_offset + 26)
                skip = int.from_bytes(raw.read(2), "little") + int.from_bytes(raw.read(2), "little")
                raw.seek(skip, 1)
                assert zlib.decompress(raw.read(info.compress_size), -15) == archive.read(info)
