"""The undo/redo history, stored in the project so undo works after a restart.

Each coder has their own stack. Undoable actions: `code`, `uncode`, `memo`, and `accept` and
`reject` of suggestions (whole decisions, however many codings: see `history_decisions`). A new
action after an undo drops that coder's redo stack (the rows stay, marked `undone = 2`, for the
audit trail).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from themecoder.store.coding_guids import guid_taken
from themecoder.store.history_decisions import DECISIONS, redo_decision, undo_decision

if TYPE_CHECKING:
    import sqlite_utils

UNDOABLE = ("code", "uncode", "memo", *DECISIONS)
_SAME = ("id", "coder", "doc_id", "code_id")  # a coding as long as it exists (its span may move)
_IDENTITY = ("doc_id", "code_id", "coder", "start", "end")  # one coding at a time (UNIQUE)
_COLUMNS = ("id", "doc_id", "code_id", "coder", "start", "end", "text", "memo", "created_at",
            "source", "guid")


class HistoryStore:
    db: sqlite_utils.Database

    def record(self, coder: str, action: str, payload: dict[str, Any]) -> None:
        """Append an action to the coder's history (call inside the action's transaction)."""
        if action in UNDOABLE:
            self.db.execute("UPDATE history SET undone = 2 WHERE coder = ? AND undone = 1", [coder])
        self.db.execute(
            "INSERT INTO history (coder, action, payload, created_at) VALUES (?,?,?,?)",
            [coder, action, json.dumps(payload, ensure_ascii=False), _now()])

    def undo(self, coder: str) -> str | None:
        """Undo the coder's latest action; returns a description, or None if nothing to undo."""
        with self.transaction():  # type: ignore[attr-defined]
            row = self.db.execute(
                f"SELECT id, action, payload FROM history WHERE coder = ? AND undone = 0 AND action "
                f"IN {UNDOABLE} ORDER BY id DESC LIMIT 1", [coder]).fetchone()
            if row is None:
                return None
            said = self._apply_row(row, reverse=True)
        return f"undid {row[1]}" + (f": {said}" if said else "")

    def redo(self, coder: str) -> str | None:
        """Redo the coder's most recently undone action; None if nothing to redo."""
        with self.transaction():  # type: ignore[attr-defined]
            row = self.db.execute(
                "SELECT id, action, payload FROM history WHERE coder = ? AND undone = 1 "
                "ORDER BY id ASC LIMIT 1", [coder]).fetchone()
            if row is None:
                return None
            said = self._apply_row(row, reverse=False)
        return f"redid {row[1]}" + (f": {said}" if said else "")

    def _apply_row(self, row: tuple[int, str, str], *, reverse: bool) -> str | None:
        """Undo (`reverse`) or redo one history row and mark it (its payload notes what moved);
        returns what a decision did."""
        row_id, action, payload = row[0], row[1], json.loads(row[2])
        said = None
        if action in DECISIONS:
            said = (undo_decision if reverse else redo_decision)(self, action, payload)
        else:
            self._apply(action, payload, reverse=reverse)
        self.db.execute("UPDATE history SET undone = ?, payload = ? WHERE id = ?",
                        [int(reverse), json.dumps(payload, ensure_ascii=False), row_id])
        return said

    def _apply(self, action: str, payload: dict[str, Any], *, reverse: bool) -> None:
        """Undo or redo a `code`, `uncode` or `memo`. A coding is matched by its id and what does
        not change (coder, document, code), else by its span (it came back under a new id), and
        a memo by the text it should have: an id that a project stored before ids were kept
        (schema 3) gave to another coding is left alone."""
        conn = self.db.conn
        if action == "memo":
            now, then = (payload["new"], payload["old"]) if reverse else (payload["old"], payload["new"])
            conn.execute("UPDATE codings SET memo = ? WHERE id = ? AND memo = ?",
                         [then, payload["coding_id"], now])
            return
        coding = payload["coding"]
        if (action == "uncode") == reverse:
            self._reinsert(coding)
        elif not conn.execute("DELETE FROM codings WHERE id = ? AND coder = ? AND doc_id = ? AND "
                              "code_id = ?", [coding[c] for c in _SAME]).rowcount:
            conn.execute('DELETE FROM codings WHERE doc_id = ? AND code_id = ? AND coder = ? AND '
                         'start = ? AND "end" = ?', [coding[c] for c in _IDENTITY])

    def _reinsert(self, coding: dict[str, Any]) -> bool:
        """Store a removed coding again: under its id, unless another coding holds that id (then
        under a new one, noted in `coding`), and with its GUID unless another coding took it.
        False when it is there already."""
        conn = self.db.conn
        if guid_taken(conn, coding.get("guid")):
            coding["guid"] = None
        holder = conn.execute('SELECT doc_id, code_id, coder, start, "end" FROM codings WHERE id = ?',
                              [coding["id"]]).fetchone()
        other = holder is not None and tuple(holder) != tuple(coding[c] for c in _IDENTITY)
        cols = [c for c in _COLUMNS if c in coding and not (other and c == "id")]
        cursor = conn.execute(
            f"INSERT OR IGNORE INTO codings ({', '.join(f'[{c}]' for c in cols)}) "
            f"VALUES ({', '.join('?' * len(cols))})", [coding[c] for c in cols])
        if other and cursor.rowcount:
            coding["id"] = cursor.lastrowid
        return bool(cursor.rowcount)


def _now() -> str:
    from themecoder.store.project import now

    return now()
