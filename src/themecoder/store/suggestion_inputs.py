"""What suggestions work on: the segments in scope, the texts that describe each code, and which
segments and documents each code's codings touch.

Scopes: `all` segments; `uncoded` segments, which no coding (by any coder) overlaps; `code:PATH`,
the segments that the codings of PATH (and of its children) overlap.

Speakers: the turns of interviewers (`core.speakers`), and the sentences in them, are left out
by default; a segment belongs to the turn its start falls in, and segments in no turn or in a turn
without a speaker are kept. Observations and surveys have no interviewer: nothing is left out there.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from themecoder.core.errors import InputError
from themecoder.core.speakers import (
    DOCUMENT_KINDS_WITHOUT_INTERVIEWER,
    INTERVIEWER_LABELS,
    matching_speakers,
)
from themecoder.store.suggestion_model import SUGGEST_CODER, UNITS, Excerpt

if TYPE_CHECKING:
    import sqlite_utils

Spans = dict[int, list[tuple[int, int]]]
Turns = dict[int, list[tuple[int, int, str]]]  # per document: (start, end, speaker), by start


class SuggestionInputs:
    db: sqlite_utils.Database

    def suggestion_segments(self, unit: str = "sentence", scope: str = "uncoded",
                            docs: Sequence[str | int] | None = None,
                            skip_speakers: Sequence[str] | None = None) -> list[Excerpt]:
        """The segments of `unit` in `scope`, without those of the speakers left out (see
        `segments_and_speakers`), in document order."""
        return self.segments_and_speakers(unit, scope, docs, skip_speakers)[0]

    def segments_and_speakers(self, unit: str = "sentence", scope: str = "uncoded",
                              docs: Sequence[str | int] | None = None,
                              skip_speakers: Sequence[str] | None = None
                              ) -> tuple[list[Excerpt], dict[str, Any]]:
        """The segments of `unit` in `scope` (see the module docstring), in document order,
        without the turns (and sentences in turns) of the speakers `skip_speakers` names
        (None: interviewers, `core.speakers.INTERVIEWER_LABELS`; empty: keep everyone); and what
        was left out, for the run's parameters: `skip_speakers` ("interviewers" or the names),
        `left_out_speakers` (the labels found) and `left_out_segments` (how many).

        Raises InputError for an unknown unit or scope, NotFoundError for an unknown code or
        document, InputError for a code without excerpts.
        """
        kept = self._scope_spans(unit, scope, docs)
        turns = self._speaker_turns(INTERVIEWER_LABELS if skip_speakers is None else skip_speakers)
        kept, dropped = _without_turns(kept, turns)
        left_out = {"skip_speakers": "interviewers" if skip_speakers is None else list(skip_speakers),
                    "left_out_speakers": sorted(dropped), "left_out_segments": dropped.total()}
        return [e for e in self.excerpts_of(kept) if e.text.strip()], left_out

    def _scope_spans(self, unit: str, scope: str, docs: Sequence[str | int] | None) -> Spans:
        if unit not in UNITS:
            raise InputError(f"--unit {unit}: must be one of {', '.join(UNITS)}")
        doc_ids = [self.document_id(d) for d in docs] if docs else None  # type: ignore[attr-defined]
        spans = self._unit_spans(unit, doc_ids)
        if scope == "all":
            kept = spans
        elif scope == "uncoded":
            kept = _overlapping(spans, self._coded_spans(doc_ids), keep_overlapping=False)
        elif scope.startswith("code:"):
            kept = _overlapping(spans, self._code_scope_spans(scope), keep_overlapping=True)
        else:
            raise InputError(f"--scope {scope}: must be uncoded, all or code:PATH")
        return kept

    def _speaker_turns(self, names: Sequence[str]) -> Turns:
        """The turns whose speaker one of `names` names, in documents that can have interviewers."""
        if not names:
            return {}
        kinds = list(DOCUMENT_KINDS_WITHOUT_INTERVIEWER)
        where = ("FROM segments s JOIN documents d ON d.id = s.doc_id WHERE s.kind = 'turn' "
                 f"AND s.speaker IS NOT NULL AND d.kind NOT IN ({', '.join('?' * len(kinds))})")
        labels = [r[0] for r in self.db.execute(f"SELECT DISTINCT s.speaker {where}", kinds)]
        speakers = matching_speakers(labels, names)
        if not speakers:
            return {}
        turns: Turns = {}
        for doc_id, start, end, speaker in self.db.execute(
                f'SELECT s.doc_id, s.start, s."end", s.speaker {where} AND s.speaker IN '
                f'({", ".join("?" * len(speakers))}) ORDER BY s.doc_id, s.start', kinds + speakers):
            turns.setdefault(doc_id, []).append((start, end, speaker))
        return turns

    def excerpts_of(self, spans: Spans) -> list[Excerpt]:
        """Excerpts (with their text) of the spans, per document in id order."""
        texts = self.document_texts(spans)
        return [Excerpt(doc_id, texts[doc_id][0], s, e, texts[doc_id][1][s:e])
                for doc_id in sorted(spans) for s, e in spans[doc_id]]

    def document_texts(self, doc_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """(name, text) of each of these documents."""
        wanted = set(doc_ids)
        if not wanted:
            return {}
        return {r[0]: (r[1], r[2]) for r in self.db.execute("SELECT id, name, text FROM documents")
                if r[0] in wanted}

    def _unit_spans(self, unit: str, doc_ids: Sequence[int] | None) -> Spans:
        spans: Spans = self.all_segments(unit)  # type: ignore[attr-defined]
        return spans if doc_ids is None else {d: s for d, s in spans.items() if d in doc_ids}

    def _coded_spans(self, doc_ids: Sequence[int] | None, coders: Collection[str] = ()) -> Spans:
        """Per document, the spans of its codings (by `coders`, default all), in no set order:
        `_merge` sorts them."""
        spans: Spans = {}
        wanted = None if doc_ids is None else set(doc_ids)
        for doc_id, start, end, coder in self.db.execute(
                'SELECT doc_id, start, "end", coder FROM codings'):
            if (wanted is None or doc_id in wanted) and (not coders or coder in coders):
                if doc_id in spans:
                    spans[doc_id].append((start, end))
                else:
                    spans[doc_id] = [(start, end)]
        return spans

    def _code_scope_spans(self, scope: str) -> Spans:
        path = self.code(scope[len("code:"):].strip()).path  # type: ignore[attr-defined]
        codings = self.codings(code=path)  # type: ignore[attr-defined]
        if not codings:
            raise InputError(f"--scope {scope}: the code has no excerpts to split into themes")
        spans: Spans = {}
        for coding in codings:
            spans.setdefault(coding.doc_id, []).append((coding.start, coding.end))
        return spans

    def uncoded_in_coded_documents(self, coders: Sequence[str]) -> list[Excerpt]:
        """Sentences of the documents `coders` coded that none of their codings overlaps: what
        they read and chose not to code (a document with a coding counts as read)."""
        coded = self._coded_spans(None, set(coders))
        spans = self._unit_spans("sentence", sorted(coded))
        kept = _overlapping(spans, coded, keep_overlapping=False)
        return [e for e in self.excerpts_of(kept) if e.text.strip()]

    def scope_language(self) -> str:
        """The language most of the project's documents are in (`en` when there are none)."""
        row = self.db.execute(
            "SELECT lang FROM documents GROUP BY lang ORDER BY count(*) DESC, lang LIMIT 1").fetchone()
        return str(row[0]) if row else "en"

    def code_texts(self, exclude: Collection[str] = ()) -> dict[str, list[str]]:
        """Per code path: its name, description, include rule, examples and human-coded excerpts."""
        from themecoder.core.themes import code_texts_of

        excerpts: dict[str, list[str]] = {}
        for path, text in self.db.execute(
                "SELECT c.path, g.text FROM codings g JOIN codes c ON c.id = g.code_id "
                "WHERE g.coder != ? ORDER BY g.id", [SUGGEST_CODER]):
            excerpts.setdefault(path, []).append(text)
        return {c.path: code_texts_of(c, excerpts.get(c.path, []))
                for c in self.codes() if c.path not in exclude}  # type: ignore[attr-defined]

    def code_overlaps(self, coders: Sequence[str]
                      ) -> tuple[dict[str, set[Hashable]], dict[str, set[Hashable]], Spans]:
        """Per code: the sentences (as (doc_id, index)) and the documents its codings by `coders`
        touch; and every document's sentence spans, to turn (doc_id, index) back into text."""
        sentences = self._unit_spans("sentence", None)
        starts = {doc_id: [s for s, _ in spans] for doc_id, spans in sentences.items()}
        segments: dict[str, set[Hashable]] = {}
        documents: dict[str, set[Hashable]] = {}
        for coding in self.codings(coder=list(coders)):  # type: ignore[attr-defined]
            documents.setdefault(coding.code, set()).add(coding.doc_id)
            found = segments.setdefault(coding.code, set())
            spans = sentences.get(coding.doc_id, [])
            index = max(0, bisect_left(starts.get(coding.doc_id, []), coding.start) - 1)
            while index < len(spans) and spans[index][0] < max(coding.end, coding.start + 1):
                if spans[index][1] > coding.start:
                    found.add((coding.doc_id, index))
                index += 1
        return segments, documents, sentences


