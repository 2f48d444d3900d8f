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

import numpy as np

from themecoder.core.agreement.coefficients import FloatArray
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

    def select(self, mask: np.ndarray) -> tuple[IntArray, IntArray]:
        return self.start[mask], self.end[mask]


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
    codings: Iterable[Coding], layout: Layout, coders: Sequence[str], codes: Sequence[str]
) -> CodingArrays:
    """The codings whose document, coder and code are in scope, on the layout's continuum.

    Raises InputError for a coding outside its document's text. Empty codings are dropped.
    """
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
    table = np.asarray(rows, dtype=np.int64).reshape(-1, 5)
    code, coder, doc, start, end = table.T
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


def coded_documents(arrays: CodingArrays, n_coders: int, n_docs: int) -> np.ndarray:
    """Coders x documents: whether the coder has any coding in scope in the document."""
    present = np.zeros((n_coders, n_docs), dtype=bool)
    present[arrays.coder, arrays.doc] = True
    return present


def unit_intervals(
    unit: str, layout: Layout, segments: Mapping[int, Sequence[Span]] | None
) -> tuple[IntArray, IntArray, IntArray]:
    """Starts, ends and document index of the `sentence`, `turn` or `document` units."""
    if unit == "document":
        keep = layout.lengths > 0
        return layout.offsets[keep], (layout.offsets + layout.lengths)[keep], np.flatnonzero(keep)
    if segments is None:
        raise InputError(f"unit {unit}: no {unit} segments given")
    parts = [
        _document_segments(doc_id, k, layout, segments.get(doc_id, ()))
        for k, doc_id in enumerate(layout.doc_ids)
    ]
    starts, ends, docs = (np.concatenate([p[i] for p in parts]).astype(np.int64) for i in range(3))
    return starts, ends, docs


def _document_segments(
    doc_id: int, k: int, layout: Layout, spans: Sequence[Span]
) -> tuple[IntArray, ...]:
    pairs = np.asarray(
        sorted((min(s, e), max(s, e)) for s, e in spans if s != e), dtype=np.int64
    ).reshape(-1, 2)
    starts, ends = pairs[:, 0], pairs[:, 1]
    if starts.size and (starts[0] < 0 or ends.max() > layout.lengths[k]):
        raise InputError(f"segments: a unit lies outside document {doc_id}")
    if (starts[1:] < ends[:-1]).any():
        raise InputError(f"segments: units of document {doc_id} overlap")
    offset = layout.offsets[k]
    return starts + offset, ends + offset, np.full(starts.size, k, dtype=np.int64)


def overlapped_units(
    unit_starts: IntArray, unit_ends: IntArray, starts: IntArray, ends: IntArray
) -> np.ndarray:
    """Whether each (sorted, disjoint) unit overlaps any of the intervals `[starts, ends)`."""
    first = np.searchsorted(unit_ends, starts, side="right")
    stop = np.searchsorted(unit_starts, ends, side="left")
    hit = stop > first
    marks = np.zeros(unit_starts.size + 1, dtype=np.int64)
    np.add.at(marks, first[hit], 1)
    np.add.at(marks, stop[hit], -1)
    return np.cumsum(marks[:-1]) > 0


def compress(
    code: str, coders: Sequence[str], states: FloatArray, weights: FloatArray
) -> UnitMatrix:
    """Merge identical columns (same rating by every coder), adding up their weights."""
    digits = np.where(np.isnan(states), 2, states).astype(np.int64)
    keys = (digits * (3 ** np.arange(len(coders)))[:, None]).sum(axis=0)
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=weights, minlength=unique.size)
    return UnitMatrix(code, tuple(coders), states[:, first], summed.astype(np.float64))
