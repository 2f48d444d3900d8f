"""The codebook as Markdown for a report appendix: one table per top-level code."""

from __future__ import annotations

from pathlib import Path

from themecoder.core.codebook import Codebook
from themecoder.core.model import CodeDef

COLUMNS = ("Code", "Definition", "Include", "Exclude", "Example")


def codebook_to_markdown(codebook: Codebook, counts: dict[str, int] | None = None) -> str:
    """Markdown: a heading and description per top-level code, then a table of it and its codes.

    Columns: code, definition, include, exclude, example(s), and count when `counts` (code path
    -> number of codings) is given; codes missing from `counts` count 0.
    """
    lines = [f"# {codebook.name or 'Codebook'}", ""]
    if codebook.description:
        lines += [codebook.description, ""]
    for group in codebook.children(None):
        lines += [f"## {group.name}", ""]
        if group.description:
            lines += [group.description, ""]
        lines += _table(codebook, group, counts)
        lines.append("")
    return "\n".join(lines)


def write_codebook_markdown(
    codebook: Codebook, path: Path, counts: dict[str, int] | None = None
) -> None:
    """Write `codebook_to_markdown(codebook, counts)` to `path` (UTF-8)."""
    path.write_text(codebook_to_markdown(codebook, counts), encoding="utf-8")


def _table(codebook: Codebook, group: CodeDef, counts: dict[str, int] | None) -> list[str]:
    header = [*COLUMNS, "Count"] if counts is not None else list(COLUMNS)
    lines = [_row(header), "|" + "---|" * len(header)]
    for code in [group, *codebook.descendants(group.path)]:
        label = f"**{code.name}**" if code is group else _relative_label(code, group)
        cells = [label, code.description, code.include, code.exclude, _examples(code)]
        if counts is not None:
            cells.append(str(counts.get(code.path, 0)))
        lines.append(_row(cells))
    return lines


def _relative_label(code: CodeDef, group: CodeDef) -> str:
    return code.path[len(group.path) + 1 :].replace("/", " / ")


def _examples(code: CodeDef) -> str:
    return "<br>".join(f"“{example}”" for example in code.examples)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _cell(text: str) -> str:
    """Table-safe text: pipes escaped, line breaks as `<br>`."""
    flat = text.strip().replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(line.strip() for line in flat.splitlines())
