"""Settings of one open connection that an interactive face needs: lock waiting and change detection."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


class SessionStore:
    db: sqlite_utils.Database

    def set_busy_timeout(self, milliseconds: int) -> None:
        """How long a write waits for another process's lock before `sqlite3.OperationalError`.

        The CLI keeps the long default; the TUI waits briefly and retries, so it never freezes.
        """
        self.db.execute(f"PRAGMA busy_timeout = {max(0, int(milliseconds))}")

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the project file."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])
