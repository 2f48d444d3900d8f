"""Agreement coefficients on a reliability matrix (nominal data).

A reliability matrix has one row per coder and one column per unit; `nan` marks a missing
rating. Every function also takes `weights`: how many units each column stands for, so that
millions of identical columns (characters coded alike) cost one column each.

Each coefficient returns a frozen dataclass with its value and its parts. A value that is not
defined (0/0: no unit, or no variation so that chance agreement is 1) is `None` with a `note`;
no 0 or 1 is ever put in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
NO_VARIATION = "undefined: no variation (every rating falls in one category, chance agreement is 1)"


@dataclass(frozen=True, slots=True)
class Agreement:
    """A coefficient `(po - pe) / (1 - pe)` (or plain `po`) with the parts a reviewer checks."""

    name: str
    value: float | None
    po: float | None  # observed agreement
    pe: float | None  # agreement expected by chance
    n_units: int  # units that entered the computation
    note: str = ""


@dataclass(frozen=True, slots=True)
class CategoryKappa:
    """Fleiss' kappa for one category against all the others."""

    category: float
    value: float | None
    proportion: float  # share of all ratings in this category
    note: str = ""


@dataclass(frozen=True, slots=True)
class FleissKappa(Agreement):
    """Fleiss' kappa, with the kappa of each category."""

    per_category: tuple[CategoryKappa, ...] = ()