def _without_turns(spans: Spans, turns: Turns) -> tuple[Spans, Counter[str]]:
    """The spans whose start falls in none of `turns`, and how many fell in each speaker's."""
    kept: Spans = {}
    dropped: Counter[str] = Counter()
    for doc_id, doc_spans in spans.items():
        doc_turns = turns.get(doc_id, [])
        starts = [t[0] for t in doc_turns]
        for start, end in doc_spans:
            index = bisect_right(starts, start) - 1  # the last turn starting at or before `start`
            if index >= 0 and start < doc_turns[index][1]:
                dropped[doc_turns[index][2]] += 1
            else:
                kept.setdefault(doc_id, []).append((start, end))
    return kept, dropped


def _overlapping(spans: Spans, intervals: Spans, *, keep_overlapping: bool) -> Spans:
    """The spans that overlap (or, with keep_overlapping=False, do not overlap) any interval."""
    out: Spans = {}
    for doc_id, doc_spans in spans.items():
        merged = _merge(intervals.get(doc_id, []))
        starts = [s for s, _ in merged]
        for start, end in doc_spans:
            index = bisect_left(starts, end) - 1  # the last interval starting before `end`
            hit = index >= 0 and merged[index][1] > start
            if hit == keep_overlapping:
                out.setdefault(doc_id, []).append((start, end))
    return out


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of intervals."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
