"""Rows (dicts) as one indented JSON array or as JSON lines, fast, in pieces to stream to a file.

The output is exactly `json.dumps(rows, ensure_ascii=False, indent=2) + "\\n"` (or one
`json.dumps(row, ensure_ascii=False)` per line), but made by the C encoder a few thousand rows at a
time instead of the pure-Python indenting encoder one value at a time. The trick rests on JSON
never holding a raw line break inside a string: encoded with line breaks in the separators, the
rows of a block can be told apart and laid out as the indenting encoder would. A row holding a
list or a dict is encoded on its own the plain way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from json.encoder import encode_basestring
from typing import Any, TypeVar

Item = TypeVar("Item")

BLOCK = 2000
_SCALARS = frozenset({str, int, float, bool, type(None)})
_ROW_BREAK = "\x00"  # never in encoded JSON (control characters are escaped), so a safe marker


def json_array_pieces(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Pieces whose concatenation is `json.dumps(list(rows), ensure_ascii=False, indent=2) + "\\n"`."""
    first = True
    for block in _blocks(rows):
        text = ",\n".join(_indented(block))
        yield ("[\n" if first else ",\n") + text
        first = False
    yield "[]\n" if first else "\n]\n"


def jsonl_pieces(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Pieces whose concatenation is one `json.dumps(row, ensure_ascii=False)` line per row."""
    for block in _blocks(rows):
        yield _lines(block)


def _blocks(rows: Iterable[Item]) -> Iterator[list[Item]]:
    iterator = iter(rows)
    while block := list(islice(iterator, BLOCK)):
        yield block


def _flat(row: Mapping[str, Any]) -> bool:
    return bool(row) and set(map(type, row.values())) <= _SCALARS


def _indented(block: Sequence[Mapping[str, Any]]) -> Iterator[str]:
    """Each row as the indenting encoder lays out a list item; runs of flat rows in one call."""
    start = 0
    for i, row in enumerate([*block, {}]):
        if i < len(block) and _flat(row):
            continue
        if start < i:
            yield _indented_flat(block[start:i])
        if i < len(block):
            yield "  " + json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        start = i + 1


def _indented_flat(rows: Sequence[Mapping[str, Any]]) -> str:
    # '[{"a": 1,\n    "b": 2},\n    {"a": 3, ...}]': only a row boundary has "}" before a line
    # break and "{" after it (a flat row's values never end in "}", its keys start with a quote).
    text = json.dumps(rows, ensure_ascii=False, separators=(",\n    ", ": "))
    return "  {\n    " + text[2:-2].replace("},\n    {", "\n  },\n  {\n    ") + "\n  }"


def _lines(block: Sequence[Mapping[str, Any]]) -> str:
    if not all(map(_flat, block)):
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in block)
    text = json.dumps(block, ensure_ascii=False, separators=(",\n", ": "))
    text = text[1:-1].replace("},\n{", "}" + _ROW_BREAK + "{").replace(",\n", ", ")
    return text.replace(_ROW_BREAK, "\n") + "\n"


def record_pieces(columns: Sequence[str], records: Iterable[Sequence[Any]], *,
                  lines: bool = False) -> Iterator[str]:
    """`json_array_pieces` (or `jsonl_pieces`) of `dict(zip(columns, record))`, from tuples.

    A block whose every column holds only texts or only whole numbers is laid out with a
    %-template, its texts encoded a column at a time; any other block goes through the dicts.
    """
    columns = list(columns)
    first = True
    for block in _blocks(records):
        text = _template_block(columns, block, lines)
        if text is None:
            rows = [dict(zip(columns, record, strict=True)) for record in block]
            text = _lines(rows) if lines else ",\n".join(_indented(rows))
        if lines:
            yield text
        else:
            yield ("[\n" if first else ",\n") + text
        first = False
    if not lines:
        yield "[]\n" if first else "\n]\n"


def _template_block(columns: list[str], block: list[Sequence[Any]], lines: bool) -> str | None:
    if not columns or set(map(len, block)) != {len(columns)}:
        return None
    values = list(zip(*block))
    kinds = [set(map(type, column)) for column in values]
    if not all(kind in ({str}, {int}) for kind in kinds):
        return None
    slots = [encode_basestring(c).replace("%", "%%") + (": %s" if kind == {str} else ": %d")
             for c, kind in zip(columns, kinds)]
    if lines:
        template, separator = "{" + ", ".join(slots) + "}", "\n"
    else:
        template, separator = "  {\n    " + ",\n    ".join(slots) + "\n  }", ",\n"
    encoded = [list(map(encode_basestring, column)) if kind == {str} else column
               for column, kind in zip(values, kinds)]
    text = separator.join(map(template.__mod__, zip(*encoded)))
    return text + "\n" if lines else text