def prepare(
    matrix: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> tuple[FloatArray, FloatArray]:
    """Check a reliability matrix and its column weights; return both as float arrays.

    Columns of weight 0 are dropped.
    """
    values = np.asarray(matrix, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"reliability matrix must be coders x units, got shape {values.shape}")
    if weights is None:
        return values, np.ones(values.shape[1])
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (values.shape[1],) or (w < 0).any():
        raise ValueError("weights must be one non-negative count per unit column")
    used = w > 0  # a column standing for no unit must not add a category
    return values[:, used], w[used]


def categories_of(values: FloatArray) -> FloatArray:
    """The distinct ratings in a matrix, sorted, missing values left out."""
    return np.unique(values[~np.isnan(values)])


def unit_category_counts(values: FloatArray, categories: FloatArray) -> FloatArray:
    """Units x categories: how many coders put each unit in each category."""
    counts = np.zeros((values.shape[1], categories.size))
    for k, category in enumerate(categories):
        counts[:, k] = (values == category).sum(axis=0)
    return counts


def matrix_from_table(table: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """A two-coder contingency table (rows coder 1, columns coder 2) as a weighted matrix.

    Category k is coded as the number k; the weights are the cell counts.
    """
    counts = np.asarray(table, dtype=np.float64)
    rows, cols = np.indices(counts.shape)
    matrix = np.vstack((rows.ravel(), cols.ravel())).astype(np.float64)
    return matrix, counts.ravel()


def chance_corrected(name: str, po: float, pe: float, n_units: float) -> Agreement:
    """`(po - pe) / (1 - pe)`, or `None` with a note when undefined."""
    n = round(n_units)
    if n_units <= 0:
        return Agreement(name, None, None, None, 0, "undefined: no unit rated by two coders")
    if pe >= 1.0 - 1e-12:
        return Agreement(name, None, po, pe, n, NO_VARIATION)
    return Agreement(name, (po - pe) / (1.0 - pe), po, pe, n)


@dataclass(frozen=True, slots=True)
class MultiRaterParts:
    """Pairwise agreement and category proportions over units with any number of ratings."""

    pa: float  # mean over units (two or more ratings) of the share of agreeing coder pairs
    pi: FloatArray  # mean over units (one or more ratings) of the share in each category
    n_pairable: float  # units with two or more ratings (weighted)
    counts: FloatArray  # units x categories, pairable units only
    weights: FloatArray


def multi_rater_parts(
    values: FloatArray, weights: FloatArray, categories: FloatArray
) -> MultiRaterParts:
    """The shared parts of percent agreement, Fleiss' kappa, Gwet's AC1 and Brennan-Prediger.

    Gwet (2014, ch. 2) for missing ratings: agreement over units with at least two ratings,
    category proportions over units with at least one.
    """
    counts = unit_category_counts(values, categories)
    raters = counts.sum(axis=1)
    rated, pairable = raters >= 1, raters >= 2
    w_rated, w_pair = weights[rated], weights[pairable]
    pi = np.zeros(categories.size)
    if w_rated.sum() > 0:
        shares = counts[rated] / raters[rated, None]
        pi = (w_rated[:, None] * shares).sum(axis=0) / w_rated.sum()
    pa = 0.0
    if w_pair.sum() > 0:
        r = raters[pairable]
        agree = (counts[pairable] * (counts[pairable] - 1)).sum(axis=1) / (r * (r - 1))
        pa = float((w_pair * agree).sum() / w_pair.sum())
    return MultiRaterParts(pa, pi, float(w_pair.sum()), counts[pairable], w_pair)


def percent_agreement(matrix: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> Agreement:
    """Percent agreement as a fraction: `Po = sum_c n_cc / N` for two coders.

    For more than two coders it is the mean over units of the share of agreeing coder pairs,
    `P_u = sum_k n_uk (n_uk - 1) / (r_u (r_u - 1))` (Fleiss 1971, P-bar). Units with fewer than
    two ratings are left out.
    """
    values, w = prepare(matrix, weights)
    parts = multi_rater_parts(values, w, categories_of(values))
    if parts.n_pairable <= 0:
        return Agreement(
            "percent_agreement", None, None, None, 0, "undefined: no unit rated by two coders"
        )
    return Agreement("percent_agreement", parts.pa, parts.pa, None, round(parts.n_pairable))


def paired_table(values: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The contingency table of two coders over the units both rated, and its categories."""
    both = ~np.isnan(values).any(axis=0)
    pair, w = values[:, both], weights[both]
    categories = categories_of(pair)
    k = categories.size
    rows = np.searchsorted(categories, pair[0])
    cols = np.searchsorted(categories, pair[1])
    table = np.bincount(rows * k + cols, weights=w, minlength=k * k).reshape(k, k)
    return cast("FloatArray", table), categories  # float64: bincount with float weights


def _two_coder_table(
    name: str, matrix: npt.ArrayLike, weights: npt.ArrayLike | None
) -> FloatArray | Agreement:
    values, w = prepare(matrix, weights)
    if values.shape[0] != 2:
        return Agreement(
            name, None, None, None, 0, f"needs exactly two coders ({values.shape[0]} given)"
        )
    return paired_table(values, w)[0]


def cohen_kappa_from_table(table: npt.ArrayLike) -> Agreement:
    """Cohen's kappa from a contingency table (rows coder 1, columns coder 2).

    `kappa = (Po - Pe) / (1 - Pe)`, `Po = sum_c n_cc / N`, `Pe = sum_c (n_c+ / N)(n_+c / N)`
    (Cohen 1960, Educational and Psychological Measurement 20:37-46).
    """
    t = np.asarray(table, dtype=np.float64)
    n = t.sum()
    if n <= 0:
        return chance_corrected("cohen_kappa", 0.0, 0.0, 0.0)
    po = np.trace(t) / n
    pe = float((t.sum(axis=1) / n) @ (t.sum(axis=0) / n))
    return chance_corrected("cohen_kappa", float(po), pe, n)


def cohen_kappa(matrix: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> Agreement:
    """Cohen's kappa for two coders over the units both rated; see `cohen_kappa_from_table`."""
    table = _two_coder_table("cohen_kappa", matrix, weights)
    return table if isinstance(table, Agreement) else cohen_kappa_from_table(table)


def scott_pi(matrix: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> Agreement:
    """Scott's pi for two coders: `(Po - Pe) / (1 - Pe)` with `Pe = sum_c ((n_c+ + n_+c) / 2N)^2`.

    Chance uses the two coders' pooled category proportions (Scott 1955, Public Opinion
    Quarterly 19:321-325). For more than two coders use `fleiss_kappa`, its generalisation.
    """
    table = _two_coder_table("scott_pi", matrix, weights)
    if isinstance(table, Agreement):
        return table
    n = table.sum()
    if n <= 0:
        return chance_corrected("scott_pi", 0.0, 0.0, 0.0)
    pooled = (table.sum(axis=0) + table.sum(axis=1)) / (2 * n)
    return chance_corrected("scott_pi", float(np.trace(table) / n), float(pooled @ pooled), n)
