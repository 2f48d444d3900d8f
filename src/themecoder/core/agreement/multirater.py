"""Coefficients for any number of coders: Fleiss' kappa, Gwet's AC1, Brennan-Prediger.

All three share the observed agreement `Pa` (mean share of agreeing coder pairs per unit) and
differ in the agreement expected by chance. Missing ratings follow Gwet (2014, Handbook of
Inter-Rater Reliability, 4th ed., ch. 2): `Pa` over the units with two or more ratings, the
category proportions `pi_k` over the units with at least one. Without missing ratings this is
exactly the textbook formula of each coefficient.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from themecoder.core.agreement.coefficients import (
    Agreement,
    CategoryKappa,
    FleissKappa,
    FloatArray,
    MultiRaterParts,
    categories_of,
    chance_corrected,
    multi_rater_parts,
    prepare,
)


def _category_set(values: FloatArray, categories: npt.ArrayLike | None) -> FloatArray:
    observed = categories_of(values)
    if categories is None:
        return observed
    given = np.unique(np.asarray(categories, dtype=np.float64))
    unknown = np.setdiff1d(observed, given)
    if unknown.size:
        raise ValueError(f"ratings {unknown.tolist()} are not among the categories given")
    return given


def fleiss_kappa(matrix: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> FleissKappa:
    """Fleiss' kappa: `(P - Pe) / (1 - Pe)`, `Pe = sum_j p_j^2`.

    `P` is the mean over units of `P_i = sum_j n_ij (n_ij - 1) / (n (n - 1))` and `p_j` the share
    of all ratings in category j (Fleiss 1971, Psychological Bulletin 76:378-382).

    Per category j: `kappa_j = 1 - sum_i n_ij (n - n_ij) / (N n (n - 1) p_j q_j)` (same paper);
    with missing ratings `n` becomes each unit's own number of ratings.
    """
    values, w = prepare(matrix, weights)
    categories = categories_of(values)
    parts = multi_rater_parts(values, w, categories)
    overall = chance_corrected(
        "fleiss_kappa", parts.pa, float(parts.pi @ parts.pi), parts.n_pairable
    )
    per_category = tuple(_category_kappa(parts, j, float(c)) for j, c in enumerate(categories))
    return FleissKappa(
        overall.name,
        overall.value,
        overall.po,
        overall.pe,
        overall.n_units,
        overall.note,
        per_category,
    )


def _category_kappa(parts: MultiRaterParts, j: int, category: float) -> CategoryKappa:
    """Kappa of category j against the rest (Fleiss 1971, eq. 13)."""
    p = float(parts.pi[j])
    if parts.n_pairable <= 0 or p * (1 - p) <= 0:
        return CategoryKappa(
            category, None, p, "undefined: every rating is, or none is, this category"
        )
    r = parts.counts.sum(axis=1)
    n_j = parts.counts[:, j]
    disagree = (parts.weights * n_j * (r - n_j) / (r * (r - 1))).sum() / parts.n_pairable
    return CategoryKappa(category, float(1 - disagree / (p * (1 - p))), p)


def gwet_ac1(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    categories: npt.ArrayLike | None = None,
) -> Agreement:
    """Gwet's AC1: `(Pa - Pe) / (1 - Pe)` with `Pe = sum_k pi_k (1 - pi_k) / (q - 1)`.

    `q` is the number of categories: those given, else those observed (Gwet 2008, British
    Journal of Mathematical and Statistical Psychology 61:29-48).
    """
    values, w = prepare(matrix, weights)
    cats = _category_set(values, categories)
    if cats.size < 2:
        return Agreement(
            "gwet_ac1", None, None, None, 0, "undefined: needs two or more categories (q < 2)"
        )
    parts = multi_rater_parts(values, w, cats)
    pe = float((parts.pi * (1 - parts.pi)).sum() / (cats.size - 1))
    return chance_corrected("gwet_ac1", parts.pa, pe, parts.n_pairable)


def brennan_prediger(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    categories: npt.ArrayLike | None = None,
) -> Agreement:
    """Brennan-Prediger kappa (free marginals): `(Pa - 1/q) / (1 - 1/q)`.

    `q` is the number of categories: those given, else those observed (Brennan & Prediger
    1981, Educational and Psychological Measurement 41:687-699; for many coders Randolph's
    free-marginal multirater kappa, 2005).
    """
    values, w = prepare(matrix, weights)
    cats = _category_set(values, categories)
    if cats.size < 2:
        return Agreement(
            "brennan_prediger",
            None,
            None,
            None,
            0,
            "undefined: needs two or more categories (q < 2)",
        )
    parts = multi_rater_parts(values, w, cats)
    return chance_corrected("brennan_prediger", parts.pa, 1.0 / cats.size, parts.n_pairable)
