"""`export frequencies|cooccurrence|codings` and `triangulate`: results for analysis tools and reports.

Files are written under a temporary name then renamed, so a failed export leaves no file behind
(csv, json and jsonl exports of the codings stream into that file a document at a time).
Notes (which coders were counted, what was left out) go to stderr; data goes to the file or stdout.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from themecoder.cli.common import Context, LazyChoice, emit_rows, pick_format, write_text

FREQUENCY_FORMATS = ("csv", "json", "xlsx", "sav", "parquet", "md")
COOCCURRENCE_FORMATS = ("csv", "xlsx", "md", "json")
CODINGS_FORMATS = ("csv", "jsonl", "xlsx", "json")


@click.group("export")
def export_group() -> None:
    """Export results: code frequencies, co-occurrence, codings (and other formats)."""


def _coder_filter(func: Any) -> Any:
    return click.option("--coder", "coders", multiple=True,
                        help="Count only this coder's codings (repeatable) [default: all coders].")(func)


def _output(func: Any) -> Any:
    return click.option("-o", "--output", default="-", show_default=True,
                        help="File to write ('-' for stdout; binary formats need a file).")(func)


def _notes(notes: Sequence[str]) -> None:
    for note in notes:
        click.echo(f"note: {note}", err=True)


def _write(rows: list[dict[str, Any]], columns: list[str], fmt: str, output: str, *,
           labels: dict[str, str] | None = None, sheet: str = "data") -> None:
    from themecoder.io.exporters import render_text, write_rows

    if output == "-":
        write_text(render_text(rows, columns, fmt), None)
        return
    _notes(write_rows(rows, columns, fmt, output, labels=labels, sheet=sheet))


def _measures() -> tuple[str, ...]:
    from themecoder.core.frequencies import MEASURES

    return MEASURES


@export_group.command("frequencies")
@click.option("--by", default="document", show_default=True,
              help="Unit: document, case, coder or attribute:NAME (a case attribute).")
@click.option("--measure", type=LazyChoice(_measures), default="count", show_default=True,
              help="count of codings, presence (0/1), words coded, or per1000 (codings per 1,000 words).")
@_coder_filter
@click.option("--rollup", is_flag=True, help="A parent code's column also counts its children's codings.")
@click.option("--long", "long_format", is_flag=True, help="Tidy rows (unit, code, value) instead of wide.")
@click.option("--format", "fmt", type=click.Choice(FREQUENCY_FORMATS), default=None,
              help="Output format [default: from the -o extension, else csv].")
@_output
@click.pass_obj
def export_frequencies(ctx: Context, by: str, measure: str, coders: tuple[str, ...], rollup: bool,
                       long_format: bool, fmt: str | None, output: str) -> None:
    """Code frequencies: one row per unit, one column per code path in codebook order."""
    from themecoder.io.exporters import format_for

    fmt = format_for(output, fmt, FREQUENCY_FORMATS, "csv")
    with ctx.open() as project:
        table = project.frequency_table(by=by, measure=measure, coders=list(coders), rollup=rollup)
    _notes(table.notes)
    if long_format:
        rows, columns = table.long_rows(), table.long_columns
    else:
        rows, columns = table.wide_rows(), table.columns
    _write(rows, columns, fmt, output, sheet="frequencies")
    if output != "-":
        click.echo(f"frequencies written to {output} ({len(table.keys)} {table.key_name} rows, "
                   f"{len(table.codes)} codes, {measure})")


@export_group.command("cooccurrence")
@click.option("--unit", type=click.Choice(["sentence", "turn", "document"]), default="sentence",
              show_default=True, help="Two codes co-occur when both are present in the same unit.")
@click.option("--measure", type=click.Choice(["count", "jaccard"]), default="count", show_default=True,
              help="count of units with both codes, or Jaccard (both / either).")
@_coder_filter
@click.option("--rollup", is_flag=True, help="A parent code is present wherever a child is.")
@click.option("--format", "fmt", type=click.Choice(COOCCURRENCE_FORMATS), default=None,
              help="Output format [default: from the -o extension, else csv].")
@_output
@click.pass_obj
def export_cooccurrence(ctx: Context, unit: str, measure: str, coders: tuple[str, ...], rollup: bool,
                        fmt: str | None, output: str) -> None:
    """Code x code matrix: units where both codes are present (the diagonal: units with the code)."""
    from themecoder.io.exporters import format_for

    fmt = format_for(output, fmt, COOCCURRENCE_FORMATS, "csv")
    with ctx.open() as project:
        matrix, notes = project.cooccurrence_matrix(unit=unit, coders=list(coders), rollup=rollup)
    _notes(notes)
    if fmt == "json":
        document = {"unit": unit, "measure": measure, "n_units": matrix.n_units,
                    "codes": matrix.codes, "matrix": matrix.values(measure)}
        _write_json(document, output)
    else:
        _write(matrix.rows(measure), ["code", *matrix.codes], fmt, output, sheet="cooccurrence")
    if output != "-":
        click.echo(f"co-occurrence written to {output} ({len(matrix.codes)} codes, "
                   f"{matrix.n_units} {unit} units, {measure})")


def _write_json(document: Any, output: str) -> None:
    import json

    from themecoder.io.exporters import atomic_path

    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output == "-":
        write_text(text, None)
        return
    with atomic_path(Path(output)) as tmp:
        tmp.write_text(text, encoding="utf-8")


@export_group.command("codings")
@click.option("--format", "fmt", type=click.Choice(CODINGS_FORMATS), default=None,
              help="Output format [default: from the -o extension, else jsonl].")
@_coder_filter
@click.option("--context", "context", type=click.IntRange(0, 5000), default=200, show_default=True,
              help="Characters of surrounding text before and after each quote.")
@_output
@click.pass_obj
def export_codings(ctx: Context, fmt: str | None, coders: tuple[str, ...], context: int,
                   output: str) -> None:
    """Every coding with its quote and context, in a stable order; re-imports with `codings import`."""
    from themecoder.io.exporters import format_for

    fmt = format_for(output, fmt, CODINGS_FORMATS, "jsonl")
    with ctx.open() as project:  # the codings stream from the project into the file
        documents = project.codings_by_document(list(coders))
        count, notes = _write_codings(documents, context, fmt, output)
    _notes(notes)
    if output != "-":
        click.echo(f"{count} codings written to {output}")


def _write_codings(documents: Any, context: int, fmt: str, output: str) -> tuple[int, list[str]]:
    """Write the codings export; returns (codings written, notes)."""
    from themecoder.io.export_codings import (
        CODING_EXPORT_COLUMNS,
        coding_export_columns,
        coding_export_pieces,
    )
    from themecoder.io.exporters import atomic_path, write_pieces
    from themecoder.io.xlsx_writer import write_xlsx_columns

    if fmt == "xlsx":
        blocks = list(coding_export_columns(documents, context))  # the sheet's size comes first
        count = sum(len(block[0]) for block in blocks)
        with atomic_path(Path(output)) as tmp:
            notes = write_xlsx_columns(tmp, CODING_EXPORT_COLUMNS, blocks, count, "codings")
        return count, notes
    tally = [0]
    pieces = coding_export_pieces(documents, fmt, context, tally)
    if output == "-":
        for piece in pieces:
            click.echo(piece, nl=False)
    else:
        write_pieces(pieces, Path(output))
    return tally[0], []


@click.command("triangulate")
@click.argument("quant", type=click.Path(dir_okay=False))
@click.option("--key", required=True, help="The QUANT column holding the case names.")
@click.option("--vars", "variables", default=None,
              help="Comma-separated numeric columns [default: every numeric column].")
@_coder_filter
@click.option("--rollup", is_flag=True, help="A case has a parent code when it has any of its children.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "md", "json"]), default=None,
              help="Output format [default: table on a terminal, else json].")
@click.option("-o", "--output", default=None, help="Write to this file instead of stdout.")
@click.pass_obj
def triangulate_command(ctx: Context, quant: str, key: str, variables: str | None,
                        coders: tuple[str, ...], rollup: bool, fmt: str | None,
                        output: str | None) -> None:
    """Joint display: per code, the cases with it (n, %) and each variable's mean with and without it.

    QUANT is a .csv, .xlsx or .sav table with one row per case. Percentages are of the cases that
    have both documents and a row in QUANT; cases missing on either side are listed on stderr.
    """
    from themecoder.io.tables import read_table_rows

    path = Path(quant)
    rows = read_table_rows(path)
    names = [v.strip() for v in variables.split(",") if v.strip()] if variables else None
    with ctx.open() as project:
        fmt = pick_format(fmt)
        display = project.joint_display(rows, key, variables=names, coders=list(coders),
                                        rollup=rollup, where=str(path), exemplars=fmt != "csv")
    _report_missing(display, path.name)
    _emit_joint_display(display, fmt, output, path.name)


def _report_missing(display: Any, source: str) -> None:
    _notes(display.notes)
    if display.cases_without_quant:
        click.echo(f"note: {len(display.cases_without_quant)} case(s) with documents but no row in "
                   f"{source}: {', '.join(display.cases_without_quant)}", err=True)
    if display.quant_without_documents:
        click.echo(f"note: {len(display.quant_without_documents)} row(s) of {source} with no documents: "
                   f"{', '.join(display.quant_without_documents)}", err=True)
    click.echo(f"note: percentages are of the {display.n_cases} cases with both documents and "
               f"quantitative data", err=True)


def _emit_joint_display(display: Any, fmt: str, output: str | None, source: str) -> None:
    from themecoder.io import joint_display as jd

    if fmt == "json":
        _write_json(display.to_json(), output or "-")
    elif fmt == "csv":
        _write(jd.joint_rows(display), jd.joint_columns(display), "csv", output or "-")
    elif fmt == "md":
        text = jd.joint_markdown(display, source)
        if output and output != "-":
            from themecoder.io.exporters import atomic_path

            with atomic_path(Path(output)) as tmp:
                tmp.write_text(text, encoding="utf-8")
        else:
            write_text(text, None)
    else:
        emit_rows(jd.display_rows(display), "table", output, jd.display_columns(display),
                  title=jd.caption(display, source))


def register(cli: click.Group) -> None:
    cli.add_command(export_group)
    cli.add_command(triangulate_command)
