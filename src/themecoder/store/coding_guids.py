"""Codings' GUIDs: every coding gets one when it is stored, so exports never have to derive and
store hundreds of thousands of them (and a coding keeps its GUID when it is re-anchored, or when
its document or code is renamed).

A new coding takes the GUID it came with (a merged REFI-QDA coding), else the one derived from its
document's and code's GUIDs, coder and span (`coding_guid`: what an export derived before codings
had one), unless another coding holds it already (a coding re-anchored away from that span): then
it is left without one, and an export derives one from its id (`ExportContext.coding_guids`).
The `codings_guid` index keeps GUIDs unique and makes that check a look-up.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from themecoder.core.codebook import stable_guid
from themecoder.core.guids import derived_guid, name_guid

if TYPE_CHECKING:
    import sqlite_utils

# The GUID column of an INSERT INTO codings: the one given (:given) unless taken, else the one
# derived (:derived) unless taken, else NULL.
FREE_GUID = ("coalesce((SELECT :given WHERE NOT EXISTS (SELECT 1 FROM codings WHERE guid = :given)), "
             "(SELECT :derived WHERE NOT EXISTS (SELECT 1 FROM codings WHERE guid = :derived)))")
_PARTS = ("SELECT d.guid, d.name, d.sha256, c.guid, c.path FROM documents d, codes c "
          "WHERE d.id = ? AND c.id = ?")


def coding_guid(document: str, code: str, coder: str, start: int, end: int) -> str:
    """The GUID derived for a coding from its document's and code's GUIDs, coder and span."""
    return name_guid(f"coding|{document}|{code}|{coder}|{start}|{end}")


def document_guid(guid: str | None, name: str, sha256: str) -> str:
    """A document's GUID: the one stored, else derived from its name and text hash."""
    return guid or derived_guid("document", name, sha256)


def code_guid(guid: str | None, path: str) -> str:
    """A code's GUID: the one stored, else derived from its path."""
    return guid or stable_guid(path)


def derive_for(db: sqlite_utils.Database, doc_id: int, code_id: int, coder: str, start: int,
               end: int, known: dict[tuple[int, int], tuple[str, str]] | None = None) -> str | None:
    """The GUID derived for a new coding (None when its document or code does not exist).
    `known` keeps the document's and code's GUIDs for the next codings of one bulk write."""
    parts = known.get((doc_id, code_id)) if known is not None else None
    if parts is None:
        row = db.execute(_PARTS, [doc_id, code_id]).fetchone()
        if row is None:
            return None
        doc, name, sha, code, path = row
        parts = (document_guid(doc, name, sha), code_guid(code, path))
        if known is not None:
            known[doc_id, code_id] = parts
    return coding_guid(parts[0], parts[1], coder, start, end)


def fill_coding_guids(db: sqlite_utils.Database) -> int:
    """Give every coding without a GUID the one an export would derive for it (unique: a GUID
    held twice stays with the lower id); returns how many were given one. For projects whose
    codings were stored before they got GUIDs (migration m004)."""
    conn = db.conn
    # one spelling per GUID (as exports write it: lower case, no braces), then one coding per GUID
    conn.execute("UPDATE codings SET guid = lower(trim(guid, '{}')) WHERE guid != lower(trim(guid, '{}')) "
                 "AND length(trim(guid, '{}')) = 36")
    conn.execute("UPDATE codings SET guid = NULL WHERE guid = '' OR id NOT IN "
                 "(SELECT min(id) FROM codings WHERE guid IS NOT NULL GROUP BY guid)")
    documents = {key: document_guid(guid, name, sha) for key, guid, name, sha in conn.execute(
        "SELECT id, guid, name, sha256 FROM documents")}  # fmt: skip
    codes = {key: code_guid(guid, path) for key, guid, path in conn.execute(
        "SELECT id, guid, path FROM codes")}  # fmt: skip
    stored = {guid for (guid,) in conn.execute("SELECT guid FROM codings WHERE guid IS NOT NULL")}
    found: list[tuple[Any, str]] = []
    for key, doc, code, coder, start, end in conn.execute(
            'SELECT id, doc_id, code_id, coder, start, "end" FROM codings WHERE guid IS NULL'):
        guid = coding_guid(documents[doc], codes[code], coder, start, end)
        if guid in stored:  # held already, or derived twice (two codes or documents with one GUID)
            guid = derived_guid("coding", guid, str(key))
        stored.add(guid)
        found.append((key, guid))
    if found:
        from themecoder.store.exchange_guids import store_by_id

        store_by_id(conn, "codings", found)
    return len(found)


def guid_taken(conn: sqlite3.Connection, guid: str | None) -> bool:
    """Whether a coding holds this GUID already."""
    return bool(guid) and conn.execute("SELECT 1 FROM codings WHERE guid = ?", [guid]).fetchone() is not None
