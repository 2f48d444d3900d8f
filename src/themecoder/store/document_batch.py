"""Storing imported documents a batch at a time: a few statements per batch, not five per document.

Each batch is looked up (identical text already imported, names already taken) and written
(documents, then their turns and sentences) by one statement each. SQLite runs a statement without
holding Python's GIL, so a reader thread can tokenize the next files meanwhile (see
`io.batch.iter_read`); with a statement per document it would wait for the GIL at every one.
The documents, names and ids are those that adding the documents one by one gives; segment row
ids (which nothing refers to) follow each batch's turns, then its sentences.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from themecoder.core.model import ParsedDocument
from themecoder.core.segmentation import count_words
from themecoder.core.text import text_sha256

if TYPE_CHECKING:
    import sqlite_utils

_DOCUMENT_COLUMNS = ("id, name, kind, case_id, sha256, import_key, text, lang, words, source_path, "
                     "source_format, imported_at, meta")
_PLACEHOLDERS = "(" + ",".join("?" * 13) + ")"
# ?1: one array per document (ids from ?2 on): its turns' [start, end, speaker, time, end_time],
# or its sentences' [start, end]; a segment's idx is its place in its document's array.
_INSERT_TURNS = """
    INSERT INTO segments (doc_id, kind, idx, start, "end", speaker, time, end_time)
    SELECT d.key + ?2, 'turn', s.key, json_extract(s.value, '$[0]'), json_extract(s.value, '$[1]'),
           json_extract(s.value, '$[2]'), json_extract(s.value, '$[3]'), json_extract(s.value, '$[4]')
    FROM json_each(?1) d, json_each(d.value) s"""
_INSERT_SENTENCES = """
    INSERT INTO segments (doc_id, kind, idx, start, "end")
    SELECT d.key + ?2, 'sentence', s.key, json_extract(s.value, '$[0]'), json_extract(s.value, '$[1]')
    FROM json_each(?1) d, json_each(d.value) s"""
_KNOWN_KEYS = """
    SELECT import_key, id, name FROM documents
    WHERE import_key IN (SELECT value FROM json_each(?))"""
# Names taken by each name or its numbered variants: a range on the name index ('-' sorts just
# before '.'), not LIKE, which scans every name.
_TAKEN_NAMES = """
    SELECT name FROM documents WHERE name IN (SELECT value FROM json_each(?1))
    UNION ALL
    SELECT d.name FROM json_each(?1) j JOIN documents d
      ON d.name > j.value || '-' AND d.name < j.value || '.'"""


@dataclass(slots=True)
class ImportResult:
    """What happened to one imported document."""

    name: str
    status: str  # "imported" | "skipped" | "failed"
    source: str = ""
    doc_id: int | None = None
    detail: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DocumentBatchWriter:
    """Writes batches of parsed documents (with their sentence spans) within one transaction.

    `ensure_case(name, attributes)` gives a case's id, creating it (the store's own method).
    """

    db: sqlite_utils.Database
    kind: str | None
    case: str | None
    attrs: dict[str, str]
    lang: str
    ensure_case: Callable[[str, dict[str, str]], int]
    imported_at: str
    next_id: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        row = self.db.execute("SELECT max(id) FROM documents").fetchone()
        self.next_id = int(row[0] or 0) + 1

    def write(self, docs: Sequence[ParsedDocument], spans: Sequence[list[tuple[int, int]]]
              ) -> list[ImportResult]:
        """Store `docs` (in order; `spans` are their sentences) and say what happened to each."""
        hashes = [text_sha256(doc.text) for doc in docs]
        keys = [doc.import_key or f"{doc.source_format}:{sha}" for doc, sha in zip(docs, hashes, strict=True)]
        known = {row[0]: (row[1], row[2]) for row in self.db.execute(_KNOWN_KEYS, [json.dumps(keys)])}
        free = _NameFinder(self.db, [doc.name for doc in docs])
        rows: list[tuple[Any, ...]] = []
        turns: list[list[list[Any]]] = []
        sentences: list[list[tuple[int, int]]] = []
        results = []
        for doc, sha, key, doc_spans in zip(docs, hashes, keys, spans, strict=True):
            if key in known:
                doc_id, name = known[key]
                results.append(ImportResult(name, "skipped", doc.source_path, doc_id,
                                            "identical text already imported"))
                continue
            doc_id, name = self.next_id, free.take(doc.name)
            self.next_id += 1
            known[key] = (doc_id, name)
            row, result = self._row(doc, doc_id, name, sha, key)
            rows.append(row)
            results.append(result)
            turns.append([[t.start, t.end, t.speaker, t.time, t.end_time] for t in doc.turns])
            sentences.append(doc_spans)
        if rows:
            first = rows[0][0]  # the batch's new documents have consecutive ids
            self.db.execute(f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) VALUES "
                            + ",".join([_PLACEHOLDERS] * len(rows)), [v for r in rows for v in r])
            self.db.execute(_INSERT_TURNS, [json.dumps(turns, ensure_ascii=False), first])
            self.db.execute(_INSERT_SENTENCES, [json.dumps(sentences), first])
        return results

    def _row(self, doc: ParsedDocument, doc_id: int, name: str, sha: str,
             key: str) -> tuple[tuple[Any, ...], ImportResult]:
        case_name = self.case or doc.case
        case_id = self.ensure_case(case_name, {**doc.attributes, **self.attrs}) if case_name else None
        meta = {**doc.meta, "warnings": doc.warnings} if doc.warnings else doc.meta
        words = count_words(doc.text)
        kind = self.kind or doc.kind or "other"
        row = (doc_id, name, kind, case_id, sha, key, doc.text, self.lang, words, doc.source_path,
               doc.source_format, self.imported_at, json.dumps(meta))
        detail = f"{kind}, {words:,} words, {len(doc.turns)} turns" + (
            f", case {case_name}" if case_name else "")
        return row, ImportResult(name, "imported", doc.source_path, doc_id, detail, list(doc.warnings))


class _NameFinder:
    """Free document names for one batch: a name, else the name with -2, -3, ..."""

    def __init__(self, db: sqlite_utils.Database, names: list[str]) -> None:
        self.taken = {row[0] for row in db.execute(_TAKEN_NAMES, [json.dumps(sorted(set(names)))])}

    def take(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{name}-{n}"
        self.taken.add(candidate)
        return candidate
