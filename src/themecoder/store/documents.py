"""Documents, their segments, cases and attributes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from themecoder.core.errors import InputError, NotFoundError
from themecoder.core.model import Document, ParsedDocument, Segment
from themecoder.core.segmentation import sentence_spans_many
from themecoder.store.document_batch import DocumentBatchWriter, ImportResult

if TYPE_CHECKING:
    import sqlite_utils

KINDS = ("interview", "observation", "focus-group", "survey", "other")
STORE_BATCH = 32  # documents split into sentences by spaCy, then stored, together

# The union of a document's codings is measured in one pass over its codings sorted by start:
# each adds what reaches past the furthest end before it. Only the longest coding at each start can
# add anything, so codings are first grouped by start (`+doc_id` keeps SQLite on the covering
# unique index instead of fetching every coding's row to read its end).
_OVERVIEW = """
    WITH turn_totals AS (
      SELECT doc_id, count(*) AS turns, sum("end" - start) AS turn_chars
      FROM segments WHERE kind = 'turn' GROUP BY doc_id),
    starts AS (
      SELECT doc_id, start, max("end") AS "end", count(*) AS n
      FROM codings GROUP BY +doc_id, start),
    reaches AS (
      SELECT doc_id, start, "end", n, max("end") OVER (PARTITION BY doc_id ORDER BY start
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
      FROM starts),
    coded AS (
      SELECT doc_id, sum(n) AS codings,
        sum(max(0, "end" - max(start, coalesce(reach, start)))) AS coded_chars
      FROM reaches GROUP BY doc_id)
    SELECT d.id, d.name, d.kind, c.name, d.words, coalesce(t.turns, 0),
      coalesce(t.turn_chars, 0), coalesce(g.codings, 0), coalesce(g.coded_chars, 0)
    FROM documents d LEFT JOIN cases c ON c.id = d.case_id
      LEFT JOIN turn_totals t ON t.doc_id = d.id LEFT JOIN coded g ON g.doc_id = d.id
    ORDER BY d.id"""
_OVERVIEW_KEYS = (
    "id", "name", "kind", "case", "words", "turns", "turn_chars", "codings", "coded_chars")

class DocumentStore:
    db: sqlite_utils.Database

    def add_documents(self, parsed: Iterable[ParsedDocument], *, kind: str | None = None,
                      case: str | None = None, attrs: dict[str, str] | None = None,
                      lang: str = "en") -> list[ImportResult]:
        """Store parsed documents with their turns and sentences, all in one transaction.

        `parsed` may be a generator that is still reading files (an import pipelined with worker
        processes): documents are written as they come, and an error anywhere (a bad document, an
        interrupted read) rolls everything back. Identical text from the same kind of source (or
        the same table row) is skipped.
        """
        if kind is not None and kind not in KINDS:
            raise InputError(f"--kind {kind}: must be one of {', '.join(KINDS)}")
        results: list[ImportResult] = []
        with self.transaction():  # type: ignore[attr-defined]
            writer = DocumentBatchWriter(self.db, kind, case, attrs or {}, lang, self.ensure_case, _now())
            for batch in _batches(parsed, STORE_BATCH):
                for doc in batch:
                    _check_turns(doc)
                todo = [d for d in batch if d.sentences is None]
                computed = iter(sentence_spans_many([(d.text, d.turns) for d in todo], lang))
                spans = [d.sentences if d.sentences is not None else next(computed) for d in batch]
                results.extend(writer.write(batch, spans))
        return results

    def ensure_search_index(self) -> int:
        """Index the sentences of documents not yet in the full-text index; returns documents added.

        Called before a search (the index is filled lazily so that import stays fast).
        """
        if not self._unindexed_documents():
            return 0
        with self.transaction():  # type: ignore[attr-defined]
            todo = self._unindexed_documents()  # again under the lock: another process may have indexed them
            for doc_id in todo:
                self.db.execute(
                    'INSERT INTO sentences_fts (text, doc_id, start, "end") SELECT '
                    'substr(d.text, s.start + 1, s."end" - s.start), s.doc_id, s.start, s."end" '
                    "FROM segments s JOIN documents d ON d.id = s.doc_id "
                    "WHERE s.doc_id = ? AND s.kind = 'sentence'", [doc_id])
                self.db.execute("INSERT INTO search_indexed VALUES (?)", [doc_id])
        return len(todo)

    def _unindexed_documents(self) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM search_indexed)")]

    def document_id(self, ref: str | int) -> int:
        """A document's id from its id or name, without loading its text; NotFoundError otherwise."""
        row = None
        if isinstance(ref, int) or str(ref).isdigit():
            row = self.db.execute("SELECT id FROM documents WHERE id = ?", [int(ref)]).fetchone()
        if row is None:
            row = self.db.execute("SELECT id FROM documents WHERE name = ?", [str(ref)]).fetchone()
        if row is None:
            raise NotFoundError(f"document {ref}: not in this project")
        return int(row[0])

    def document(self, ref: str | int) -> Document:
        """A document (with its text) by id or by name; NotFoundError otherwise."""
        row = self._document_row("d.id = ?", self.document_id(ref))
        assert row is not None
        return _document(row)

    def _document_row(self, where: str, value: Any) -> dict[str, Any] | None:
        rows = list(self.db.query(
            f"SELECT d.*, c.name AS case_name FROM documents d LEFT JOIN cases c ON c.id = d.case_id "
            f"WHERE {where}", [value]))
        return rows[0] if rows else None

    def documents(self) -> list[Document]:
        """Every document (with its text), in import order."""
        return [_document(r) for r in self.db.query(
            "SELECT d.*, c.name AS case_name FROM documents d "
            "LEFT JOIN cases c ON c.id = d.case_id ORDER BY d.id")]

    def document_summaries(self) -> list[dict[str, Any]]:
        """The `docs` listing: id, name, kind, case, words, turns, speakers, codings (no text)."""
        sql = """
            SELECT d.id, d.name, d.kind, c.name AS "case", d.words,
              (SELECT count(*) FROM segments s WHERE s.doc_id = d.id AND s.kind = 'turn') AS turns,
              (SELECT json_group_array(sp) FROM (SELECT DISTINCT speaker AS sp FROM segments s
                 WHERE s.doc_id = d.id AND s.kind = 'turn' AND speaker IS NOT NULL ORDER BY sp))
                 AS speakers,
              (SELECT count(*) FROM codings g WHERE g.doc_id = d.id) AS codings
            FROM documents d LEFT JOIN cases c ON c.id = d.case_id ORDER BY d.id"""
        rows = list(self.db.query(sql))
        for row in rows:
            row["speakers"] = json.loads(row["speakers"] or "[]")
        return rows

    def document_overview(self) -> list[dict[str, Any]]:
        """One row per document for the home screen, in import order, all counted in SQL (no text).

        Keys: id, name, kind, case, words, turns, turn_chars (the turns' length), codings and
        coded_chars (characters inside at least one coding, overlaps counted once).
        """
        return [dict(zip(_OVERVIEW_KEYS, row, strict=True)) for row in self.db.execute(_OVERVIEW)]

    def segments(self, doc_id: int, kind: str = "sentence") -> list[Segment]:
        """A document's turns or sentences in text order."""
        return [Segment(doc_id, kind, r[0], r[1], r[2], r[3], r[4]) for r in self.db.execute(
            'SELECT idx, start, "end", speaker, time FROM segments '
            "WHERE doc_id = ? AND kind = ? ORDER BY idx", [doc_id, kind])]

    def all_segments(self, kind: str = "sentence") -> dict[int, list[tuple[int, int]]]:
        """Every document's segment spans of one kind, keyed by document id."""
        out: dict[int, list[tuple[int, int]]] = {}
        for doc_id, start, end in self.db.execute(
                'SELECT doc_id, start, "end" FROM segments WHERE kind = ? ORDER BY doc_id, idx', [kind]):
            out.setdefault(doc_id, []).append((start, end))
        return out

    def ensure_case(self, name: str, attrs: dict[str, str] | None = None) -> int:
        """The case's id, created when new; `attrs` are set (overwriting same-named values)."""
        self.db.execute("INSERT OR IGNORE INTO cases (name) VALUES (?)", [name])
        case_id = int(self.db.execute("SELECT id FROM cases WHERE name = ?", [name]).fetchone()[0])
        if attrs:
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO attributes (case_id, name, value) VALUES (?,?,?)",
                [(case_id, k, None if v is None else str(v)) for k, v in attrs.items()])
        return case_id

    def set_case_attributes(self, rows: dict[str, dict[str, str]]) -> int:
        """Attach attributes to cases (created when new), one transaction. Returns cases touched."""
        with self.transaction():  # type: ignore[attr-defined]
            for case, attrs in rows.items():
                self.ensure_case(case, attrs)
        return len(rows)

    def assign_case(self, doc_id: int, case: str | None) -> None:
        with self.transaction():  # type: ignore[attr-defined]
            case_id = self.ensure_case(case) if case else None
            self.db.execute("UPDATE documents SET case_id = ? WHERE id = ?", [case_id, doc_id])

    def cases(self) -> list[dict[str, Any]]:
        """Cases with their attributes: [{"case": name, "documents": n, **attributes}]."""
        out = {r[0]: {"case": r[1], "documents": r[2]} for r in self.db.execute(
            "SELECT c.id, c.name, (SELECT count(*) FROM documents d WHERE d.case_id = c.id) "
            "FROM cases c ORDER BY c.name")}
        for case_id, name, value in self.db.execute("SELECT case_id, name, value FROM attributes"):
            out[case_id][name] = value
        return list(out.values())

    def attribute_names(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT name FROM attributes ORDER BY name")]


def _batches(items: Iterable[ParsedDocument], size: int) -> Iterator[list[ParsedDocument]]:
    batch: list[ParsedDocument] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_turns(doc: ParsedDocument) -> None:
    if not doc.text.strip():
        raise InputError(f"{doc.source_path or doc.name}: empty document")
    last = 0
    for turn in doc.turns:
        if not (last <= turn.start <= turn.end <= len(doc.text)):
            raise InputError(f"{doc.source_path or doc.name}: turn {turn.start}-{turn.end} is outside "
                             f"the text or out of order")
        last = turn.end


def _document(row: dict[str, Any]) -> Document:
    return Document(id=row["id"], name=row["name"], kind=row["kind"], text=row["text"],
                    case=row["case_name"], lang=row["lang"], sha256=row["sha256"],
                    source_path=row["source_path"] or "", source_format=row["source_format"] or "",
                    words=row["words"], imported_at=row["imported_at"],
                    meta=json.loads(row["meta"] or "{}"))


def _now() -> str:
    from themecoder.store.project import now

    return now()
