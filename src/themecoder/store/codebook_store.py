"""The project's codebook: codes addressed by path (`parent/child`)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rapidfuzz import process

from themecoder.core.codebook_merge import CodebookChanges, merge_codebooks
from themecoder.core.errors import InputError, NotFoundError
from themecoder.core.model import CodeDef

if TYPE_CHECKING:
    import sqlite_utils

    from themecoder.core.codebook import Codebook


class CodebookStore:
    db: sqlite_utils.Database

    def codes(self) -> list[CodeDef]:
        """Every code in codebook order (parents before children, siblings by position), with counts."""
        rows = list(self.db.query(
            "SELECT c.*, (SELECT count(*) FROM codings g WHERE g.code_id = c.id) AS n FROM codes c"))
        by_parent: dict[int | None, list[dict[str, Any]]] = {}
        for row in rows:
            by_parent.setdefault(row["parent_id"], []).append(row)
        ordered: list[CodeDef] = []

        def walk(parent: int | None) -> None:
            for row in sorted(by_parent.get(parent, []), key=lambda r: (r["position"], r["id"])):
                ordered.append(_code(row))
                walk(row["id"])

        walk(None)
        return ordered

    def codebook(self) -> Codebook:
        """The codebook as a `core.codebook.Codebook`."""
        from themecoder.core.codebook import Codebook

        return Codebook.from_codes(self.codes(), name=self.setting("codebook_name") or "")  # type: ignore[attr-defined]

    def code(self, ref: str) -> CodeDef:
        """A code by path, else by a unique leaf name; NotFoundError naming near matches."""
        rows = list(self.db.query("SELECT *, 0 AS n FROM codes WHERE path = ?", [ref]))
        if not rows:
            rows = list(self.db.query("SELECT *, 0 AS n FROM codes WHERE name = ?", [ref]))
        if len(rows) == 1:
            return _code(rows[0])
        if len(rows) > 1:
            paths = ", ".join(r["path"] for r in rows)
            raise InputError(f"code {ref}: ambiguous, give the path ({paths})")
        known = [r[0] for r in self.db.execute("SELECT path FROM codes")]
        near = [m[0] for m in process.extract(ref, known, limit=3, score_cutoff=60)]
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise NotFoundError(f"code {ref}: not in the codebook{hint}")

    def code_id(self, path: str, *, create: bool = False) -> int:
        """The id of the code at `path`, creating it (and its parents) when `create`."""
        row = self.db.execute("SELECT id FROM codes WHERE path = ?", [path]).fetchone()
        if row:
            return int(row[0])
        if not create:
            return self.code(path).id or 0
        return self._insert_code(CodeDef(path=path))

    def _insert_code(self, code: CodeDef, position: int | None = None) -> int:
        """Insert a code (its missing parents first); its GUID is kept across renames, so a new
        code at a renamed code's old path takes another one."""
        from themecoder.core.codebook import stable_guid

        _check_path(code.path)
        guid = code.guid or stable_guid(code.path)
        if self.db.execute("SELECT 1 FROM codes WHERE guid = ?", [guid]).fetchone():
            guid = str(uuid.uuid4())
        parent_id = self.code_id(code.parent, create=True) if code.parent else None
        position = self._next_position(parent_id) if position is None else position
        cursor = self.db.execute(
            "INSERT INTO codes (path, name, parent_id, description, include, exclude, examples, "
            "color, shortcut, position, guid, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [code.path, code.name, parent_id, code.description, code.include, code.exclude,
             json.dumps(code.examples, ensure_ascii=False), code.color, code.shortcut, position,
             guid, _now()])
        return int(cursor.lastrowid or 0)

    def _next_position(self, parent_id: int | None) -> int:
        row = self.db.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM codes WHERE parent_id IS ?", [parent_id]).fetchone()
        return int(row[0])

    def import_codebook(self, incoming: Codebook) -> CodebookChanges:
        """Merge a codebook into the project's in one transaction (core's merge rules); never deletes.

        An unchanged import writes nothing and reports 0 changes.
        """
        with self.transaction():  # type: ignore[attr-defined]
            changes = merge_codebooks(self.codebook(), incoming)
            added = {c.path for c in changes.added}
            for code in changes.codebook.codes:
                if code.path in added:
                    self._insert_code(code, position=code.position)
            for change in changes.updated:
                self._update_code(change.code, change.fields)
            if incoming.name and not self.setting("codebook_name"):  # type: ignore[attr-defined]
                self.db.execute("INSERT OR REPLACE INTO project_meta VALUES ('codebook_name', ?)",
                                [incoming.name])
        return changes

    def upsert_codes(self, codes: Iterable[CodeDef]) -> CodebookChanges:
        """`import_codebook` for a plain list of codes."""
        from themecoder.core.codebook import Codebook

        return self.import_codebook(Codebook.from_codes(codes))

    def _update_code(self, code: CodeDef, fields: Iterable[str]) -> None:
        values = {f: getattr(code, f) for f in fields}
        if "examples" in values:
            values["examples"] = json.dumps(values["examples"], ensure_ascii=False)
        sets = ", ".join(f"{f} = ?" for f in values)
        self.db.execute(f"UPDATE codes SET {sets} WHERE path = ?", [*values.values(), code.path])

    def rename_code(self, old: str, new: str) -> int:
        """Move a code (and its children) to a new path; codings follow. Returns codes moved."""
        _check_path(new)
        with self.transaction():  # type: ignore[attr-defined]
            code = self.code(old)
            if self.db.execute("SELECT 1 FROM codes WHERE path = ?", [new]).fetchone():
                raise InputError(f"code {new}: already exists; use `codebook merge` to combine codes")
            parent = new.rsplit("/", 1)[0] if "/" in new else None
            parent_id = self.code_id(parent, create=True) if parent else None
            if parent and (parent == code.path or parent.startswith(code.path + "/")):
                raise InputError(f"code {new}: cannot move a code under itself")
            moved = self._repath(code.path, new)
            self.db.execute("UPDATE codes SET parent_id = ?, name = ? WHERE id = ?",
                            [parent_id, new.rsplit("/", 1)[-1], code.id])
        return moved

    def _repath(self, old: str, new: str) -> int:
        rows = list(self.db.execute(
            "SELECT id, path FROM codes WHERE path = ? OR path LIKE ? ESCAPE '\\'",
            [old, _like_prefix(old)]))
        for code_id, path in rows:
            self.db.execute("UPDATE codes SET path = ? WHERE id = ?", [new + path[len(old):], code_id])
        return len(rows)

    def merge_codes(self, source: str, into: str) -> int:
        """Move `source`'s codings (and children) into `into`, then delete `source`. Returns codings moved."""
        with self.transaction():  # type: ignore[attr-defined]
            src, dst = self.code(source), self.code(into)
            if src.id == dst.id or dst.path.startswith(src.path + "/"):
                raise InputError(f"code {into}: cannot merge a code into itself or its child")
            for child in list(self.db.execute("SELECT path FROM codes WHERE parent_id = ?", [src.id])):
                self.rename_code(child[0], f"{dst.path}/{child[0].rsplit('/', 1)[-1]}")
            moved = self._move_codings(src.id or 0, dst.id or 0)
            self.db.execute("DELETE FROM codes WHERE id = ?", [src.id])
        return moved

    def _move_codings(self, src_id: int, dst_id: int) -> int:
        # A coding identical to one already under the target becomes that one.
        self.db.execute(
            'DELETE FROM codings WHERE code_id = ? AND EXISTS (SELECT 1 FROM codings o WHERE '
            'o.code_id = ? AND o.doc_id = codings.doc_id AND o.coder = codings.coder AND '
            'o.start = codings.start AND o."end" = codings."end")', [src_id, dst_id])
        return self.db.execute("UPDATE codings SET code_id = ? WHERE code_id = ?", [dst_id, src_id]).rowcount


def _check_path(path: str) -> None:
    parts = path.split("/")
    if not path or any(not p.strip() or p != p.strip() for p in parts):
        raise InputError(f"code '{path}': a code path is names joined by '/', none empty")


def _like_prefix(path: str) -> str:
    escaped = path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "/%"


def _code(row: dict[str, Any]) -> CodeDef:
    return CodeDef(path=row["path"], description=row["description"], include=row["include"],
                   exclude=row["exclude"], examples=json.loads(row["examples"] or "[]"),
                   color=row["color"], shortcut=row["shortcut"], position=row["position"],
                   id=row["id"], guid=row["guid"], count=row.get("n", 0))


def _now() -> str:
    from themecoder.store.project import now

    return now()
