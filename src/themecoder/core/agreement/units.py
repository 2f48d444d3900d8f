"""Reliability data from codings: per code, a coders x units matrix of 1 (coded) and 0.

Units are the characters of the documents in scope (`char`), their sentences or turns, or the
documents themselves. A code is present in a unit for a coder when any of that coder's codings
of the code overlaps the unit. The documents are laid end to end on one continuum and all the
work is interval arithmetic on numpy arrays: for `char`, runs of characters that every coder
coded alike become one column weighted by the run's length, never one column per character.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np

from themecoder.core.agreement.coefficients import FloatArray
from themecoder.core.agreement.columns import (
    CodingTable,
    SegmentTable,
    int_array,
    positions,
    segment_table,
)
from themecoder.core.agreement.spans import IntArray, Span
from themecoder.core.errors import InputError
from themecoder.core.model import Coding

UNITS = ("char", "sentence", "turn", "document")


@dataclass(frozen=True, slots=True)
class UnitMatrix:
    """One code's reliability data: coders x columns of 1 (coded), 0 (not) or nan (missing).

    Column j stands for `weights[j]` units that all coders rated alike, so the coefficients
    take `(values, weights)`.
    """

    code: str
    coders: tuple[str, ...]
    values: FloatArray
    weights: FloatArray

    @property
    def n_units(self) -> int:
        return round(float(self.weights.sum()))

    def expanded(self) -> FloatArray:
        """The plain matrix, one column per unit (for checks on small data)."""
        return np.repeat(self.values, self.weights.astype(np.int64), axis=1)


@dataclass(frozen=True, slots=True)
class Layout:
    """The documents in scope end to end: document k covers `[offsets[k], offsets[k] + lengths[k])`."""

    doc_ids: tuple[int, ...]
    offsets: IntArray
    lengths: IntArray

    @property
    def total(self) -> int:
        return int(self.lengths.sum())

    def index(self) -> dict[int, int]:
        return {doc_id: k for k, doc_id in enumerate(self.doc_ids)}


@dataclass(frozen=True, slots=True)
class CodingArrays:
    """The codings in scope as parallel arrays; `start`/`end` are positions on the continuum."""

    code: IntArray  # index into the codes in scope
    coder: IntArray  # index into the coders in scope
    doc: IntArray  # index into the layout
    start: IntArray
    end: IntArray

    def by_code_and_coder(self, n_codes: int, n_coders: int) -> list[list[IntArray]]:
        """Per code, per coder: the indices of its codings (in their order)."""
        group = self.code * n_coders + self.coder
        order = np.argsort(group, kind="stable")
        bounds = np.searchsorted(group[order], np.arange(n_codes * n_coders + 1))
        return [
            [
                order[bounds[k * n_coders + i] : bounds[k * n_coders + i + 1]]
                for i in range(n_coders)
            ]
            for k in range(n_codes)
        ]


def lay_out(documents: Iterable[tuple[int, int]]) -> Layout:
    """Place `(doc_id, length)` documents end to end, in the order given."""
    docs = list(documents)
    ids = tuple(doc_id for doc_id, _ in docs)
    if len(set(ids)) != len(ids):
        raise InputError("documents: the same document is listed twice")
    lengths = np.asarray([length for _, length in docs], dtype=np.int64)
    if (lengths < 0).any():
        raise InputError("documents: a document has a negative length")
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    return Layout(ids, offsets, lengths)


def coding_arrays(
    codings: Iterable[Coding] | CodingTable,
    layout: Layout,
    coders: Sequence[str],
    codes: Sequence[str],
) -> CodingArrays:
    """The codings whose document, coder and code are in scope, on the layout's continuum.

    Raises InputError for a coding outside its document's text. Empty codings are dropped.
    """
    if isinstance(codings, CodingTable):
        code, coder, doc, start, end = _table_rows(codings, layout, coders, codes)
    else:
        code, coder, doc, start, end = _object_rows(codings, layout, coders, codes)
    outside = (start < 0) | (end > layout.lengths[doc])
    if outside.any():
        k = int(np.flatnonzero(outside)[0])
        doc_id = layout.doc_ids[doc[k]]
        raise InputError(
            f"codings: [{start[k]}, {end[k]}) by {coders[coder[k]]} ({codes[code[k]]}) lies outside "
            f"document {doc_id} (length {layout.lengths[doc[k]]})"
        )
    keep = end > start
    offset = layout.offsets[doc]
    return CodingArrays(
        code[keep], coder[keep], doc[keep], (start + offset)[keep], (end + offset)[keep]
    )


def _object_rows(
    codings: Iterable[Coding], layout: Layout, coders: Sequence[str], codes: Sequence[str]
) -> tuple[IntArray, ...]:
    """Code, coder, document index, start and end of the `Coding` objects in scope."""
    doc_index, coder_index = layout.index(), {c: i for i, c in enumerate(coders)}
    code_index = {c: i for i, c in enumerate(codes)}
    rows = [
        (
            code_index[c.code],
            coder_index[c.coder],
            doc_index[c.doc_id],
            min(c.start, c.end),
            max(c.start, c.end),
        )
        for c in codings
        if c.doc_id in doc_index and c.coder in coder_index and c.code in code_index
    ]
    return tuple(np.asarray(rows, dtype=np.int64).reshape(-1, 5).T)


def _table_rows(
    table: CodingTable, layout: Layout, coders: Sequence[str], codes: Sequence[str]
) -> tuple[IntArray, ...]:
    """As `_object_rows`, for a `CodingTable`: its names mapped onto the scope's indices."""
    code_index = {c: i for i, c in enumerate(codes)}
    coder_index = {c: i for i, c in enumerate(coders)}
    code = int_array([code_index.get(c, -1) for c in table.codes])[table.code]
    coder = int_array([coder_index.get(c, -1) for c in table.coders])[table.coder]
    doc = positions(layout.doc_ids, table.doc_id)
    chosen = (code >= 0) & (coder >= 0) & (doc >= 0)
    start, end = table.start[chosen], table.end[chosen]
    return code[chosen], coder[chosen], doc[chosen], np.minimum(start, end), np.maximum(start, end)


