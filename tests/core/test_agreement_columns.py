"""Codings and segments as numpy tables, and merging columns by counted keys: the same figures.

`agreement_report` takes `CodingTable`/`SegmentTable` (what the store reads in bulk) as well as
`Coding` lists and `{doc_id: spans}` mappings; every matrix and every number must be identical.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.test_agreement_units import CODES, reference, sorted_columns, studies
from themecoder.core.agreement import agreement_report, build_unit_matrices, krippendorff_alpha
from themecoder.core.agreement.columns import CodingTable, SegmentTable, segment_table
from themecoder.core.agreement.keys import coded_unit_keys, compress, compress_coded
from themecoder.core.agreement.units import overlapped_units_by_row
from themecoder.core.errors import InputError
from themecoder.core.model import Coding


def as_table(codings: list[Coding], coders: list[str]) -> CodingTable:
    """The codings as a table whose names come in another order, with names not in scope."""
    codes = ("unused", *reversed(CODES))
    names = ("Z", *reversed(coders))
    rows = [(c.doc_id, codes.index(c.code), names.index(c.coder), c.start, c.end) for c in codings]
    rows.append((99, 1, 1, 0, 5))  # a document not in scope: ignored
    rows.append((0, 0, 1, 0, 5))  # a code not in scope: ignored
    doc_id, code, coder, start, end = np.asarray(rows, dtype=np.int64).reshape(-1, 5).T
    return CodingTable(codes, names, doc_id, code, coder, start, end)


def as_segment_table(segments: dict[int, list[tuple[int, int]]]) -> SegmentTable:
    """The segments as a table in reverse order (the core sorts them), plus another document."""
    table = segment_table({**segments, 99: [(0, 4)]})
    return SegmentTable(table.doc_id[::-1], table.end[::-1], table.start[::-1])  # backwards spans


def sentences(documents: list[tuple[int, int]], width: int) -> dict[int, list[tuple[int, int]]]:
    return {
        doc_id: [(s, min(s + width, length)) for s in range(0, length, width + 1)]
        for doc_id, length in documents
    }


def assert_identical(fast: list, slow: list) -> None:
    for a, b in zip(fast, slow, strict=True):
        assert a.code == b.code and a.coders == b.coders
        np.testing.assert_array_equal(a.values, b.values)  # nan equals nan here
        np.testing.assert_array_equal(a.weights, b.weights)


@settings(max_examples=120, deadline=None)
@given(
    studies(),
    st.sampled_from(["char", "sentence", "turn", "document"]),
    st.booleans(),
    st.booleans(),
    st.integers(1, 9),
)
def test_tables_give_identical_matrices_and_reports(study, unit, exclude_uncoded, missing, width):
    documents, coders, codings = study
    segments = sentences(documents, width)
    options = {"exclude_uncoded": exclude_uncoded, "missing_uncoded_documents": missing}
    args = (documents, codings, coders, CODES, unit, segments)
    table_args = (
        documents,
        as_table(codings, coders),
        coders,
        CODES,
        unit,
        as_segment_table(segments),
    )
    assert_identical(
        build_unit_matrices(*table_args, **options), build_unit_matrices(*args, **options)
    )
    assert (
        agreement_report(*table_args, **options).to_dict()
        == agreement_report(*args, **options).to_dict()
    )


def sorted_merge(states: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Identical columns merged by sorting their keys, as before keys were counted."""
    digits = np.where(np.isnan(states), 2, states).astype(np.int64)
    keys = (digits * (3 ** np.arange(states.shape[0]))[:, None]).sum(axis=0)
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return states[:, first], np.bincount(inverse.ravel(), weights=weights, minlength=unique.size)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5), st.integers(0, 40), st.integers(0, 2**32 - 1))
def test_counted_keys_merge_as_sorting_does(n_coders, n_columns, seed):
    rng = np.random.default_rng(seed)
    coded = rng.random((n_coders, n_columns)) < 0.4
    missing = rng.random((n_coders, n_columns)) < 0.2
    weights = rng.integers(1, 50, n_columns).astype(np.float64)
    states = coded.astype(np.float64)
    states[missing] = np.nan
    values, summed = sorted_merge(states, weights)
    coders = [f"c{i}" for i in range(n_coders)]
    for matrix in (
        compress("x", coders, states, weights),
        compress_coded("x", coders, coded, missing, weights),
    ):
        np.testing.assert_array_equal(matrix.values, values)
        np.testing.assert_array_equal(matrix.weights, summed)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(0, 30), st.integers(0, 2**32 - 1))
