"""Building the REFI-QDA exchange bundle (`QdaProject`) from a project file.

GUIDs: a stored GUID is always re-used; an object without one gets a GUID derived from what it
is (a document from its name and text hash, a coding from its document, code, coder and span, a
coder from its name), so the same project gives the same bundle, and the caller may store the
derived ones so that they survive renames. Codings on the same span of a document share one
selection; a coding's memo is a note on the coding, a passage memo a note on its selection.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from themecoder.core.codebook import stable_guid
from themecoder.io.refi.gcpause import gc_paused
from themecoder.io.refi.model import (
    QdaCase,
    QdaCoding,
    QdaNote,
    QdaProject,
    QdaSelection,
    QdaSource,
    QdaUser,
    QdaVariable,
)
from themecoder.io.refi.xmlutil import derived_guid, name_guid

if TYPE_CHECKING:
    import sqlite_utils

    from themecoder.store.project import Project

Updates = dict[str, list[tuple[Any, str]]]  # table -> (row key, GUID) of GUIDs derived here
_GUID_WIDTH = 36  # characters of a GUID as stored: 8-4-4-4-12 hexadecimal digits


@dataclass(slots=True)
class _Build:
    """What the parts of one export share."""

    db: sqlite_utils.Database
    coders: set[str] | None
    sources: dict[int, QdaSource] = field(default_factory=dict)  # by document id
    selections: dict[tuple[int, int, int], QdaSelection] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)  # coder name -> GUID
    notes: list[QdaNote] = field(default_factory=list)
    updates: Updates = field(default_factory=dict)

    def keeps(self, coder: str) -> bool:
        return self.coders is None or coder in self.coders

    def user(self, coder: str) -> str:
        """The coder's user GUID (stored in `coders`, else derived from the name)."""
        if coder not in self.users:
            row = self.db.execute("SELECT guid FROM coders WHERE name = ?", [coder]).fetchone()
            guid = row[0] if row and row[0] else derived_guid("user", coder)
            if not (row and row[0]):
                self.updates.setdefault("coders", []).append((coder, guid))
            self.users[coder] = guid
        return self.users[coder]

    def selection(self, doc_id: int, start: int, end: int, created: str) -> QdaSelection:
        key = (doc_id, start, end)
        if key not in self.selections:
            source = self.sources[doc_id].guid  # derived_guid("selection", source, start, end):
            guid = name_guid(f"selection|{source}|{start}|{end}")
            self.selections[key] = QdaSelection(guid, start, end, created=created)
            self.sources[doc_id].selections.append(self.selections[key])  # see build_bundle
        return self.selections[key]


def build_bundle(project: Project, coders: Sequence[str] | None = None) -> tuple[QdaProject, Updates]:
    """The project as a `QdaProject`, and the GUIDs derived for objects that had none.

    Args:
        project: an open project (only read).
        coders: export only these coders' codings and memos (default: everyone's).
    """
    build = _Build(project.db, set(coders) if coders is not None else None)
    codes = project.codes()
    code_guids = {code.id: code.guid or stable_guid(code.path) for code in codes}
    for code in codes:
        code.guid = code_guids[code.id]
    _sources(build)
    with gc_paused():  # 100,000s of objects that stay alive: see gcpause
        _codings(build, code_guids)
    spans = len(build.selections)
    _memos(build, code_guids)
    if len(build.selections) > spans:  # a memo on a span no coding has: put it in its place
        for source in build.sources.values():
            source.selections.sort(key=attrgetter("start", "end"))
    cases, variables = _cases(build)
    name = project.setting("project_name") or Path(str(project.path)).stem
    users = [QdaUser(guid, name) for name, guid in sorted(build.users.items())]
    bundle = QdaProject(name, created=project.setting("created_at") or "", users=users,
                        codes=codes, variables=variables, sources=list(build.sources.values()),
                        cases=cases, notes=build.notes)
    return bundle, build.updates


def store_guids(project: Project, updates: Updates) -> None:
    """Keep the GUIDs `build_bundle` derived, so later exports re-use them (one transaction).

    Each table's rows are set by one statement, which SQLite runs without holding Python's
    GIL: another thread can write the file meanwhile (`export qdpx` does).
    """
    conn = project.db.conn
    with contextlib.suppress(sqlite3.OperationalError), project.transaction():  # a read-only file
        for table, rows in updates.items():
            if table == "coders":  # a few; new coders keep the order they were met in
                names = [row[:1] for row in rows]
                conn.executemany("INSERT OR IGNORE INTO coders (name) VALUES (?)", names)
                conn.executemany("UPDATE coders SET guid = ? WHERE name = ? AND guid IS NULL",
                                 [(guid, name) for name, guid in rows])
            else:
                _store_by_id(conn, table, rows)


def _store_by_id(conn: sqlite3.Connection, table: str, rows: list[tuple[Any, str]]) -> None:
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
    packed = bytearray(b" " * (_GUID_WIDTH * (high - low + 1)))
    for key, guid in rows:
        if len(guid) != _GUID_WIDTH or not guid.isascii():
            return False
        at = (key - low) * _GUID_WIDTH
        packed[at:at + _GUID_WIDTH] = guid.encode("ascii")
    own = f"substr(?1, (id - ?2) * {_GUID_WIDTH} + 1, {_GUID_WIDTH})"
    conn.execute(f"UPDATE {table} SET guid = CAST({own} AS TEXT) WHERE guid IS NULL "
                 f"AND id BETWEEN ?2 AND ?3 AND substr(?1, (id - ?2) * {_GUID_WIDTH} + 1, 1) != x'20'",
                 [bytes(packed), low, high])  # fmt: skip
    return True


