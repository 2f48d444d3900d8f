"""Code co-occurrence: in how many units (sentences, turns or documents) two codes are both present.

A code is present in a unit when any of its codings overlaps the unit (the same rule as agreement
by unit). The diagonal holds the units where the code is present at all. Jaccard is
`both / (either)`: units with both codes over units with at least one of them (None when neither
code occurs, 1 on the diagonal of a code that occurs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from themecoder.core.errors import InputError
from themecoder.core.frequencies import code_targets
from themecoder.core.model import Coding

UNITS = ("sentence", "turn", "document")
MEASURES = ("count", "jaccard")


@dataclass(frozen=True, slots=True)
class CooccurrenceMatrix:
    """`counts[i, j]`: units where codes i and j are both present; `counts[i, i]`: units with code i."""

    unit: str
    codes: list[str]
    counts: np.ndarray
    n_units: int

    def values(self, measure: str = "count") -> list[list[int | float | None]]:
        """The matrix as nested lists of the measure (exact ints for counts)."""
        if measure not in MEASURES:
            raise InputError(f"--measure {measure}: use count or jaccard")
        if measure == "count":
            return [[int(v) for v in row] for row in self.counts]
        present = np.diag(self.counts)
        return [[_jaccard(int(self.counts[i, j]), int(present[i]), int(present[j]))
                 for j in range(len(self.codes))] for i in range(len(self.codes))]

    def rows(self, measure: str = "count") -> list[dict[str, Any]]:
        """One row per code: `code`, then one column per code path."""
        return [{"code": code, **dict(zip(self.codes, row, strict=True))}
                for code, row in zip(self.codes, self.values(measure), strict=True)]

    def pairs(self, measure: str = "count") -> list[tuple[str, str, int | float | None]]:
        """Each unordered pair of different codes that meet at least once, most frequent first."""
        values = self.values(measure)
        found = [(self.codes[i], self.codes[j], values[i][j], int(self.counts[i, j]))
                 for i in range(len(self.codes)) for j in range(i + 1, len(self.codes))
                 if self.counts[i, j] > 0]
        found.sort(key=lambda p: (-p[3], p[0], p[1]))
        return [(a, b, v) for a, b, v, _ in found]


def _jaccard(both: int, a: int, b: int) -> float | None:
    either = a + b - both
    return both / either if either else None


def cooccurrence(codings: Iterable[Coding], codes: Sequence[str],
                 units: Mapping[int, Sequence[tuple[int, int]]], *, unit: str = "sentence",
                 rollup: bool = False) -> CooccurrenceMatrix:
    """Co-occurrence of `codes` (codebook order) over `units`: each document's unit spans.

    Units of a document must not overlap (sentences, turns). For `unit="document"` give each
    document one span covering its text.
    """
    if unit not in UNITS:
        raise InputError(f"--unit {unit}: use sentence, turn or document")
    layout = _Layout.of(units)
    index = {code: i for i, code in enumerate(codes)}
    targets = code_targets(codes, rollup)
    rows: list[tuple[int, int, int, int, int]] = []
    for coding in codings:
        placed = layout.place.get(coding.doc_id)
        if placed is not None:
            base, first, stop = placed
            rows.extend((base + coding.start, base + coding.end, first, stop, index[code])
                        for code in targets.get(coding.code, ()))
    present = layout.present(np.array(rows, dtype=np.int64).reshape(-1, 5), len(codes))
    return CooccurrenceMatrix(unit, list(codes), _counts(present, len(codes), layout.n_units),
                              layout.n_units)


@dataclass(frozen=True, slots=True)
class _Layout:
    """The documents' units end to end on one line; `place[doc] = (offset, first unit, stop unit)`."""

    starts: np.ndarray
    ends: np.ndarray
    place: dict[int, tuple[int, int, int]]

    @property
    def n_units(self) -> int:
        return len(self.starts)

    @classmethod
    def of(cls, units: Mapping[int, Sequence[tuple[int, int]]]) -> _Layout:
        starts: list[int] = []
        ends: list[int] = []
        place, base = {}, 0
        for doc_id, spans in units.items():
            ordered = sorted(spans)
            place[doc_id] = (base, len(starts), len(starts) + len(ordered))
            starts += [base + s for s, _ in ordered]
            ends += [base + e for _, e in ordered]
            base += (ordered[-1][1] if ordered else 0) + 1
        return cls(np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64), place)

    def present(self, rows: np.ndarray, n_codes: int) -> np.ndarray:
        """Unique (unit, code) pairs: each coding is present in every unit it overlaps."""
        if not len(rows):
            return np.zeros((0, 2), dtype=np.int64)
        start, end, first, stop, code = rows.T
        lo = np.maximum(np.searchsorted(self.ends, start, side="right"), first)  # first unit ending after start
        hi = np.minimum(np.searchsorted(self.starts, end, side="left"), stop)  # units starting before end
        spread = np.maximum(hi - lo, 0)
        before = np.repeat(np.cumsum(spread) - spread, spread)
        unit_index = np.repeat(lo, spread) + np.arange(int(spread.sum())) - before
        keys = np.unique(unit_index * n_codes + np.repeat(code, spread))
        return np.stack([keys // n_codes, keys % n_codes], axis=1)


def _counts(present: np.ndarray, n_codes: int, n_units: int) -> np.ndarray:
    if not len(present):
        return np.zeros((n_codes, n_codes), dtype=np.int64)
    from scipy.sparse import csr_matrix

    ones = np.ones(len(present), dtype=np.int64)
    matrix = csr_matrix((ones, (present[:, 0], present[:, 1])), shape=(n_units, n_codes))
    return np.asarray((matrix.T @ matrix).toarray(), dtype=np.int64)


def shared_units(codings: Iterable[Coding], code_a: str, code_b: str,
                 units: Mapping[int, Sequence[tuple[int, int]]], *,
                 rollup: bool = False) -> list[tuple[int, int, int]]:
    """Where two codes meet: the `(doc_id, start, end)` units holding both, in document order."""
    layout = _Layout.of(units)
    targets = code_targets(sorted({code_a, code_b, *(c.code for c in codings)}), rollup)
    found: dict[str, set[int]] = {code_a: set(), code_b: set()}
    spans = [(doc_id, s, e) for doc_id, doc_spans in units.items() for s, e in sorted(doc_spans)]
    for coding in codings:
        wanted = [c for c in targets.get(coding.code, ()) if c in found]
        placed = layout.place.get(coding.doc_id)
        if wanted and placed is not None:
            base, first, stop = placed
            row = np.array([[base + coding.start, base + coding.end, first, stop, 0]], dtype=np.int64)
            hit = {int(u) for u in layout.present(row, 1)[:, 0]}
            for code in wanted:
                found[code] |= hit
    return [spans[u] for u in sorted(found[code_a] & found[code_b])]
