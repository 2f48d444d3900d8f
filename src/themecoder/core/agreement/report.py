"""The agreement report: per code and pooled over codes, as `themecoder agree` prints it.

Pooling follows the "pooled kappa" of De Vries, Elliott, Kanouse & Teleki (2008), Field Methods
20(3):272-282, as Dedoose reports it: each coefficient `(Po - Pe) / (1 - Pe)` is computed once
from the per-code observed and chance agreements averaged over codes (weighted by units), not
as a mean of the per-code values. Krippendorff's alpha pools its D_o and D_e the same way;
alpha_U pools as `1 - sum D_o / sum D_e` (Krippendorff 2004, sec. 11.6).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from themecoder.core.agreement.alpha import Alpha, krippendorff_alpha
from themecoder.core.agreement.coefficients import (
    Agreement,
    chance_corrected,
    cohen_kappa,
    percent_agreement,
)
from themecoder.core.agreement.columns import CodingTable, SegmentTable
from themecoder.core.agreement.matrices import Scope, check_scope, make_scope, scope_matrices
from themecoder.core.agreement.multirater import brennan_prediger, fleiss_kappa, gwet_ac1
from themecoder.core.agreement.spans import Span
from themecoder.core.agreement.unitized import (
    ALPHA_U,
    Continuum,
    UnitizedAlpha,
    category_alpha_u,
    pooled_alpha_u,
)
from themecoder.core.agreement.units import UnitMatrix
from themecoder.core.model import Coding

Result = Agreement | Alpha | UnitizedAlpha
BINARY = (0.0, 1.0)
POOLING = (
    "pooled over codes: per-code Po and Pe (alpha: D_o and D_e) averaged, weighted by units, "
    "then combined (De Vries et al. 2008, as Dedoose's pooled kappa); alpha_u: 1 - sum D_o / sum D_e"
)
COLUMNS = ("percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha")
EXTRA_COLUMNS = ("gwet_ac1", "brennan_prediger")


@dataclass(slots=True)
class CodeAgreement:
    """One row of the report: a code (or, with `code` None, all codes pooled).

    `parts` holds each statistic's full result (Po, Pe, D_o, D_e, n) for a reviewer.
    """

    code: str | None
    n_units: int
    percent_agreement: float | None = None
    cohen_kappa: float | None = None
    fleiss_kappa: float | None = None
    krippendorff_alpha: float | None = None
    note: str = ""
    gwet_ac1: float | None = None
    brennan_prediger: float | None = None
    alpha_u: float | None = None
    parts: dict[str, Result] = field(default_factory=dict, repr=False)

    def to_dict(self, columns: Sequence[str]) -> dict[str, Any]:
        """`{"code", "n_units", <the four columns>, "note", <the extra columns>}`."""
        row: dict[str, Any] = {"code": self.code, "n_units": self.n_units}
        row.update({name: getattr(self, name) for name in COLUMNS})
        row["note"] = self.note
        row.update({name: getattr(self, name) for name in columns if name not in COLUMNS})
        return row


@dataclass(slots=True)
class AgreementReport:
    """Agreement per code and pooled, for one unit and set of coders."""

    unit: str
    coders: list[str]
    codes: list[CodeAgreement]
    overall: CodeAgreement
    exclude_uncoded: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return COLUMNS + EXTRA_COLUMNS + (("alpha_u",) if self.unit == "char" else ())

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `themecoder agree --format json` (see CLI.md)."""
        overall = self.overall.to_dict(self.columns) | {"n_codes": len(self.codes)}
        result: dict[str, Any] = {
            "unit": self.unit,
            "coders": list(self.coders),
            "codes": [row.to_dict(self.columns) for row in self.codes],
            "overall": overall,
            "exclude_uncoded": self.exclude_uncoded,
            "pooling": POOLING,
        }
        if self.unit == "char":
            result["alpha_u_variant"] = ALPHA_U
        return result


def code_statistics(matrix: UnitMatrix) -> dict[str, Result]:
    """Every coefficient of one code's binary reliability data."""
    v, w = matrix.values, matrix.weights
    return {
        "percent_agreement": percent_agreement(v, w),
        "cohen_kappa": cohen_kappa(v, w),
        "fleiss_kappa": fleiss_kappa(v, w),
        "krippendorff_alpha": krippendorff_alpha(v, "nominal", w),
        "gwet_ac1": gwet_ac1(v, w, BINARY),
        "brennan_prediger": brennan_prediger(v, w, BINARY),
    }


def pool_chance_corrected(name: str, results: Sequence[Agreement]) -> Agreement:
    """`(Po - Pe) / (1 - Pe)` from Po and Pe averaged over codes, weighted by units."""
    usable = [r for r in results if r.po is not None and r.n_units > 0]
    if not usable:
        note = next((r.note for r in results if r.note), "undefined: no code with data")
        return Agreement(name, None, None, None, 0, note)
    n = float(sum(r.n_units for r in usable))
    po = sum(float(r.po or 0.0) * r.n_units for r in usable) / n
    if name == "percent_agreement":
        return Agreement(name, po, po, None, round(n))
    pe = sum(float(r.pe or 0.0) * r.n_units for r in usable) / n
    return chance_corrected(name, po, pe, n)


