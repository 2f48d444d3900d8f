"""Reading a `.qdpx` (a zip archive) without trusting it.

Nothing is extracted to disk: members are read into memory, by name. An archive is refused whole
when a member's path would escape the folder it is unpacked into (`..`, an absolute path, a drive
letter), when it holds too many members, or when its uncompressed size is out of proportion (a zip
bomb). Every refusal is an `InputError("<file>: <problem>")`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Self
from urllib.parse import unquote

from themecoder.core.errors import InputError

MAX_MEMBERS = 100_000
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, checked for members over RATIO_FLOOR bytes
RATIO_FLOOR = 16 * 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1024 * 1024


def unsafe_member_reason(name: str) -> str | None:
    """Why a member name would escape the target folder, or None when it is safe."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return f"member {name!r} has an absolute path"
    if ".." in re.split(r"[\\/]", name):
        return f"member {name!r} would escape the target folder"
    return None


def internal_file_name(path_attribute: str) -> str:
    """The file part of a source path: `internal://x.txt`, `relative:///x.txt` or plain `x.txt`."""
    name = re.sub(r"^[A-Za-z]+:/+", "", path_attribute.strip())
    return unquote(name).replace("\\", "/").lstrip("/")


class SafeZip:
    """A checked zip archive. Use as a context manager; `label` names the file in errors."""

    def __init__(self, path: Path) -> None:
        self.label = path.name
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError) as err:
            raise InputError(f"{self.label}: not a readable zip archive ({err})") from None
        try:
            self._check_members()
        except InputError:
            self._zip.close()
            raise
        self._by_lower = {info.filename.lower(): info for info in self._zip.infolist()}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._zip.close()

    def _check_members(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{self.label}: too many members ({len(infos)})")
        total = 0
        for info in infos:
            reason = unsafe_member_reason(info.filename)
            if reason:
                raise InputError(f"{self.label}: {reason}")
            self._check_size(info)
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise InputError(f"{self.label}: uncompressed size {total} bytes is too large")

    def _check_size(self, info: zipfile.ZipInfo) -> None:
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputError(f"{self.label}: member {info.filename!r} is too large uncompressed")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise InputError(
                f"{self.label}: member {info.filename!r} expands {ratio:.0f} times (a zip bomb?)"
            )

    def names(self) -> list[str]:
        """All member names (files only)."""
        return [info.filename for info in self._zip.infolist() if not info.is_dir()]

    def find_qde(self) -> str:
        """The name of the single `.qde` member, wherever it is in the archive."""
        found = [name for name in self.names() if name.lower().endswith(".qde")]
        if not found:
            raise InputError(f"{self.label}: no .qde project file inside")
        if len(found) > 1:
            raise InputError(f"{self.label}: several .qde files inside ({', '.join(found)})")
        return found[0]

    def read(self, name: str) -> bytes:
        """A member's bytes, never more than its declared size."""
        info = self._zip.getinfo(name)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > info.file_size:
                        raise InputError(f"{self.label}: member {name!r} is larger than declared")
                    chunks.append(chunk)
        # RuntimeError: an encrypted member; its subclass NotImplementedError: unknown compression
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError) as err:
            raise InputError(f"{self.label}: member {name!r} cannot be read ({err})") from None
        return b"".join(chunks)

    def find_source(self, path_attribute: str, qde_name: str) -> str | None:
        """The member a source path points to: in `sources/` (any case) beside the .qde, or any
        single member with that file name. None when the archive does not hold it."""
        wanted = internal_file_name(path_attribute)
        if not wanted:
            return None
        base = posixpath.dirname(qde_name)
        for folder in ("sources", ""):
            candidate = posixpath.join(base, folder, wanted).lower()
            if candidate in self._by_lower:
                return self._by_lower[candidate].filename
        leaf = PurePosixPath(wanted).name.lower()
        matches = [n for n in self.names() if PurePosixPath(n).name.lower() == leaf]
        return matches[0] if len(matches) == 1 else None
