"""Agreement from codings: units, the report, NVivo's vectors (T9-T11) and pooling (T14)."""

from __future__ import annotations

import numpy as np
import pytest

from themecoder.core.agreement import agreement_report, build_unit_matrices, cohen_kappa
from themecoder.core.agreement.report import COLUMNS, pool_chance_corrected
from themecoder.core.errors import InputError
from themecoder.core.model import Coding


def coding(coder: str, start: int, end: int, code: str = "x", doc: int = 1) -> Coding:
    return Coding(doc_id=doc, code=code, coder=coder, start=start, end=end)


def char_row(a_spans, b_spans, length, code="x", **options):
    codings = [coding("A", s, e) for s, e in a_spans] + [coding("B", s, e) for s, e in b_spans]
    report = agreement_report([(1, length)], codings, ["A", "B"], [code], "char", **options)
    return report.codes[0]


def test_t9_nvivo_help_example():
    row = char_row([(100, 250)], [(200, 300)], 1000)
    assert row.n_units == 1000
    assert round(row.percent_agreement, 3) == 0.85
    assert round(row.cohen_kappa, 3) == 0.318
    assert round(row.krippendorff_alpha, 3) == 0.315
    kappa = row.parts["cohen_kappa"]
    assert (kappa.po, round(kappa.pe, 3)) == (0.85, 0.78)  # NVivo: sum EF / N = 780 / 1000


def test_t10_qualcoder_style_vector():
    row = char_row([(10, 41)], [(17, 46)], 115)
    assert round(row.percent_agreement, 4) == 0.8957
    assert round(row.cohen_kappa, 4) == 0.7295
    assert round(row.krippendorff_alpha, 4) == 0.7306


def test_t11_one_coder_coded_nothing():
    row = char_row([(100, 250)], [], 1000)
    assert round(row.percent_agreement, 3) == 0.85
    assert row.cohen_kappa == pytest.approx(0.0, abs=1e-12)  # NVivo shows 0
    assert round(row.krippendorff_alpha, 3) == -0.081


@pytest.mark.parametrize(("a", "b"), [([], []), ([(0, 1000)], [(0, 1000)])])
def test_t11_degenerate_cases_are_null_with_a_note(a, b):
    row = char_row(a, b, 1000)
    assert row.cohen_kappa is None
    assert row.krippendorff_alpha is None
    assert row.fleiss_kappa is None
    assert "0/0" in row.note
    assert ("no coder applied" in row.note) == (not a)
    assert row.percent_agreement == 1.0


def t14_codings() -> list[Coding]:
    """Ten documents as units: code 1 coded as T2, code 2 as T8."""
    t2 = ([1, 1, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 1, 0, 0, 1, 0, 1, 0, 0])
    t8 = ([1] * 8 + [0, 1], [1] * 8 + [0, 0])
    result = []
    for code, (a, b) in (("one", t2), ("two", t8)):
        for coder, row in (("A", a), ("B", b)):
            result += [coding(coder, 2, 5, code, doc) for doc, v in enumerate(row) if v]
    return result


def test_t14_pooled_kappa_is_not_the_mean_kappa():
    report = agreement_report(
        [(d, 10) for d in range(10)], t14_codings(), ["A", "B"], ["one", "two"], "document"
    )
    kappas = [row.cohen_kappa for row in report.codes]
    assert [round(k, 3) for k in kappas] == [0.091, 0.615]
    assert round(sum(kappas) / 2, 3) == 0.353
    assert round(report.overall.cohen_kappa, 3) == 0.286
    pooled = report.overall.parts["cohen_kappa"]
    assert (round(pooled.po, 3), round(pooled.pe, 3)) == (0.75, 0.65)
    assert report.overall.n_units == 10


def test_t14_pooling_function_directly():
    t2 = cohen_kappa([[1, 1, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]])
    t8 = cohen_kappa([[1] * 8 + [0, 1], [1] * 8 + [0, 0]])
    assert round(pool_chance_corrected("cohen_kappa", [t2, t8]).value, 3) == 0.286


def test_an_unused_code_leaves_the_pooled_kappa_unchanged():
    codings = [coding("A", 100, 250), coding("B", 200, 300)]
    one = agreement_report([(1, 1000)], codings, ["A", "B"], ["x"])
    two = agreement_report([(1, 1000)], codings, ["A", "B"], ["x", "unused"])
    assert two.overall.cohen_kappa == pytest.approx(one.overall.cohen_kappa)
    assert two.codes[1].cohen_kappa is None


def test_alpha_u_in_the_report_is_t12():
    spans = {"i": [(225, 295), (370, 400)], "j": [(220, 300), (355, 375), (400, 420)]}
    codings = [coding(c, s - 150, e - 150, "c") for c, pairs in spans.items() for s, e in pairs]
    report = agreement_report([(1, 300)], codings, ["i", "j"], ["c"], "char")
    assert round(report.codes[0].alpha_u, 3) == 0.729
    assert report.to_dict()["alpha_u_variant"].startswith("alpha_U")


