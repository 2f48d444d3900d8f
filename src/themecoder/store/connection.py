"""Opening the project file: pragmas that keep two coders' processes from losing a write."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from themecoder.core.errors import InputError

# Heavy optional libraries sqlite-utils imports if installed, only to map their value types to
# column types: pandas (`Timestamp`, which themecoder never inserts; over a second) and numpy
# (its scalar types, about 0.15 s). Most commands never touch numpy, so it stays unloaded.
_HIDDEN_FROM_SQLITE_UTILS = ("pandas", "numpy")


class _ColumnTypes(dict[object, str]):
    """sqlite-utils' Python type -> SQLite column type map, resolving numpy scalar types when asked
    (what sqlite-utils would have added had numpy been imported with it)."""

    def __missing__(self, key: object) -> str:
        numpy = sys.modules.get("numpy")
        if numpy is not None and isinstance(key, type):
            if issubclass(key, numpy.integer):
                return "INTEGER"
            if issubclass(key, numpy.floating):
                return "REAL"
        raise KeyError(key)

    def get(self, key: object, default: str | None = None) -> str | None:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default


def _load_sqlite_utils_lightly() -> None:
    """Import sqlite-utils with pandas and numpy hidden, then let its type map learn numpy's types."""
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in _HIDDEN_FROM_SQLITE_UTILS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import <name>` fail
    try:
        import sqlite_utils.db
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    sqlite_utils.db.COLUMN_TYPE_MAPPING = _ColumnTypes(sqlite_utils.db.COLUMN_TYPE_MAPPING)


_load_sqlite_utils_lightly()
import sqlite_utils  # loaded above, without pandas and numpy

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
