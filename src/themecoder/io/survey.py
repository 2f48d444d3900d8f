"""Open-ended survey answers from `.csv` (stdlib csv) and `.xlsx` (openpyxl) tables.

One document per non-empty answer, or one per case with `group_by_case`. Answers are never
de-duplicated by their text: each row's `import_key` holds the file, the row and the text's hash,
so "Nothing" from 600 respondents is 600 documents, while importing the same table again is
recognised. Rows are numbered from 1 for the first row under the header.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from themecoder.core.errors import InputError
from themecoder.core.model import ParsedDocument, Turn
from themecoder.io.decode import check_line_lengths, normalise_text
from themecoder.io.tables import read_table

_MAX_LISTED_ROWS = 10
Answer = tuple[int, str, list[str]]  # (row number, answer text, the row's cells)


def read_survey(
    path: Path,
    *,
    text_column: str | None = None,
    case_column: str | None = None,
    attr_columns: Sequence[str] | None = None,
    group_by_case: bool = False,
) -> list[ParsedDocument]:
    """Read a `.csv` or `.xlsx` table of answers (see the module docstring)."""
    if isinstance(attr_columns, str):  # "district,age" as typed on a command line
        attr_columns = [name.strip() for name in attr_columns.split(",") if name.strip()]
    wanted = [name for name in (text_column, case_column, *(attr_columns or [])) if name]
    header, rows, meta, warnings = read_table(path, wanted)
    if text_column is None:
        raise InputError(f"{path}: a survey table needs a text column; {_columns(header)}")
    text_at = column_index(path, header, text_column)
    case_at = column_index(path, header, case_column) if case_column else None
    attrs = {name: column_index(path, header, name) for name in attr_columns or []}
    if group_by_case and case_at is None:
        raise InputError(f"{path}: grouping answers by case needs a case column")
    answers: list[Answer] = []
    empty: list[Answer] = []
    for number, row in enumerate(rows, start=1):
        text = normalise_text(_cell(row, text_at)).strip()
        if text or any(cell.strip() for cell in row):  # a wholly blank row is no answer at all
            (answers if text else empty).append((number, text, row))
    if not answers:
        raise InputError(f"{path}: no answers in column {header[text_at]!r}")
    if empty:
        warnings.append(f"{path}: {len(empty)} empty answers skipped ({_row_list(empty)})")
    meta["column"] = header[text_at]
    build = _grouped_documents if group_by_case else _row_documents
    documents = build(path, answers, case_at, attrs, meta)
    documents[0].warnings.extend(warnings)
    return documents


def _row_documents(
    path: Path,
    answers: list[Answer],
    case_at: int | None,
    attrs: dict[str, int],
    meta: dict[str, Any],
) -> list[ParsedDocument]:
    cases = [_cell(row, case_at).strip() if case_at is not None else "" for _, _, row in answers]
    repeated = {case for case in cases if case and cases.count(case) > 1}
    documents = []
    for (number, text, row), case in zip(answers, cases, strict=True):
        suffix = f"{case}-{number}" if case in repeated else case or str(number)
        document = _survey_document(path, f"{path.stem}-{suffix}", text, [Turn(0, len(text))])
        document.case = case or None
        document.attributes = _attributes(row, attrs)
        document.import_key = f"{path.stem}:{number}:{_sha256(text)}"
        document.meta = {**meta, "row": number}
        documents.append(document)
    return documents


def _grouped_documents(
    path: Path,
    answers: list[Answer],
    case_at: int | None,
    attrs: dict[str, int],
    meta: dict[str, Any],
) -> list[ParsedDocument]:
    by_case: dict[str, list[Answer]] = {}
    for number, text, row in answers:
        by_case.setdefault(_cell(row, case_at).strip(), []).append((number, text, row))
    documents = []
    for case, items in by_case.items():
        text, turns = _joined([text for _, text, _ in items])
        document = _survey_document(path, f"{path.stem}-{case or 'no-case'}", text, turns)
        document.case = case or None
        document.attributes = _attributes(items[0][2], attrs)
        document.import_key = f"{path.stem}:case={case}:{_sha256(text)}"
        document.meta = {**meta, "rows": [number for number, _, _ in items]}
        documents.append(document)
    return documents


def _joined(texts: list[str]) -> tuple[str, list[Turn]]:
    """Answers separated by a blank line, each answer a turn."""
    turns, offset = [], 0
    for text in texts:
        turns.append(Turn(offset, offset + len(text)))
        offset += len(text) + 2
    return "\n\n".join(texts), turns


def _survey_document(path: Path, name: str, text: str, turns: list[Turn]) -> ParsedDocument:
    check_line_lengths(text, f"{path} ({name})")
    fmt = path.suffix.lower().lstrip(".")
    return ParsedDocument(name, text, turns, fmt, str(path), kind="survey")


def _attributes(row: list[str], attrs: dict[str, int]) -> dict[str, str]:
    values = {name: _cell(row, index).strip() for name, index in attrs.items()}
    return {name: value for name, value in values.items() if value}


def _cell(row: Sequence[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _row_list(items: list[Answer]) -> str:
    numbers = [str(number) for number, _, _ in items[:_MAX_LISTED_ROWS]]
    more = ", ..." if len(items) > _MAX_LISTED_ROWS else ""
    return "rows " + ", ".join(numbers) + more


def _columns(header: Sequence[str]) -> str:
    return "columns are: " + ", ".join(repr(name) for name in header)


def column_index(path: Path, header: Sequence[str], name: str) -> int:
    """Index of a column by its name (exact, else ignoring case and surrounding spaces)."""
    if name in header:
        return list(header).index(name)
    folded = [column.strip().casefold() for column in header]
    if name.strip().casefold() in folded:
        return folded.index(name.strip().casefold())
    raise InputError(f"{path}: no column {name!r}; {_columns(header)}")


