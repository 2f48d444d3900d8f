"""Reading rectangular tables (csv, xlsx, sav): survey answers, case attributes, quantitative data.

CSV files are decoded like transcripts (UTF-8, BOMs, else cp1252 with a warning); the delimiter is
sniffed, helped by the column names the caller expects. XLSX: the first sheet. SAV: pyreadstat.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from themecoder.core.errors import InputError
from themecoder.io.decode import check_line_lengths, decode_bytes, normalise_text
from themecoder.io.files import check_zip_package, error_reason
from themecoder.io.plaintext import read_bytes

_DELIMITERS = ",;\t|"

Table = tuple[list[str], list[list[str]], dict[str, Any], list[str]]  # header, rows, meta, warnings


def read_table_rows(path: Path, *, strip: bool = True, wanted: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Rows of a .csv, .xlsx or .sav file as dicts of text cells keyed by the header.

    `strip` trims cells (right for names and numbers; codings import keeps quotes exact).
    Duplicate or missing column names are refused.
    """
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".sav":
        header, body = _read_sav(path)
    elif suffix in (".csv", ".xlsx"):
        header, body, _, _ = read_table(path, wanted)
    else:
        raise InputError(f"{path}: unsupported table format '{suffix}' (use .csv, .xlsx or .sav)")
    _check_header(path, header)
    rows = []
    for cells in body:
        if any(c.strip() for c in cells):
            values = [c.strip() if strip else c for c in cells] + [""] * (len(header) - len(cells))
            rows.append(dict(zip(header, values, strict=False)))
    return rows


def _read_sav(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        import pyreadstat
    except ImportError as err:
        raise InputError(f"{path}: reading .sav needs the 'analysis' extra (pyreadstat)") from err
    try:
        frame, _ = pyreadstat.read_sav(str(path))
    except Exception as err:  # noqa: BLE001 - pyreadstat raises its own ReadstatError and others
        raise InputError(f"{path}: not a readable SPSS .sav file ({error_reason(err)})") from None
    body = [[cell_text(v) for v in rec] for rec in frame.itertuples(index=False, name=None)]
    return [str(c) for c in frame.columns], body


def _check_header(path: Path, header: list[str]) -> None:
    names = [h for h in header if h]
    if not names:
        raise InputError(f"{path}: no header row")
    if len(set(names)) != len(names):
        dupes = sorted({h for h in names if names.count(h) > 1})
        raise InputError(f"{path}: duplicate column names: {', '.join(dupes)}")


def read_table(path: Path, wanted: Sequence[str] = ()) -> Table:
    """(header, rows as text cells, meta, warnings) of a `.csv` or the first sheet of a `.xlsx`.

    For a CSV, `wanted` column names help choose the delimiter when sniffing guesses wrong.
    """
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    return _read_csv(path, wanted)


def _read_csv(path: Path, wanted: Sequence[str]) -> Table:
    text, encoding, warnings = decode_bytes(read_bytes(path), str(path))
    text = normalise_text(text)
    check_line_lengths(text, str(path))
    csv.field_size_limit(max(csv.field_size_limit(), 1_000_001))
    candidates = _delimiters(text)
    for delimiter in candidates:  # the first whose header has every wanted column, else the first
        header, body = _parse_csv(path, text, delimiter)
        folded = {column.casefold() for column in header}
        if all(name.strip().casefold() in folded for name in wanted):
            break
    else:
        delimiter = candidates[0]
        header, body = _parse_csv(path, text, delimiter)
    return header, body, {"encoding": encoding, "delimiter": delimiter}, warnings


def _parse_csv(path: Path, text: str, delimiter: str) -> tuple[list[str], list[list[str]]]:
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as err:
        raise InputError(f"{path}: malformed CSV ({err})") from None
    return _split_header(path, rows)


def _delimiters(text: str) -> list[str]:
    """Candidate delimiters, the likeliest first: the sniffed one, else the commonest in line 1."""
    sample = text[:65536]
    try:
        best = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first_line = sample.split("\n", 1)[0]
        best = max(_DELIMITERS, key=first_line.count)
    return [best, *(d for d in _DELIMITERS if d != best)]


def _read_xlsx(path: Path) -> Table:
    import openpyxl  # imported here so `import themecoder.io` stays light

    check_zip_package(path, "[Content_Types].xml", "Excel workbook")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise InputError(f"{path}: the workbook has no worksheet")
            sheet = workbook.worksheets[0]
            rows = [
                [cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
            ]
            title = sheet.title
        finally:
            workbook.close()
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - any failure of the library is a bad file
        raise InputError(f"{path}: not a readable Excel workbook ({error_reason(err)})") from None
    header, body = _split_header(path, rows)
    return header, body, {"sheet": title}, []


def cell_text(value: Any) -> str:
    """A cell as text: ints without `.0`, dates in ISO form, empty for None or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _split_header(path: Path, rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The first non-blank row is the header; the rows under it are numbered from 1."""
    for index, row in enumerate(rows):
        if any(cell.strip() for cell in row):
            return [cell.strip() for cell in row], rows[index + 1 :]
    raise InputError(f"{path}: empty table (no header row)")
