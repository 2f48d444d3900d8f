"""Rows as CSV text exactly as Python's csv writer makes it, but faster for large listings.

The csv module copies every character through a loop of its own; for a field that needs no quotes
the text can be written as it is, and one that does is the field in quotes with its quotes
doubled. Which characters call for quotes is asked of the csv module itself, once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

BLOCK = 2000


def _quote_characters() -> str:
    """The characters that make this Python's csv writer quote a field (minimal quoting)."""
    def quoted(char: str) -> bool:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([f"a{char}b", ""])
        return out.getvalue().startswith('"')

    return "".join(c for c in ',"\r\n' if quoted(c))


_QUOTE_CHARACTERS = _quote_characters()


def csv_field(text: str) -> str:
    """`text` as the csv module writes it in a row: quoted (quotes doubled) when it must be."""
    for char in _QUOTE_CHARACTERS:
        if char in text:
            return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values: Sequence[Any]) -> str:
    """One row as `csv.writer(..., lineterminator="\\n").writerow(values)` writes it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue()


def record_csv_pieces(columns: Sequence[str], records: Iterable[Sequence[Any]],
                      cell: Callable[[Any], Any] | None = None) -> Iterator[str]:
    """A header line, then the records as csv lines, in blocks.

    A block whose every column holds only texts or only whole numbers is laid out with a
    %-template; any other goes through the csv module, each value through `cell` when given.
    """
    columns = list(columns)
    yield csv_line(columns)
    iterator = iter(records)
    while block := list(islice(iterator, BLOCK)):
        text = _template_block(len(columns), block)
        if text is None:
            out = io.StringIO()
            rows = ([cell(v) for v in record] for record in block) if cell else block
            csv.writer(out, lineterminator="\n").writerows(rows)
            text = out.getvalue()
        yield text


def _template_block(width: int, block: list[Sequence[Any]]) -> str | None:
    if width < 2 or set(map(len, block)) != {width}:  # one empty field alone is written '""'
        return None
    values = list(zip(*block))
    kinds = [set(map(type, column)) for column in values]
    if not all(kind in ({str}, {int}) for kind in kinds):
        return None
    template = ",".join("%s" if kind == {str} else "%d" for kind in kinds) + "\n"
    fields = [list(map(csv_field, column)) if kind == {str} else column
              for column, kind in zip(values, kinds)]
    return "".join(map(template.__mod__, zip(*fields)))
