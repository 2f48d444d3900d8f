"""What agreement and adjudication work on: the coders, documents, codes and codings in scope.

Defaults a methods reviewer can state in one sentence: the coders are every human coder (all but
`consensus` and `suggest`); the documents are those every one of these coders coded (the
reliability sample; a document one coder never opened would count as pure disagreement); the
codes are those any of these coders applied there. Explicit choices override each default.

The codings and segments are read in bulk as numpy columns (`read_int_columns`): a study of
200k codings would otherwise spend most of its time building one Python object per row.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from themecoder.core.errors import InputError, NotFoundError

if TYPE_CHECKING:  # numpy and core.agreement load when agreement is computed, not at start-up
    from pathlib import Path

    import numpy as np
    import sqlite_utils

    from themecoder.core.agreement.columns import CodingTable, SegmentTable
    from themecoder.core.agreement.spans import IntArray, Span
    from themecoder.core.model import Coding

SEGMENT_COLUMNS = {"doc_id": "doc_id", "start": "start", "end": '"end"'}


@dataclass(slots=True)
class AgreementScope:
    """The inputs of `core.agreement.agreement_report`, and how they were chosen."""

    coders: list[str]
    codes: list[str]
    code_ids: dict[str, int]
    documents: list[tuple[int, int]]  # (doc_id, length in code points), in import order
    doc_names: dict[int, str]
    table: CodingTable  # the codings in scope, in no particular order
    segment_table: SegmentTable | None = None  # sentences or turns, for those units
    notes: list[str] = field(default_factory=list)
    _codings: list[Coding] | None = field(default=None, init=False, repr=False)

    @property
    def segments(self) -> dict[int, list[Span]] | None:
        """The sentences or turns as `{doc_id: [(start, end), ...]}`, in text order."""
        import numpy as np

        table = self.segment_table
        if table is None:
            return None
        segments: dict[int, list[Span]] = {}
        order = np.lexsort((table.end, table.start, table.doc_id))
        for doc_id, start, end in zip(*(c[order].tolist() for c in (table.doc_id, table.start,
                                                                      table.end)), strict=True):
            segments.setdefault(doc_id, []).append((start, end))
        return segments

    @property
    def codings(self) -> list[Coding]:
        """The codings in scope as `Coding` objects (without their text), by document and start."""
        import numpy as np

        if self._codings is None:
            table = self.table
            keys = (table.start, table.doc_id) if table.id is None else (
                table.id, table.start, table.doc_id)
            self._codings = table.take(np.lexsort(keys)).codings()
        return self._codings


@dataclass(frozen=True, slots=True)
class CoderRows:
    """The chosen coders' codings as columns; `coder` indexes the chosen coders."""

    id: IntArray
    doc_id: IntArray
    code_id: IntArray
    coder: IntArray
    start: IntArray
    end: IntArray

    def where(self, mask: np.ndarray) -> CoderRows:
        return CoderRows(*(column[mask] for column in (self.id, self.doc_id, self.code_id,
                                                        self.coder, self.start, self.end)))


def read_int_columns(db: sqlite_utils.Database, table: str, columns: dict[str, str],
                     where: str = "", params: Sequence[object] = ()) -> list[IntArray]:
    """The integer `columns` (name: SQL expression) of the rows of `table` that `where` selects.

    One aggregate row comes back, each column one comma-separated `group_concat` string (all
    aggregates of a query step through the same rows in the same order), so Python builds a
    few strings instead of a tuple per row. InputError when a value is not an integer.
    """
    import numpy as np

    from themecoder.core.agreement.columns import int_array

    concat = ", ".join(f"group_concat({expression})" for expression in columns.values())
    count, *texts = db.execute(f"SELECT count(*), {concat} FROM {table} {where}",
                               list(params)).fetchone()
    if not count:
        return [int_array([]) for _ in columns]
    arrays = []
    for name, text in zip(columns, texts, strict=True):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy warns, and stops, at a value that is no integer
            try:
                array = np.fromstring(text, dtype=np.int64, sep=",")
            except (DeprecationWarning, ValueError):
                array = int_array([])
        if array.size != count:
            raise InputError(f"{table}: a {name} value is not an integer")
        arrays.append(array)
    return arrays


