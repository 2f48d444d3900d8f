"""A small, fast writer of one-sheet .xlsx workbooks (SpreadsheetML parts in a zip file).

openpyxl builds an object per cell and takes about a minute for the two million cells of a full
study's codings; this writes the sheet's XML as text, row by row, streamed into the zip. Cells:
texts in the shared-strings table, as Excel writes them (each distinct text stored once; escaped for
XML, characters XML forbids removed; never a formula), numbers as numbers, booleans as booleans,
None (and NaN or infinity, which Excel cannot hold) as empty cells. The header row is bold.
Excel's limits are kept: a longer text is cut to 32,767 characters (with a note), and more rows or
columns than a sheet holds is a one-line error before anything is written.
"""

from __future__ import annotations

import math
import numbers
import queue
import re
import threading
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress, islice, repeat
from operator import is_
from pathlib import Path
from typing import IO, Any, Self

from themecoder.core.errors import InputError

MAX_ROWS = 1_048_576  # rows in an Excel sheet, the header included
MAX_COLUMNS = 16_384
MAX_CELL_CHARS = 32_767  # UTF-16 units, as Excel counts them
# What text cannot hold as it is: XML's markup characters, "\r" (XML readers turn it into "\n"),
# and the characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE and U+FFFF).
_NEEDS_WORK = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_BLOCK = 2000  # rows (or shared strings) encoded and compressed at a time
_CACHE_LIMIT = 100_000  # distinct values remembered per column
_CACHED = frozenset({str, int, type(None)})

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
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


