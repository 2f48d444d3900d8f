"""`themecoder tui` (and `themecoder` alone): open the coding workbench."""

from __future__ import annotations

import click

from themecoder.cli.common import Context


def open_tui(ctx: Context) -> None:
    """Run the Textual app on the project; until the workbench exists, print a project summary."""
    try:
        from themecoder.tui.app import run_app
    except ModuleNotFoundError as err:
        if not (err.name or "").startswith("themecoder.tui"):
            raise
        from themecoder.cli.demo import _print_summary

        _print_summary(ctx)
        click.echo(f"(the coding workbench is not built yet) project: {ctx.project_path}")
        return
    run_app(ctx.project_path, ctx.coder)


@click.command("tui")
@click.pass_obj
def tui_command(ctx: Context) -> None:
    """Open the coding workbench (TUI) on the project."""
    open_tui(ctx)


def register(cli: click.Group) -> None:
    cli.add_command(tui_command)