class AgreementScopeStore:
    db: sqlite_utils.Database
    path: Path

    def human_coders(self) -> list[str]:
        """Coders with codings, except the `consensus` and `suggest` coders."""
        from themecoder.core.adjudication import NOT_HUMAN

        return [c for c in self.coders() if c not in NOT_HUMAN]  # type: ignore[attr-defined]

    def agreement_scope(self, *, coders: Sequence[str] | None = None, unit: str = "sentence",
                        codes: Sequence[str] | None = None, docs: Sequence[str | int] | None = None,
                        exactly_two: bool = False) -> AgreementScope:
        """Validate the choices and gather documents, segments and codings for `unit`.

        Raises NotFoundError for an unknown coder, code or document (naming what exists),
        InputError for fewer than two coders or a coding that lies outside its document.
        """
        from themecoder.core.agreement import UNITS

        if unit not in UNITS:
            raise InputError(f"--unit: {unit!r} is not one of {', '.join(UNITS)}")
        notes: list[str] = []
        chosen = self._choose_coders(coders, exactly_two, notes)
        doc_ids, rows = self._choose_documents(docs, chosen, notes)
        paths, code_ids = self._choose_codes(codes, rows, notes)
        documents, names = self._document_lengths(doc_ids)
        table = self._scope_codings(rows, chosen, dict(documents), names, paths, code_ids)
        scope = AgreementScope(chosen, paths, code_ids, documents, names, table, notes=notes)
        if unit in ("sentence", "turn"):
            scope.segment_table = self._scope_segments(unit, doc_ids, names, notes)
        return scope

    def _choose_coders(self, coders: Sequence[str] | None, exactly_two: bool,
                       notes: list[str]) -> list[str]:
        from themecoder.core.adjudication import NOT_HUMAN

        known = self.coders()  # type: ignore[attr-defined]
        if coders:
            chosen = [c.strip() for c in coders if c.strip()]
            for name in chosen:
                if name not in known:
                    raise NotFoundError(f"--coders: no coder {name!r} in this project "
                                        f"(coders: {', '.join(known) or 'none yet'})")
            if len(set(chosen)) != len(chosen):
                raise InputError("--coders: a coder is listed twice")
        else:
            chosen = [c for c in known if c not in NOT_HUMAN]  # human_coders(), read once
            if len(chosen) >= 2 and not (exactly_two and len(chosen) > 2):
                notes.append(f"coders: every coder except {' and '.join(NOT_HUMAN)} "
                             f"({', '.join(chosen)}); choose with --coders")
        if len(chosen) < 2:
            raise InputError(f"--coders: agreement needs at least two coders ({len(chosen)} given: "
                             f"{', '.join(chosen) or 'none'}; coders: {', '.join(known) or 'none'})")
        if exactly_two and len(chosen) != 2:
            raise InputError(f"--coders: adjudication compares two coders; name them with "
                             f"--coders A,B (coders: {', '.join(chosen)})")
        return chosen

    def _coder_rows(self, coders: list[str], doc_ids: list[int] | None) -> CoderRows:
        """The codings of these coders (in these documents), in any order."""
        coder_index = "CASE coder " + " ".join(f"WHEN ? THEN {i}" for i in range(len(coders)))
        # `+coder`: scan the small covering index of (doc_id, code_id, coder, start, end)
        # rather than look up each coding's row (with its text) through the coder index
        where = f"WHERE +coder IN ({','.join('?' * len(coders))})"
        params: list[object] = [*coders, *coders]
        if doc_ids is not None:
            where += f" AND doc_id IN ({','.join('?' * len(doc_ids))})"
            params += doc_ids
        columns = {"id": "id", "doc_id": "doc_id", "code_id": "code_id",
                   "coder": coder_index + " END", "start": "start", "end": '"end"'}
        return CoderRows(*read_int_columns(self.db, "codings", columns, where, params))

    def _choose_documents(self, docs: Sequence[str | int] | None, coders: list[str],
                          notes: list[str]) -> tuple[list[int], CoderRows]:
        """The documents in scope, and the coders' codings in them."""
        import numpy as np

        if docs:
            doc_ids = sorted({self.document(ref).id for ref in docs})  # type: ignore[attr-defined]
            return doc_ids, self._coder_rows(coders, doc_ids)
        rows = self._coder_rows(coders, None)
        pairs = np.unique(rows.doc_id * len(coders) + rows.coder)
        coded, n_coders = np.unique(pairs // len(coders), return_counts=True)
        every = coded[n_coders == len(coders)]
        partly = coded.size - every.size
        if not every.size:
            raise InputError(f"--doc: no document was coded by all of {', '.join(coders)}; "
                             f"name documents with --doc")
        note = f"documents: the {every.size} coded by every one of these coders"
        if partly:
            note += f" ({partly} coded by only some of them left out; add them with --doc)"
        notes.append(note)
        return every.tolist(), rows.where(np.isin(rows.doc_id, every))

    def _choose_codes(self, codes: Sequence[str] | None, rows: CoderRows,
                      notes: list[str]) -> tuple[list[str], dict[str, int]]:
        import numpy as np

        if codes:
            found = [self.code(ref) for ref in codes]  # type: ignore[attr-defined]
            unique = list(dict.fromkeys(c.path for c in found))
            return unique, {c.path: int(c.id or 0) for c in found}
        used = set(np.unique(rows.code_id).tolist())
        codebook = self.codes()  # type: ignore[attr-defined]
        chosen = [c for c in codebook if c.id in used]
        if not chosen:
            raise InputError("--code: these coders applied no code in these documents")
        if len(chosen) < len(codebook):
            notes.append(f"codes: the {len(chosen)} these coders applied "
                         f"({len(codebook) - len(chosen)} unused codes left out; name them with --code)")
        return [c.path for c in chosen], {c.path: int(c.id or 0) for c in chosen}

    def _document_lengths(self, doc_ids: list[int]) -> tuple[list[tuple[int, int]], dict[int, str]]:
        # SQLite's length() of TEXT counts characters, i.e. the code points offsets count.
        rows = list(self.db.execute(
            f"SELECT id, name, length(text) FROM documents WHERE id IN ({','.join('?' * len(doc_ids))}) "
            f"ORDER BY id", doc_ids))
        return [(r[0], r[2]) for r in rows], {r[0]: r[1] for r in rows}

    def _scope_codings(self, rows: CoderRows, coders: list[str], lengths: dict[int, int],
                       names: dict[int, str], paths: list[str],
                       code_ids: dict[str, int]) -> CodingTable:
        """The codings in scope, in any order; InputError for one outside its document."""
        import numpy as np

        from themecoder.core.agreement.columns import CodingTable, int_array, positions

        code = positions([code_ids[path] for path in paths], rows.code_id)
        doc = positions(list(lengths), rows.doc_id)
        keep = (code >= 0) & (doc >= 0)
        rows, code = rows.where(keep), code[keep]
        length = int_array(list(lengths.values()))[doc[keep]]
        outside = np.flatnonzero((rows.start < 0) | (rows.start > rows.end) | (rows.end > length))
        if outside.size:  # name the first by document and start, as a listing would
            k = int(outside[np.lexsort((rows.id[outside], rows.start[outside],
                                        rows.doc_id[outside]))[0]])
            cid, doc_id, start, end = (int(c[k]) for c in (rows.id, rows.doc_id, rows.start,
                                                          rows.end))
            raise InputError(
                f"{self.path}: coding {cid} [{start}, {end}) lies outside document "
                f"{names[doc_id]} (length {lengths[doc_id]}); fix or remove it "
                f"(themecoder uncode {cid})")
        return CodingTable(tuple(paths), tuple(coders), rows.doc_id, code, rows.coder,
                           rows.start, rows.end, rows.id)

    def _scope_segments(self, unit: str, doc_ids: list[int], names: dict[int, str],
                        notes: list[str]) -> SegmentTable:
        import numpy as np

        from themecoder.core.agreement.columns import SegmentTable

        doc_id, start, end = read_int_columns(self.db, "segments", SEGMENT_COLUMNS,
                                              "WHERE kind = ?", [unit])
        chosen = np.isin(doc_id, doc_ids)
        present = set(np.unique(doc_id[chosen]).tolist())
        missing = [names[d] for d in doc_ids if d not in present]
        if missing:
            notes.append(f"{len(missing)} documents have no {unit}s and add no units: "
                         f"{', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}")
        return SegmentTable(doc_id[chosen], start[chosen], end[chosen])
