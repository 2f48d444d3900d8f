"""Importers: files in, `ParsedDocument`s (normalised text + speaker turns) out.

`read_document(path)` dispatches on the extension; every bad input raises a one-line
`InputError("<file>: <problem>")`, never a library's own exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from themecoder.core.errors import InputError
from themecoder.core.model import ParsedDocument
from themecoder.io import files
from themecoder.io.decode import check_line_lengths
from themecoder.io.files import error_reason

Reader = Callable[..., list[ParsedDocument]]

TABLE_EXTENSIONS = frozenset({".csv", ".xlsx"})
SUPPORTED_EXTENSIONS = frozenset(
    {".txt", ".md", ".docx", ".odt", ".vtt", ".srt", ".qdpx"} | TABLE_EXTENSIONS
)


def _read_plaintext(path: Path, **_: Any) -> list[ParsedDocument]:
    from themecoder.io.plaintext import read_plaintext

    return read_plaintext(path)


def _read_docx(path: Path, **_: Any) -> list[ParsedDocument]:
    from themecoder.io.docx import read_docx

    return read_docx(path)


def _read_odt(path: Path, **_: Any) -> list[ParsedDocument]:
    from themecoder.io.odt import read_odt

    return read_odt(path)


def _read_vtt(path: Path, **_: Any) -> list[ParsedDocument]:
    from themecoder.io.subtitles import read_vtt

    return read_vtt(path)


def _read_srt(path: Path, **_: Any) -> list[ParsedDocument]:
    from themecoder.io.subtitles import read_srt

    return read_srt(path)


def _read_survey(path: Path, **options: Any) -> list[ParsedDocument]:
    from themecoder.io.survey import read_survey

    return read_survey(path, **options)


def _read_qdpx(path: Path, **_: Any) -> list[ParsedDocument]:
    from themecoder.io.refi import (  # type: ignore[attr-defined,unused-ignore]
        read_qdpx_documents,
    )

    return list(read_qdpx_documents(path))


_READERS: dict[str, Reader] = {
    ".txt": _read_plaintext,
    ".md": _read_plaintext,
    ".docx": _read_docx,
    ".odt": _read_odt,
    ".vtt": _read_vtt,
    ".srt": _read_srt,
    ".csv": _read_survey,
    ".xlsx": _read_survey,
    ".qdpx": _read_qdpx,
}


def iter_import_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to import from files and folders (recursed, sorted, hidden files skipped), and the
    skipped ones with a reason (unsupported type, hidden, missing)."""
    return files.iter_import_files(paths, SUPPORTED_EXTENSIONS)


def read_document(
    path: Path,
    *,
    text_column: str | None = None,
    case_column: str | None = None,
    attr_columns: Sequence[str] | None = None,
    group_by_case: bool = False,
) -> list[ParsedDocument]:
    """Read one file into documents: one per file, or one per answer (or case) of a survey table.

    Args:
        path: a `.txt .md .docx .odt .vtt .srt .csv .xlsx .qdpx` file.
        text_column, case_column, attr_columns, group_by_case: for `.csv`/`.xlsx` only.

    Raises:
        InputError: "<file>: <problem>" for any file that cannot be imported.
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        kind = path.suffix.lower() or "(no extension)"
        supported = " ".join(sorted(SUPPORTED_EXTENSIONS))
        raise InputError(f"{path}: unsupported file type {kind} (supported: {supported})")
    if not path.is_file():
        problem = "is a folder, not a file" if path.is_dir() else "no such file"
        raise InputError(f"{path}: {problem}")
    options: dict[str, Any] = {}
    if path.suffix.lower() in TABLE_EXTENSIONS:
        options = {
            "text_column": text_column,
            "case_column": case_column,
            "attr_columns": attr_columns,
            "group_by_case": group_by_case,
        }
    documents = _read_guarded(reader, path, options)
    for document in documents:
        check_line_lengths(document.text, str(path))
    return documents


def _read_guarded(reader: Reader, path: Path, options: dict[str, Any]) -> list[ParsedDocument]:
    try:
        return reader(path, **options)
    except (InputError, ImportError):
        raise  # an ImportError is a broken installation, not a bad file
    except RecursionError:
        raise InputError(f"{path}: too deeply nested to read") from None
    except MemoryError:
        raise InputError(f"{path}: too large to read into memory") from None
    except Exception as err:  # noqa: BLE001 - a library's failure on a bad file is bad input
        raise InputError(f"{path}: could not read file ({error_reason(err)})") from None


__all__ = ["SUPPORTED_EXTENSIONS", "iter_import_files", "read_document"]
