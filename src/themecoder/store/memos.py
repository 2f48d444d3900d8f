"""Memos: a coder's notes on a passage, a document or a code (memos on a coding live on the coding).

`target_kind` says what a memo is about: `span` (a passage `[start, end)` of `doc_id`, e.g. a
sentence), `document` (`target_id` = the document), `code` (`target_id` = the code) or `project`.
Every write is one transaction and is recorded in the history for the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from themecoder.core.errors import InputError, NotFoundError

if TYPE_CHECKING:
    import sqlite_utils

MEMO_KINDS = ("span", "document", "code", "project")


@dataclass(slots=True)
class Memo:
    id: int
    target_kind: str
    target_id: int | None
    doc_id: int | None
    start: int | None
    end: int | None
    coder: str
    text: str
    created: str


class MemoStore:
    db: sqlite_utils.Database

    def add_memo(
        self,
        text: str,
        *,
        coder: str,
        target_kind: str = "span",
        target_id: int | None = None,
        doc_id: int | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> int:
        """Store a memo; returns its id. A `span` memo needs `doc_id`, `start` and `end`."""
        if target_kind not in MEMO_KINDS:
            raise InputError(f"memo kind {target_kind}: must be one of {', '.join(MEMO_KINDS)}")
        if target_kind == "span" and (
            doc_id is None or start is None or end is None or end < start
        ):
            raise InputError("memo: a passage memo needs a document and start <= end")
        with self.transaction():  # type: ignore[attr-defined]
            cursor = self.db.execute(
                'INSERT INTO memos (target_kind, target_id, doc_id, start, "end", coder, text, '
                "created_at) VALUES (?,?,?,?,?,?,?,?)",
                [target_kind, target_id, doc_id, start, end, coder, text, _now()],
            )
            memo_id = int(cursor.lastrowid or 0)
            self.record(coder, "note", {"memo_id": memo_id, "new": text})  # type: ignore[attr-defined]
        return memo_id

    def update_memo(self, memo_id: int, text: str, *, coder: str) -> None:
        """Replace a memo's text (an empty text deletes it)."""
        with self.transaction():  # type: ignore[attr-defined]
            old = self.memo(memo_id).text
            if text.strip():
                self.db.execute("UPDATE memos SET text = ? WHERE id = ?", [text, memo_id])
            else:
                self.db.execute("DELETE FROM memos WHERE id = ?", [memo_id])
            self.record(coder, "note", {"memo_id": memo_id, "old": old, "new": text})  # type: ignore[attr-defined]

    def memo(self, memo_id: int) -> Memo:
        rows = list(self.db.query("SELECT * FROM memos WHERE id = ?", [memo_id]))
        if not rows:
            raise NotFoundError(f"memo {memo_id}: not in this project")
        return _memo(rows[0])

    def memos(self, *, doc_id: int | None = None, coder: str | None = None) -> list[Memo]:
        """Memos, optionally of one document and/or one coder, in text order."""
        where: list[str] = ["1"]
        params: list[int | str] = []
        if doc_id is not None:
            where.append("doc_id = ?")
            params.append(doc_id)
        if coder is not None:
            where.append("coder = ?")
            params.append(coder)
        sql = f"SELECT * FROM memos WHERE {' AND '.join(where)} ORDER BY doc_id, start, id"
        return [_memo(r) for r in self.db.query(sql, params)]


def _memo(row: dict[str, Any]) -> Memo:
    return Memo(
        row["id"],
        row["target_kind"],
        row["target_id"],
        row["doc_id"],
        row["start"],
        row["end"],
        row["coder"],
        row["text"],
        row["created_at"],
    )


def _now() -> str:
    from themecoder.store.project import now

    return now()
