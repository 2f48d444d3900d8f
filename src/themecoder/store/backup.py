"""Copies of the project file made with SQLite's online backup API (safe while others write)."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from themecoder.store.schema import current_version, pending

if TYPE_CHECKING:
    import sqlite_utils


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of the open database to `target` (owner-only readable)."""
    target = Path(target)
    if not target.exists():
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    os.chmod(target, 0o600)
    return target


def stamped_backup_path(path: Path, reason: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.stem}.{reason}-{stamp}.bak{path.suffix}")


def backup_before_migration(db: sqlite_utils.Database, path: Path) -> Path | None:
    """Before upgrading an existing project's schema, keep a copy of it beside the file."""
    if current_version(db) == 0 or not pending(db):
        return None
    return backup_to(db.conn, stamped_backup_path(path, f"pre-migration-v{current_version(db)}"))
