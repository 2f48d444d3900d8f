"""Disagreement regions for adjudication, and the union / intersection of two coders' spans."""

from __future__ import annotations

from themecoder.core.agreement import disagreements, intersect_spans, union_spans
from themecoder.core.agreement.disagreements import clusters
from themecoder.core.model import Coding


def coding(coder: str, start: int, end: int, code: str = "x", doc: int = 1) -> Coding:
    return Coding(doc_id=doc, code=code, coder=coder, start=start, end=end)


def test_identical_spans_are_no_disagreement():
    codings = [
        coding("A", 10, 20),
        coding("B", 10, 20),
        coding("A", 30, 40),
        coding("B", 30, 35),
        coding("B", 35, 40),
    ]
    assert disagreements(codings, ["A", "B"], "x") == []


def test_overlapping_spans_that_differ_form_one_region():
    codings = [coding("A", 100, 250), coding("B", 200, 300), coding("B", 280, 320)]
    [region] = disagreements(codings, ["A", "B"], "x")
    assert (region.doc_id, region.code, region.start, region.end) == (1, "x", 100, 320)
    assert region.spans == {"A": ((100, 250),), "B": ((200, 320),)}
    assert region.union("A", "B") == [(100, 320)]
    assert region.intersection("A", "B") == [(200, 250)]


def test_a_span_only_one_coder_made_is_a_region_with_an_empty_side():
    codings = [coding("A", 10, 20), coding("B", 20, 30)]  # touching, not overlapping
    regions = disagreements(codings, ["A", "B"], "x")
    assert [(r.start, r.end, r.spans["A"], r.spans["B"]) for r in regions] == [
        (10, 20, ((10, 20),), ()),
        (20, 30, (), ((20, 30),)),
    ]
    assert regions[0].intersection("A", "B") == []
    assert regions[0].union("A", "B") == [(10, 20)]


def test_scope_by_code_coder_and_document():
    codings = [
        coding("A", 0, 10),
        coding("C", 0, 5),  # coder not in scope
        coding("A", 0, 10, code="y"),  # other code
        coding("A", 0, 10, doc=2),
        coding("B", 0, 10),
    ]
    assert disagreements(codings, ["A", "B"], "x", documents={1}) == []
    [region] = disagreements(codings, ["A", "B"], "x")
    assert region.doc_id == 2 and region.spans["B"] == ()


def test_regions_sorted_by_document_and_start():
    codings = [coding("A", 50, 60, doc=2), coding("A", 5, 6, doc=2), coding("B", 0, 1, doc=1)]
    assert [(r.doc_id, r.start) for r in disagreements(codings, ["A", "B"], "x")] == [
        (1, 0),
        (2, 5),
        (2, 50),
    ]


def test_clusters_chain_through_overlaps():
    spans = [(0, 10, "A"), (8, 20, "B"), (19, 25, "A"), (25, 30, "B"), (40, 35, "A")]
    assert [[s[:2] for s in c] for c in clusters(spans)] == [
        [(0, 10), (8, 20), (19, 25)],
        [(25, 30)],
        [(35, 40)],
    ]


def test_union_and_intersection_helpers():
    a = [(0, 10), (20, 30)]
    b = [(5, 25), (40, 50)]
    assert union_spans(a, b) == [(0, 30), (40, 50)]
    assert intersect_spans(a, b) == [(5, 10), (20, 25)]
    assert intersect_spans(a, []) == []
    assert union_spans([(10, 0)]) == [(0, 10)]