def test_json_shape_matches_the_cli_contract():
    data = agreement_report(
        [(1, 1000)], [coding("A", 100, 250), coding("B", 200, 300)], ["A", "B"], ["x"]
    ).to_dict()
    assert {"unit", "coders", "codes", "overall"} <= data.keys()
    row = data["codes"][0]
    assert list(row)[:7] == [
        "code", "n_units", "percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "note",
    ]  # fmt: skip
    assert {"gwet_ac1", "brennan_prediger", "alpha_u"} <= row.keys()
    assert data["overall"]["code"] is None and data["overall"]["n_codes"] == 1
    sentence = agreement_report([(1, 10)], [], ["A", "B"], ["x"], "document").to_dict()
    assert "alpha_u" not in sentence["codes"][0]


def test_three_coders_have_no_cohen_kappa_but_fleiss_and_alpha():
    codings = [coding("A", 0, 50), coding("B", 10, 50), coding("C", 0, 40)]
    report = agreement_report([(1, 100)], codings, ["A", "B", "C"], ["x"])
    row = report.codes[0]
    assert row.cohen_kappa is None and "two coders" in row.note
    assert row.fleiss_kappa is not None and row.krippendorff_alpha is not None
    assert report.overall.cohen_kappa is None and report.overall.note


SENTENCES = {1: [(0, 10), (11, 20), (21, 30)], 2: [(0, 15), (16, 30)]}


def test_sentence_units_presence_by_overlap():
    codings = [
        coding("A", 5, 12, doc=1),  # sentences 0 and 1 of doc 1
        coding("B", 10, 11, doc=1),  # the gap between sentences: overlaps none
        coding("B", 16, 17, doc=2),  # sentence 1 of doc 2
    ]
    [matrix] = build_unit_matrices(
        [(1, 30), (2, 30)], codings, ["A", "B"], ["x"], "sentence", SENTENCES
    )
    assert matrix.n_units == 5
    columns = sorted(map(tuple, matrix.expanded().T.tolist()))
    assert columns == [(0, 0), (0, 0), (0, 1), (1, 0), (1, 0)]


def test_document_units_and_exclude_uncoded():
    codings = [
        coding("A", 0, 3, doc=1),
        coding("B", 0, 3, doc=1),
        coding("A", 0, 3, code="y", doc=2),
    ]
    docs = [(1, 10), (2, 10), (3, 10)]
    plain = build_unit_matrices(docs, codings, ["A", "B"], ["x", "y"], "document")
    assert [m.n_units for m in plain] == [3, 3]
    excluded = build_unit_matrices(
        docs, codings, ["A", "B"], ["x", "y"], "document", exclude_uncoded=True
    )
    assert [m.n_units for m in excluded] == [2, 2]  # doc 3 coded by no one with x or y


def test_char_exclude_uncoded_keeps_text_any_coder_coded_with_any_code():
    codings = [coding("A", 100, 250), coding("B", 200, 300), coding("B", 500, 520, code="y")]
    row = agreement_report(
        [(1, 1000)], codings, ["A", "B"], ["x", "y"], exclude_uncoded=True
    ).codes[0]
    assert row.n_units == 220
    assert row.percent_agreement == pytest.approx(70 / 220)


def test_missing_uncoded_documents_become_missing_not_zero():
    codings = [coding("A", 0, 5, doc=1), coding("B", 0, 5, doc=1), coding("A", 0, 5, doc=2)]
    docs = [(1, 10), (2, 10)]
    strict = agreement_report(docs, codings, ["A", "B"], ["x"], "document")
    lenient = agreement_report(
        docs, codings, ["A", "B"], ["x"], "document", missing_uncoded_documents=True
    )
    assert strict.codes[0].percent_agreement == 0.5
    assert lenient.codes[0].percent_agreement == 1.0  # B never opened doc 2
    chars = agreement_report(
        docs, codings, ["A", "B"], ["x"], "char", missing_uncoded_documents=True
    )
    assert chars.codes[0].parts["krippendorff_alpha"].n_values == 20  # doc 1 only, two coders
    assert chars.codes[0].alpha_u == 1.0  # unitizing judged on doc 1 only


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"coders": ["A"]}, "at least two coders"),
        ({"coders": ["A", "A"]}, "listed twice"),
        ({"unit": "word"}, "not one of"),
        ({"codes": []}, "no code"),
        ({"codings": [coding("A", 5, 1001)]}, "outside document 1"),
        ({"unit": "sentence"}, "no sentence segments"),
        ({"unit": "sentence", "segments": {1: [(0, 10), (5, 20)]}}, "overlap"),
    ],
)
def test_bad_input_is_a_one_line_input_error(kwargs, message):
    args = {"documents": [(1, 1000)], "codings": [], "coders": ["A", "B"], "codes": ["x"]} | kwargs
    with pytest.raises(InputError, match=message) as caught:
        agreement_report(**args)
    assert "\n" not in str(caught.value)


def test_backwards_codings_are_sorted():
    forwards = char_row([(100, 250)], [(200, 300)], 1000)
    backwards = char_row([(250, 100)], [(300, 200)], 1000)
    assert forwards.to_dict(COLUMNS) == backwards.to_dict(COLUMNS)


def test_codings_of_other_coders_codes_and_documents_are_ignored():
    codings = [
        coding("A", 100, 250),
        coding("B", 200, 300),
        coding("C", 0, 900),
        coding("A", 0, 5, doc=9),
    ]
    codings.append(coding("A", 0, 999, code="other"))
    row = agreement_report([(1, 1000)], codings, ["A", "B"], ["x"]).codes[0]
    assert round(row.cohen_kappa, 3) == 0.318
    assert np.isclose(row.percent_agreement, 0.85)
