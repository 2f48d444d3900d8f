"""`code`, `uncode`, `codings`, `codings import`, `undo`, `redo`: coding from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from themecoder.cli.common import Context, coder_option, emit_records, format_option, output_option
from themecoder.core.errors import InputError

CODING_COLUMNS = ["id", "doc", "doc_id", "code", "coder", "start", "end", "text", "memo", "created"]


@click.command("code")
@click.argument("doc")
@click.argument("code")
@click.option("--start", type=int, default=None, help="Start offset (code points, from 0).")
@click.option("--end", type=int, default=None, help="End offset (exclusive).")
@click.option("--quote", default=None, help="Find this text instead of giving offsets (fuzzy).")
@click.option("--memo", default="", help="A memo on the coding.")
@click.option("--create", is_flag=True, help="Create the code if it is not in the codebook.")
@coder_option
@click.pass_obj
def code_command(ctx: Context, doc: str, code: str, start: int | None, end: int | None,
                 quote: str | None, memo: str, create: bool, coder: str | None) -> None:
    """Apply CODE to a span of DOC; prints the new coding's id."""
    from themecoder.core.anchoring import locate_quote  # rapidfuzz

    if (quote is None) == (start is None or end is None):
        raise InputError("code: give either --start and --end, or --quote")
    with ctx.open() as project:
        document = project.document(doc)
        if quote is not None:
            anchor = locate_quote(document.text, quote, where=f"--quote in {document.name}")
            start, end = anchor.start, anchor.end
        coding_id = project.add_coding(document.id, code, int(start or 0), int(end or 0),
                                       coder=coder or ctx.coder, memo=memo, create_code=create)
    click.echo(coding_id)


@click.command("uncode")
@click.argument("coding_id", type=int)
@click.pass_obj
def uncode_command(ctx: Context, coding_id: int) -> None:
    """Remove a coding by its id."""
    with ctx.open() as project:
        removed = project.remove_coding(coding_id, coder=ctx.coder)
    click.echo(f"removed coding {coding_id} ({removed.code} in {removed.doc})")


@click.group("codings", invoke_without_command=True)
@click.option("--doc", default=None, help="Only this document (id or name).")
@click.option("--code", default=None, help="Only this code (and its children).")
@click.option("--coder", "coders", multiple=True, help="Only this coder (repeatable).")
@format_option()
@output_option
@click.pass_context
def codings_group(click_ctx: click.Context, doc: str | None, code: str | None,
                  coders: tuple[str, ...], fmt: str | None, output: str | None) -> None:
    """List codings (filters combine)."""
    if click_ctx.invoked_subcommand is not None:
        return
    ctx: Context = click_ctx.obj
    with ctx.open() as project:
        listing = project.coding_listing(doc=doc, code=code, coder=list(coders))
    emit_records(listing, CODING_COLUMNS, fmt, output, "Codings")


@codings_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@coder_option
@click.pass_obj
def codings_import(ctx: Context, file: str, coder: str | None) -> None:
    """Import codings from .jsonl or .csv rows: doc, code, start, end and/or text; coder, memo."""
    from themecoder.io.codings_file import read_codings_file

    rows = read_codings_file(Path(file))
    with ctx.open() as project:
        report = project.add_codings(rows, coder=coder or ctx.coder, source=f"import:{Path(file).name}",
                                     where=f"{file}: row")
    click.echo(f"{file}: {report.added} codings added, {report.duplicates} already present, "
               f"{report.reanchored} re-anchored, {len(report.codes_created)} codes created, "
               f"{len(report.unplaced)} not placed")
    for where, reason in report.unplaced:
        click.echo(f"not placed: {where}: {reason} (kept aside in unplaced_codings)", err=True)


@click.command("undo")
@click.pass_obj
def undo_command(ctx: Context) -> None:
    """Undo your latest coding action or suggestion accept/reject.

    Whether made from the CLI or the TUI; an accept is one action, however many codings it made."""
    with ctx.open() as project:
        done = project.undo(ctx.coder)
    click.echo(done or "nothing to undo")


@click.command("redo")
@click.pass_obj
def redo_command(ctx: Context) -> None:
    """Redo your most recently undone action."""
    with ctx.open() as project:
        done = project.redo(ctx.coder)
    click.echo(done or "nothing to redo")


def register(cli: click.Group) -> None:
    for command in (code_command, uncode_command, codings_group, undo_command, redo_command):
        cli.add_command(command)
