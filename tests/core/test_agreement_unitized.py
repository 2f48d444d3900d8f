"""Unitized alpha: Krippendorff's alpha_U (T12) and the coincidence-based u-alpha (T13)."""

from __future__ import annotations

import pytest

from themecoder.core.agreement import (
    Continuum,
    alpha_u,
    category_alpha_u,
    coincidence_u_alpha,
    pooled_alpha_u,
)
from themecoder.core.agreement.unitized import ALPHA_U

# Krippendorff 2004 p.254: (coder, category, start, start + length) on [150, 450)
T12 = [
    ("i", "c", 225, 295), ("i", "c", 370, 400), ("i", "k", 180, 240), ("i", "k", 300, 350),
    ("j", "c", 220, 300), ("j", "c", 355, 375), ("j", "c", 400, 420), ("j", "k", 180, 240), ("j", "k", 300, 350),
]  # fmt: skip
T12_CONTINUUM = Continuum(150, 300)

# Krippendorff 1995 p.57 (as in DKPro Agreement's Krippendorff1995Test): (offset, length, coder, category)
K1995 = [
    (2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
    (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"), (5, 1, 1, "B"),
    (6, 3, 1, "B"), (9, 1, 1, "B"),
    (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"),
    (0, 2, 1, "C"), (4, 4, 1, "C"), (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
    (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"),
    (0, 4, 1, "D"), (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D"),
]  # fmt: skip


def k1995(stretch: int = 1) -> tuple[dict, Continuum]:
    units = [(str(r), c, o * stretch, (o + n) * stretch) for o, n, r, c in K1995]
    per_category, _ = alpha_u(units, ["0", "1"], Continuum(0, 24 * stretch))
    return per_category, Continuum(0, 24 * stretch)


def test_t12_krippendorff_2004_unitizing_example():
    per_category, overall = alpha_u(T12, ["i", "j"], T12_CONTINUUM)
    c, k = per_category["c"], per_category["k"]
    assert (round(c.value, 3), round(c.d_o, 4), round(c.d_e, 4)) == (0.729, 0.0144, 0.0532)
    assert (round(k.value, 3), k.d_o, round(k.d_e, 4)) == (1.0, 0.0, 0.0490)
    assert round(overall.value, 3) == 0.859
    assert overall.value == pytest.approx(0.8591, abs=5e-4)  # DKPro's own test value
    assert overall.variant == ALPHA_U and c.category == "c" and overall.category is None


def test_t12_distances_of_the_worked_example():
    # D_o of c = 2 * (50 + 850 + 400) / (2 * 1 * 300^2): the three published section distances
    c = category_alpha_u(
        [[(225, 295), (370, 400)], [(220, 300), (355, 375), (400, 420)]], T12_CONTINUUM
    )
    assert c.d_o == pytest.approx(1300 / 90000)


@pytest.mark.parametrize(
    ("category", "d_o"), [("A", 0.03125), ("B", 2.26736), ("C", 0.02778), ("D", 0.38715)]
)
def test_t12_secondary_krippendorff_1995_observed_disagreement(category, d_o):
    per_category, _ = k1995()
    assert per_category[category].d_o == pytest.approx(d_o, abs=5e-6)


@pytest.mark.parametrize(
    ("category", "alpha"), [("A", 0.553), ("B", -0.926), ("C", 0.679), ("D", 0.066)]
)
def test_t12_secondary_continuum_limit_within_dkpro_tolerance(category, alpha):
    per_category, _ = k1995(stretch=50_000)
    assert per_category[category].value == pytest.approx(alpha, abs=0.02)


def test_expected_disagreement_matches_dkpro_at_half_scale():
    # DKPro asserts D_e(C) = 0.05494 for the 1995 example stretched by 1/2 (lengths truncated)
    units = [
        (str(r), c, int(o * 0.5), int(o * 0.5) + int(n * 0.5)) for o, n, r, c in K1995 if c == "C"
    ]
    per_category, _ = alpha_u(units, ["0", "1"], Continuum(0, 12))
    assert per_category["C"].d_e == pytest.approx(0.05494, abs=1e-5)


def test_identical_unitizing_is_one_and_empty_is_none():
    spans = [(10, 20), (40, 55)]
    assert category_alpha_u([spans, spans, spans], Continuum(0, 100)).value == 1.0
    empty = category_alpha_u([[], []], Continuum(0, 100), "x")
    assert empty.value is None and "no coder" in empty.note


def test_overall_pools_sums_not_means():
    per_category, overall = alpha_u(T12, ["i", "j"], T12_CONTINUUM)
    mean = sum(r.value for r in per_category.values()) / 2
    assert overall.value != pytest.approx(mean)
    assert pooled_alpha_u(per_category.values()).value == overall.value


def test_overlapping_units_of_one_coder_are_merged_touching_ones_kept():
    merged = category_alpha_u([[(10, 20), (15, 30)], [(10, 30)]], Continuum(0, 100))
    assert merged.value == 1.0 and merged.n_units == 2
    touching = category_alpha_u([[(10, 20), (20, 30)], [(10, 30)]], Continuum(0, 100))
    assert touching.value < 1.0 and touching.n_units == 3


def test_document_breaks_cut_gaps_and_change_only_expected_disagreement():
    spans = [[(10, 30), (120, 150)], [(12, 30), (125, 150)]]
    one = category_alpha_u(spans, Continuum(0, 200))
    two = category_alpha_u(spans, Continuum(0, 200, breaks=(100,)))
    assert one.d_o == two.d_o
    assert two.d_e < one.d_e  # fewer places for a unit to fall by chance


def test_units_outside_the_continuum_are_refused():
    with pytest.raises(ValueError, match="outside the continuum"):
        category_alpha_u([[(0, 20)], []], Continuum(10, 50))


def test_t13_coincidence_u_alpha_on_the_2004_data():
    i = [(225, 295, "c"), (370, 400, "c")]
    j = [(220, 300, "c"), (355, 375, "c"), (400, 420, "c")]
    assert round(coincidence_u_alpha([i, j], T12_CONTINUUM).value, 3) == 0.516
    k = [(180, 240, "k"), (300, 350, "k")]
    assert coincidence_u_alpha([k, k], T12_CONTINUUM).value == pytest.approx(1.0)


def test_t13_coincidence_u_alpha_synthetic_two_and_three_coders():
    a = [(10, 30, "X"), (50, 70, "Y")]
    b = [(12, 30, "X"), (50, 60, "X"), (60, 75, "Y")]
    c = [(10, 30, "X"), (55, 70, "Y")]
    assert round(coincidence_u_alpha([a, b], Continuum(0, 100)).value, 3) == 0.713
    assert round(coincidence_u_alpha([a, b, c], Continuum(0, 100)).value, 3) == 0.771


def test_u_alpha_refuses_overlapping_units_of_one_coder():
    with pytest.raises(ValueError, match="overlap"):
        coincidence_u_alpha([[(0, 10, "X"), (5, 15, "Y")], []], Continuum(0, 20))
