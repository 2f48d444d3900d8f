"""`Project`: the one class that reads and writes a study's SQLite file.

Each public write method runs in one transaction (`BEGIN IMMEDIATE`, so two coders' processes queue
on the busy timeout instead of failing). Callers may group several writes with `with project.transaction():`.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from themecoder.store.agreement_store import AgreementStore
from themecoder.store.analysis import AnalysisStore
from themecoder.store.check import CheckStore
from themecoder.store.codebook_store import CodebookStore
from themecoder.store.codings import CodingStore
from themecoder.store.connection import open_database
from themecoder.store.documents import DocumentStore
from themecoder.store.exchange import ExchangeStore
from themecoder.store.history import HistoryStore
from themecoder.store.memos import MemoStore
from themecoder.store.schema import SCHEMA_VERSION, migrate, pending
from themecoder.store.search import SearchStore
from themecoder.store.session import SessionStore
from themecoder.store.suggestions import SuggestionStore


class Project(DocumentStore, CodebookStore, CodingStore, HistoryStore, MemoStore, SearchStore,
              SessionStore, AnalysisStore, AgreementStore, CheckStore, ExchangeStore,
              SuggestionStore):
    """A study's project file. Returns core objects; holds all the SQL."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self.db = open_database(self.path, create=create)
        try:
            self._migrate()
        except Exception:
            self.db.close()
            raise

    def _migrate(self) -> None:
        from themecoder.store.backup import backup_before_migration

        if not pending(self.db):
            return
        backup_before_migration(self.db, self.path)
        # Under the write lock, so two processes opening a new file do not both create the schema.
        with self.transaction():
            applied = migrate(self.db)
        if applied and not self.setting("created_at"):
            self.set_setting("created_at", now())

    @property
    def schema_version(self) -> int:
        return SCHEMA_VERSION

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One all-or-nothing write. Nested calls become savepoints of the outer transaction."""
        conn = self.db.conn
        if conn.in_transaction:
            name = f"sp_{secrets.token_hex(6)}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                raise
            conn.execute(f"RELEASE {name}")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM project_meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO project_meta VALUES (?, ?)", [key, value])

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def now() -> str:
    """The timestamp format stored everywhere: UTC, ISO 8601, seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")
