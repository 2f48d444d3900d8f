"""Agreement coefficients against the published worked examples (T1-T8) and other libraries."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from themecoder.core.agreement import (
    brennan_prediger,
    cohen_kappa,
    cohen_kappa_from_table,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    matrix_from_table,
    percent_agreement,
    scott_pi,
)

nan = np.nan
T1 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]
T2 = [[1, 1, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]]
T3 = [[ord(c) for c in "aabbbbbccccc"], [ord(c) for c in "abbbbbcccccc"]]
N = None
T4_UNITS = [
    (1, 1, 2, N, 2), (1, 1, 0, 1, N), (2, 3, 3, 3, N), (N, 0, 0, N, 0), (0, 0, 0, N, 0),
    (0, 0, 0, N, 0), (1, 0, 2, N, 1), (1, N, 2, 0, N), (2, 2, 2, N, 2), (2, 1, 1, 1, N),
    (N, 1, 0, 0, N), (0, 0, 0, 0, N), (1, 2, 2, 2, N), (3, 3, 2, 2, 3), (1, 1, 1, N, 1),
    (1, 1, 1, N, 1), (2, 1, 2, N, 2), (1, 2, 3, 3, N), (1, 1, 0, 1, N), (0, 0, 0, N, 0),
    (0, 0, 1, 1, N), (0, 0, N, 0, 0), (2, 3, 3, 3, N), (0, 0, 0, 0, N), (1, 2, N, 2, 2),
    (0, 1, 1, 1, N), (0, 0, 0, 1, 0), (1, 2, 1, 2, N), (1, 1, 2, 2, N), (1, 1, 2, N, 2),
    (1, 1, 0, N, 0), (2, 1, 2, 1, N), (2, 2, N, 2, 2), (3, 2, 2, 2, N), (2, 2, 2, N, 2),
    (2, 2, 3, N, 2), (2, 2, 2, N, 2), (2, 2, N, 1, 2), (2, 2, 2, 2, N), (1, 1, 1, N, 1),
]  # fmt: skip
T6_SUBJECTS = [
    (4, 4, 4, 4, 4, 4), (2, 2, 2, 5, 5, 5), (2, 3, 3, 3, 3, 5), (5, 5, 5, 5, 5, 5), (2, 2, 2, 4, 4, 4),
    (1, 1, 3, 3, 3, 3), (3, 3, 3, 3, 5, 5), (1, 1, 3, 3, 3, 4), (1, 1, 4, 4, 4, 4), (5, 5, 5, 5, 5, 5),
    (1, 4, 4, 4, 4, 4), (1, 2, 4, 4, 4, 4), (2, 2, 2, 3, 3, 3), (1, 4, 4, 4, 4, 4), (2, 2, 4, 4, 4, 5),
    (3, 3, 3, 3, 3, 5), (1, 1, 1, 4, 5, 5), (1, 1, 1, 1, 1, 2), (2, 2, 4, 4, 4, 4), (1, 3, 3, 5, 5, 5),
    (5, 5, 5, 5, 5, 5), (2, 4, 4, 4, 4, 4), (2, 2, 4, 5, 5, 5), (1, 1, 4, 4, 4, 4), (1, 4, 4, 4, 4, 5),
    (2, 2, 2, 2, 2, 4), (1, 1, 1, 1, 5, 5), (2, 2, 4, 4, 4, 4), (1, 3, 3, 3, 3, 3), (5, 5, 5, 5, 5, 5),
]  # fmt: skip
T8 = [[1] * 8 + [0, 1], [1] * 8 + [0, 0]]


def t4() -> np.ndarray:
    return np.array([[nan if v is None else v for v in unit] for unit in T4_UNITS]).T


def t6() -> np.ndarray:
    return np.array(T6_SUBJECTS, dtype=float).T


def r3(x: float | None) -> float:
    assert x is not None
    return round(x, 3)


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_t1_krippendorff_2011_all_levels(level, expected):
    assert r3(krippendorff_alpha(T1, level).value) == expected


def test_t1_nominal_parts_as_published():
    result = krippendorff_alpha(T1)
    assert (r3(result.d_o), r3(result.d_e), result.n_values, result.n_units) == (0.2, 0.779, 40, 11)


def test_t2_binary_two_coders():
    alpha = krippendorff_alpha(T2)
    assert (r3(alpha.value), r3(alpha.d_o), r3(alpha.d_e)) == (0.095, 0.4, 0.442)
    assert r3(percent_agreement(T2).value) == 0.6
    kappa = cohen_kappa(T2)
    assert (r3(kappa.value), r3(kappa.po), r3(kappa.pe), kappa.n_units) == (0.091, 0.6, 0.56, 10)
    assert r3(scott_pi(T2).value) == 0.048
    assert r3(brennan_prediger(T2, categories=[0, 1]).value) == 0.2
    assert r3(gwet_ac1(T2).value) == 0.310


def test_t3_three_categories():
    assert r3(percent_agreement(T3).value) == 0.833
    alpha = krippendorff_alpha(T3)
    assert (r3(alpha.value), r3(alpha.d_o), r3(alpha.d_e)) == (0.734, 0.167, 0.627)
    assert r3(cohen_kappa(T3).value) == 0.724


@pytest.mark.parametrize(
    ("level", "expected"), [("ordinal", 0.760), ("nominal", 0.477), ("interval", 0.757)]
)
def test_t4_hayes_krippendorff_five_observers(level, expected):
    assert r3(krippendorff_alpha(t4(), level).value) == expected


def test_t5_cohen_1960_page_45():
    table = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]
    kappa = cohen_kappa_from_table(table)
    assert (r3(kappa.po), r3(kappa.pe), r3(kappa.value), kappa.n_units) == (0.7, 0.41, 0.492, 200)
    matrix, weights = matrix_from_table(table)
    assert r3(cohen_kappa(matrix, weights).value) == 0.492
    assert r3(gwet_ac1(matrix, weights).value) == 0.576
    assert r3(brennan_prediger(matrix, weights).value) == 0.550
    assert r3(scott_pi(matrix, weights).value) == 0.487
    # the vectors file prints 0.489; the exact value is 0.48846 (0.488 to 3 decimals), which the
    # krippendorff package gives too
    theirs = krippendorff.alpha(
        np.repeat(matrix, weights.astype(int), axis=1), level_of_measurement="nominal"
    )
    assert krippendorff_alpha(matrix, weights=weights).value == pytest.approx(theirs, abs=1e-12)
    assert krippendorff_alpha(matrix, weights=weights).value == pytest.approx(0.489, abs=6e-4)


def test_t5_cohen_1960_page_37_negative():
    table = [[25, 12, 3], [13, 2, 15], [12, 16, 2]]
    kappa = cohen_kappa_from_table(table)
    assert (r3(kappa.po), r3(kappa.pe), r3(kappa.value)) == (0.29, 0.35, -0.092)
    assert r3(gwet_ac1(*matrix_from_table(table)).value) == -0.048


def test_t6_fleiss_1971():
    result = fleiss_kappa(t6())
    assert (r3(result.value), r3(result.po), r3(result.pe), result.n_units) == (
        0.430,
        0.556,
        0.220,
        30,
    )
    per_category = [r3(c.value) for c in result.per_category]
    assert per_category == [0.245, 0.245, 0.520, 0.471, 0.566]
    assert [c.category for c in result.per_category] == [1, 2, 3, 4, 5]
    assert r3(brennan_prediger(t6(), categories=[1, 2, 3, 4, 5]).value) == 0.444
    assert r3(krippendorff_alpha(t6()).value) == 0.433
    assert r3(gwet_ac1(t6()).value) == 0.448


@pytest.mark.parametrize(
    ("table", "kappa"),
    [
        ([[50, 0, 0], [10, 10, 10], [20, 0, 0]], 0.273),
        ([[50, 0, 10], [0, 10, 10], [10, 10, 0]], 0.286),
    ],
)
def test_t7_brennan_prediger_1981(table, kappa):
    assert r3(cohen_kappa_from_table(np.array(table) / 100).value) == kappa
    matrix, weights = matrix_from_table(table)
    result = brennan_prediger(matrix, weights, categories=[0, 1, 2])
    assert (r3(result.value), r3(result.pe)) == (0.4, 0.333)


def test_t7_first_table_observed_agreement():
    assert r3(cohen_kappa_from_table([[50, 0, 0], [10, 10, 10], [20, 0, 0]]).po) == 0.6


def test_t8_prevalence_paradox():
    assert r3(percent_agreement(T8).value) == 0.9
    ac1 = gwet_ac1(T8)
    assert (r3(ac1.value), r3(ac1.pe)) == (0.866, 0.255)
    assert r3(cohen_kappa(T8).value) == 0.615
    assert r3(scott_pi(T8).value) == 0.608
    assert r3(krippendorff_alpha(T8).value) == 0.627
    assert r3(brennan_prediger(T8).value) == 0.8


def test_percent_agreement_of_three_coders_is_mean_pairwise():
    matrix = [[1, 1, 0], [1, 0, 0], [1, 0, nan]]
    # unit 1: 3 of 3 pairs agree; unit 2: 1 of 3; unit 3: the 1 pair agrees
    assert percent_agreement(matrix).value == pytest.approx((1 + 1 / 3 + 1) / 3)


@pytest.mark.parametrize("value", [0, 1])
def test_no_variation_is_none_with_a_note(value):
    matrix = np.full((2, 5), value)
    for result in (
        cohen_kappa(matrix),
        scott_pi(matrix),
        fleiss_kappa(matrix),
        krippendorff_alpha(matrix),
    ):
        assert result.value is None
        assert "no variation" in result.note
    assert percent_agreement(matrix).value == 1.0
    assert all(c.value is None for c in fleiss_kappa(matrix).per_category)


def test_no_pairable_unit_is_none_with_a_note():
    matrix = [[1, nan, 0], [nan, 0, nan]]
    for result in (
        percent_agreement(matrix),
        cohen_kappa(matrix),
        fleiss_kappa(matrix),
        krippendorff_alpha(matrix),
    ):
        assert result.value is None
        assert result.note


def test_single_category_makes_ac1_and_bp_undefined():
    matrix = np.ones((2, 4))
    assert gwet_ac1(matrix).value is None
    assert brennan_prediger(matrix).value is None
    assert "q < 2" in gwet_ac1(matrix).note
    assert gwet_ac1(matrix, categories=[0, 1]).value == 1.0  # defined: Pe = 0.5 with q = 2


def test_two_coder_statistics_refuse_three_coders():
    for result in (cohen_kappa(T1[:3]), scott_pi(T1[:3])):
        assert result.value is None
        assert "two coders" in result.note


def test_undefined_cohen_kappa_from_empty_table():
    assert cohen_kappa_from_table([[0, 0], [0, 0]]).value is None


def test_categories_must_cover_the_ratings():
    with pytest.raises(ValueError, match="not among the categories"):
        gwet_ac1(T3, categories=[97, 98])


def test_bad_matrix_shape_and_weights():
    with pytest.raises(ValueError):
        percent_agreement([1, 2, 3])
    with pytest.raises(ValueError):
        percent_agreement(T2, weights=[1, 2])


def matrices(min_coders: int = 2, max_coders: int = 5):
    """Random reliability matrices: 2-5 coders, 2-15 units, categories 1-4, some missing."""
    return st.integers(min_coders, max_coders).flatmap(
        lambda m: st.integers(2, 15).flatmap(
            lambda u: st.lists(
                st.lists(
                    st.one_of(st.integers(1, 4).map(float), st.just(nan)), min_size=u, max_size=u
                ),
                min_size=m,
                max_size=m,
            )
        )
    )


@settings(max_examples=80, deadline=None)
@given(matrices(), st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_alpha_matches_the_krippendorff_package(matrix, level):
    ours = krippendorff_alpha(matrix, level)
    try:
        with np.errstate(invalid="ignore", divide="ignore"):
            theirs = krippendorff.alpha(
                reliability_data=np.array(matrix), level_of_measurement=level
            )
    except ValueError:  # the package refuses data with one value or none
        theirs = nan
    if ours.value is None:
        assert ours.note and not np.isfinite(theirs)
    else:
        assert ours.value == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(matrices(2, 2))
def test_cohen_kappa_matches_scikit_learn(matrix):
    values = np.array(matrix)
    both = ~np.isnan(values).any(axis=0)
    ours = cohen_kappa(values)
    if both.sum() == 0 or ours.value is None:
        assert ours.note
        return
    theirs = cohen_kappa_score(values[0, both], values[1, both])
    assert ours.value == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(matrices(), st.lists(st.integers(0, 4), min_size=15, max_size=15))
def test_weights_equal_repeated_columns(matrix, counts):
    values = np.array(matrix)
    weights = np.array(counts[: values.shape[1]])
    repeated = np.repeat(values, weights, axis=1)
    pairs = [
        (percent_agreement(values, weights), percent_agreement(repeated)),
        (fleiss_kappa(values, weights), fleiss_kappa(repeated)),
        (gwet_ac1(values, weights), gwet_ac1(repeated)),
        (brennan_prediger(values, weights), brennan_prediger(repeated)),
        (krippendorff_alpha(values, "ordinal", weights), krippendorff_alpha(repeated, "ordinal")),
    ]
    for weighted, plain in pairs:
        assert (
            weighted.value == pytest.approx(plain.value, abs=1e-9)
            if plain.value is not None
            else weighted.value is None
        )


@settings(max_examples=40, deadline=None)
@given(matrices(2, 2))
def test_fleiss_on_two_complete_coders_is_scott_pi(matrix):
    values = np.array(matrix)
    complete = values[:, ~np.isnan(values).any(axis=0)]
    fleiss, scott = fleiss_kappa(complete), scott_pi(complete)
    if scott.value is None:
        assert fleiss.value is None
    else:
        assert fleiss.value == pytest.approx(scott.value, abs=1e-9)
