"""The cells of an .xlsx sheet as SpreadsheetML text: rows of `<c>` elements and the shared strings.

A full study's codings are two million cells, so the rows are made a block and a column at a time,
with no Python code run per cell or per row: a column of texts is looked up in the shared-strings
table (only a new text runs a line of Python, which numbers it), a column of whole numbers is
written as it is, a column of mixed values goes through a memo of its values, and a block's rows
are one join of a list laid out by a template of one row, its slots filled by slice assignment.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterator, Sequence
from itertools import islice, repeat
from operator import add
from typing import Any

MAX_CELL_CHARS = 32_767  # UTF-16 units, as Excel counts them
_LONG = MAX_CELL_CHARS // 2  # a text at most this long fits whatever its characters
# What text cannot hold as it is: XML's markup characters, "\r" (XML readers turn it into "\n"),
# and the characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE and U+FFFF).
_NEEDS_WORK = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORBIDDEN_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STRINGS_BLOCK = 2000  # shared strings encoded at a time
_CACHE_LIMIT = 100_000  # distinct values remembered per column of mixed values
_CACHED = frozenset({str, int, type(None)})
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def column_letter(index: int) -> str:
    """Excel's name of the 0-based column `index`: A, B, ..., Z, AA, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def escape_xml(text: str) -> str:
    """Text for XML character data: markup escaped, "\\r" as a reference, forbidden characters removed."""
    if _NEEDS_WORK.search(text) is None:
        return text
    text = FORBIDDEN_IN_XML.sub("", text)
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
    # only the separators are markup or control characters (a text's own "\x00" would be one more)
    if (data is not None and len(data.translate(None, _NEEDS_WORK_BYTES)) == len(data) - len(texts) + 1
            and b"\xef\xbf\xbe" not in data and b"\xef\xbf\xbf" not in data):
        return data.replace(b"\x00", _BETWEEN)
    return _BETWEEN.join(escape_xml(text).encode("utf-8") for text in texts)


class _NotPlainText(Exception):
    """A value the fast path for columns of texts leaves to the general one: not a str, or a new
    text long enough that it may need cutting (which is done, and noted, where it stands)."""


class _Numbered(dict[str, str]):
    """Text -> its number in the shared-strings table, as text: its place in the dict. A new text
    looked up with `[]` is added with the next number."""

    def __missing__(self, text: str) -> str:
        if type(text) is not str or len(text) > _LONG:
            raise _NotPlainText
        number = self[text] = str(len(self))
        return number


class CellWriter:
    """Turns blocks of columns into `<row>` XML, collecting the texts into the shared-strings table.

    Texts are numbered in the order they first come (column by column within a block), so the
    same rows give the same bytes in any process.
    """

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = [str(c) for c in columns]
        self.refs = [column_letter(i) for i in range(len(columns))]
        self.shared = _Numbered()
        self.known: list[dict[Any, str]] = [{} for _ in self.refs]  # per column: value -> cell XML
        self.cut: dict[str, int] = {}  # column -> how many of its texts were cut to Excel's limit

    def header(self) -> str:
        return "".join(f'<c r="{ref}1" s="1" t="inlineStr"><is><t xml:space="preserve">'
                       f"{escape_xml(name)}</t></is></c>" for ref, name in zip(self.refs, self.columns))

    def block_xml(self, block: list[Sequence[Any]], first: int) -> str:
        """The XML of a block's rows (given as columns of one length), numbered from `first`.

        A row is `<row r="N"><c r="AN"`, the first cell's type and value, `<c r="BN"`, ...: the
        block is one join of a list laid out a row at a time by a template, whose slots (row
        numbers, a cell's value) are filled a column at a time by slice assignment.
        """
        width = len(self.refs)
        if len(block) != width or len(set(map(len, block))) > 1:
            raise ValueError(f"a block has not {width} columns of one length")
        if not width or not block[0]:
            return ""
        numbers = list(map(str, range(first, first + len(block[0]))))
        quoted = list(map(add, numbers, repeat('"')))
        row = ['<row r="', "", '"><c r="A', ""]
        fills = [(1, numbers), (3, quoted)]  # (a slot in the row, its value in each row)
        for index, values in enumerate(block):
            after = f'<c r="{self.refs[index + 1]}' if index + 1 < width else "</row>"
            if (cells := self._texts(values)) is not None:  # their numbers in the shared strings
                row += [' t="s"><v>', "", "</v></c>" + after]
                fills.append((len(row) - 2, cells))
            elif (kinds := set(map(type, values))) == {int}:  # whole numbers, written as they are
                row += ["><v>", "", "</v></c>" + after]
                fills.append((len(row) - 2, list(map(str, values))))
            else:  # each cell's XML after its reference
                row += ["", after]
                fills.append((len(row) - 2, self._column(index, values, kinds)))
            if index + 1 < width:
                row.append("")
                fills.append((len(row) - 1, quoted))
        pieces = row * len(numbers)
        for slot, values in fills:
            pieces[slot::len(row)] = values
        return "".join(pieces)

    def _texts(self, texts: Sequence[Any]) -> list[str] | None:
        """The numbers of a column of texts in the shared strings, adding the new ones in order;
        None (and nothing added) unless every value is a str short enough to need no cutting."""
        shared = self.shared
        count = len(shared)
        try:
            return list(map(shared.__getitem__, texts))
        except (_NotPlainText, TypeError):  # TypeError: an unhashable value
            for text in list(islice(reversed(shared), len(shared) - count)):
                del shared[text]
            return None

    def _column(self, index: int, values: Sequence[Any], kinds: set[type]) -> list[str]:
        """Each value's cell XML after its reference: `/>` for an empty cell, else up to `</c>`."""
        if not kinds <= _CACHED:  # 1, 1.0 and True are equal keys: no memo
            return [self._cell_tail(value, index) for value in values]
        known = self.known[index]
        try:
            return list(map(known.__getitem__, values))
        except KeyError:  # new values: work out each once (in order), then look them all up again
            pass
        new = [value for value in dict.fromkeys(values) if value not in known]
        if len(known) + len(new) > _CACHE_LIMIT:
            known.clear()
        # the new short texts first, in order (long ones are cut, and numbered, where they stand)
        known.update((value, self._cell_tail(value, index)) for value in new
                     if type(value) is not str or len(value) <= _LONG)
        cells: list[Any] = list(map(known.get, values))
        if None in cells:
            cells = [self._cell_tail(v, index) if c is None else c for c, v in zip(cells, values)]
        return cells

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
        if len(text) > _LONG:
            text = self._excel_length(text, index)
        number = self.shared.get(text)
        if number is None:
            number = self.shared[text] = str(len(self.shared))
        return f' t="s"><v>{number}</v></c>'

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
        texts = list(self.shared)
        yield f'{XML_DECLARATION}<sst xmlns="{MAIN_NAMESPACE}" uniqueCount="{len(texts)}">'.encode()
        for start in range(0, len(texts), _STRINGS_BLOCK):
            yield b'<si><t xml:space="preserve">'
            yield _joined_texts(texts[start:start + _STRINGS_BLOCK])
            yield b"</t></si>"
        yield b"</sst>"

    def notes(self) -> list[str]:
        return [f"{n} text(s) in column '{column}' cut to Excel's limit of {MAX_CELL_CHARS:,} "
                "characters per cell (the csv and jsonl exports keep them whole)"
                for column, n in self.cut.items()]

