"""The interval-arithmetic unit matrices against a slow one-unit-at-a-time reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from themecoder.core.agreement import (
    build_unit_matrices,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from themecoder.core.agreement.spans import complement, merge_intervals
from themecoder.core.model import Coding

CODES = ["a", "b"]


@st.composite
def studies(draw):
    """1-3 documents of 0-30 characters, 2-3 coders, codings of codes a and b (some backwards)."""
    lengths = draw(st.lists(st.integers(0, 30), min_size=1, max_size=3))
    coders = ["A", "B", "C"][: draw(st.integers(2, 3))]
    codings = []
    for doc_id, length in enumerate(lengths):
        if length == 0:
            continue
        for _ in range(draw(st.integers(0, 8))):
            start, end = draw(st.integers(0, length)), draw(st.integers(0, length))
            codings.append(
                Coding(
                    doc_id, draw(st.sampled_from(CODES)), draw(st.sampled_from(coders)), start, end
                )
            )
    return list(enumerate(lengths)), coders, codings


def covered(codings, doc_id, coder, codes, pos_start, pos_end):
    """Whether any non-empty coding of (doc, coder, one of codes) overlaps [pos_start, pos_end)."""
    return any(
        c.doc_id == doc_id and c.coder == coder and c.code in codes and c.start != c.end
        and min(c.start, c.end) < pos_end and max(c.start, c.end) > pos_start
        for c in codings
    )  # fmt: skip


def reference(units, codings, coders, code, exclude_uncoded, missing):
    """Coders x units, built one unit and one coder at a time."""
    columns = []
    for doc_id, start, end in units:
        if exclude_uncoded and not any(
            covered(codings, doc_id, c, CODES, start, end) for c in coders
        ):
            continue
        column = []
        for coder in coders:
            if missing and not covered(codings, doc_id, coder, CODES, -1, 10**9):
                column.append(np.nan)
            else:
                column.append(float(covered(codings, doc_id, coder, [code], start, end)))
        columns.append(column)
    return np.array(columns, dtype=float).reshape(-1, len(coders)).T


def sorted_columns(matrix: np.ndarray) -> list[tuple]:
    return sorted(map(tuple, np.nan_to_num(matrix, nan=2.0).T.tolist()))


def assert_same_statistics(fast, slow):
    assert sorted_columns(fast.expanded()) == sorted_columns(slow)
    for statistic in (percent_agreement, fleiss_kappa, krippendorff_alpha):
        a, b = statistic(fast.values, weights=fast.weights), statistic(slow)
        assert (a.value is None) == (b.value is None)
        if a.value is not None:
            assert a.value == pytest.approx(b.value, abs=1e-9)


@settings(max_examples=120, deadline=None)
@given(studies(), st.booleans(), st.booleans())
def test_char_units_match_a_per_character_reference(study, exclude_uncoded, missing):
    documents, coders, codings = study
    fast = build_unit_matrices(
        documents, codings, coders, CODES, "char",
        exclude_uncoded=exclude_uncoded, missing_uncoded_documents=missing,
    )  # fmt: skip
    chars = [(doc_id, pos, pos + 1) for doc_id, length in documents for pos in range(length)]
    for matrix, code in zip(fast, CODES, strict=True):
        assert_same_statistics(
            matrix, reference(chars, codings, coders, code, exclude_uncoded, missing)
        )


@settings(max_examples=80, deadline=None)
@given(studies(), st.booleans(), st.booleans(), st.integers(1, 9))
def test_sentence_units_match_a_per_unit_reference(study, exclude_uncoded, missing, width):
    documents, coders, codings = study
    # sentences of `width` characters separated by one space that belongs to no sentence
    segments = {
        doc_id: [(s, min(s + width, length)) for s in range(0, length, width + 1)]
        for doc_id, length in documents
    }
    fast = build_unit_matrices(
        documents, codings, coders, CODES, "sentence", segments,
        exclude_uncoded=exclude_uncoded, missing_uncoded_documents=missing,
    )  # fmt: skip
    units = [(doc_id, s, e) for doc_id, spans in segments.items() for s, e in spans if e > s]
    for matrix, code in zip(fast, CODES, strict=True):
        assert_same_statistics(
            matrix, reference(units, codings, coders, code, exclude_uncoded, missing)
        )


def test_merge_intervals_touching_or_not():
    starts, ends = merge_intervals([5, 0, 10, 30], [10, 5, 12, 30])
    assert (starts.tolist(), ends.tolist()) == ([0], [12])  # empty [30, 30) dropped
    starts, ends = merge_intervals([0, 5, 7], [5, 10, 8], touching=False)
    assert (starts.tolist(), ends.tolist()) == ([0, 5], [5, 10])


def test_complement_cuts_gaps_at_breaks_only_inside_gaps():
    starts, ends = complement(np.array([10, 30]), np.array([20, 40]), 0, 100, breaks=(15, 25, 50))
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == [
        (0, 10),
        (20, 25),
        (25, 30),
        (40, 50),
        (50, 100),
    ]
