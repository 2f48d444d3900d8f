"""`themecoder adjudicate`: settle two coders' disagreements into the `consensus` coder.

Every decision is saved at once, so adjudication can stop at any point and resume later; the
original coders' codings never change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from themecoder.cli.common import (
    Context,
    LazyChoice,
    coder_option,
    emit_json,
    emit_rows,
    format_option,
    output_option,
    pick_format,
)

if TYPE_CHECKING:  # core.adjudication loads numpy; rich and it load when a command runs
    from themecoder.core.adjudication import Region

REGION_COLUMNS = ["id", "code", "doc", "doc_id", "start", "end", "coders", "spans_a", "spans_b",
                  "spans", "decision", "decided_by", "text"]
KEYS = {"a": "a", "b": "b", "u": "union", "i": "intersection", "n": "neither"}  # and s: SKIP


def _decisions() -> list[str]:
    from themecoder.core.adjudication import DECISIONS, SKIP

    return [*DECISIONS, SKIP]


def scope_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--coders A,B`, `--code PATH`, `--doc D` (repeatable) on every adjudicate command."""
    func = click.option("--doc", "docs", multiple=True, metavar="D",
                        help="Only this document (repeatable) [default: those both coded].")(func)
    func = click.option("--code", default=None, metavar="PATH",
                        help="Only this code [default: every code either coder applied].")(func)
    return click.option("--coders", default=None, metavar="A,B",
                        help="The two coders [default: the project's two human coders].")(func)


def _scope(click_ctx: click.Context, coders: str | None, code: str | None,
           docs: tuple[str, ...]) -> dict[str, Any]:
    """This command's scope options, falling back to those given to `adjudicate` itself."""
    parent = click_ctx.meta.get("adjudicate.scope", {})
    names = [c.strip() for c in coders.split(",")] if coders else parent.get("coders")
    return {"coders": names, "code": code or parent.get("code"),
            "docs": list(docs) or parent.get("docs")}


@click.group("adjudicate", invoke_without_command=True)
@scope_options
@click.option("--accept-agreed", is_flag=True,
              help="Copy every stretch both coders coded exactly alike to consensus, in one step.")
@coder_option
@format_option()
@click.pass_context
def adjudicate_group(click_ctx: click.Context, coders: str | None, code: str | None,
                     docs: tuple[str, ...], accept_agreed: bool, coder: str | None,
                     fmt: str | None) -> None:
    """Settle two coders' disagreements into the `consensus` coder.

    With no subcommand, lists the disagreements (as `adjudicate list`). Decisions: `a` or `b`
    (keep that coder's spans), `union`, `intersection`, `neither`, or `skip` (decide later).
    The result is written as codings by the coder `consensus` (source `adjudicate`); the
    original coders' codings never change. Progress is saved after every decision.

    \b
    Examples:
      themecoder adjudicate --accept-agreed
      themecoder adjudicate list --coders ana,budi --code outcomes/confidence
      themecoder adjudicate decide 3c4ef00d60 union
      themecoder adjudicate run          (one region at a time; rerun to resume)
      themecoder adjudicate status
    """
    names = [c.strip() for c in coders.split(",")] if coders else None
    click_ctx.meta["adjudicate.scope"] = {"coders": names, "code": code, "docs": list(docs) or None}
    ctx: Context = click_ctx.obj
    if accept_agreed:
        with ctx.open() as project:
            added = project.accept_agreed(names, code, decided_by=coder or ctx.coder,
                                          docs=list(docs) or None)
        click.echo(f"accepted agreed stretches: {added} consensus codings added")
    if accept_agreed or click_ctx.invoked_subcommand is not None:
        return
    click_ctx.invoke(list_command, coders=None, code=None, docs=(), pending=False, fmt=fmt,
                     output=None)


@adjudicate_group.command("list")
@scope_options
@click.option("--pending", is_flag=True, help="Only regions not yet decided (skipped ones included).")
@format_option()
@output_option
@click.pass_context
def list_command(click_ctx: click.Context, coders: str | None, code: str | None,
                 docs: tuple[str, ...], pending: bool, fmt: str | None, output: str | None) -> None:
    """List the disagreement regions with both coders' spans, the text and any decision."""
    from themecoder.cli.adjudicate_view import print_rich, region_row, regions_table

    ctx: Context = click_ctx.obj
    with ctx.open() as project:
        regions = project.disagreement_regions(**_scope(click_ctx, coders, code, docs))
    if pending:
        regions = [r for r in regions if not r.settled]
    if pick_format(fmt) == "table":
        if not regions:
            click.echo("no disagreements" + (" left to decide" if pending else ""))
            return
        print_rich(regions_table(regions), output)
        return
    emit_rows([region_row(r) for r in regions], fmt, output, REGION_COLUMNS)


