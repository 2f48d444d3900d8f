"""`codebook import|export|list|rename|merge`."""

from __future__ import annotations

from pathlib import Path

import click

from themecoder.cli.common import Context, emit_rows, format_option, output_option


@click.group("codebook")
def codebook_group() -> None:
    """The codebook: codes with definitions, criteria, examples, colours and shortcuts."""


@codebook_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_obj
def codebook_import(ctx: Context, file: str) -> None:
    """Merge a codebook (.yaml .yml .json .qdc) into the project's; an unchanged import is a no-op."""
    from themecoder.io.codebook_files import read_codebook

    codebook = read_codebook(Path(file))
    with ctx.open(create=True) as project:
        changes = project.import_codebook(codebook)
    for warning in [*codebook.warnings, *changes.warnings]:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"codebook {file}: {changes.summary()}")


@codebook_group.command("export")
@click.option("-o", "--output", required=True, help="File to write: .yaml .json .qdc or .md.")
@click.pass_obj
def codebook_export(ctx: Context, output: str) -> None:
    """Write the codebook as YAML, JSON, REFI-QDA .qdc, or a markdown appendix table."""
    from themecoder.io.codebook_files import write_codebook

    with ctx.open() as project:
        codebook = project.codebook()
        counts = {c.path: c.count for c in project.codes()}
    write_codebook(codebook, Path(output), counts=counts)
    click.echo(f"codebook written to {output} ({len(codebook.codes)} codes)")


@codebook_group.command("list")
@format_option()
@output_option
@click.pass_obj
def codebook_list(ctx: Context, fmt: str | None, output: str | None) -> None:
    """List codes: path, name, parent, description, colour, shortcut, count of codings."""
    with ctx.open() as project:
        rows = [{"path": c.path, "name": c.name, "parent": c.parent, "description": c.description,
                 "color": c.color, "shortcut": c.shortcut, "count": c.count} for c in project.codes()]
    emit_rows(rows, fmt, output, title="Codebook")


@codebook_group.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_obj
def codebook_rename(ctx: Context, old: str, new: str) -> None:
    """Rename or move a code (a new path moves it); its children and codings follow."""
    with ctx.open() as project:
        moved = project.rename_code(old, new)
    click.echo(f"renamed {old} -> {new} ({moved} codes)")


@codebook_group.command("merge")
@click.argument("source")
@click.argument("into")
@click.pass_obj
def codebook_merge(ctx: Context, source: str, into: str) -> None:
    """Merge code SOURCE into INTO: its codings and children move, SOURCE is removed."""
    with ctx.open() as project:
        moved = project.merge_codes(source, into)
    click.echo(f"merged {source} into {into} ({moved} codings moved)")


def register(cli: click.Group) -> None:
    cli.add_command(codebook_group)