def coded_documents(arrays: CodingArrays, n_coders: int, n_docs: int) -> np.ndarray:
    """Coders x documents: whether the coder has any coding in scope in the document."""
    present = np.zeros((n_coders, n_docs), dtype=bool)
    present[arrays.coder, arrays.doc] = True
    return present


def unit_intervals(
    unit: str, layout: Layout, segments: Mapping[int, Sequence[Span]] | SegmentTable | None
) -> tuple[IntArray, IntArray, IntArray]:
    """Starts, ends and document index of the `sentence`, `turn` or `document` units."""
    if unit == "document":
        keep = layout.lengths > 0
        return layout.offsets[keep], (layout.offsets + layout.lengths)[keep], np.flatnonzero(keep)
    if segments is None:
        raise InputError(f"unit {unit}: no {unit} segments given")
    table = segment_table(segments)
    doc = positions(layout.doc_ids, table.doc_id)
    chosen = (doc >= 0) & (table.start != table.end)
    doc, start, end = doc[chosen], table.start[chosen], table.end[chosen]
    starts, ends = np.minimum(start, end), np.maximum(start, end)
    if not _in_order(doc, starts, ends):
        order = np.lexsort((ends, starts, doc))
        starts, ends, doc = starts[order], ends[order], doc[order]
    _check_segments(layout, starts, ends, doc)
    offset = layout.offsets[doc]
    return starts + offset, ends + offset, doc


def _in_order(doc: IntArray, starts: IntArray, ends: IntArray) -> bool:
    """Whether the rows are already sorted by document, start and end (as a store reads them)."""
    same_doc, same_start = doc[1:] == doc[:-1], starts[1:] == starts[:-1]
    later = (starts[1:] > starts[:-1]) | (same_start & (ends[1:] >= ends[:-1]))
    return bool(((doc[1:] > doc[:-1]) | (same_doc & later)).all())


def _check_segments(layout: Layout, starts: IntArray, ends: IntArray, doc: IntArray) -> None:
    """InputError naming the first document (in layout order) with a unit outside its text or
    two overlapping units; for a document with both, the unit outside is reported."""
    outside = doc[(starts < 0) | (ends > layout.lengths[doc])]
    overlap = doc[1:][(doc[1:] == doc[:-1]) & (starts[1:] < ends[:-1])]
    if not outside.size and not overlap.size:
        return
    first = int(np.concatenate((outside, overlap)).min())
    doc_id = layout.doc_ids[first]
    if (outside == first).any():
        raise InputError(f"segments: a unit lies outside document {doc_id}")
    raise InputError(f"segments: units of document {doc_id} overlap")


def overlapped_units(
    unit_starts: IntArray, unit_ends: IntArray, starts: IntArray, ends: IntArray
) -> np.ndarray:
    """Whether each (sorted, disjoint) unit overlaps any of the intervals `[starts, ends)`."""
    rows = np.zeros(starts.size, dtype=np.int64)
    by_row = overlapped_units_by_row(unit_starts, unit_ends, starts, ends, rows, 1)
    return cast("np.ndarray", by_row[0])


def overlapped_units_by_row(
    unit_starts: IntArray,
    unit_ends: IntArray,
    starts: IntArray,
    ends: IntArray,
    rows: IntArray,
    n_rows: int,
) -> np.ndarray:
    """Rows x units: whether a unit overlaps any interval `[starts[i], ends[i])` of its row.

    Interval i marks +1 at the first unit it overlaps and -1 after its last, in row `rows[i]`;
    the running sum along each row then counts the intervals over each unit.
    """
    first = np.searchsorted(unit_ends, starts, side="right")
    stop = np.searchsorted(unit_starts, ends, side="left")
    hit = stop > first
    width = unit_starts.size + 1
    base, size = rows[hit] * width, n_rows * width
    marks = np.bincount(base + first[hit], minlength=size)
    marks -= np.bincount(base + stop[hit], minlength=size)
    return np.cumsum(marks.reshape(n_rows, width), axis=1)[:, :-1] > 0