def column_letter(index: int) -> str:
    """Excel's name of the 0-based column `index`: A, B, ..., Z, AA, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
    cells = _CellWriter(columns)
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


def _write_rows(part: IO[bytes] | _Deflating, cells: _CellWriter,
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


def escape_xml(text: str) -> str:
    """Text for XML character data: markup escaped, "\\r" as a reference, forbidden characters removed."""
    if _NEEDS_WORK.search(text) is None:
        return text
    text = _FORBIDDEN.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


_BETWEEN = b'</t></si><si><t xml:space="preserve">'
# Bytes that UTF-8 text needing escapes holds (U+FFFE and U+FFFF are looked for on their own).
_NEEDS_WORK_BYTES = bytes([*b"&<>\r", *range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _joined_texts(texts: list[str]) -> bytes:
    """Shared strings' XML between the first `<t>` and the last `</t>`, as UTF-8.

    Usually no text needs escaping, which byte operations on the whole block find out quickly;
    otherwise each text is escaped.
    """
    try:
        data = "\x00".join(texts).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which escaping removes
        data = None
    if (data is not None and data.count(0) == len(texts) - 1  # no text holds "\x00" itself
            and len(data.translate(None, _NEEDS_WORK_BYTES)) == len(data) - len(texts) + 1
            and b"\xef\xbf\xbe" not in data and b"\xef\xbf\xbf" not in data):
        return data.replace(b"\x00", _BETWEEN)
    return _BETWEEN.join(escape_xml(text).encode("utf-8") for text in texts)


class _CellWriter:
    """Turns rows into `<row>` XML, collecting the texts into the shared-strings table."""

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = [str(c) for c in columns]
        self.refs = [column_letter(i) for i in range(len(columns))]
        self.tails: dict[str, str] = {}  # text -> its cell's XML after the reference
        # per column: value -> its cell's XML followed by the next cell's opening, and that opening
        self.known: list[dict[Any, str]] = [{} for _ in self.refs]
        self.after = [f'<c r="{ref}' for ref in self.refs[1:]] + ["</row>"]
        self.texts: list[str] = []  # the shared strings in index order (escaped when written)
        self.cut: dict[str, int] = {}  # column -> how many of its texts were cut to Excel's limit

    def header(self) -> str:
        return "".join(f'<c r="{ref}1" s="1" t="inlineStr"><is><t xml:space="preserve">'
                       f"{escape_xml(name)}</t></is></c>" for ref, name in zip(self.refs, self.columns))

    def block_xml(self, block: list[Sequence[Any]], first: int) -> str:
        """The XML of a block's rows, numbered from `first`, worked out a column at a time.

        A row is `<row r="N"><c r="AN"` + `N"`.join(cells), each cell's XML ending with the next
        cell's `<c r="B` (or `</row>`), so each distinct value's XML is made once per column.
        """
        if len(block) != len(self.refs) or len(set(map(len, block))) > 1:
            raise ValueError(f"a block has not {len(self.refs)} columns of one length")
        columns = [self._column(i, values) for i, values in enumerate(block)]
        return "".join([f'<row r="{n}"><c r="A{n}"' + f'{n}"'.join(cells)
                        for n, cells in enumerate(zip(*columns), first)])

    def _column(self, index: int, values: Sequence[Any]) -> list[str]:
        """Each value's cell XML after its reference, up to the next cell's reference."""
        after = self.after[index]
        if not set(map(type, values)) <= _CACHED:  # 1, 1.0 and True are equal keys: no memo
            return [self._cell_tail(value, index) + after for value in values]
        known = self.known[index]
        cells: list[Any] = list(map(known.get, values))
        if None in cells:  # new values: work out each once, then look them all up again
            new = dict.fromkeys(compress(values, map(is_, cells, repeat(None))))  # in order
            if len(known) + len(new) > _CACHE_LIMIT:
                known.clear()
            self._learn(new, index)
            cells = list(map(known.get, values))
            if None in cells:  # a text perhaps too long for a cell: cut (and counted) each time
                cells = [self._cell_tail(v, index) + after if c is None else c for c, v in zip(cells, values)]
        return cells

    def _learn(self, values: Iterable[Any], index: int) -> None:
        """Remember the cells of new texts, whole numbers and None in a column (long texts are cut
        where they stand)."""
        known, after = self.known[index], self.after[index]
        for value in values:
            if type(value) is not str or len(value) <= MAX_CELL_CHARS // 2:
                known[value] = self._cell_tail(value, index) + after

    def _cell_tail(self, value: Any, index: int) -> str:
        """A cell's XML after `<c r="A1"`: its type and value, or "/>" for an empty cell."""
        if value is None:
            return "/>"
        if isinstance(value, str):
            return self._text_tail(value, index)
        if type(value).__module__ == "numpy" and hasattr(value, "item"):  # numpy's scalars
            return self._cell_tail(value.item(), index)
        if isinstance(value, bool):
            return f' t="b"><v>{int(value)}</v></c>'
        if isinstance(value, numbers.Integral):
            return f"><v>{int(value)}</v></c>"
        if isinstance(value, numbers.Real):
            number = float(value)
            return f"><v>{number!r}</v></c>" if math.isfinite(number) else "/>"
        return self._text_tail(str(value), index)

    def _text_tail(self, text: str, index: int) -> str:
        """The cell of a shared string, adding `text` to the table if it is new."""
        if len(text) > MAX_CELL_CHARS // 2:
            text = self._excel_length(text, index)
        tail = self.tails.get(text)
        if tail is None:
            tail = self.tails[text] = f' t="s"><v>{len(self.texts)}</v></c>'
            self.texts.append(text)
        return tail

    def _excel_length(self, text: str, index: int) -> str:
        """`text` cut to Excel's 32,767 UTF-16 units (never inside a surrogate pair), noted."""
        data = text.encode("utf-16-le", "surrogatepass")
        if len(data) <= 2 * MAX_CELL_CHARS:
            return text
        column = self.columns[index] if index < len(self.columns) else str(index + 1)
        self.cut[column] = self.cut.get(column, 0) + 1
        return data[: 2 * MAX_CELL_CHARS].decode("utf-16-le", "ignore")

    def shared_strings(self) -> Iterator[bytes]:
        """The sharedStrings part, in pieces of UTF-8."""
        yield f'{_XML}<sst xmlns="{_MAIN}" uniqueCount="{len(self.texts)}">'.encode()
        for start in range(0, len(self.texts), _BLOCK):
            texts = self.texts[start:start + _BLOCK]
            yield b'<si><t xml:space="preserve">' + _joined_texts(texts) + b"</t></si>"
        yield b"</sst>"

    def notes(self) -> list[str]:
        return [f"{n} text(s) in column '{column}' cut to Excel's limit of {MAX_CELL_CHARS:,} "
                "characters per cell (the csv and jsonl exports keep them whole)"
                for column, n in self.cut.items()]
