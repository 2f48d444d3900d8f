"""How `themecoder agree` prints: a table with a footer naming every formula, CSV, or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from themecoder.cli.common import emit_json, pick_format, rows_to_csv, write_text

if TYPE_CHECKING:
    from themecoder.store.agreement_store import AgreementResult

OVERALL = "(all codes, pooled)"
CODE_WIDTH, NUMBER_WIDTH, NOTE_WIDTH = 30, 11, 7
HEADERS = {
    "code": "code", "n_units": "units", "percent_agreement": "agree",
    "cohen_kappa": "Cohen κ", "fleiss_kappa": "Fleiss κ", "krippendorff_alpha": "Kripp α",
    "gwet_ac1": "AC1", "brennan_prediger": "B-P κ", "alpha_u": "α_U", "note": "note",
}
FORMULAS = [
    ("agree", "percent agreement as a fraction: share of agreeing coder pairs per unit "
              + "(two coders: Po = Σ n_cc / N)"),
    ("Cohen κ", "Cohen (1960): (Po − Pe) / (1 − Pe), Pe = Σ_c p_c(coder 1)·p_c(coder 2); "
                + "two coders only, else null"),
    ("Fleiss κ", "Fleiss (1971): (P̄ − P̄e) / (1 − P̄e), "
                 + "P̄e = Σ_j p_j² over all coders' ratings"),
    ("Kripp α", "Krippendorff's alpha, nominal: 1 − D_o / D_e from the coincidence matrix "
                + "(Krippendorff 2011); units with one rating dropped"),
    ("AC1", "Gwet (2008): Pe = Σ_k π_k(1 − π_k) / (q − 1), q = 2 (coded / not coded)"),
    ("B-P κ", "Brennan & Prediger (1981), free marginals: Pe = 1/q, q = 2"),
]


def emit_agreement(result: AgreementResult, fmt: str | None, output: str | None) -> None:
    """Print the agreement report in the chosen format (table on a terminal, else JSON)."""
    fmt = pick_format(fmt)
    if fmt == "json":
        emit_json(result.to_dict(), output)
    elif fmt == "csv":
        rows = report_rows(result)
        write_text(rows_to_csv(rows, list(rows[0])), output)
    else:
        _print_table(result, output)


def report_rows(result: AgreementResult) -> list[dict[str, Any]]:
    """One row per code, then the pooled row with code `(all codes, pooled)`."""
    data = result.to_dict()
    overall = {k: v for k, v in data["overall"].items() if k != "n_codes"} | {"code": OVERALL}
    return [*data["codes"], overall]


def footer_lines(result: AgreementResult) -> list[str]:
    """The unit, scope and every statistic's formula and variant, as printed under the table."""
    from themecoder.core.agreement.report import POOLING
    from themecoder.core.agreement.unitized import ALPHA_U

    report = result.report
    unit = report.unit + ("" if not report.exclude_uncoded else ", units no coder coded left out")
    lines = [f"unit: {unit}; coders: {', '.join(report.coders)}",
             *(f"  {note}" for note in result.scope.notes), "statistics:"]
    lines += [f"  {name}: {formula}" for name, formula in FORMULAS]
    if report.unit == "char":
        lines.append(f"  α_U: {ALPHA_U}, per code over the characters of the documents in scope; "
                     f"not the 2019 coincidence-based u-alpha")
    lines.append(f"  overall: {POOLING}")
    lines.append("  – = undefined (0/0), with the reason in the note; never shown as 0 or 1")
    return lines


def _print_table(result: AgreementResult, output: str | None) -> None:
    from rich.console import Console

    if output and output != "-":
        with open(output, "w", encoding="utf-8") as fh:
            console = Console(file=fh, width=160)
            _print_on(console, result, style="")
        return
    console = Console()
    if not console.is_terminal:
        console = Console(width=max(console.width, 140))
    _print_on(console, result, style="dim")


def _print_on(console: Any, result: AgreementResult, style: str) -> None:
    table, notes = _table(result, console.width)
    console.print(table)
    console.print("\n".join(notes + footer_lines(result)), highlight=False, markup=False,
                  style=style)


def _fitting_columns(result: AgreementResult, width: int) -> tuple[list[str], list[str]]:
    """The statistic columns that fit `width`, dropping the extras first; and those left out."""
    rows = report_rows(result)
    shown = [c for c in rows[0] if c not in ("code", "note")]
    if len({row["n_units"] for row in rows}) == 1:
        shown.remove("n_units")
    droppable = ["alpha_u", "brennan_prediger", "gwet_ac1"]
    droppable += ["cohen_kappa"] if len(result.report.coders) > 2 else ["fleiss_kappa"]
    dropped = []
    while 4 + CODE_WIDTH + NOTE_WIDTH + NUMBER_WIDTH * len(shown) > width and droppable:
        column = droppable.pop(0)
        if column in shown:
            shown.remove(column)
            dropped.append(column)
    return shown, dropped


def _table(result: AgreementResult, width: int) -> tuple[Any, list[str]]:
    """The rich table (notes become numbered footnotes) and the lines to print under it."""
    from rich.table import Table

    rows = report_rows(result)
    shown, dropped = _fitting_columns(result, width)
    title = f"Agreement by {result.report.unit}"
    if "n_units" not in shown:
        title += f" ({rows[0]['n_units']:,} units)"
    table = Table(title=title, header_style="bold")
    table.add_column("code", overflow="fold", min_width=16)
    for column in shown:
        table.add_column(HEADERS.get(column, column), justify="right", no_wrap=True)
    table.add_column("note", justify="right", no_wrap=True)
    footnotes: dict[str, int] = {}
    for row in rows:
        mark = footnotes.setdefault(row["note"], len(footnotes) + 1) if row["note"] else None
        cells = [row["code"]] + [_cell(row[c]) for c in shown] + [f"[{mark}]" if mark else ""]
        table.add_row(*cells, style="bold" if row["code"] == OVERALL else None,
                      end_section=row is rows[-2])
    lines = [f"[{n}] {note}" for note, n in footnotes.items()]
    if dropped:
        lines.append(f"not shown at this width: {', '.join(HEADERS[c] for c in dropped)} "
                     f"(widen the terminal, or use --format csv or json)")
    return table, lines


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
