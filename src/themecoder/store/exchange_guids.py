"""Storing the GUIDs an export derived, so that later exports (and the tools that read them)
re-use them (`store_guids`), and the codings' GUIDs a migration derived (`store_by_id`). Each
table's rows are set by one statement, which SQLite runs without holding Python's GIL, so
another thread (compressing the archive) really runs meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from themecoder.store.exchange_spans import Updates

if TYPE_CHECKING:
    from themecoder.store.project import Project

_GUID_WIDTH = 36  # characters of a GUID as stored: 8-4-4-4-12 hexadecimal digits


def store_guids(project: Project, updates: Updates) -> None:
    """Keep the GUIDs an export derived (`build_bundle`, `BundleStream.updates`), so later
    exports re-use them (one transaction; none when there is nothing to keep).

    Each table's rows are set by one statement, which SQLite runs without holding Python's
    GIL: another thread can compress the archive meanwhile (`export qdpx` does).
    """
    if not any(updates.values()):
        return
    conn = project.db.conn
    with contextlib.suppress(sqlite3.OperationalError), project.transaction():  # a read-only file
        for table, rows in updates.items():
            _store_table(conn, table, rows)


def _store_table(conn: sqlite3.Connection, table: str, rows: list[tuple[Any, str]]) -> None:
    if not rows:
        return
    if table == "coders":  # a few; new coders keep the order they were met in
        names = [row[:1] for row in rows]
        conn.executemany("INSERT OR IGNORE INTO coders (name) VALUES (?)", names)
        conn.executemany("UPDATE coders SET guid = ? WHERE name = ? AND guid IS NULL",
                         [(guid, name) for name, guid in rows])
    else:
        store_by_id(conn, table, rows)


def store_by_id(conn: sqlite3.Connection, table: str, rows: list[tuple[Any, str]]) -> None:
    """`UPDATE table SET guid = ? WHERE id = ? AND guid IS NULL` for every (id, guid), as one
    statement: over the GUIDs packed in one blob by id (`_store_packed`) when the ids are dense,
    else over a JSON array in id order (each page visited once: twice as fast as in any order)."""
    rows.sort(key=itemgetter(0))
    if _store_packed(conn, table, rows):
        return
    if sqlite3.sqlite_version_info < (3, 38, 0):  # no `->>`, maybe no UPDATE ... FROM
        conn.executemany(f"UPDATE {table} SET guid = ? WHERE id = ? AND guid IS NULL",
                         [(guid, key) for key, guid in rows])
        return
    conn.execute(f"UPDATE {table} SET guid = j.value ->> 1 FROM json_each(?) AS j "
                 f"WHERE {table}.id = j.value ->> 0 AND {table}.guid IS NULL",
                 [json.dumps(rows, separators=(",", ":"))])


def _store_packed(conn: sqlite3.Connection, table: str, rows: list[tuple[Any, str]]) -> bool:
    """Store the GUIDs of rows sorted by id as one blob, 36 bytes per id from the lowest (spaces
    for ids left alone), that each row reads its own from: a scan of the table with no join and
    no JSON to parse, half the time. False (nothing done) when ids are sparse or not integers,
    or a GUID is not 36 ASCII characters."""
    low, high = rows[0][0], rows[-1][0]
    if not (isinstance(low, int) and isinstance(high, int)) or high - low >= 4 * len(rows) + 1024:
        return False
    if {len(guid) for _key, guid in rows} != {_GUID_WIDTH}:
        return False
    parts, expected = [], low
    for key, guid in rows:
        if key != expected:
            if key < expected:  # the same id twice
                return False
            parts.append(" " * (_GUID_WIDTH * (key - expected)))
        parts.append(guid)
        expected = key + 1
    text = "".join(parts)
    if not text.isascii():
        return False
    packed = text.encode("ascii")
    own = f"substr(?1, (id - ?2) * {_GUID_WIDTH} + 1, {_GUID_WIDTH})"
    conn.execute(f"UPDATE {table} SET guid = CAST({own} AS TEXT) WHERE guid IS NULL "
                 f"AND id BETWEEN ?2 AND ?3 AND substr(?1, (id - ?2) * {_GUID_WIDTH} + 1, 1) != x'20'",
                 [packed, low, high])  # fmt: skip
    return True


