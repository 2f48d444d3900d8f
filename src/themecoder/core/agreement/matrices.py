"""Build one `UnitMatrix` per code from documents, segments and codings (see `units`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from themecoder.core.agreement.columns import CodingTable, SegmentTable
from themecoder.core.agreement.keys import coded_unit_keys, compress_coded, compress_keys
from themecoder.core.agreement.spans import IntArray, Span, covers, merge_intervals
from themecoder.core.agreement.units import (
    UNITS,
    CodingArrays,
    Layout,
    UnitMatrix,
    coded_documents,
    coding_arrays,
    lay_out,
    overlapped_units,
    overlapped_units_by_row,
    unit_intervals,
)
from themecoder.core.errors import InputError
from themecoder.core.model import Coding


def check_scope(unit: str, coders: Sequence[str], codes: Sequence[str]) -> None:
    """Raise InputError unless the unit is known and there are two distinct coders and a code."""
    if unit not in UNITS:
        raise InputError(f"--unit: {unit!r} is not one of {', '.join(UNITS)}")
    if len(set(coders)) != len(coders):
        raise InputError("--coders: a coder is listed twice")
    if len(coders) < 2:
        raise InputError(f"--coders: agreement needs at least two coders ({len(coders)} given)")
    if not codes:
        raise InputError("--code: no code in scope")


@dataclass(frozen=True, slots=True)
class Scope:
    """The documents, codings and coders' absences that every unit and statistic works from."""

    layout: Layout
    arrays: CodingArrays
    coders: tuple[str, ...]
    codes: tuple[str, ...]
    missing: np.ndarray | None  # coders x documents: True where the coder counts as missing


def make_scope(
    documents: Iterable[tuple[int, int]],
    codings: Iterable[Coding] | CodingTable,
    coders: Sequence[str],
    codes: Sequence[str],
    *,
    missing_uncoded_documents: bool = False,
) -> Scope:
    """Lay out the documents and keep the codings in scope (see `build_unit_matrices`)."""
    layout = lay_out(documents)
    arrays = coding_arrays(codings, layout, coders, codes)
    missing = None
    if missing_uncoded_documents:
        missing = ~coded_documents(arrays, len(coders), len(layout.doc_ids))
    return Scope(layout, arrays, tuple(coders), tuple(codes), missing)


def build_unit_matrices(
    documents: Iterable[tuple[int, int]],
    codings: Iterable[Coding] | CodingTable,
    coders: Sequence[str],
    codes: Sequence[str],
    unit: str = "char",
    segments: Mapping[int, Sequence[Span]] | SegmentTable | None = None,
    *,
    exclude_uncoded: bool = False,
    missing_uncoded_documents: bool = False,
) -> list[UnitMatrix]:
    """Per code (in the order given), the coders x units reliability data.

    Args:
        documents: `(doc_id, length)` of the documents in scope, in order.
        codings: any codings (`Coding` objects or a `CodingTable`); those of other
            documents, coders or codes are ignored.
        coders, codes: the coders (two or more) and code paths in scope.
        unit: `char`, `sentence`, `turn` or `document`.
        segments: per document id, the `(start, end)` of its sentences or turns (or a
            `SegmentTable` of them).
        exclude_uncoded: drop units that no coder coded with any code in scope.
        missing_uncoded_documents: a coder with no coding in scope in a document counts as
            missing (nan) there instead of "not coded" (0).
    """
    check_scope(unit, coders, codes)
    scope = make_scope(
        documents, codings, coders, codes, missing_uncoded_documents=missing_uncoded_documents
    )
    return scope_matrices(scope, unit, segments, exclude_uncoded=exclude_uncoded)


def scope_matrices(
    scope: Scope,
    unit: str,
    segments: Mapping[int, Sequence[Span]] | SegmentTable | None = None,
    *,
    exclude_uncoded: bool = False,
) -> list[UnitMatrix]:
    """Per code of the scope, its reliability data at `unit`."""
    if unit == "char":
        return _char_matrices(scope, exclude_uncoded)
    arrays = scope.arrays
    starts, ends, docs = unit_intervals(unit, scope.layout, segments)
    inside = np.ones(starts.size, dtype=bool)
    if exclude_uncoded:
        inside = overlapped_units(starts, ends, arrays.start, arrays.end)
    missing = None if scope.missing is None else scope.missing[:, docs][:, inside]
    return [
        _unit_matrix(scope, code, rows, (starts, ends), inside, missing)
        for code, rows in zip(scope.codes, _code_rows(arrays, len(scope.codes)), strict=True)
    ]


def _unit_matrix(
    scope: Scope,
    code: str,
    rows: IntArray,
    units: tuple[IntArray, IntArray],
    inside: np.ndarray,
    missing: np.ndarray | None,
) -> UnitMatrix:
    """One code's reliability data at sentence, turn or document units from its codings `rows`."""
    arrays, n_coders = scope.arrays, len(scope.coders)
    start, end, coder = arrays.start[rows], arrays.end[rows], arrays.coder[rows]
    weights = np.ones(int(inside.sum()))
    if missing is None:
        keys = coded_unit_keys(*units, start, end, coder, n_coders)
        if keys is not None:
            return compress_keys(code, scope.coders, keys[inside], weights)
    coded = overlapped_units_by_row(*units, start, end, coder, n_coders)
    return compress_coded(code, scope.coders, coded[:, inside], missing, weights)


def _code_rows(arrays: CodingArrays, n_codes: int) -> list[IntArray]:
    """Per code, the indices of its codings."""
    order = np.argsort(arrays.code, kind="stable")
    bounds = np.searchsorted(arrays.code[order], np.arange(n_codes + 1))
    return [order[bounds[k] : bounds[k + 1]] for k in range(n_codes)]


def _document_intervals(layout: Layout, chosen: np.ndarray) -> tuple[IntArray, IntArray]:
    starts = layout.offsets[chosen]
    return merge_intervals(starts, starts + layout.lengths[chosen])


def _char_matrices(scope: Scope, exclude_uncoded: bool) -> list[UnitMatrix]:
    """Per code: the runs of characters between all boundaries, each with its coders' states."""
    layout, arrays, n_coders = scope.layout, scope.arrays, len(scope.coders)
    everything = (np.asarray([0], dtype=np.int64), np.asarray([layout.total], dtype=np.int64))
    keep = merge_intervals(arrays.start, arrays.end) if exclude_uncoded else everything
    absent = (
        [] if scope.missing is None else [_document_intervals(layout, row) for row in scope.missing]
    )
    fixed = np.concatenate([[0, layout.total], *keep, *(b for pair in absent for b in pair)])
    groups = arrays.by_code_and_coder(len(scope.codes), n_coders)
    matrices = []
    for code, rows in zip(scope.codes, groups, strict=True):
        coded = [merge_intervals(arrays.start[r], arrays.end[r]) for r in rows]
        bounds = np.unique(
            np.concatenate([fixed, *(b for pair in coded for b in pair)]).astype(np.int64)
        )
        points, lengths = bounds[:-1], np.diff(bounds).astype(np.float64)
        states = np.vstack([covers(s, e, points) for s, e in coded])
        missing = np.vstack([covers(s, e, points) for s, e in absent]) if absent else None
        inside = covers(*keep, points)
        if missing is not None:
            missing = missing[:, inside]
        matrices.append(
            compress_coded(code, scope.coders, states[:, inside], missing, lengths[inside])
        )
    return matrices
