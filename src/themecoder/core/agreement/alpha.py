"""Krippendorff's alpha from the coincidence matrix (nominal, ordinal, interval, ratio).

Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
Communication, University of Pennsylvania; Krippendorff (2004), Content Analysis, 2nd ed., ch. 11.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
import numpy.typing as npt

from themecoder.core.agreement.coefficients import (
    FloatArray,
    categories_of,
    prepare,
    unit_category_counts,
)

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True, slots=True)
class Alpha:
    """Krippendorff's alpha `1 - D_o / D_e` with its parts."""

    value: float | None
    level: str
    d_o: float | None  # observed disagreement
    d_e: float | None  # disagreement expected by chance
    n_values: int  # pairable values n (values in units with two or more values)
    n_units: int  # units with two or more values
    note: str = ""
    name: str = "krippendorff_alpha"


def coincidence_matrix(
    matrix: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> tuple[FloatArray, FloatArray, float]:
    """The coincidence matrix `o_ck = sum_u (pairs of values c, k in unit u) / (m_u - 1)`.

    Units with fewer than two values (`m_u < 2`) are dropped. Returns the categories, the
    matrix and the number of units kept (weighted).
    """
    values, w = prepare(matrix, weights)
    categories = categories_of(values)
    counts = unit_category_counts(values, categories)
    m = counts.sum(axis=1)
    keep = m >= 2
    counts, scale = counts[keep], w[keep] / (m[keep] - 1)
    o = (counts * scale[:, None]).T @ counts - np.diag((counts * scale[:, None]).sum(axis=0))
    return categories, o, float(w[keep].sum())


def distance_matrix(categories: FloatArray, marginals: FloatArray, level: Level) -> FloatArray:
    """The squared difference `delta^2_ck` of Krippendorff (2011) for each pair of categories."""
    c, k = np.meshgrid(categories, categories, indexing="ij")
    if level == "nominal":
        return cast("FloatArray", (c != k).astype(np.float64))
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        total = c + k
        safe = np.where(total == 0, 1.0, total)
        return np.where(total == 0, 0.0, ((c - k) / safe) ** 2)
    if level == "ordinal":
        i, j = np.indices((categories.size, categories.size))
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        cumulative = np.cumsum(marginals)
        between = cumulative[hi] - cumulative[lo] + marginals[lo]
        return (between - (marginals[i] + marginals[j]) / 2) ** 2
    raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")


def alpha_from_coincidences(
    categories: FloatArray, o: FloatArray, level: Level = "nominal", n_units: float = 0.0
) -> Alpha:
    """`alpha = 1 - D_o / D_e`, `D_o = sum o_ck d_ck / n`, `D_e = sum n_c n_k d_ck / (n (n - 1))`.

    `n_c` are the margins of the coincidence matrix and `n` their total (Krippendorff 2011).
    """
    marginals = o.sum(axis=1)
    n = float(marginals.sum())
    units = round(n_units)
    if n < 2:
        return Alpha(
            None, level, None, None, round(n), units, "undefined: no unit with two or more values"
        )
    delta = distance_matrix(categories, marginals, level)
    d_o = float((o * delta).sum() / n)
    d_e = float(marginals @ delta @ marginals / (n * (n - 1)))
    if d_e <= 0:
        note = "undefined: no variation (all values are the same, expected disagreement is 0)"
        return Alpha(None, level, d_o, d_e, round(n), units, note)
    return Alpha(1.0 - d_o / d_e, level, d_o, d_e, round(n), units)


def krippendorff_alpha(
    matrix: npt.ArrayLike, level: Level = "nominal", weights: npt.ArrayLike | None = None
) -> Alpha:
    """Krippendorff's alpha for any number of coders, missing values allowed.

    `matrix` is coders x units with `nan` for missing; units with fewer than two values are
    dropped. Nominal: `alpha = 1 - (n - 1)(n - sum o_cc) / (n^2 - sum n_c^2)`; ordinal,
    interval and ratio use the metric differences of Krippendorff (2011).
    """
    categories, o, n_units = coincidence_matrix(matrix, weights)
    return alpha_from_coincidences(categories, o, level, n_units)