@adjudicate_group.command("decide")
@click.argument("region_id")
@click.argument("decision", type=LazyChoice(_decisions, case_sensitive=False))
@click.option("--coders", default=None, metavar="A,B",
              help="The two coders (A is `a`) [default: the project's two human coders].")
@coder_option
@click.pass_context
def decide_command(click_ctx: click.Context, region_id: str, decision: str, coders: str | None,
                   coder: str | None) -> None:
    """Decide one region: REGION_ID from `adjudicate list` (or a unique prefix), then
    a | b | union | intersection | neither | skip."""
    from themecoder.core.adjudication import SKIP

    ctx: Context = click_ctx.obj
    names = _scope(click_ctx, coders, None, ())["coders"]
    with ctx.open() as project:
        region = project.find_region(region_id, names)
        decided = project.decide(region, decision, decided_by=coder or ctx.coder)
    spans = ", ".join(f"{s}-{e}" for s, e in decided.spans_of(decided.decision or SKIP)) or "nothing"
    click.echo(f"region {decided.id} ({decided.code} in {decided.doc}): {decided.decision}; "
               f"consensus has {spans}")


@adjudicate_group.command("status")
@scope_options
@format_option(("table", "json"))
@click.pass_context
def status_command(click_ctx: click.Context, coders: str | None, code: str | None,
                   docs: tuple[str, ...], fmt: str | None) -> None:
    """Progress: regions decided, skipped and pending, overall and per code."""
    from themecoder.cli.adjudicate_view import status_lines

    ctx: Context = click_ctx.obj
    with ctx.open() as project:
        status = project.adjudication_status(**_scope(click_ctx, coders, code, docs))
    if pick_format(fmt) == "json":
        emit_json(status.to_dict())
        return
    click.echo("\n".join(status_lines(status)))
    if status.by_code:
        emit_rows(status.by_code, "table", None, ["code", "regions", "decided", "pending"])


@adjudicate_group.command("run")
@scope_options
@click.option("--skipped", is_flag=True, help="Walk the regions skipped earlier instead.")
@coder_option
@click.pass_context
def run_command(click_ctx: click.Context, coders: str | None, code: str | None,
                docs: tuple[str, ...], skipped: bool, coder: str | None) -> None:
    """Walk the undecided regions one at a time, both coders' spans side by side.

    Keys: a / b (that coder's spans), u (union), i (intersection), n (neither), s (skip),
    q (stop). Each decision is saved at once; run again to resume where you stopped.
    """
    from themecoder.cli.adjudicate_view import status_lines
    from themecoder.core.adjudication import SKIP

    ctx: Context = click_ctx.obj
    with ctx.open() as project:
        regions = project.disagreement_regions(**_scope(click_ctx, coders, code, docs))
        todo = [r for r in regions if (r.decision == SKIP if skipped else r.decision is None)]
        done = sum(r.settled for r in regions)
        click.echo(f"{len(regions)} regions, {done} decided, {len(todo)} to walk now")
        for index, region in enumerate(todo, 1):
            choice = _ask(region, f"{index}/{len(todo)}")
            if choice is None:
                break
            project.decide(region, choice, decided_by=coder or ctx.coder)
            done += choice != SKIP
        status = project.adjudication_status(**_scope(click_ctx, coders, code, docs))
    click.echo("\n".join(status_lines(status)))


def _ask(region: Region, progress: str) -> str | None:
    """Show a region and read one key; None to stop (q, or end of input)."""
    from rich.console import Console

    from themecoder.cli.adjudicate_view import region_panel
    from themecoder.core.adjudication import SKIP

    Console(highlight=False).print(region_panel(region, progress))
    a, b = region.coders
    prompt = f"a={a}  b={b}  u=union  i=intersection  n=neither  s=skip  q=stop"
    keys = KEYS | {"s": SKIP}
    try:
        key = click.prompt(prompt, type=click.Choice([*keys, "q"], case_sensitive=False),
                           show_choices=False, err=True)
    except click.Abort:
        return None
    return None if key.lower() == "q" else keys[key.lower()]