def test_coded_unit_keys_match_coder_by_coder_presence(n_coders, n_codings, seed):
    rng = np.random.default_rng(seed)
    bounds = np.unique(rng.integers(0, 200, 40))
    unit_starts, unit_ends = bounds[:-1:2], bounds[1::2]  # sorted, disjoint, gaps between
    starts = rng.integers(0, 200, n_codings)
    ends = starts + rng.integers(0, 30, n_codings)
    coder = rng.integers(0, n_coders, n_codings)
    keys = coded_unit_keys(unit_starts, unit_ends, starts, ends, coder, n_coders)
    rows = overlapped_units_by_row(unit_starts, unit_ends, starts, ends, coder, n_coders)
    expected = (rows * (3 ** np.arange(n_coders))[:, None]).sum(axis=0)
    assert keys is not None
    np.testing.assert_array_equal(keys, expected)


def test_thirteen_coders_merge_by_sorting_with_the_same_result():
    coders = [f"coder{i:02d}" for i in range(13)]
    assert coded_unit_keys(np.array([0]), np.array([5]), np.array([0]), np.array([1]),
                           np.array([0]), 13) is None  # fmt: skip
    codings = [
        Coding(1, CODES[i % 2], coder, 10 * i, 10 * i + 25) for i, coder in enumerate(coders)
    ] + [Coding(1, "a", coders[0], 150, 170)]
    documents = [(1, 200)]
    segments = {1: [(s, s + 9) for s in range(0, 200, 10)]}
    units = [(1, s, e) for s, e in segments[1]]
    for missing in (False, True):
        matrices = build_unit_matrices(
            documents, codings, coders, CODES, "sentence", segments,
            missing_uncoded_documents=missing,
        )  # fmt: skip
        for matrix, code in zip(matrices, CODES, strict=True):
            slow = reference(units, codings, coders, code, False, missing)
            assert sorted_columns(matrix.expanded()) == sorted_columns(slow)
            fast_alpha = krippendorff_alpha(matrix.values, weights=matrix.weights).value
            assert fast_alpha == pytest.approx(krippendorff_alpha(slow).value, abs=1e-12)


@pytest.mark.parametrize(
    ("segments", "message"),
    [
        ({2: [(0, 5), (3, 8)], 1: [(0, 50)]}, "outside document 1"),  # first by layout order
        ({1: [(0, 5), (3, 8)], 2: [(0, 50)]}, "units of document 1 overlap"),
        ({2: [(4, 9), (0, 5), (-1, 2)]}, "outside document 2"),  # outside reported first
        ({2: [(8, 4), (0, 5)]}, "units of document 2 overlap"),  # backwards span sorted
    ],
)
def test_bad_segments_name_the_first_document_in_either_form(segments, message):
    documents, codings = [(1, 10), (2, 10)], [Coding(1, "a", "A", 0, 5)]
    for given_as in (segments, segment_table(segments)):
        with pytest.raises(InputError, match=message):
            build_unit_matrices(documents, codings, ["A", "B"], CODES, "sentence", given_as)


def test_a_coding_table_gives_its_rows_as_codings():
    table = CodingTable(
        ("a", "b"),
        ("A", "B"),
        *(np.asarray(c) for c in ([1, 2], [1, 0], [0, 1], [0, 5], [4, 9], [7, 8])),
    )
    assert len(table) == 2
    assert table.take([1, 0]).codings() == [
        Coding(2, "a", "B", 5, 9, id=8),
        Coding(1, "b", "A", 0, 4, id=7),
    ]
    with pytest.raises(InputError, match="outside document 2"):
        build_unit_matrices([(1, 10), (2, 8)], table, ["A", "B"], ["a", "b"], "char")