def pool_alpha(results: Sequence[Alpha]) -> Alpha:
    """`1 - D_o / D_e` from D_o and D_e averaged over codes, weighted by pairable values."""
    usable = [r for r in results if r.d_o is not None and r.d_e is not None and r.n_values > 0]
    if not usable:
        return Alpha(
            None, "nominal", None, None, 0, 0, "undefined: no unit with two or more values"
        )
    n = float(sum(r.n_values for r in usable))
    d_o = sum(float(r.d_o or 0.0) * r.n_values for r in usable) / n
    d_e = sum(float(r.d_e or 0.0) * r.n_values for r in usable) / n
    units = sum(r.n_units for r in usable)
    if d_e <= 0:
        note = "undefined: no variation in any code (expected disagreement is 0)"
        return Alpha(None, "nominal", d_o, d_e, round(n), units, note)
    return Alpha(1.0 - d_o / d_e, "nominal", d_o, d_e, round(n), units)


def describe_nulls(parts: Mapping[str, Result], matrix: UnitMatrix | None = None) -> str:
    """A note naming each undefined statistic and why, e.g. when a code was never used."""
    reasons: dict[str, list[str]] = {}
    for name, result in parts.items():
        if result.value is None and result.note:
            reasons.setdefault(_reason(result.note), []).append(name)
    notes = [f"{', '.join(names)} undefined: {reason}" for reason, names in reasons.items()]
    if matrix is not None and reasons:
        notes.insert(0, _variation(matrix))
    return "; ".join(note for note in notes if note)


def _reason(note: str) -> str:
    """Why a statistic is undefined, worded alike for all statistics that fail the same way."""
    reason = note.removeprefix("undefined: ")
    if reason.startswith(("no variation", "no coder marked")):
        return "0/0, no variation"
    return reason


def _variation(matrix: UnitMatrix) -> str:
    rated = matrix.values[:, matrix.weights > 0]
    seen = np.unique(rated[~np.isnan(rated)])
    if seen.size == 0:
        return "no unit rated by two coders"
    if seen.size > 1:
        return ""
    return (
        "no coder applied this code"
        if seen[0] == 0
        else "every coder applied this code to every unit"
    )


def _row(
    code: str | None, n_units: int, parts: dict[str, Result], matrix: UnitMatrix | None
) -> CodeAgreement:
    values = {name: result.value for name, result in parts.items()}
    return CodeAgreement(code, n_units, note=describe_nulls(parts, matrix), parts=parts, **values)


def _pooled_row(rows: Sequence[CodeAgreement], n_units: int) -> CodeAgreement:
    parts: dict[str, Result] = {}
    for name in COLUMNS + EXTRA_COLUMNS:
        results = [row.parts[name] for row in rows]
        if name == "krippendorff_alpha":
            parts[name] = pool_alpha([r for r in results if isinstance(r, Alpha)])
        else:
            parts[name] = pool_chance_corrected(
                name, [r for r in results if isinstance(r, Agreement)]
            )
    if rows and "alpha_u" in rows[0].parts:
        unitized = [r.parts["alpha_u"] for r in rows]
        parts["alpha_u"] = pooled_alpha_u(r for r in unitized if isinstance(r, UnitizedAlpha))
    return _row(None, n_units, parts, None)


def scope_alpha_u(scope: Scope) -> list[UnitizedAlpha]:
    """alpha_U per code over the documents every coder counts as having coded."""
    chosen = np.ones(len(scope.layout.doc_ids), dtype=bool)
    if scope.missing is not None:
        chosen = cast("np.ndarray", ~scope.missing.any(axis=0))  # missing is 2-D: an array
    lengths = scope.layout.lengths[chosen]
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    shift = np.zeros(chosen.size, dtype=np.int64)
    shift[chosen] = offsets - scope.layout.offsets[chosen]
    continuum = Continuum(0, int(lengths.sum()), tuple(int(o) for o in offsets[1:]))
    arrays = scope.arrays
    start, end = arrays.start + shift[arrays.doc], arrays.end + shift[arrays.doc]
    kept = chosen[arrays.doc]
    groups = arrays.by_code_and_coder(len(scope.codes), len(scope.coders))
    results = []
    for code, rows in zip(scope.codes, groups, strict=True):
        spans = [np.column_stack((start[r[kept[r]]], end[r[kept[r]]])) for r in rows]
        results.append(_alpha_u_or_note(spans, continuum, code))
    return results


def _alpha_u_or_note(spans: list[np.ndarray], continuum: Continuum, code: str) -> UnitizedAlpha:
    if continuum.length <= 0:
        return UnitizedAlpha(None, 0.0, 0.0, 0, code, note="undefined: no text in scope")
    return category_alpha_u(spans, continuum, code)


def agreement_report(
    documents: Iterable[tuple[int, int]],
    codings: Iterable[Coding] | CodingTable,
    coders: Sequence[str],
    codes: Sequence[str],
    unit: str = "char",
    segments: Mapping[int, Sequence[Span]] | SegmentTable | None = None,
    *,
    exclude_uncoded: bool = False,
    missing_uncoded_documents: bool = False,
) -> AgreementReport:
    """Agreement per code and pooled; arguments as for `matrices.build_unit_matrices`.

    For `char` the report adds alpha_U per code (over the whole documents, whatever
    `exclude_uncoded` says, since unitizing is judged against the full continuum).
    """
    check_scope(unit, coders, codes)
    scope = make_scope(
        documents, codings, coders, codes, missing_uncoded_documents=missing_uncoded_documents
    )
    matrices = scope_matrices(scope, unit, segments, exclude_uncoded=exclude_uncoded)
    unitized = scope_alpha_u(scope) if unit == "char" else []
    rows = []
    for k, matrix in enumerate(matrices):
        parts = code_statistics(matrix)
        if unitized:
            parts["alpha_u"] = unitized[k]
        rows.append(_row(matrix.code, matrix.n_units, parts, matrix))
    n_units = matrices[0].n_units if matrices else 0
    return AgreementReport(unit, list(coders), rows, _pooled_row(rows, n_units), exclude_uncoded)
