"""Merging documents' identities, cases, attributes and coders' GUIDs.

A project value is never overwritten: a case attribute or a document's case that differs in the
source is reported as a conflict and the project's is kept; what the project lacks is added.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from themecoder.store.merge_base import Target

if TYPE_CHECKING:
    import sqlite_utils

    from themecoder.store.merge_report import MergeReport


class DocumentIndex:
    """The project's documents by text hash and by name, for matching incoming ones."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.by_sha: dict[str, list[int]] = {}
        self.names: dict[str, int] = {}
        self.used: set[int] = set()
        self.keys_taken: set[str] = set()
        for doc_id, name, sha in db.execute("SELECT id, name, sha256 FROM documents ORDER BY id"):
            self.by_sha.setdefault(sha, []).append(doc_id)
            self.names[name] = doc_id

    def match(self, sha: str, name: str) -> int | None:
        """The document with this text: the same-named one first, else one not matched yet."""
        candidates = self.by_sha.get(sha, [])
        named = self.names.get(name)
        free = [doc_id for doc_id in candidates if doc_id not in self.used]
        found = named if named in candidates else (free[0] if free else None)
        if found is not None:
            self.used.add(found)
        return found

    def named(self, name: str) -> int | None:
        return self.names.get(name)

    def target(self, doc_id: int, *, same_text: bool) -> Target:
        name, text = self.db.execute("SELECT name, text FROM documents WHERE id = ?", [doc_id]).fetchone()
        self.used.add(doc_id)
        return Target(doc_id, name, text, same_text)

    def free_key(self, sha: str, guid: str) -> str:
        """An import key for a new document (a second copy of the same text gets its own)."""
        key = f"qdpx:{sha}"
        taken = key in self.keys_taken or self.db.execute(
            "SELECT 1 FROM documents WHERE import_key = ?", [key]).fetchone()
        key = f"{key}:{guid}" if taken else key
        self.keys_taken.add(key)
        return key

    def adopt_guid(self, doc_id: int, guid: str) -> None:
        """Keep the source's GUID on a document added from it, unless another document has it."""
        if not self.db.execute("SELECT 1 FROM documents WHERE guid = ?", [guid]).fetchone():
            self.db.execute("UPDATE documents SET guid = ? WHERE id = ?", [guid, doc_id])

    def assign_case(self, doc_id: int | None, case: str | None, report: MergeReport) -> None:
        """Give a matched document the source's case when it has none (a different one is a conflict)."""
        if doc_id is None or not case:
            return
        row = self.db.execute(
            "SELECT d.name, c.name FROM documents d LEFT JOIN cases c ON c.id = d.case_id "
            "WHERE d.id = ?", [doc_id]).fetchone()
        if row[1] == case:
            return
        if row[1] is not None:
            report.conflicts.append(f"document {row[0]}: case is {row[1]} here, {case} in the source "
                                    f"(kept {row[1]})")
            return
        case_id = self.db.execute("SELECT id FROM cases WHERE name = ?", [case]).fetchone()[0]
        self.db.execute("UPDATE documents SET case_id = ? WHERE id = ?", [case_id, doc_id])
        report.assignments += 1


def merge_case(db: sqlite_utils.Database, name: str, guid: str | None, values: Mapping[str, str],
               report: MergeReport) -> int:
    """Add the case if new, and the attributes it lacks; returns the case's id."""
    row = db.execute("SELECT id, guid FROM cases WHERE name = ?", [name]).fetchone()
    guid_free = guid and not db.execute("SELECT 1 FROM cases WHERE guid = ?", [guid]).fetchone()
    if row is None:
        cursor = db.execute("INSERT INTO cases (name, guid) VALUES (?, ?)", [name, guid if guid_free else None])
        case_id = int(cursor.lastrowid or 0)
        report.cases_added.append(name)
    else:
        case_id = row[0]
        if row[1] is None and guid_free:
            db.execute("UPDATE cases SET guid = ? WHERE id = ?", [guid, case_id])
    for attribute, value in values.items():
        _merge_attribute(db, case_id, name, attribute, value, report)
    return case_id


def _merge_attribute(db: sqlite_utils.Database, case_id: int, case: str, attribute: str, value: str,
                     report: MergeReport) -> None:
    row = db.execute("SELECT value FROM attributes WHERE case_id = ? AND name = ?",
                     [case_id, attribute]).fetchone()
    if row is None:
        db.execute("INSERT INTO attributes (case_id, name, value) VALUES (?,?,?)", [case_id, attribute, value])
        report.attributes_set += 1
    elif not row[0] and value:
        db.execute("UPDATE attributes SET value = ? WHERE case_id = ? AND name = ?", [value, case_id, attribute])
        report.attributes_set += 1
    elif value and row[0] != value:
        report.conflicts.append(f"case {case}: {attribute} is {row[0]!r} here, {value!r} in the source "
                                f"(kept {row[0]!r})")


def store_user_guids(db: sqlite_utils.Database, users: Mapping[str, str]) -> None:
    """Record the source's user GUIDs for its coders (never replacing one, never giving one twice)."""
    for guid, name in users.items():
        db.execute("INSERT OR IGNORE INTO coders (name) VALUES (?)", [name])
        if not db.execute("SELECT 1 FROM coders WHERE guid = ?", [guid]).fetchone():
            db.execute("UPDATE coders SET guid = ? WHERE name = ? AND guid IS NULL", [guid, name])
