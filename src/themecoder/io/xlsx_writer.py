"""A small, fast writer of one-sheet .xlsx workbooks (SpreadsheetML parts in a zip file).

openpyxl builds an object per cell and takes about a minute for the two million cells of a full
study's codings; this writes the sheet's XML as text (made by `xlsx_cells`, a block of rows at a
time), streamed into the zip and deflated in a second thread (by ISA-L where installed). Cells:
texts in the shared-strings table, as Excel writes them (each distinct text stored once; escaped for
XML, characters XML forbids removed; never a formula), numbers as numbers, booleans as booleans,
None (and NaN or infinity, which Excel cannot hold) as empty cells. The header row is bold.
Excel's limits are kept: a longer text is cut to 32,767 characters (with a note), and more rows or
columns than a sheet holds is a one-line error before anything is written.
"""

from __future__ import annotations

import queue
import re
import threading
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import IO, Any, Self

from themecoder.core.errors import InputError
from themecoder.io.xlsx_cells import (  # noqa: F401 - MAX_CELL_CHARS, column_letter: this module's too
    FORBIDDEN_IN_XML,
    MAIN_NAMESPACE,
    MAX_CELL_CHARS,
    XML_DECLARATION,
    CellWriter,
    column_letter,
    escape_xml,
)

MAX_ROWS = 1_048_576  # rows in an Excel sheet, the header included
MAX_COLUMNS = 16_384
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_BLOCK = 2000  # rows encoded and compressed at a time
_FORBIDDEN = FORBIDDEN_IN_XML

_MAIN = MAIN_NAMESPACE
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = XML_DECLARATION
_PARTS = {
    "[Content_Types].xml": (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/></Types>'),
    "_rels/.rels": (
        _XML + f'<Relationships xmlns="{_PACKAGE_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        _XML + f'<Relationships xmlns="{_PACKAGE_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"),
    "xl/workbook.xml": (
        _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/styles.xml": (  # style 1: bold, for the header
        _XML + f'<styleSheet xmlns="{_MAIN}">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"),
}


def write_xlsx_sheet(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Any]], n_rows: int,
                     sheet: str = "data", compresslevel: int = 1) -> list[str]:
    """Write a header and `n_rows` rows (sequences in `columns` order) as one sheet; returns notes.

    Raises InputError before writing when the table does not fit in an Excel sheet.
    """
    if not columns:  # rows without values: only the (empty) header is left to write
        rows, n_rows = [], 0
    return write_xlsx_columns(path, columns, _column_blocks(rows, len(columns)), n_rows, sheet,
                              compresslevel)


def _column_blocks(rows: Iterable[Sequence[Any]], width: int) -> Iterator[list[Sequence[Any]]]:
    """Rows in blocks, each block as its columns."""
    iterator = iter(rows)
    while block := list(islice(iterator, _BLOCK)):
        if set(map(len, block)) != {width}:
            raise ValueError(f"a row has not the {width} values of the columns")
        yield list(zip(*block))


def write_xlsx_columns(path: Path, columns: Sequence[str], blocks: Iterable[list[Sequence[Any]]],
                       n_rows: int, sheet: str = "data", compresslevel: int = 1) -> list[str]:
    """`write_xlsx_sheet` for rows given in blocks of columns (each block: one sequence of values
    per column, all of one length), which saves turning rows into columns."""
    if n_rows + 1 > MAX_ROWS or len(columns) > MAX_COLUMNS:
        raise InputError(f"{path}: {n_rows:,} rows x {len(columns):,} columns do not fit in an Excel "
                         f"sheet (at most {MAX_ROWS - 1:,} rows below the header and {MAX_COLUMNS:,} "
                         "columns); export as csv or jsonl instead")
    cells = CellWriter(columns)
    last = f"{column_letter(max(len(columns), 1) - 1)}{n_rows + 1}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as book:
        for name, text in _PARTS.items():
            text = text.replace("{name}", escape_xml(sheet_name(sheet)).replace('"', "&quot;"))
            book.writestr(_entry(name, compresslevel), text)
        with book.open(_entry("xl/worksheets/sheet1.xml", compresslevel), "w") as entry, \
                _Deflating(entry) as part:
            part.write(f'{_XML}<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}"/><sheetData>'
                       f'<row r="1">{cells.header()}</row>'.encode())
            written = _write_rows(part, cells, blocks)
            part.write(b"</sheetData></worksheet>")
        with book.open(_entry("xl/sharedStrings.xml", compresslevel), "w") as entry, \
                _Deflating(entry) as part:
            for piece in cells.shared_strings():
                part.write(piece)
    if written != n_rows:
        raise ValueError(f"{path}: expected {n_rows} rows, got {written}")
    return cells.notes()


def _entry(name: str, level: int) -> zipfile.ZipInfo:
    """A zip entry dated now (`ZipFile.open` would date it 1980), deflated at `level`."""
    info = zipfile.ZipInfo(name, time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    # `compress_level` since Python 3.13, `_compresslevel` before
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", level)
    return info


class _Deflating:
    """Writes to a zip entry from a second thread, so the next rows are made while zlib (which
    runs without holding the GIL) compresses these: the export takes less time on two cores."""

    def __init__(self, entry: IO[bytes]) -> None:
        self.entry = entry
        self.pending: queue.Queue[bytes | None] = queue.Queue(maxsize=3)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="xlsx-deflate", daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def _run(self) -> None:
        while (data := self.pending.get()) is not None:
            if self.error is None:
                try:
                    self.entry.write(data)
                except BaseException as exc:  # noqa: BLE001 - raised again in the writing thread
                    self.error = exc

    def write(self, data: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.pending.put(data)

    def __exit__(self, *exc_info: object) -> None:
        self.pending.put(None)
        self.thread.join()
        if self.error is not None and exc_info[0] is None:
            raise self.error


def _write_rows(part: IO[bytes] | _Deflating, cells: CellWriter,
                blocks: Iterable[list[Sequence[Any]]]) -> int:
    """Stream the blocks' rows into the open sheet part; returns how many were written."""
    number = 2
    for block in blocks:
        part.write(cells.block_xml(block, number).encode("utf-8"))
        number += len(block[0]) if block else 0
    return number - 2


def sheet_name(name: str) -> str:
    """A name Excel accepts for a sheet: no []:*?/\\, at most 31 characters, not empty."""
    cleaned = _SHEET_NAME_FORBIDDEN.sub("_", _FORBIDDEN.sub("", name)).strip("'")[:31]
    return cleaned or "data"
