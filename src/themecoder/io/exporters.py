"""Writing rows (dicts sharing `columns`) as csv, json, jsonl, markdown, xlsx, SPSS .sav or parquet.

Text formats can go to stdout; binary formats need a file. Files are written to a temporary name
beside the target and renamed when complete, so a failed export leaves nothing behind.
pandas, pyarrow and pyreadstat come with the `analysis` extra and are imported only when needed.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from themecoder.core.errors import InputError

TEXT_FORMATS = ("csv", "json", "jsonl", "md")
FILE_FORMATS = ("xlsx", "sav", "parquet")
EXTENSIONS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".md": "md", ".xlsx": "xlsx",
              ".sav": "sav", ".parquet": "parquet"}
Rows = Sequence[Mapping[str, Any]]


def format_for(output: str | None, fmt: str | None, allowed: Sequence[str], default: str) -> str:
    """The format to write: `--format`, else the output file's extension, else `default`."""
    if fmt is None and output and output != "-":
        fmt = EXTENSIONS.get(Path(output).suffix.lower())
    fmt = fmt or default
    if fmt not in allowed:
        raise InputError(f"--format {fmt}: use one of {', '.join(allowed)}")
    if fmt in FILE_FORMATS and (not output or output == "-"):
        raise InputError(f"--format {fmt}: a binary format needs -o FILE")
    return fmt


def render_text(rows: Rows, columns: Sequence[str], fmt: str) -> str:
    """Rows as csv, a JSON array of objects, JSON lines, or a markdown pipe table."""
    return "".join(text_pieces(rows, columns, fmt))


def text_pieces(rows: Rows, columns: Sequence[str], fmt: str) -> Iterator[str]:
    """`render_text` in pieces, to stream to a file (markdown comes whole)."""
    from themecoder.io.json_rows import json_array_pieces, jsonl_pieces

    if fmt == "csv":
        return iter([to_csv(rows, columns)])
    if fmt == "json":
        return json_array_pieces(_ordered(r, columns) for r in rows)
    if fmt == "jsonl":
        return jsonl_pieces(_ordered(r, columns) for r in rows)
    if fmt == "md":
        return iter([to_markdown(rows, columns)])
    raise InputError(f"--format {fmt}: not a text format")


def write_rows(rows: Rows, columns: Sequence[str], fmt: str, path: str | Path, *,
               labels: Mapping[str, str] | None = None, sheet: str = "data") -> list[str]:
    """Write rows to `path` in `fmt`; `labels` become SPSS variable labels (default: the column).

    Returns notes for the user (e.g. texts cut to Excel's cell limit).
    """
    target = Path(path)
    if fmt in TEXT_FORMATS:
        write_pieces(text_pieces(rows, columns, fmt), target)
        return []
    writers: dict[str, Callable[[Path], list[str] | None]] = {
        "xlsx": lambda p: write_xlsx(rows, columns, p, sheet),
        "sav": lambda p: write_sav(rows, columns, p, labels),
        "parquet": lambda p: write_parquet(rows, columns, p),
    }
    if fmt not in writers:
        raise InputError(f"--format {fmt}: use one of {', '.join(TEXT_FORMATS + FILE_FORMATS)}")
    with atomic_path(target) as tmp:
        notes = writers[fmt](tmp)
    return notes or []


def write_pieces(pieces: Iterable[str], target: Path) -> None:
    """Text pieces written one after another as UTF-8 to `target`, atomically."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="") as out:
        out.writelines(pieces)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed onto it only if the block succeeds.

    A target that exists and is not a regular file (`/dev/null`, a named pipe) is written directly:
    renaming onto it would replace the device or pipe.
    """
    if target.exists() and not target.is_file():
        yield target
        return
    if not target.parent.is_dir():
        raise InputError(f"{target}: no such folder {target.parent}")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _ordered(row: Mapping[str, Any], columns: Sequence[str]) -> Mapping[str, Any]:
    if len(row) == len(columns) and list(row) == list(columns):
        return row
    return {c: row.get(c) for c in columns}


