"""Joint display: qualitative codes meet quantitative case data (a mixed-methods side-by-side table).

One row per code: the cases with the code (n and % of the analysed cases) and, for each numeric
variable, its mean among the analysed cases with and without the code. The analysed cases are those
with both documents and a row of quantitative data; the others are reported, never silently dropped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

from themecoder.core.errors import InputError
from themecoder.core.frequencies import natural_key

MISSING = {"", "na", "n/a", "nan", "null", "none", ".", "-"}
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass(slots=True)
class QuantTable:
    """Numeric variables per case key, read from a survey/quantitative table."""

    key: str
    variables: list[str]
    values: dict[str, dict[str, float | None]]  # case key -> variable -> value
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class VarMeans:
    mean_with: float | None
    mean_without: float | None
    n_with: int
    n_without: int


@dataclass(slots=True)
class JointRow:
    code: str
    n_cases: int
    pct_cases: float | None
    vars: dict[str, VarMeans]
    exemplar: str | None = None


@dataclass(slots=True)
class JointDisplay:
    """The joint display; `n_cases` is the denominator (cases with documents and quantitative data)."""

    key: str
    variables: list[str]
    n_cases: int
    rows: list[JointRow]
    cases_without_quant: list[str]
    quant_without_documents: list[str]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON document (with the denominator and the unmatched cases added)."""
        return {
            "key": self.key, "n_cases": self.n_cases,
            "denominator": "cases with both documents and quantitative data",
            "rows": [{"code": r.code, "n_cases": r.n_cases, "pct_cases": r.pct_cases,
                      "vars": {v: {"mean_with": m.mean_with, "mean_without": m.mean_without,
                                   "n_with": m.n_with, "n_without": m.n_without}
                               for v, m in r.vars.items()},
                      "exemplar": r.exemplar} for r in self.rows],
            "cases_without_quant": self.cases_without_quant,
            "quant_without_documents": self.quant_without_documents,
        }


def parse_number(text: Any) -> float | None:
    """A cell as a number; None when missing; ValueError when it is text."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return None if isinstance(text, float) and math.isnan(text) else float(text)
    cell = str(text).strip()
    if cell.casefold() in MISSING:
        return None
    if _DECIMAL_COMMA.match(cell):
        cell = cell.replace(",", ".")
    value = float(cell)
    if not math.isfinite(value):
        raise ValueError(cell)
    return value


def quant_table(rows: Sequence[Mapping[str, Any]], key: str, variables: Sequence[str] | None = None,
                *, where: str = "QUANT") -> QuantTable:
    """Check and convert the table: the key column exists and is unique, the variables are numeric.

    Without `variables`, every column (but the key) whose non-missing cells are all numbers is used.
    """
    columns = list(rows[0].keys()) if rows else []
    if key not in columns:
        raise InputError(f"{where}: no key column '{key}'; columns: {', '.join(columns) or 'none'}")
    chosen = list(variables) if variables else [c for c in columns if c != key and _numeric(rows, c)]
    for var in chosen:
        if var not in columns or var == key:
            raise InputError(f"{where}: no variable column '{var}'; columns: {', '.join(columns)}")
    values: dict[str, dict[str, float | None]] = {}
    first_row: dict[str, int] = {}
    blank = 0
    for n, row in enumerate(rows, 2):  # row 1 is the header
        case = str(row.get(key) or "").strip()
        if not case:
            blank += 1
            continue
        if case in first_row:
            raise InputError(f"{where}: duplicate key '{case}' in column '{key}' (rows {first_row[case]} "
                             f"and {n})")
        first_row[case] = n
        values[case] = {var: _cell_number(row.get(var), where, n, var) for var in chosen}
    notes = [f"{blank} row(s) without a '{key}' value ignored"] if blank else []
    return QuantTable(key, chosen, values, notes)


def _numeric(rows: Sequence[Mapping[str, Any]], column: str) -> bool:
    seen = False
    for row in rows:
        try:
            value = parse_number(row.get(column) if row.get(column) is not None else "")
        except ValueError:
            return False
        seen = seen or value is not None
    return seen


def _cell_number(cell: Any, where: str, row: int, var: str) -> float | None:
    try:
        return parse_number("" if cell is None else cell)
    except ValueError:
        raise InputError(f"{where}: row {row}: '{cell}' in column '{var}' is not a number") from None


def joint_display(case_codes: Mapping[str, set[str]], quant: QuantTable, codes: Sequence[str],
                  excerpts: Mapping[str, Mapping[str, list[str]]] | None = None) -> JointDisplay:
    """The joint display over `codes` (codebook order).

    `case_codes` maps every case that has documents to the codes found in its documents;
    `excerpts` maps code -> case -> coded texts, for the exemplar quotes (None: no exemplars).
    """
    analysed = sorted((c for c in case_codes if c in quant.values), key=natural_key)
    rows = []
    for code in codes:
        having = {c for c in analysed if code in case_codes[c]}
        pct = 100 * len(having) / len(analysed) if analysed else None
        means = {v: _means(quant, v, analysed, having) for v in quant.variables}
        quote = None
        if excerpts is not None:
            quote = exemplar([t for c in analysed for t in excerpts.get(code, {}).get(c, [])])
        rows.append(JointRow(code, len(having), pct, means, quote))
    return JointDisplay(
        quant.key, list(quant.variables), len(analysed), rows,
        sorted((c for c in case_codes if c not in quant.values), key=natural_key),
        sorted((c for c in quant.values if c not in case_codes), key=natural_key), list(quant.notes))


def _means(quant: QuantTable, var: str, analysed: Iterable[str], having: set[str]) -> VarMeans:
    with_code: list[float] = []
    without: list[float] = []
    for case in analysed:
        value = quant.values[case][var]
        if value is not None:
            (with_code if case in having else without).append(value)
    return VarMeans(_mean(with_code), _mean(without), len(with_code), len(without))


def _mean(values: list[float]) -> float | None:
    """The mean of the numbers as written (decimal arithmetic), rounded once to a float."""
    if not values:
        return None
    with localcontext() as ctx:
        ctx.prec = 50
        total = sum((Decimal(repr(v)) for v in values), Decimal(0))
        return float(total / len(values))


def exemplar(texts: Sequence[str], limit: int = 160, pool_size: int = 300) -> str | None:
    """The most central excerpt (closest to the TF-IDF centroid of all of them), trimmed to `limit`.

    Excerpts of at least 8 words are preferred when there are any; ties go to the longer excerpt.
    Over `pool_size` candidates, the longest `pool_size` are compared (deterministic, and quick).
    """
    cleaned = [" ".join(t.split()) for t in texts if t.strip()]
    if not cleaned:
        return None
    long_enough = [t for t in cleaned if len(t.split()) >= 8]
    pool = sorted(set(long_enough or cleaned), key=lambda t: (-len(t), t))[:pool_size]
    return trim(pool[_most_central(pool)], limit)


def _most_central(texts: list[str]) -> int:
    if len(texts) < 3:
        return 0
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer().fit_transform(texts)
    except ValueError:  # no word at all in any excerpt
        return 0
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    scores = matrix @ centroid
    return int(np.argmax(np.round(scores, 12)))  # first maximum: the longest of equals


def trim(text: str, limit: int = 160) -> str:
    """One line of at most `limit` characters, cut at a word boundary with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"
