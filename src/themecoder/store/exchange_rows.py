"""Reading the codings of an export as plain rows: every kept coding in span order (by document,
start, end, code path, coder), as the cursor goes.

(Reading them in table order and sorting them in Python took as long as SQLite's sorting.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

Row = tuple[Any, ...]  # (id, doc_id, code_id, coder, start, end, created_at, guid[, memo])
_CODINGS = ('SELECT g.id, g.doc_id, g.code_id, g.coder, g.start, g."end", g.created_at, g.guid'
            "{memo} FROM codings g JOIN codes c ON c.id = g.code_id "
            "JOIN documents d ON d.id = g.doc_id WHERE 1{where}")  # fmt: skip
_SPAN_ORDER = ' ORDER BY g.doc_id, g.start, g."end", c.path, g.coder'


def iter_codings(db: sqlite_utils.Database, coders: list[str] | None) -> Iterator[Row]:
    """The kept codings (`coders`; None: everyone's) in span order, as they are read."""
    where, params = _kept(coders)
    return iter(db.execute(_CODINGS.format(memo="", where=where) + _SPAN_ORDER, params))


def read_memoed_codings(db: sqlite_utils.Database, coders: list[str] | None) -> list[Row]:
    """The kept codings that have a memo, with it as a last column, in span order."""
    where, params = _kept(coders)
    where = " AND g.id IN (SELECT id FROM codings WHERE memo != '')" + where
    query = _CODINGS.format(memo=", g.memo", where=where) + _SPAN_ORDER
    return db.execute(query, params).fetchall()


def _kept(coders: list[str] | None) -> tuple[str, list[str]]:
    if coders is None:
        return "", []
    return f" AND g.coder IN ({', '.join('?' * len(coders))})", list(coders)
