"""Undo and redo of suggestion decisions: the `accept` and `reject` history actions.

An accept adds many codings at once (a theme's members, or code suggestions), may create codes,
and writes decision rows; a group accept moves codes under a parent instead. The history payload
keeps the rows written, so one undo removes them in one transaction (the suggestion is open again)
and redo puts them back with the same ids. Codings of the accept removed since are skipped; a code
the accept created is removed only when nothing else uses it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

DECISIONS = ("accept", "reject")
# What makes a created code still "in use" at undo time (so it stays).
_CODE_USES = (
    "SELECT 1 FROM codings WHERE code_id = :id", "SELECT 1 FROM codes WHERE parent_id = :id",
    "SELECT 1 FROM adjudications WHERE code_id = :id",
    "SELECT 1 FROM code_suggestions WHERE code_id = :id",
    "SELECT 1 FROM suggestion_decisions WHERE code_id = :id",
    "SELECT 1 FROM memos WHERE target_kind = 'code' AND target_id = :id")


def high_marks(conn: sqlite3.Connection) -> dict[str, int]:
    """The highest coding, code and decision ids now: what a decision adds lies above them."""
    return {table: conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            for table in ("codings", "codes", "suggestion_decisions")}


def rows_since(conn: sqlite3.Connection, marks: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    """The rows added above `marks` (in this transaction), by table, for the history payload."""
    return {table: _rows(conn, f"SELECT * FROM {table} WHERE id > ? ORDER BY id", [mark])
            for table, mark in marks.items()}


def undo_decision(project: Any, action: str, payload: dict[str, Any]) -> str:
    """Take back an accept or reject (inside the undo's transaction); notes in `payload` what
    was removed, for redo. Returns what was undone."""
    conn = project.db.conn
    for row in payload.get("suggestion_decisions", []):  # ids of decisions can be used again
        conn.execute("DELETE FROM suggestion_decisions WHERE id = ? AND kind = ? AND decision = ? "
                     "AND decided_at = ? AND run_id IS ?",
                     [row["id"], row["kind"], row["decision"], row["decided_at"], row["run_id"]])
    ids = [c["id"] for c in payload.get("codings", [])]
    present = [i for (i,) in _select_ids(conn, "codings", ids)]
    _keep_current_memos(conn, payload.get("codings", []), present)
    _delete(conn, "codings", present)
    notes = [f"{len(ids) - len(present)} already removed"] if len(present) < len(ids) else []
    renamed = _rename(project, [(new, old) for old, new in reversed(payload.get("moved", []))])
    if renamed:
        notes.append(f"codes renamed since, left as they are: {', '.join(renamed)}")
    removed, kept = _remove_unused_codes(conn, payload.get("codes", []))
    payload["undone"] = {"codings": present, "codes": removed}
    if kept:
        notes.append(f"kept the code{'s' if len(kept) > 1 else ''} it created, still in use: "
                     f"{', '.join(kept)}")
    said = describe(action, payload, len(present))
    return said + (f" ({'; '.join(notes)})" if notes else "")


def redo_decision(project: Any, action: str, payload: dict[str, Any]) -> str:
    """Put back what `undo_decision` took back, with the same ids where they are still free."""
    conn = project.db.conn
    undone = payload.get("undone", {})
    code_ids = _restore_codes(conn, [c for c in payload.get("codes", [])
                                     if c["id"] in undone.get("codes", [])])
    _renumber(payload, code_ids)
    _rename(project, [(old, new) for old, new in payload.get("moved", [])])
    wanted = set(undone.get("codings", []))
    added = _restore_codings(project, [c for c in payload.get("codings", []) if c["id"] in wanted])
    for row in payload.get("suggestion_decisions", []):  # under the ids they have now, for undo
        row["id"] = _insert(conn, "suggestion_decisions", row,
                            keep_id=not _taken(conn, "suggestion_decisions", row["id"]))
    return describe(action, payload, added)


def _renumber(payload: dict[str, Any], code_ids: dict[int, int]) -> None:
    """Note in `payload` the ids its restored codes have now (`code_ids`: old id -> id now), in
    the codes and in the codings and decisions that refer to them, so a later undo finds them."""
    if not code_ids:
        return
    for code in payload.get("codes", []):
        code["id"] = code_ids.get(code["id"], code["id"])
        code["parent_id"] = code_ids.get(code["parent_id"], code["parent_id"])
    for row in [*payload.get("codings", []), *payload.get("suggestion_decisions", [])]:
        row["code_id"] = code_ids.get(row.get("code_id"), row.get("code_id"))


def _keep_current_memos(conn: sqlite3.Connection, codings: list[dict[str, Any]],
                        present: list[int]) -> None:
    """Note in the payload's codings the memos written on them since the accept, so a redo
    brings those back too."""
    memos: dict[int, str] = {}
    for chunk in _chunks(present):
        memos.update(conn.execute(f"SELECT id, memo FROM codings WHERE id IN "
                                  f"({', '.join('?' * len(chunk))})", chunk).fetchall())
    for coding in codings:
        if coding["id"] in memos:
            coding["memo"] = memos[coding["id"]]


def _rename(project: Any, pairs: list[tuple[str, str]]) -> list[str]:
    """Rename codes (from, to); the paths that cannot be (renamed or gone since, or the new path
    taken), which are left as they are."""
    from themecoder.core.errors import ThemecoderError

    left = []
    for source, target in pairs:
        try:
            project.rename_code(source, target)
        except ThemecoderError:
            left.append(source)
    return left


def describe(action: str, payload: dict[str, Any], codings: int) -> str:
    """'312 codings of theme 6 as care/food', 'group 2 of run 4 under theme-4-2', ..."""
    kind, run, items, code = payload["kind"], payload["run_id"], payload["items"], payload.get("code")
    if kind == "group":
        return f"group {items[0]} of run {run}" + (f" under {code}" if action == "accept" else "")
    what = f"theme {items[0]}" if kind == "theme" else (
        f"code suggestion {items[0]}" if len(items) == 1 else f"{len(items)} code suggestions")
    what += f" of run {run}" if kind == "code" else ""
    if action == "reject":
        return what
    target = f" as {code}" if code else ""
    return f"{codings} coding{'s' if codings != 1 else ''} of {what}{target}"


def _remove_unused_codes(conn: sqlite3.Connection,
                         codes: list[dict[str, Any]]) -> tuple[list[int], list[str]]:
    removed, kept = [], []
    for code in sorted(codes, key=lambda c: -c["id"]):  # children (created after) first
        path = conn.execute("SELECT path FROM codes WHERE id = ? AND created_at = ?",
                            [code["id"], code["created_at"]]).fetchone()
        if path is None:
            continue  # removed by hand since (its id may hold another code now)
        if any(conn.execute(sql, {"id": code["id"]}).fetchone() for sql in _CODE_USES):
            kept.append(path[0])
            continue
        conn.execute("DELETE FROM codes WHERE id = ?", [code["id"]])
        removed.append(code["id"])
    return removed, kept


def _restore_codes(conn: sqlite3.Connection, codes: list[dict[str, Any]]) -> dict[int, int]:
    """Insert the codes again (parents first); {old id: id now} for the codes that moved."""
    moved: dict[int, int] = {}
    for code in sorted(codes, key=lambda c: c["id"]):
        row = {**code, "parent_id": moved.get(code["parent_id"], code["parent_id"])}
        existing = conn.execute("SELECT id FROM codes WHERE path = ?", [row["path"]]).fetchone()
        new_id = int(existing[0]) if existing else _insert(
            conn, "codes", row, keep_id=not _taken(conn, "codes", row["id"]))
        if new_id != code["id"]:
            moved[code["id"]] = new_id
    return moved


def _restore_codings(project: Any, codings: list[dict[str, Any]]) -> int:
    """Insert the codings again as an undo of `uncode` does (`HistoryStore._reinsert`: their ids,
    and GUIDs unless taken meanwhile); how many."""
    conn = project.db.conn
    docs = {d for (d,) in conn.execute("SELECT id FROM documents")}
    codes = {c for (c,) in conn.execute("SELECT id FROM codes")}
    return sum(project._reinsert(coding) for coding in codings
               if coding["doc_id"] in docs and coding["code_id"] in codes)  # else deleted since


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any], *, keep_id: bool) -> int:
    """Insert a stored row (with its id when `keep_id`); its id."""
    cols = [c for c in row if keep_id or c != "id"]
    cursor = conn.execute(
        f"INSERT INTO {table} ({', '.join(f'[{c}]' for c in cols)}) "
        f"VALUES ({', '.join('?' * len(cols))})", [row[c] for c in cols])
    return int(cursor.lastrowid or 0)


def _taken(conn: sqlite3.Connection, table: str, row_id: int) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone() is not None


def _select_ids(conn: sqlite3.Connection, table: str, ids: list[int]) -> list[tuple[int]]:
    found: list[tuple[int]] = []
    for chunk in _chunks(ids):
        found += conn.execute(f"SELECT id FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})",
                              chunk).fetchall()
    return sorted(found)


def _delete(conn: sqlite3.Connection, table: str, ids: list[int]) -> None:
    for chunk in _chunks(ids):
        conn.execute(f"DELETE FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
