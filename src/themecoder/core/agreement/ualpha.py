"""The coincidence-based unitizing alpha, u-alpha (not the same statistic as alpha_U).

Krippendorff, Mathet, Bouvry & Widlöcher (2016), "On the reliability of unitizing textual
continua: Further developments", Quality & Quantity 50:2347-2364 (the "u-alpha" that ATLAS.ti
reports). Each coder cuts the continuum into segments, each a unit of one category or an empty
gap (a category of its own). With `l` the length of a segment and `m` coders:

- observed coincidences `o_ck = sum over ordered coder pairs i != j of the lengths of the
  intersections of i's c-segments with j's k-segments, / (m - 1)`; `l..` their total, `l_c.`
  the margins;
- expected `e_cc = l.. (l_c.^2 - S_c) / (l..^2 - S)`, where `S_c` sums over all coders'
  c-segments `l^2` (units) or `l` (gaps), and `S` does so over all segments;
- `u-alpha = 1 - (l.. - sum_c o_cc) / (l.. - sum_c e_cc)`.

A coder's segments must not overlap, so codes that overlap one another are compared one at a
time (the code against nothing). The agreement report uses alpha_U, not this statistic.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from themecoder.core.agreement.spans import complement
from themecoder.core.agreement.unitized import Continuum

U_ALPHA = "u-alpha (Krippendorff, Mathet, Bouvry & Widlöcher 2016, coincidence-based)"
GAP = ""  # the category of the empty segments


@dataclass(frozen=True, slots=True)
class CoincidenceUAlpha:
    """u-alpha with its observed and expected coincidence totals on the diagonal."""

    value: float | None
    observed_agreement: float  # sum_c o_cc
    expected_agreement: float  # sum_c e_cc
    total: float  # l..
    variant: str = U_ALPHA
    note: str = ""


def _segments(
    units: Iterable[tuple[int, int, str]], continuum: Continuum
) -> list[tuple[int, int, str]]:
    """One coder's units and the gaps between them, sorted; overlapping units are an error."""
    ordered = sorted((min(s, e), max(s, e), c) for s, e, c in units if s != e)
    for (_, end, _), (start, _, _) in itertools.pairwise(ordered):
        if start < end:
            raise ValueError("u-alpha: one coder's units overlap; use it per category")
    starts = np.asarray([s for s, _, _ in ordered], dtype=np.int64)
    ends = np.asarray([e for _, e, _ in ordered], dtype=np.int64)
    gap_starts, gap_ends = complement(starts, ends, continuum.begin, continuum.end)
    gaps = [(int(s), int(e), GAP) for s, e in zip(gap_starts, gap_ends, strict=True)]
    return sorted(ordered + gaps)


def _category_at(
    segments: list[tuple[int, int, str]], points: np.ndarray, index: dict[str, int]
) -> np.ndarray:
    starts = np.asarray([s for s, _, _ in segments], dtype=np.int64)
    codes = np.asarray([index[c] for _, _, c in segments], dtype=np.int64)
    return codes[np.searchsorted(starts, points, side="right") - 1]


def coincidence_u_alpha(
    units_by_coder: Sequence[Iterable[tuple[int, int, str]]], continuum: Continuum
) -> CoincidenceUAlpha:
    """u-alpha from each coder's `(start, end, category)` units on one continuum."""
    m = len(units_by_coder)
    if m < 2:
        raise ValueError("u-alpha needs two or more coders")
    segments = [_segments(units, continuum) for units in units_by_coder]
    categories = sorted({c for coder in segments for _, _, c in coder})
    index = {c: k for k, c in enumerate(categories)}
    bounds = np.unique([p for coder in segments for s, e, _ in coder for p in (s, e)])
    points, lengths = bounds[:-1], np.diff(bounds).astype(np.float64)
    at = [_category_at(coder, points, index) for coder in segments]
    diagonal = sum(lengths[at[i] == at[j]].sum() for i in range(m) for j in range(m) if i != j)
    total = float(m * lengths.sum())
    observed = float(diagonal) / (m - 1)
    margins = np.zeros(len(categories))
    squares = np.zeros(len(categories))
    for coder in segments:
        for start, end, category in coder:
            length = float(end - start)
            margins[index[category]] += length
            squares[index[category]] += length if category == GAP else length**2
    expected = float(total * (margins**2 - squares).sum() / (total**2 - squares.sum()))
    if total - expected <= 0:
        return CoincidenceUAlpha(None, observed, expected, total, note="undefined: no variation")
    return CoincidenceUAlpha(
        1.0 - (total - observed) / (total - expected), observed, expected, total
    )
