"""Reading rectangular tables (csv, xlsx, sav) into rows of strings, for cases and triangulation."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from themecoder.core.errors import InputError


def read_table_rows(path: Path) -> list[dict[str, Any]]:
    """Rows of a .csv (any of our encodings, delimiter sniffed), .xlsx (first sheet) or .sav file."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    if suffix == ".sav":
        return _sav_rows(path)
    raise InputError(f"{path}: unsupported table format '{suffix}' (use .csv, .xlsx or .sav)")


def _csv_rows(path: Path) -> list[dict[str, Any]]:
    from themecoder.io.decode import decode_bytes, normalise_text

    text, _, _ = decode_bytes(path.read_bytes(), str(path))
    text = normalise_text(text)
    if not text.strip():
        raise InputError(f"{path}: empty file")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        rows = [dict(r) for r in reader]
    except csv.Error as err:
        raise InputError(f"{path}: not a readable CSV table ({err})") from err
    return _checked(path, reader.fieldnames or [], rows)


def _xlsx_rows(path: Path) -> list[dict[str, Any]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise InputError(f"{path}: not a readable .xlsx workbook ({err.__class__.__name__})") from err
    try:
        values = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    if not values:
        raise InputError(f"{path}: the first sheet is empty")
    header = [str(h).strip() if h is not None else f"column{i + 1}" for i, h in enumerate(values[0])]
    rows = [dict(zip(header, (cell_text(v) for v in row), strict=False)) for row in values[1:]
            if any(v not in (None, "") for v in row)]
    return _checked(path, header, rows)


def _sav_rows(path: Path) -> list[dict[str, Any]]:
    try:
        import pyreadstat
    except ImportError as err:
        raise InputError(f"{path}: reading .sav needs the 'analysis' extra (pyreadstat)") from err
    try:
        frame, _ = pyreadstat.read_sav(str(path))
    except Exception as err:  # pyreadstat raises its own ReadstatError and others
        raise InputError(f"{path}: not a readable SPSS .sav file ({err})") from err
    rows = [{k: cell_text(v) for k, v in rec.items()} for rec in frame.to_dict("records")]
    return _checked(path, list(frame.columns), rows)


def cell_text(value: Any) -> str:
    """A cell as text: whole floats without `.0`, missing as ''."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _checked(path: Path, header: list[str], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = [h for h in header if h]
    if len(set(names)) != len(names):
        dupes = sorted({h for h in names if names.count(h) > 1})
        raise InputError(f"{path}: duplicate column names: {', '.join(dupes)}")
    if not names:
        raise InputError(f"{path}: no header row")
    return rows
