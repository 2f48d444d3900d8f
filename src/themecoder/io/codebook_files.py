"""Read and write codebook files, choosing the format by the file's extension."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from themecoder.core.codebook import Codebook
from themecoder.core.errors import InputError
from themecoder.io.codebook_json import read_codebook_json, write_codebook_json
from themecoder.io.codebook_md import write_codebook_markdown
from themecoder.io.codebook_yaml import read_codebook_yaml, write_codebook_yaml
from themecoder.io.qdc import read_qdc, write_qdc

READERS: dict[str, Callable[[Path], Codebook]] = {
    ".yaml": read_codebook_yaml,
    ".yml": read_codebook_yaml,
    ".json": read_codebook_json,
    ".qdc": read_qdc,
}
WRITERS: dict[str, Callable[[Codebook, Path], None]] = {
    ".yaml": write_codebook_yaml,
    ".yml": write_codebook_yaml,
    ".json": write_codebook_json,
    ".qdc": write_qdc,
}


def read_codebook(path: Path) -> Codebook:
    """Read a `.yaml`/`.yml`, `.json` or REFI-QDA `.qdc` codebook.

    Raises InputError naming the file (and the line where there is one) for a missing file, an
    unsupported extension or anything wrong inside.
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(
            f"{path}: cannot read a codebook from this file type; use {_names(READERS)}"
        )
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    return reader(path)


def write_codebook(codebook: Codebook, path: Path, counts: dict[str, int] | None = None) -> None:
    """Write `codebook` as `.yaml`/`.yml`, `.json`, `.qdc` or `.md` (the only one showing `counts`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".md":
        write_codebook_markdown(codebook, path, counts)
        return
    writer = WRITERS.get(suffix)
    if writer is None:
        raise InputError(
            f"{path}: cannot write a codebook as this file type; use {_names(WRITERS)}, .md"
        )
    writer(codebook, path)


def _names(formats: Mapping[str, object]) -> str:
    return ", ".join(formats)
