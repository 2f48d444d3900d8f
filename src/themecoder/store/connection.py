"""Opening the project file: pragmas that keep two coders' processes from losing a write."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from themecoder.core.errors import InputError


def _load_sqlite_utils_without_pandas() -> None:
    """sqlite-utils imports pandas when installed (over a second at every command's start) only to
    map `pandas.Timestamp` columns, which themecoder never inserts; hide it during that import."""
    if "pandas" in sys.modules or "sqlite_utils" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # makes `import pandas` fail
    try:
        import sqlite_utils  # noqa: F401
    finally:
        if sys.modules.get("pandas", 0) is None:
            del sys.modules["pandas"]


_load_sqlite_utils_without_pandas()
import sqlite_utils  # loaded above, without pandas

BUSY_TIMEOUT_MS = 30_000
SQLITE_MAGIC = b"SQLite format 3\x00"
# Files this process has opened through SQLite. Their header is never read again with open():
# closing any other descriptor of the file drops this process's POSIX locks on it, after which
# another process closing its connection deletes the WAL under the open connections, and their
# later commits are invisible to others and lost when this process ends.
_OPENED: set[Path] = set()


def open_database(path: Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open (or create, owner-only readable) the project file with WAL, foreign keys, a busy timeout."""
    path = Path(path)
    if path.exists():
        if path.resolve() not in _OPENED:
            _check_is_sqlite(path)
    elif not create:
        raise InputError(f"{path}: no such project file")
    else:
        _create_private(path)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        _OPENED.add(path.resolve())
    except sqlite3.DatabaseError as err:
        conn.close()
        raise InputError(f"{path}: not a themecoder project ({err})") from err
    return db


def _check_is_sqlite(path: Path) -> None:
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a project file")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head and head != SQLITE_MAGIC:
        raise InputError(f"{path}: not a themecoder project (not an SQLite file)")


def _create_private(path: Path) -> None:
    """Create the empty file readable and writable by its owner only."""
    if not path.parent.exists():
        raise InputError(f"{path}: folder {path.parent} does not exist")
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return  # another process created it a moment ago; SQLite will wait for its lock
    os.close(fd)