def to_csv(rows: Rows, columns: Sequence[str]) -> str:
    """RFC 4180 CSV with a header; None is an empty cell, floats in full precision (repr)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[row.get(c) for c in columns] for row in rows])
    return buf.getvalue()


def to_markdown(rows: Rows, columns: Sequence[str]) -> str:
    """A GitHub-flavoured markdown table; numbers right-aligned, floats to 3 decimals."""
    numeric = [bool(rows) and all(isinstance(r.get(c), int | float | None) for r in rows)
               for c in columns]
    lines = ["| " + " | ".join(md_cell(c) for c in columns) + " |",
             "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    lines += ["| " + " | ".join(md_cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def md_cell(value: Any) -> str:
    """One markdown table cell: pipes escaped, line breaks as spaces, floats to 3 decimals."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return "" if math.isnan(value) else f"{value:.3f}".rstrip("0").rstrip(".")
    return " ".join(str(value).split()).replace("|", "\\|")


def write_xlsx(rows: Rows, columns: Sequence[str], path: Path, sheet: str = "data") -> list[str]:
    """One sheet: a bold header row, then the rows; text stays text (never a formula).

    Returns notes (texts cut to Excel's 32,767 characters per cell).
    """
    from themecoder.io.xlsx_writer import write_xlsx_sheet

    cells = ([row.get(c) for c in columns] for row in rows)
    return write_xlsx_sheet(path, columns, cells, len(rows), sheet)


def write_sav(rows: Rows, columns: Sequence[str], path: Path,
              labels: Mapping[str, str] | None = None) -> None:
    """An SPSS .sav: valid unique variable names, the original column names as variable labels."""
    pd = _need("pandas", path)
    pyreadstat = _need("pyreadstat", path)
    names = spss_names(columns)
    series = {name: _sav_column(pd, [row.get(c) for row in rows])
              for name, c in zip(names, columns, strict=True)}
    frame = pd.DataFrame(series, columns=names)
    column_labels = [_label((labels or {}).get(c, c)) for c in columns]
    formats = {n: "F8.0" for n, s in series.items() if s.dtype == "int64"}
    measures = {n: "nominal" if s.dtype == "object" else "scale" for n, s in series.items()}
    pyreadstat.write_sav(frame, str(path), column_labels=column_labels, variable_format=formats,
                         variable_measure=measures)


def _sav_column(pd: Any, values: list[Any]) -> Any:
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return pd.Series(values, dtype="int64")
    if all(v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in values):
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    return pd.Series(["" if v is None else str(v) for v in values], dtype="object")


def _label(text: str) -> str:
    data = text.encode("utf-8")[:256]  # SPSS variable labels hold 256 bytes
    return data.decode("utf-8", errors="ignore")


SPSS_RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]+")


def spss_names(columns: Sequence[str], limit: int = 64) -> list[str]:
    """Valid, unique SPSS variable names for `columns`, in order.

    ASCII letters, digits and `_` only (accents dropped, other characters become `_`), starting
    with a letter, not ending with `_`, at most `limit` bytes, no reserved word, unique ignoring
    case (SPSS names are case-insensitive; a clash gets `_2`, `_3`, ...).
    """
    taken: set[str] = set()
    names = []
    for column in columns:
        base = _spss_base(column, limit)
        name, n = base, 1
        while name.upper() in taken:
            n += 1
            suffix = f"_{n}"
            name = base[: limit - len(suffix)] + suffix
        taken.add(name.upper())
        names.append(name)
    return names


def _spss_base(column: str, limit: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", column).encode("ascii", "ignore").decode("ascii")
    name = _NOT_NAME.sub("_", ascii_text).strip("_")
    name = re.sub(r"_+", "_", name)
    if not name or not name[0].isalpha():
        name = "v_" + name if name else "v"
    if name.upper() in SPSS_RESERVED:
        name += "_v"
    return name[:limit].rstrip("_")


def write_parquet(rows: Rows, columns: Sequence[str], path: Path) -> None:
    """Parquet through pyarrow: the column names kept as they are, types inferred per column."""
    pa = _need("pyarrow", path)
    pq = _need("pyarrow.parquet", path)
    arrays = [pa.array([row.get(c) for row in rows]) for c in columns]
    pq.write_table(pa.Table.from_arrays(arrays, names=list(columns)), str(path))


def _need(module: str, path: Path) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.split(".")[0]
        raise InputError(f"{path}: writing {path.suffix or 'this format'} needs the analysis extra "
                         f"({top}): pip install 'themecoder[analysis]'") from None