def _sources(build: _Build) -> None:
    for doc_id, name, text, sha, guid, imported in build.db.execute(
            "SELECT id, name, text, sha256, guid, imported_at FROM documents ORDER BY id"):
        if not guid:
            guid = derived_guid("document", name, sha)
            build.updates.setdefault("documents", []).append((doc_id, guid))
        build.sources[doc_id] = QdaSource(guid, name, text, created=imported or "")


def _codings(build: _Build, code_guids: dict[int | None, str]) -> None:
    """Every kept coding, on the selection of its span. Rows come in span order, so the codings
    of one span are consecutive and share the selection looked up for the first of them."""
    stored: set[str] = set()  # the GUIDs stored already, read when one must be derived
    derived: list[tuple[Any, str]] | None = None  # (id, GUID) of the codings given one here
    users: dict[str, str | None] = {}  # coder name -> user GUID, None for a coder left out
    last_doc = last_start = last_end = None
    codings: list[QdaCoding] = []  # those of the span of the row before
    sources, notes = build.sources, build.notes
    rows = build.db.execute(
        'SELECT g.id, g.doc_id, g.code_id, g.coder, g.start, g."end", g.memo, g.created_at, g.guid '
        'FROM codings g JOIN codes c ON c.id = g.code_id ORDER BY g.doc_id, g.start, g."end", '
        "c.path, g.coder")
    for coding_id, doc_id, code_id, coder, start, end, memo, created, guid in rows:
        if coder not in users:
            users[coder] = build.user(coder) if build.keeps(coder) else None
        user, code_guid = users[coder], code_guids[code_id]
        if user is None:
            continue
        if not guid:
            if derived is None:
                derived = build.updates.setdefault("codings", [])
                stored = {r[0] for r in build.db.execute(
                    "SELECT guid FROM codings WHERE guid IS NOT NULL")}  # fmt: skip
            source = sources[doc_id].guid  # derived_guid("coding", source, code_guid, ...):
            guid = name_guid(f"coding|{source}|{code_guid}|{coder}|{start}|{end}")
            if guid in stored:  # a merged coding re-anchored elsewhere kept the GUID of this span
                guid = derived_guid("coding", guid, str(coding_id))
            derived.append((coding_id, guid))
        if start != last_start or end != last_end or doc_id != last_doc:
            last_doc, last_start, last_end = doc_id, start, end
            selection = build.selection(doc_id, start, end, created)
            selection.creating_user = selection.creating_user or user
            codings = selection.codings
        codings.append(QdaCoding(guid, code_guid, user, created))
        if memo:
            notes.append(QdaNote(derived_guid("coding-memo", guid), memo, "", "coding", guid, user,
                                 created))


def _memos(build: _Build, code_guids: dict[int | None, str]) -> None:
    rows = build.db.execute(
        'SELECT id, target_kind, target_id, doc_id, start, "end", coder, text, created_at, guid '
        "FROM memos ORDER BY id")
    for memo_id, kind, target_id, doc_id, start, end, coder, text, created, guid in rows:
        if not build.keeps(coder):
            continue
        target = _memo_target(build, code_guids, kind, target_id, doc_id, start, end, created)
        if not guid:
            guid = derived_guid("memo", kind, str(target[1]), coder, created, text)
            build.updates.setdefault("memos", []).append((memo_id, guid))
        build.notes.append(QdaNote(guid, text, "", target[0], target[1], build.user(coder), created))


def _memo_target(build: _Build, code_guids: dict[int | None, str], kind: str, target_id: int | None,
                 doc_id: int | None, start: int | None, end: int | None,
                 created: str) -> tuple[str, str | None]:
    """(REFI note target kind, target GUID) of a memo; what no longer exists is the project's."""
    if kind == "span" and doc_id in build.sources and start is not None and end is not None:
        return "selection", build.selection(doc_id, start, end, created).guid
    if kind == "document" and (target_id or doc_id) in build.sources:
        return "source", build.sources[target_id or doc_id].guid  # type: ignore[index]
    if kind == "code" and target_id in code_guids:
        return "code", code_guids[target_id]
    return "project", None


def _cases(build: _Build) -> tuple[list[QdaCase], list[QdaVariable]]:
    attributes: dict[int, dict[str, str]] = {}
    for case_id, name, value in build.db.execute(
            "SELECT case_id, name, value FROM attributes ORDER BY case_id, name"):
        if value is not None:
            attributes.setdefault(case_id, {})[name] = value
    members: dict[int, list[str]] = {}
    for doc_id, case_id in build.db.execute(
            "SELECT id, case_id FROM documents WHERE case_id IS NOT NULL ORDER BY id"):
        members.setdefault(case_id, []).append(build.sources[doc_id].guid)
    cases = []
    for case_id, name, guid in build.db.execute("SELECT id, name, guid FROM cases ORDER BY name"):
        if not guid:
            guid = derived_guid("case", name)
            build.updates.setdefault("cases", []).append((case_id, guid))
        cases.append(QdaCase(guid, name, attributes.get(case_id, {}), members.get(case_id, [])))
    names = sorted({name for values in attributes.values() for name in values})
    return cases, [QdaVariable(derived_guid("variable", name), name, "Text") for name in names]
