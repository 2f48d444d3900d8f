"""Repairs for `check --repair`: each sets `problem.repair` to what it did ("" = not repaired).

Only what is safe: a coding is re-anchored where its quote occurs once, else moved with its quote,
coder and memo to `unplaced_codings` (never deleted); derived data (segments, the search index,
hashes) is rebuilt or dropped; rows of user data with no safe repair (memos, attributes) stay.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from themecoder.core.anchoring import Anchor, find_quote
from themecoder.core.segmentation import count_words
from themecoder.core.text import text_sha256

if TYPE_CHECKING:
    import sqlite_utils

    from themecoder.store.check import Problem

FIXABLE_ORPHANS = frozenset(
    {"codings", "segments", "search_indexed", "unplaced_codings", "documents"}
)
_CODING_COLUMNS = 'g.id, g.doc_id, g.code_id, g.coder, g.start, g."end", g.text, g.memo, g.source'


class CheckRepairs:
    db: sqlite_utils.Database

    def _texts_by_id(self) -> dict[int, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT id, text FROM documents")}

    def _repair(self, problems: list[Problem]) -> None:
        texts, renumbered = self._texts_by_id(), set[int]()
        for problem in problems:
            table, _, row = problem.where.partition(" ")
            if problem.kind == "orphan":
                problem.repair = self._repair_orphan(table, int(row))
            elif problem.kind in ("out-of-range", "quote-mismatch"):
                problem.repair = self._repair_coding(int(row), texts)
            elif problem.kind == "duplicate-segment" and int(row) in renumbered:
                problem.repair = "removed with the document's other repeated segments"
            elif problem.kind == "duplicate-segment":
                problem.repair = self._repair_segments(int(row))
                renumbered.add(int(row))
            elif problem.kind == "hash":
                problem.repair = self._repair_hash(int(row), texts[int(row)])
        if any(p.kind == "search-index" or p.where.startswith("search_indexed") for p in problems):
            added = self._rebuild_search_index()
            for problem in problems:
                if problem.kind == "search-index":
                    problem.repair = f"rebuilt the full-text index ({added} documents)"

    def _repair_orphan(self, table: str, rowid: int) -> str:
        if table == "codings":
            return self._unplace(rowid, "its document or code no longer exists")
        if table in ("segments", "search_indexed"):
            self.db.execute(f"DELETE FROM {table} WHERE rowid = ?", [rowid])
            return "removed (derived data, rebuilt on import or search)"
        if table == "unplaced_codings":
            self.db.execute("UPDATE unplaced_codings SET doc_id = NULL WHERE rowid = ?", [rowid])
            return "kept, detached from the missing document (its name stays)"
        if table == "documents":
            self.db.execute(
                "UPDATE documents SET case_id = NULL WHERE id = ? AND case_id NOT IN "
                "(SELECT id FROM cases)",
                [rowid],
            )
            return "removed the link to the missing case"
        return ""  # memos, attributes, codes: user data with no safe repair

    def _repair_coding(self, coding_id: int, texts: dict[int, str]) -> str:
        row = self.db.execute(
            f"SELECT {_CODING_COLUMNS} FROM codings g WHERE g.id = ?", [coding_id]
        ).fetchone()
        if row is None or row[1] not in texts:
            return "already moved to unplaced_codings"
        text, start, end, quote = texts[row[1]], row[4], row[5], row[6]
        if not quote and 0 <= start < end <= len(text):
            self.db.execute(
                "UPDATE codings SET text = ? WHERE id = ?", [text[start:end], coding_id]
            )
            return "filled in the missing quote from the document"
        anchor = find_quote(text, quote)
        if not isinstance(anchor, Anchor):
            return self._unplace(coding_id, f"quote not placed: {anchor}")
        if anchor.method == "fuzzy":
            return self._unplace(
                coding_id,
                f"quote only matches approximately at {anchor.start}-"
                f"{anchor.end} ({anchor.score:.0f}%)",
            )
        try:
            self.db.execute(
                'UPDATE codings SET start = ?, "end" = ?, text = ? WHERE id = ?',
                [anchor.start, anchor.end, text[anchor.start : anchor.end], coding_id],
            )
        except sqlite3.IntegrityError:
            return self._unplace(
                coding_id, f"an identical coding already exists at {anchor.start}-{anchor.end}"
            )
        return f"re-anchored {start}-{end} -> {anchor.start}-{anchor.end} ({anchor.method} match)"

    def _unplace(self, coding_id: int, reason: str) -> str:
        """Move a coding to `unplaced_codings` (quote, coder, memo kept) with the reason."""
        row = self.db.execute(
            f"SELECT {_CODING_COLUMNS}, d.name, c.path, d.id FROM codings g "
            "LEFT JOIN documents d ON d.id = g.doc_id LEFT JOIN codes c ON c.id = g.code_id "
            "WHERE g.id = ?",
            [coding_id],
        ).fetchone()
        (_, doc_id, code_id, coder, start, end, quote, memo, source, doc_name, path, found) = row
        self.db.execute(
            'INSERT INTO unplaced_codings (doc_id, doc_name, code_path, coder, start, "end", text, '
            "memo, reason, source, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                found,
                doc_name or f"(missing document {doc_id})",
                path or f"(missing code {code_id})",
                coder,
                start,
                end,
                quote,
                memo,
                f"check: {reason}",
                source or "check",
                _now(),
            ],
        )
        self.db.execute("DELETE FROM codings WHERE id = ?", [coding_id])
        return f"moved to unplaced_codings ({reason})"

    def _repair_segments(self, doc_id: int) -> str:
        """Drop repeated segments and number the rest again in text order."""
        removed = self.db.execute(
            "DELETE FROM segments WHERE doc_id = ? AND id NOT IN (SELECT min(id) FROM segments "
            'WHERE doc_id = ? GROUP BY kind, start, "end")',
            [doc_id, doc_id],
        ).rowcount
        for kind in ("turn", "sentence"):
            ids = [
                r[0]
                for r in self.db.execute(
                    'SELECT id FROM segments WHERE doc_id = ? AND kind = ? ORDER BY start, "end", id',
                    [doc_id, kind],
                )
            ]
            self.db.execute(
                "UPDATE segments SET idx = -1 - idx WHERE doc_id = ? AND kind = ?", [doc_id, kind]
            )
            self.db.conn.executemany(
                "UPDATE segments SET idx = ? WHERE id = ?",
                [(i, seg_id) for i, seg_id in enumerate(ids)],
            )
        return f"removed {removed} repeated segments"

    def _repair_hash(self, doc_id: int, text: str) -> str:
        self.db.execute(
            "UPDATE documents SET sha256 = ?, words = ? WHERE id = ?",
            [text_sha256(text), count_words(text), doc_id],
        )
        return "recorded the hash of the current text"

    def _rebuild_search_index(self) -> int:
        # 'rebuild' first: a damaged index may refuse a plain DELETE.
        self.db.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
        self.db.execute("DELETE FROM sentences_fts")
        self.db.execute("DELETE FROM search_indexed")
        return int(self.ensure_search_index())  # type: ignore[attr-defined]


def fixable(problem: Problem) -> bool:
    table = problem.where.partition(" ")[0]
    return problem.kind not in ("integrity", "orphan") or table in FIXABLE_ORPHANS


def _now() -> str:
    from themecoder.store.project import now

    return now()
