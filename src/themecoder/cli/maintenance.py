"""`backup` and `check`: keeping a study's project file safe and sound."""

from __future__ import annotations

from pathlib import Path

import click

from themecoder.cli.common import Context, coder_option, emit_json
from themecoder.core.errors import InputError


@click.command("backup")
@click.option(
    "-o",
    "--output",
    "output",
    default=None,
    help="The backup file [default: PROJECT.backup-<time>.bak.db beside the project].",
)
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.pass_obj
def backup_command(ctx: Context, output: str | None, force: bool) -> None:
    """Copy the project to a backup file (safe while others are coding; owner-only readable)."""
    from themecoder.store.backup import backup_to, stamped_backup_path
    from themecoder.store.connection import open_database

    source = Path(ctx.project_path)
    target = Path(output) if output else stamped_backup_path(source, "backup")
    _check_target(source, target, force)
    db = open_database(source, create=False)
    try:
        if force and target.exists():
            target.unlink()
        backup_to(db.conn, target)
    finally:
        db.close()
    click.echo(f"backed up {source} to {target}")


def _check_target(source: Path, target: Path, force: bool) -> None:
    if not source.exists():
        raise InputError(f"{source}: no such project file")
    if target.exists() and target.resolve() == source.resolve():
        raise InputError(f"-o {target}: is the project itself")
    if target.is_dir():
        raise InputError(f"-o {target}: is a folder; give a file name")
    if target.exists() and not force:
        raise InputError(f"-o {target}: already exists (use --force to overwrite it)")
    if not target.parent.exists():
        raise InputError(f"-o {target}: folder {target.parent} does not exist")


@click.command("check")
@click.option(
    "--repair",
    is_flag=True,
    help="Fix what is safe to fix (a backup is written first); never deletes a coding.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@coder_option
@click.pass_obj
def check_command(ctx: Context, repair: bool, fmt: str, coder: str | None) -> None:
    """Check the project file: integrity, orphan rows, codings whose quote no longer matches.

    Exits with status 1 when problems remain.
    """
    with ctx.open() as project:
        report = project.check_project(repair=repair, coder=coder or ctx.coder)
    if fmt == "json":
        emit_json(report.as_dict())
    else:
        _print_report(report, repair)
    if report.remaining:
        raise click.exceptions.Exit(1)


def _print_report(report, repair: bool) -> None:  # type: ignore[no-untyped-def]
    for problem in report.problems:
        click.echo(f"problem   {problem.where}: {problem.kind}: {problem.detail}")
        if problem.repair:
            click.echo(f"repaired  {problem.where}: {problem.repair}")
    if report.backup:
        click.echo(f"backup    written before repairing: {report.backup}")
    if report.unplaced:
        click.echo(f"note      {report.unplaced} codings are kept aside in unplaced_codings")
    remaining, found = len(report.remaining), len(report.problems)
    if not found:
        click.echo("ok        no problems found")
    elif not remaining:
        click.echo(f"ok        {found} problems found, all repaired")
    else:
        hint = "" if repair else " (`themecoder check --repair` fixes what is safe to fix)"
        click.echo(
            f"problems  {found} found, {found - remaining} repaired, {remaining} remain{hint}"
        )


def register(cli: click.Group) -> None:
    for command in (backup_command, check_command):
        cli.add_command(command)
