"""Krippendorff's unitized alpha, alpha_U: agreement on where units of a category lie.

The variant is Krippendorff's 1995/2004 alpha_U ("On the reliability of unitizing contiguous
data", Sociological Methodology 25:47-76, 1995; Content Analysis, 2nd ed., 2004, sec. 11.6),
as implemented by DKPro Agreement's `KrippendorffAlphaUnitizingAgreement`. Each coder cuts a
continuum of length L into units of a category and the gaps between them. For category c:

- `D_o = sum over ordered coder pairs (i, j), i != j, of sum over overlapping sections
  g of i and h of j of delta^2(g, h)`, divided by `m (m - 1) L^2`, where delta^2 is
  `(b_g - b_h)^2 + (e_g - e_h)^2` for two overlapping units, `l_g^2` for a unit g lying
  wholly inside a gap h, and 0 otherwise.
- `D_e = (2 / L) * sum over units g of [(N_c - 1)(2 l^3 - 3 l^2 + l) / 3 +
  l^2 * sum over gaps G with |G| >= l of (|G| - l + 1)]`, divided by
  `m L (m L - 1) - sum over units of l (l - 1)`, N_c being all coders' units of c.
- `alpha_U = 1 - D_o / D_e`; over several categories `1 - sum D_o / sum D_e`.

Several documents are laid end to end on one continuum; gaps are cut at document boundaries,
since no unit can straddle two documents. A coder's overlapping units of one category are
merged first (alpha_U assumes they do not overlap); touching units stay separate units.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from themecoder.core.agreement.spans import (
    IntArray,
    Span,
    Spans,
    as_interval_arrays,
    complement,
    merge_intervals,
)

ALPHA_U = "alpha_U (Krippendorff 1995/2004)"


@dataclass(frozen=True, slots=True)
class Continuum:
    """The stretch `[begin, begin + length)` that coders unitized; `breaks` cut gaps (documents)."""

    begin: int
    length: int
    breaks: tuple[int, ...] = ()

    @property
    def end(self) -> int:
        return self.begin + self.length


@dataclass(frozen=True, slots=True)
class UnitizedAlpha:
    """alpha_U = 1 - D_o / D_e for one category (or all), with its parts and its variant."""

    value: float | None
    d_o: float
    d_e: float
    n_units: int  # units of the category marked by all coders together
    category: str | None = None  # None: over all categories
    variant: str = ALPHA_U
    note: str = ""


def _coder_units(spans: Spans, continuum: Continuum) -> tuple[IntArray, IntArray]:
    starts, ends = as_interval_arrays(spans)
    if starts.size and (starts.min() < continuum.begin or ends.max() > continuum.end):
        raise ValueError(f"unit outside the continuum [{continuum.begin}, {continuum.end})")
    return merge_intervals(starts, ends, touching=False)


def pair_disagreement(a: tuple[IntArray, IntArray], b: tuple[IntArray, IntArray]) -> float:
    """Sum of delta^2 over the overlapping sections of two coders (both directions)."""
    (a_s, a_e), (b_s, b_e) = a, b
    first = np.searchsorted(b_e, a_s, side="right")  # first unit of b ending after a starts
    stop = np.searchsorted(b_s, a_e, side="left")  # units of b starting before a ends
    count = np.maximum(stop - first, 0)
    a_idx = np.repeat(np.arange(a_s.size), count)
    within = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    b_idx = np.repeat(first, count) + within
    overlap = ((a_s[a_idx] - b_s[b_idx]) ** 2 + (a_e[a_idx] - b_e[b_idx]) ** 2).sum()
    b_hit = np.zeros(b_s.size, dtype=bool)
    b_hit[b_idx] = True
    a_alone = ((a_e - a_s)[count == 0] ** 2).sum()  # inside a gap of b
    b_alone = ((b_e - b_s)[~b_hit] ** 2).sum()
    return float(overlap) + float(a_alone) + float(b_alone)


def expected_disagreement(
    units: Sequence[tuple[IntArray, IntArray]], continuum: Continuum
) -> float:
    """D_e of one category from all coders' units and gaps (see the module docstring)."""
    m, length = len(units), float(continuum.length)
    lengths = np.concatenate([e - s for s, e in units]).astype(np.float64)
    gap_parts = [
        complement(s, e, continuum.begin, continuum.end, continuum.breaks) for s, e in units
    ]
    gaps = np.sort(np.concatenate([e - s for s, e in gap_parts]).astype(np.float64))
    suffix = np.concatenate((np.cumsum(gaps[::-1])[::-1], [0.0]))
    first_fit = np.searchsorted(gaps, lengths, side="left")
    fits = gaps.size - first_fit
    placements = suffix[first_fit] - (lengths - 1) * fits
    n_c = lengths.size
    per_unit = (n_c - 1) * (2 * lengths**3 - 3 * lengths**2 + lengths) / 3 + lengths**2 * placements
    denominator = m * length * (m * length - 1) - (lengths * (lengths - 1)).sum()
    return float(2.0 / length * per_unit.sum() / denominator)


def category_alpha_u(
    spans_by_coder: Sequence[Spans], continuum: Continuum, category: str | None = None
) -> UnitizedAlpha:
    """alpha_U of one category: `spans_by_coder[i]` are coder i's `(start, end)` units of it."""
    if len(spans_by_coder) < 2:
        raise ValueError("alpha_U needs two or more coders")
    if continuum.length <= 0:
        raise ValueError("alpha_U needs a continuum of positive length")
    units = [_coder_units(spans, continuum) for spans in spans_by_coder]
    m, n_units = len(units), int(sum(s.size for s, _ in units))
    pairs = sum(pair_disagreement(units[i], units[j]) for i in range(m) for j in range(i + 1, m))
    d_o = 2.0 * pairs / (m * (m - 1) * float(continuum.length) ** 2)
    d_e = expected_disagreement(units, continuum) if n_units else 0.0
    return _result(d_o, d_e, n_units, category)


def _result(d_o: float, d_e: float, n_units: int, category: str | None) -> UnitizedAlpha:
    if d_e <= 0:
        note = "undefined: no coder marked a unit" if n_units == 0 else "undefined: D_e is 0"
        return UnitizedAlpha(None, d_o, d_e, n_units, category, note=note)
    return UnitizedAlpha(1.0 - d_o / d_e, d_o, d_e, n_units, category)


def pooled_alpha_u(per_category: Iterable[UnitizedAlpha]) -> UnitizedAlpha:
    """alpha_U over several categories: `1 - sum D_o / sum D_e` (Krippendorff 2004, sec. 11.6)."""
    results = list(per_category)
    d_o = sum(r.d_o for r in results)
    d_e = sum(r.d_e for r in results)
    return _result(d_o, d_e, sum(r.n_units for r in results), None)


def alpha_u(
    units: Iterable[tuple[str, str, int, int]], coders: Sequence[str], continuum: Continuum
) -> tuple[dict[str, UnitizedAlpha], UnitizedAlpha]:
    """alpha_U per category and over all, from `(coder, category, start, end)` units."""
    by_key: dict[tuple[str, str], list[Span]] = {}
    for coder, category, start, end in units:
        by_key.setdefault((category, coder), []).append((start, end))
    categories = sorted({category for category, _ in by_key})
    per_category = {
        category: category_alpha_u(
            [by_key.get((category, c), []) for c in coders], continuum, category
        )
        for category in categories
    }
    return per_category, pooled_alpha_u(per_category.values())
