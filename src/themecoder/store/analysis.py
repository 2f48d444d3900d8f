"""Analysis over the stored codings: frequencies, co-occurrence and the joint display with survey data.

The statistics live in `core`; these methods only gather their inputs, so the CLI, the TUI and the
Python API all compute the same numbers the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from themecoder.core.errors import InputError
from themecoder.core.frequencies import (
    DocumentInfo,
    FrequencyTable,
    code_targets,
    frequency_table,
)
from themecoder.core.model import Coding
from themecoder.core.triangulation import JointDisplay, joint_display, quant_table

if TYPE_CHECKING:
    import sqlite_utils

    from themecoder.core.cooccurrence import CooccurrenceMatrix  # numpy: imported where used

CONSENSUS = "consensus"


class AnalysisStore:
    db: sqlite_utils.Database

    def document_infos(self) -> list[DocumentInfo]:
        """Every document's id, name, words, case and case attributes (no text), in import order."""
        attrs: dict[int, dict[str, str | None]] = defaultdict(dict)
        for case_id, name, value in self.db.execute("SELECT case_id, name, value FROM attributes"):
            attrs[case_id][name] = value
        return [DocumentInfo(r[0], r[1], r[2], r[3], attrs.get(r[4], {})) for r in self.db.execute(
            "SELECT d.id, d.name, d.words, c.name, d.case_id FROM documents d "
            "LEFT JOIN cases c ON c.id = d.case_id ORDER BY d.id")]

    def analysed_codings(self, coders: Sequence[str] | None = None, *,
                         text: bool = True) -> tuple[list[Coding], list[str]]:
        """The codings by `coders` (all when empty) and a note on which coders were counted.

        Unordered; without `text` the quotes are left empty (faster for counts). An unknown coder
        is an InputError naming the coders there are.
        """
        chosen, known = self.chosen_coders(coders)  # type: ignore[attr-defined]
        notes = []
        if not chosen and CONSENSUS in known and len(known) > 1:
            notes.append(f"counted the codings of all coders ({', '.join(known)}); "
                         f"use --coder {CONSENSUS} for the adjudicated codings only")
        where = f"WHERE g.coder IN ({','.join('?' * len(chosen))})" if chosen else ""
        quote = "g.text" if text else "''"
        sql = (f'SELECT g.doc_id, c.path, g.coder, g.start, g."end", {quote}, g.memo, g.id, d.name, '
               f"g.created_at, g.source FROM codings g JOIN documents d ON d.id = g.doc_id "
               f"JOIN codes c ON c.id = g.code_id {where}")
        return [Coding(*row) for row in self.db.conn.execute(sql, chosen)], notes

    def code_paths(self) -> list[str]:
        return [c.path for c in self.codes()]  # type: ignore[attr-defined]

    def frequency_table(self, *, by: str = "document", measure: str = "count",
                        coders: Sequence[str] | None = None, rollup: bool = False) -> FrequencyTable:
        """Frequencies of every code (codebook order) by document, case, coder or `attribute:NAME`."""
        codings, notes = self.analysed_codings(coders, text=measure == "words")
        table = frequency_table(self.document_infos(), codings, self.code_paths(), by=by,
                                measure=measure, rollup=rollup, coders=list(coders or []) or None)
        table.notes[:0] = notes
        return table

    def unit_spans(self, unit: str) -> dict[int, list[tuple[int, int]]]:
        """Each document's units: its sentences or turns, or one span over the whole text."""
        if unit == "document":
            return {r[0]: [(0, r[1])] for r in self.db.execute(
                "SELECT id, length(text) FROM documents ORDER BY id")}
        spans = self.all_segments(unit)  # type: ignore[attr-defined]
        for (doc_id,) in self.db.execute("SELECT id FROM documents"):
            spans.setdefault(doc_id, [])
        return dict(spans)

    def cooccurrence_matrix(self, *, unit: str = "sentence", coders: Sequence[str] | None = None,
                            rollup: bool = False) -> tuple[CooccurrenceMatrix, list[str]]:
        """The code x code co-occurrence matrix and the notes (which coders were counted)."""
        from themecoder.core.cooccurrence import cooccurrence

        if unit not in ("sentence", "turn", "document"):
            raise InputError(f"--unit {unit}: use sentence, turn or document")
        codings, notes = self.analysed_codings(coders, text=False)
        matrix = cooccurrence(codings, self.code_paths(), self.unit_spans(unit), unit=unit,
                              rollup=rollup)
        return matrix, notes

    def cooccurrence_excerpts(self, code_a: str, code_b: str, *, unit: str = "sentence",
                              coders: Sequence[str] | None = None,
                              rollup: bool = False) -> list[dict[str, Any]]:
        """The units where both codes are present: `{"doc", "doc_id", "start", "end", "text"}` rows."""
        from themecoder.core.cooccurrence import shared_units

        if unit not in ("sentence", "turn", "document"):
            raise InputError(f"--unit {unit}: use sentence, turn or document")
        paths = [self.code(code_a).path, self.code(code_b).path]  # type: ignore[attr-defined]
        codings, _ = self.analysed_codings(coders, text=False)
        found = shared_units(codings, paths[0], paths[1], self.unit_spans(unit), rollup=rollup)
        names = {d.id: d.name for d in self.document_infos()}
        rows = []
        for doc_id, start, end in found:
            (text,) = self.db.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                                      [start + 1, end - start, doc_id]).fetchone()
            rows.append({"doc": names[doc_id], "doc_id": doc_id, "start": start, "end": end, "text": text})
        return rows

    def joint_display(self, quant_rows: Sequence[Mapping[str, Any]], key: str, *,
                      variables: Sequence[str] | None = None, coders: Sequence[str] | None = None,
                      rollup: bool = False, where: str = "QUANT",
                      exemplars: bool = True) -> JointDisplay:
        """Triangulate the codes with a quantitative table whose `key` column names the cases.

        `exemplars` adds a quote per code (the most central coded excerpt; costs a TF-IDF per code).
        """
        quant = quant_table(quant_rows, key, variables, where=where)
        codings, notes = self.analysed_codings(coders, text=exemplars)
        case_of = {d.id: d.case for d in self.document_infos()}
        case_codes: dict[str, set[str]] = {c: set() for c in case_of.values() if c}
        excerpts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        paths = self.code_paths()
        targets = code_targets(paths, rollup)
        for coding in codings:
            case = case_of.get(coding.doc_id)
            if case:
                for code in targets.get(coding.code, ()):
                    case_codes[case].add(code)
                    if exemplars:
                        excerpts[code][case].append(coding.text)
        shown = paths if rollup else _without_empty_parents(paths, {c.code for c in codings})
        if len(shown) < len(paths):
            notes.append(f"{len(paths) - len(shown)} parent code(s) with no codings of their own left "
                         f"out (--rollup counts their children's)")
        display = joint_display(case_codes, quant, shown, excerpts if exemplars else None)
        caseless = sum(1 for case in case_of.values() if not case)
        if caseless:
            notes.append(f"{caseless} document(s) without a case left out")
        display.notes[:0] = notes
        return display


def _without_empty_parents(paths: list[str], coded: set[str]) -> list[str]:
    """The codes minus grouping nodes: parents never applied themselves (their rows would read 0)."""
    parents = {p.rsplit("/", 1)[0] for p in paths if "/" in p}
    return [p for p in paths if p not in parents or p in coded]
