"""`themecoder demo`: build the sample study and open it."""

from __future__ import annotations

from pathlib import Path

import click

from themecoder.cli.common import Context


@click.command("demo")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Folder for the sample project [default: a fresh folder under the user data dir].")
@click.option("--no-tui", is_flag=True, help="Only build it; print the project file's path last.")
@click.pass_obj
def demo_command(ctx: Context, directory: str | None, no_tui: bool) -> None:
    """Build the sample study (interviews, focus group, field notes, survey) and open the TUI on it."""
    from themecoder.sample import build_demo, default_demo_dir

    target = Path(directory) if directory else default_demo_dir()
    path = build_demo(target)
    ctx.project_path = str(path)
    if no_tui:
        _print_summary(ctx)
        click.echo(str(path))
        return
    from themecoder.cli.tui_command import open_tui

    open_tui(ctx)


def _print_summary(ctx: Context) -> None:
    with ctx.open() as project:
        docs = project.document_summaries()
        codes = project.codes()
        coders = project.coders()
    words = sum(d["words"] for d in docs)
    kinds: dict[str, int] = {}
    for doc in docs:
        kinds[doc["kind"]] = kinds.get(doc["kind"], 0) + 1
    click.echo(f"sample study: {len(docs)} documents ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), "
               f"{words:,} words, {len(codes)} codes, {sum(d['codings'] for d in docs)} codings "
               f"by {', '.join(coders) or 'nobody yet'}")


def register(cli: click.Group) -> None:
    cli.add_command(demo_command)
