"""The joint display (codes x quantitative variables) as flat rows, display rows and markdown."""

from __future__ import annotations

from typing import Any

from themecoder.core.triangulation import JointDisplay
from themecoder.io.exporters import md_cell


def joint_columns(display: JointDisplay) -> list[str]:
    """Flat columns for csv: code, n_cases, pct_cases, then VAR_mean_with/without and their n."""
    columns = ["code", "n_cases", "pct_cases"]
    for var in display.variables:
        columns += [f"{var}_mean_with", f"{var}_mean_without", f"{var}_n_with", f"{var}_n_without"]
    return columns


def joint_rows(display: JointDisplay) -> list[dict[str, Any]]:
    """One flat row per code, exact numbers (for csv and spreadsheets)."""
    rows = []
    for row in display.rows:
        flat: dict[str, Any] = {"code": row.code, "n_cases": row.n_cases, "pct_cases": row.pct_cases}
        for var, m in row.vars.items():
            flat |= {f"{var}_mean_with": m.mean_with, f"{var}_mean_without": m.mean_without,
                     f"{var}_n_with": m.n_with, f"{var}_n_without": m.n_without}
        rows.append(flat)
    return rows


def display_columns(display: JointDisplay) -> list[str]:
    """Columns for people: code, cases, a with/without pair per variable, the exemplar quote."""
    columns = ["code", "cases"]
    for var in display.variables:
        columns += [f"{var}: with", f"{var}: without"]
    return columns + ["exemplar"]


def display_rows(display: JointDisplay) -> list[dict[str, str]]:
    """Rounded, readable rows: `n (pct%)`, means to 2 decimals, '–' where undefined."""
    rows = []
    for row in display.rows:
        shown = {"code": row.code, "cases": f"{row.n_cases} ({_pct(row.pct_cases)})"}
        for var, m in row.vars.items():
            shown[f"{var}: with"] = _mean(m.mean_with, m.n_with)
            shown[f"{var}: without"] = _mean(m.mean_without, m.n_without)
        shown["exemplar"] = f"“{row.exemplar}”" if row.exemplar else ""
        rows.append(shown)
    return rows


def caption(display: JointDisplay, source: str) -> str:
    """What the percentages are of: the denominator, named."""
    return (f"Joint display: % of the {display.n_cases} cases with both documents and quantitative "
            f"data ({source}, key '{display.key}'); means over those cases with a value (n).")


def joint_markdown(display: JointDisplay, source: str) -> str:
    """A markdown joint display with its caption, ready for a report's appendix."""
    columns = display_columns(display)
    lines = [caption(display, source), "",
             "| " + " | ".join(md_cell(c) for c in columns) + " |",
             "|" + "|".join("---" if c in ("code", "exemplar") else "---:" for c in columns) + "|"]
    lines += ["| " + " | ".join(md_cell(r[c]) for c in columns) + " |" for r in display_rows(display)]
    return "\n".join(lines) + "\n"


def _pct(pct: float | None) -> str:
    return "–" if pct is None else f"{pct:.1f}%"


def _mean(mean: float | None, n: int) -> str:
    return "–" if mean is None else f"{mean:.2f} (n={n})"
