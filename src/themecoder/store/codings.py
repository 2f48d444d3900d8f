"""Codings: a code applied by a coder to `[start, end)` of a document, with its quoted text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from themecoder.core.anchoring import find_quote
from themecoder.core.errors import InputError, NotFoundError
from themecoder.core.model import Coding
from themecoder.core.text import check_span
from themecoder.store.coding_guids import FREE_GUID, derive_for

if TYPE_CHECKING:
    import sqlite_utils

# (start, end, code path, coder, created, text, memo) codings of one document: (name, text, codings)
DocumentCodings = tuple[str, str, list[tuple[Any, ...]]]
_SELECT = """
    SELECT g.id, g.doc_id, d.name AS doc, c.path AS code, g.coder, g.start, g."end", g.text,
           g.memo, g.created_at, g.source
    FROM codings g JOIN documents d ON d.id = g.doc_id JOIN codes c ON c.id = g.code_id"""


@dataclass(slots=True)
class _Bulk:
    """What one bulk write looked up so far, and its time (every coding's creation time)."""

    codes: set[str]  # the codebook's paths before the write
    now: str
    code_ids: dict[str, int] = field(default_factory=dict)
    documents: dict[str, Any] = field(default_factory=dict)
    guids: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # see derive_for


@dataclass(slots=True)
class CodingsReport:
    """The outcome of a bulk codings write (import, merge, accepting suggestions)."""

    added: int = 0
    duplicates: int = 0
    reanchored: int = 0
    codes_created: list[str] = field(default_factory=list)
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    ids: list[int] = field(default_factory=list)


class CodingStore:
    db: sqlite_utils.Database

    def add_coding(self, doc: str | int, code: str, start: int, end: int, *, coder: str,
                   memo: str = "", source: str = "cli", create_code: bool = False) -> int:
        """Code `[start, end)` of a document; returns the coding's id (the existing one if identical)."""
        with self.transaction():  # type: ignore[attr-defined]
            doc_id, _name, quote = self._span_text(doc, start, end)
            code_id = self.code_id(code, create=True) if create_code else self.code(code).id  # type: ignore[attr-defined]
            row = Coding(doc_id, code, coder, start, end, quote, memo)
            coding_id, new = self._insert_coding(row, int(code_id or 0), source)
            if new:
                self.record(coder, "code", {"coding": self._coding_row(coding_id)})  # type: ignore[attr-defined]
        return coding_id

    def _span_text(self, doc: str | int, start: int, end: int) -> tuple[int, str, str]:
        """(doc id, name, text[start:end]) checked against the text, without loading the whole text."""
        doc_id = self.document_id(doc)  # type: ignore[attr-defined]
        name, length, quote = self.db.execute(
            "SELECT name, length(text), substr(text, ? + 1, ? - ?) FROM documents WHERE id = ?",
            [start, end, start, doc_id]).fetchone()
        check_span(length, start, end, f"document {name}")
        return doc_id, name, quote

    def _insert_coding(self, c: Coding, code_id: int, source: str,
                       known: dict[tuple[int, int], tuple[str, str]] | None = None) -> tuple[int, bool]:
        """Store a coding with its GUID (see `coding_guids`; `known`: the GUIDs of the documents
        and codes of a bulk write so far); (its id, whether it is new)."""
        derived = derive_for(self.db, c.doc_id, code_id, c.coder, c.start, c.end, known)
        cursor = self.db.execute(  # an identical coding: ignored (its id is not used again)
            'INSERT OR IGNORE INTO codings (doc_id, code_id, coder, start, "end", text, memo, '
            "created_at, source, guid) VALUES (:doc, :code, :coder, :start, :end, :text, :memo, "
            f":created, :source, {FREE_GUID})",
            {"doc": c.doc_id, "code": code_id, "coder": c.coder, "start": c.start, "end": c.end,
             "text": c.text, "memo": c.memo, "created": c.created or _now(), "source": source,
             "given": c.guid, "derived": derived})
        if cursor.rowcount:
            self.db.execute("INSERT OR IGNORE INTO coders (name) VALUES (?)", [c.coder])
            return int(cursor.lastrowid or 0), True
        existing = self.db.execute(
            'SELECT id FROM codings WHERE doc_id = ? AND code_id = ? AND coder = ? AND start = ? '
            'AND "end" = ?', [c.doc_id, code_id, c.coder, c.start, c.end]).fetchone()
        return int(existing[0]), False

    def remove_coding(self, coding_id: int, *, coder: str | None = None) -> Coding:
        """Delete one coding (recorded in the history, so it can be undone). Returns what was removed."""
        with self.transaction():  # type: ignore[attr-defined]
            removed = self.coding(coding_id)
            row = self._coding_row(coding_id)
            self.db.execute("DELETE FROM codings WHERE id = ?", [coding_id])
            self.record(coder or removed.coder, "uncode", {"coding": row})  # type: ignore[attr-defined]
        return removed

    def set_coding_memo(self, coding_id: int, memo: str, *, coder: str) -> None:
        with self.transaction():  # type: ignore[attr-defined]
            old = self.coding(coding_id).memo
            self.db.execute("UPDATE codings SET memo = ? WHERE id = ?", [memo, coding_id])
            self.record(coder, "memo", {"coding_id": coding_id, "old": old, "new": memo})  # type: ignore[attr-defined]

    def coding(self, coding_id: int) -> Coding:
        rows = list(self.db.query(_SELECT + " WHERE g.id = ?", [coding_id]))
        if not rows:
            raise NotFoundError(f"coding {coding_id}: not in this project")
        return _coding(rows[0])

    def _coding_row(self, coding_id: int) -> dict[str, Any]:
        return dict(next(self.db.query("SELECT * FROM codings WHERE id = ?", [coding_id])))

    def codings(self, *, doc: str | int | None = None, code: str | None = None,
                coder: str | Sequence[str] | None = None) -> list[Coding]:
        """Codings filtered by document, code (with its children) and coder(s), in text order."""
        where, params = self._coding_filter(doc, code, coder)
        sql = f"{_SELECT} WHERE {where} ORDER BY g.doc_id, g.start, g.\"end\", c.path, g.coder"
        # Plain tuples, not sqlite-utils' dict rows: a fifth less time on 200k codings.
        return [Coding(doc_id, code, coder, start, end, text, memo, coding_id, doc, created, source)
                for coding_id, doc_id, doc, code, coder, start, end, text, memo, created, source
                in self.db.execute(sql, params)]

    def coding_listing(self, *, doc: str | int | None = None, code: str | None = None,
                       coder: str | Sequence[str] | None = None) -> list[tuple[Any, ...]]:
        """`codings()` as plain tuples `(id, doc, doc_id, code, coder, start, end, text, memo, created)`.

        The same filters and order; no objects built, for listing 200k codings quickly.
        """
        where, params = self._coding_filter(doc, code, coder)
        sql = ('SELECT g.id, d.name, g.doc_id, c.path, g.coder, g.start, g."end", g.text, g.memo, '
               "g.created_at FROM codings g JOIN documents d ON d.id = g.doc_id "
               f'JOIN codes c ON c.id = g.code_id WHERE {where} '
               'ORDER BY g.doc_id, g.start, g."end", c.path, g.coder')
        return self.db.execute(sql, params).fetchall()

    def _coding_filter(self, doc: str | int | None, code: str | None,
                       coder: str | Sequence[str] | None) -> tuple[str, list[Any]]:
        where, params = ["1"], []
        if doc is not None:
            where.append("g.doc_id = ?")
            params.append(self.document_id(doc))  # type: ignore[attr-defined]
        if code is not None:
            path = self.code(code).path  # type: ignore[attr-defined]
            where.append("(c.path = ? OR substr(c.path, 1, ?) = ?)")
            params += [path, len(path) + 1, path + "/"]
        coders = [coder] if isinstance(coder, str) else list(coder or [])
        if coders:
            where.append(f"g.coder IN ({','.join('?' * len(coders))})")
            params += coders
        return " AND ".join(where), params

    def codings_by_document(self, coders: Sequence[str] = ()) -> Iterator[DocumentCodings]:
        """Per document with codings, by name: `(name, text, codings)`, for exports.

        `codings` are `(start, end, code path, coder, created, text, memo)` tuples in the order
        (start, end, code, coder, created). Only `coders`' codings when given (an unknown coder
        is an InputError naming the coders there are).
        """
        chosen, _known = self.chosen_coders(coders)
        where = f" AND g.coder IN ({','.join('?' * len(chosen))})" if chosen else ""
        sql = ('SELECT g.start, g."end", c.path, g.coder, g.created_at, g.text, g.memo FROM codings g '
               f"JOIN codes c ON c.id = g.code_id WHERE g.doc_id = ?{where} "
               'ORDER BY g.start, g."end", c.path, g.coder, g.created_at')
        documents = self.db.execute("SELECT id, name, text FROM documents ORDER BY name").fetchall()
        return self._documents_with_codings(documents, sql, chosen)

    def _documents_with_codings(self, documents: list[tuple[int, str, str]], sql: str,
                                coders: list[str]) -> Iterator[DocumentCodings]:
        # One query per document (by its index) is faster than sorting all codings by name.
        for doc_id, name, text in documents:
            codings = self.db.execute(sql, [doc_id, *coders]).fetchall()
            if codings:
                yield name, text, codings

    def coding_spans(self) -> dict[int, list[tuple[int, int]]]:
        """Every coding's `(start, end)` by document id, in no order: no text, no join (fast)."""
        spans: dict[int, list[tuple[int, int]]] = {}
        for doc_id, start, end in self.db.execute('SELECT doc_id, start, "end" FROM codings'):
            spans.setdefault(doc_id, []).append((start, end))
        return spans

    def coders(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT coder FROM codings ORDER BY coder")]

    def chosen_coders(self, coders: Sequence[str] | None) -> tuple[list[str], list[str]]:
        """(`coders` without repeats, every coder with codings); an InputError naming the coders
        there are when one of `coders` has no codings."""
        known = self.coders()
        chosen = list(dict.fromkeys(coders or []))
        unknown = [c for c in chosen if c not in known]
        if unknown:
            raise InputError(f"--coder {unknown[0]}: no codings by this coder; coders: "
                             f"{', '.join(known) or 'none yet'}")
        return chosen, known

    def add_codings(self, rows: Iterable[dict[str, Any]], *, coder: str, source: str,
                    where: str = "row") -> CodingsReport:
        """Store many codings in one transaction (codings import, merge, suggestions).

        Each row has `doc` (id or name), `code` (path, created if new), optional `coder`, `memo`,
        and `start`/`end` and/or `text` (or `quote`). Offsets that no longer match `text` are
        re-anchored by the quote; what cannot be placed is kept in `unplaced_codings` and reported.
        """
        report = CodingsReport()
        bulk = _Bulk({c.path for c in self.codes()}, _now())  # type: ignore[attr-defined]
        with self.transaction():  # type: ignore[attr-defined]
            for n, row in enumerate(rows, 1):
                self._add_row(row, n, coder, source, where, report, bulk)
        return report

    def _add_row(self, row: dict[str, Any], n: int, coder: str, source: str, where: str,
                 report: CodingsReport, bulk: _Bulk) -> None:
        at = f"{where} {n}"
        doc_ref, path = row.get("doc") or row.get("doc_id"), str(row.get("code") or "").strip()
        if doc_ref in (None, "") or not path:
            raise InputError(f"{at}: needs 'doc' and 'code'")
        key = str(doc_ref)
        if key not in bulk.documents:
            bulk.documents[key] = self.document(doc_ref)  # type: ignore[attr-defined]
        document = bulk.documents[key]
        quote = row.get("text") or row.get("quote") or ""
        who = str(row.get("coder") or coder)
        span = _place(document.text, row.get("start"), row.get("end"), quote, at)
        if isinstance(span, str):
            self._keep_unplaced(document.id, document.name, path, who, row, quote, span, source)
            report.unplaced.append((at, span))
            return
        start, end, moved = span
        if path not in bulk.code_ids:
            if path not in bulk.codes:
                report.codes_created.append(path)
            bulk.code_ids[path] = self.code_id(path, create=True)  # type: ignore[attr-defined]
        coding = Coding(document.id, path, who, start, end, document.text[start:end],
                        str(row.get("memo") or ""), created=str(row.get("created") or bulk.now))
        coding_id, new = self._insert_coding(coding, bulk.code_ids[path], source, bulk.guids)
        report.added += new
        report.duplicates += not new
        report.reanchored += bool(new and moved)
        report.ids.append(coding_id)

    def _keep_unplaced(self, doc_id: int, doc_name: str, path: str, coder: str, row: dict[str, Any],
                       quote: str, reason: str, source: str) -> None:
        self.db.execute(
            'INSERT INTO unplaced_codings (doc_id, doc_name, code_path, coder, start, "end", text, '
            "memo, reason, source, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [doc_id, doc_name, path, coder, _int_or_none(row.get("start")), _int_or_none(row.get("end")),
             quote, str(row.get("memo") or ""), reason, source, _now()])

    def unplaced_codings(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM unplaced_codings ORDER BY id"))


def _place(text: str, start: Any, end: Any, quote: str, at: str) -> tuple[int, int, bool] | str:
    """Where a coding row lands: (start, end, re-anchored?) or the reason it cannot be placed."""
    has_offsets = start not in (None, "") and end not in (None, "")
    if has_offsets:
        s, e = _as_int(start, at), _as_int(end, at)
        if not quote:
            check_span(len(text), s, e, at)
            return s, e, False
        if text[s:e] == quote and 0 <= s < e:
            return s, e, False
    elif not quote:
        raise InputError(f"{at}: needs 'start' and 'end', or the quoted 'text'")
    found = find_quote(text, quote, near=_as_int(start, at) if has_offsets else None)
    if isinstance(found, str):
        return found
    return found.start, found.end, has_offsets


def _as_int(value: Any, at: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError(f"{at}: offset '{value}' is not a whole number") from None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _coding(row: dict[str, Any]) -> Coding:
    return Coding(doc_id=row["doc_id"], code=row["code"], coder=row["coder"], start=row["start"],
                  end=row["end"], text=row["text"], memo=row["memo"], id=row["id"], doc=row["doc"],
                  created=row["created_at"], source=row["source"])


def _now() -> str:
    from themecoder.store.project import now

    return now()
