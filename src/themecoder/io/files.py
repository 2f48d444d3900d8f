"""Which files an import covers (folders walked), and checks on zip-based formats."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from pathlib import Path

from themecoder.core.errors import InputError

MAX_UNZIPPED_BYTES = 2 * 1024**3  # a bigger "document" is a zip bomb, not a transcript
_JUNK_FILES = frozenset({"thumbs.db", "desktop.ini"})


def iter_import_files(
    paths: Iterable[Path], supported: Iterable[str]
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand files and folders into the files to import and the skipped ones with a reason.

    Folders are walked recursively in sorted order; hidden files and folders inside them are
    left out (a hidden file of a supported type is reported as skipped), as are Office lock
    files (`~$name.docx`). A file named directly is taken as given. Each file appears once.
    """
    extensions = {ext.lower() for ext in supported}
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            candidates = list(_walk_folder(path, extensions, skipped))
        elif path.exists():
            candidates = [path]
        else:
            skipped.append((path, "no such file or folder"))
            continue
        for file in candidates:
            reason = _unsupported_reason(file, extensions)
            key = file.resolve()
            if reason:
                skipped.append((file, reason))
            elif key not in seen:
                seen.add(key)
                files.append(file)
    return files, skipped


def _walk_folder(
    folder: Path, extensions: set[str], skipped: list[tuple[Path, str]]
) -> Iterable[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            file = Path(root, name)
            if name.startswith("."):
                if file.suffix.lower() in extensions:
                    skipped.append((file, "hidden file"))
            elif name.startswith("~$"):
                skipped.append((file, "Office lock file"))
            elif name.lower() not in _JUNK_FILES:
                yield file


def _unsupported_reason(file: Path, extensions: set[str]) -> str | None:
    if not file.is_file():
        return "not a regular file"
    if file.suffix.lower() not in extensions:
        kind = file.suffix.lower() or "(no extension)"
        return f"unsupported file type {kind}"
    return None


def check_zip_package(path: Path, required_member: str, what: str) -> None:
    """Refuse a truncated or corrupt zip, a zip bomb, or a zip that is not a `what` file.

    Raises:
        InputError: naming the file and the problem.
    """
    ext = path.suffix.lower()
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise InputError(
            f"{path}: truncated or corrupt {ext} file (not a valid zip archive)"
        ) from None
    except OSError as err:
        raise InputError(f"{path}: cannot read file ({err.strerror or err})") from None
    if required_member not in {info.filename for info in infos}:
        raise InputError(f"{path}: not a {what} (zip archive without {required_member})")
    if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
        raise InputError(f"{path}: unpacks to over {MAX_UNZIPPED_BYTES // 1024**3} GiB; refused")


def error_reason(err: BaseException) -> str:
    """A library exception as a short one-line reason: `BadZipFile: File is not a zip file`."""
    lines = str(err).strip().splitlines()
    return f"{type(err).__name__}: {lines[0]}"[:200] if lines else type(err).__name__
