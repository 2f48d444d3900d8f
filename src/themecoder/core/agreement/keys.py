"""Merging identical columns of a reliability matrix by their key `sum_i digit_i 3^i`.

Digit i is coder i's rating: 0 (not coded), 1 (coded) or 2 (missing). With up to 12 coders the
keys are counted (`bincount` over 3^12 bins) instead of sorted, and each merged column is
decoded from its key; a column's states never need to exist as floats at all.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from themecoder.core.agreement.coefficients import FloatArray
from themecoder.core.agreement.spans import IntArray, merge_intervals
from themecoder.core.agreement.units import UnitMatrix

MAX_COUNTED_KEYS = 3**12


def compress(
    code: str, coders: Sequence[str], states: FloatArray, weights: FloatArray
) -> UnitMatrix:
    """Merge identical columns (same rating by every coder), adding up their weights.

    Columns come out in the order of their key `sum_i digit_i 3^i` (digit 2 for missing).
    """
    digits = np.where(np.isnan(states), 2, states).astype(np.int64)
    powers = 3 ** np.arange(len(coders), dtype=np.int64)
    keys = (digits * powers[:, None]).sum(axis=0)
    if 3 ** len(coders) > MAX_COUNTED_KEYS:
        unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        summed = np.bincount(inverse.ravel(), weights=weights, minlength=unique.size)
        return UnitMatrix(code, tuple(coders), states[:, first], summed.astype(np.float64))
    return compress_keys(code, coders, keys, weights)


def compress_coded(
    code: str,
    coders: Sequence[str],
    coded: npt.NDArray[np.bool_],
    missing: npt.NDArray[np.bool_] | None,
    weights: FloatArray,
) -> UnitMatrix:
    """`compress` of the states 1 (coded), 0 (not) and nan (`missing`), without building them."""
    if 3 ** len(coders) > MAX_COUNTED_KEYS:
        states = coded.astype(np.float64)
        if missing is not None:
            states[missing] = np.nan
        return compress(code, coders, states, weights)
    keys = np.zeros(coded.shape[1], dtype=np.int64)
    for i in range(len(coders)):
        digits = coded[i].astype(np.int64)
        if missing is not None:
            digits[missing[i]] = 2
        keys += digits * 3**i
    return compress_keys(code, coders, keys, weights)


def compress_keys(
    code: str, coders: Sequence[str], keys: IntArray, weights: FloatArray
) -> UnitMatrix:
    """`compress` of the columns with these keys (up to 12 coders): count them, then decode each
    merged column from its key."""
    n_keys = 3 ** len(coders)
    present = np.flatnonzero(np.bincount(keys, minlength=n_keys))
    summed = np.bincount(keys, weights=weights, minlength=n_keys)[present]
    powers = 3 ** np.arange(len(coders), dtype=np.int64)
    values = (present // powers[:, None] % 3).astype(np.float64)
    values[values == 2] = np.nan
    return UnitMatrix(code, tuple(coders), values, summed.astype(np.float64))


def coded_unit_keys(
    unit_starts: IntArray,
    unit_ends: IntArray,
    starts: IntArray,
    ends: IntArray,
    coder: IntArray,
    n_coders: int,
) -> IntArray | None:
    """Per (sorted, disjoint) unit, the key of its coders' states, coded (1) or not (0).

    Coder i codes a unit when one of its intervals `[starts, ends)` overlaps it. Each coder's
    runs of overlapped units are merged, then add `3^i` from their first unit to their last.
    None when there are too many coders to count keys (see `compress`).
    """
    if 3**n_coders > MAX_COUNTED_KEYS:
        return None
    width = unit_starts.size + 1
    first = np.searchsorted(unit_ends, starts, side="right")
    stop = np.searchsorted(unit_starts, ends, side="left")
    hit = stop > first
    base = coder[hit] * width  # one stretch of the line per coder, so runs merge per coder
    runs_start, runs_end = merge_intervals(base + first[hit], base + stop[hit])
    runs_coder = runs_start // width
    value = (3**runs_coder).astype(np.float64)
    marks = np.bincount(runs_start - runs_coder * width, weights=value, minlength=width)
    marks -= np.bincount(runs_end - runs_coder * width, weights=value, minlength=width)
    return np.cumsum(marks)[:-1].round().astype(np.int64)
