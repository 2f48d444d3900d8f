"""Reading codings exchange files (.jsonl, .csv) into plain rows for `Project.add_codings`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from themecoder.core.errors import InputError


def read_codings_file(path: Path) -> list[dict[str, Any]]:
    """Rows with doc, code, start, end, text/quote, coder, memo. Malformed input raises InputError."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _jsonl_rows(path)
    if suffix in (".csv", ".xlsx"):
        from themecoder.io.tables import read_table_rows

        return read_table_rows(path, strip=False)
    raise InputError(f"{path}: codings must be .jsonl or .csv")


def _jsonl_rows(path: Path) -> list[dict[str, Any]]:
    from themecoder.io.decode import decode_bytes

    text, _, _ = decode_bytes(path.read_bytes(), str(path))
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{n}: not valid JSON ({err.msg})") from err
        if not isinstance(row, dict):
            raise InputError(f"{path}:{n}: each line must be a JSON object")
        rows.append(row)
    if not rows:
        raise InputError(f"{path}: no codings in the file")
    return rows
