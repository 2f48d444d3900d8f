"""Full-text search over every document's sentences: SQLite FTS5 first, rapidfuzz as the fallback.

FTS5 (the `sentences_fts` table, filled per document on the first search) finds sentences containing the words (prefix match on the last word, ranked by bm25). When
it finds fewer than `limit` sentences, sentences that are close in spelling (typos, inflections,
transcription variants) are added from a rapidfuzz `partial_ratio` scan, ranked after the exact hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    import sqlite_utils

_TOKEN = re.compile(r"\w+", re.UNICODE)
FUZZY_CUTOFF = 75.0


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One sentence that matches a search. `score` is 100 for FTS hits, else the fuzzy score."""

    doc_id: int
    doc: str
    start: int
    end: int
    text: str
    score: float
    fuzzy: bool = False


def fts_query(query: str) -> str:
    """A safe FTS5 MATCH expression: every word quoted, the last one as a prefix; '' if no words."""
    words = _TOKEN.findall(query)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class SearchStore:
    db: sqlite_utils.Database

    def search_sentences(
        self, query: str, *, limit: int = 200, fuzzy: bool = True, doc_id: int | None = None
    ) -> list[SearchHit]:
        """Sentences matching `query` across the project (or in one document), best first.

        Documents not yet in the full-text index are indexed first (a write, once per document).
        """
        self.ensure_search_index()  # type: ignore[attr-defined]
        hits = self._fts_hits(query, limit, doc_id)
        if fuzzy and len(hits) < limit and query.strip():
            seen = {(h.doc_id, h.start) for h in hits}
            extra = [
                h for h in self._fuzzy_hits(query, limit, doc_id) if (h.doc_id, h.start) not in seen
            ]
            hits += extra[: limit - len(hits)]
        return hits

    def _fts_hits(self, query: str, limit: int, doc_id: int | None) -> list[SearchHit]:
        match = fts_query(query)
        if not match:
            return []
        where = "sentences_fts MATCH ?" + (" AND f.doc_id = ?" if doc_id is not None else "")
        params: list[object] = [match] + ([doc_id] if doc_id is not None else [])
        rows = self.db.execute(
            f'SELECT f.doc_id, d.name, f.start, f."end", f.text FROM sentences_fts f '
            f"JOIN documents d ON d.id = f.doc_id WHERE {where} ORDER BY bm25(sentences_fts), "
            f"f.doc_id, f.start LIMIT ?",
            [*params, limit],
        ).fetchall()
        return [SearchHit(int(r[0]), r[1], int(r[2]), int(r[3]), r[4], 100.0) for r in rows]

    def _fuzzy_hits(self, query: str, limit: int, doc_id: int | None) -> list[SearchHit]:
        where = " WHERE f.doc_id = ?" if doc_id is not None else ""
        rows = self.db.execute(
            f'SELECT f.doc_id, d.name, f.start, f."end", f.text FROM sentences_fts f '
            f"JOIN documents d ON d.id = f.doc_id{where}",
            [doc_id] if doc_id is not None else [],
        ).fetchall()
        matches = process.extract(
            query.lower(),
            [r[4].lower() for r in rows],
            scorer=fuzz.partial_ratio,
            limit=limit,
            score_cutoff=FUZZY_CUTOFF,
        )
        return [
            SearchHit(
                int(rows[i][0]),
                rows[i][1],
                int(rows[i][2]),
                int(rows[i][3]),
                rows[i][4],
                float(score),
                fuzzy=True,
            )
            for _, score, i in matches
        ]
