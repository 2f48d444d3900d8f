"""The command line: a thin face over `themecoder.store.Project` and `themecoder.core`.

The contract (names, options, output shapes) is docs/cli.md's; errors are one line on stderr,
exit 2 for bad input or usage, 1 for anything else.
"""

from __future__ import annotations

import sys

import click

from themecoder.cli.common import Context, ThemecoderGroup, default_coder, default_project


@click.group(cls=ThemecoderGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-p", "--project", "project", type=click.Path(dir_okay=False), default=None,
              help="The project's SQLite file [default: $THEMECODER_PROJECT or ./themecoder.db].")
@click.option("--coder", default=None, help="Your coder name [default: $THEMECODER_CODER or login].")
@click.version_option(package_name="themecoder")
@click.pass_context
def cli(ctx: click.Context, project: str | None, coder: str | None) -> None:
    """themecoder: code qualitative interviews in the terminal.

    With no command, opens the coding workbench (TUI) on the project.
    """
    ctx.obj = Context(project or default_project(), coder or default_coder())
    if ctx.invoked_subcommand is None:
        from themecoder.cli.tui_command import open_tui

        open_tui(ctx.obj)


def _register() -> None:
    from themecoder.cli import codebook, coding, demo, documents, tui_command

    for module in (documents, codebook, coding, demo, tui_command):
        module.register(cli)
    _register_optional()


def _register_optional() -> None:
    """Command groups owned by later features register themselves when their module exists."""
    import importlib

    for name in ("suggest", "team", "export", "maintenance", "exchange"):
        try:
            module = importlib.import_module(f"themecoder.cli.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"themecoder.cli.{name}":
                raise
            continue
        module.register(cli)


_register()


def main() -> None:
    """Console entry point."""
    try:
        cli()
    except BrokenPipeError:
        sys.exit(0)
