"""`suggest themes|groups|codes|accept|reject|runs`: suggestions computed on this machine.

Every run is recorded in the project with its method and parameters (`suggest runs`). Accepted
suggestions become codings by the coder `suggest`, so `themecoder agree --coders ana,suggest`
measures how far a person and the machine agree.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from themecoder.cli.common import Context, LazyChoice, format_option, output_option
from themecoder.cli.suggest_output import (
    emit_accepted,
    emit_codes,
    emit_groups,
    emit_runs,
    emit_themes,
)
from themecoder.core.errors import InputError

SUGGEST_CODER = "suggest"  # the store's `suggestion_model.SUGGEST_CODER`, without loading the store

METHOD_HELP = ("How segments are represented [default: auto = static WordLlama word vectors joined "
               "with LSA when installed, else LSA (TF-IDF + truncated SVD)].")


def _segment_units() -> tuple[str, ...]:
    from themecoder.store.suggestion_model import UNITS

    return UNITS


def _methods() -> tuple[str, ...]:
    from themecoder.core.themes import METHODS  # loads scikit-learn: only when `suggest` runs

    return METHODS


def speaker_options(command: Callable[..., None]) -> Callable[..., None]:
    """`--skip-speaker NAME` (repeatable) and `--all-speakers`: whose turns are left out."""
    command = click.option(
        "--all-speakers", is_flag=True,
        help="Keep every speaker's turns, the interviewers' too.")(command)
    return click.option(
        "--skip-speaker", "skip_speakers", multiple=True, metavar="NAME",
        help="Leave out this speaker's turns and the sentences in them (repeatable; replaces the "
             "default: interviewers, labelled Interviewer, Int, Q, Moderator, Facilitator, "
             "Researcher, Question or the like, trailing digits ignored).")(command)


def _skipped(names: tuple[str, ...], all_speakers: bool) -> list[str] | None:
    """The store's `skip_speakers`: None for the interviewers, [] for nobody, or the names."""
    if all_speakers and names:
        raise InputError("--all-speakers: keeps every speaker; leave out --skip-speaker")
    return [] if all_speakers else (list(names) or None)


@click.group("suggest")
def suggest_group() -> None:
    """Theme and code suggestions, computed locally (no network), reproducible with --seed."""


@suggest_group.command("themes")
@click.option("--unit", type=LazyChoice(_segment_units), default="sentence",
              help="Segments to cluster [default: sentence]; an open-ended survey answer is one turn.")
@click.option("--scope", default="uncoded", metavar="uncoded|all|code:PATH",
              help="Which segments: those no coding overlaps [default], all, or those a code's "
                   "codings overlap (to split a broad code into sub-themes).")
@click.option("--k", "k", default="auto", metavar="N|auto",
              help="Number of themes, or auto (chosen by silhouette among stable k; the reason is "
                   "printed and recorded) [default: auto].")
@click.option("--seed", type=int, default=0, help="Random seed [default: 0].")
@click.option("--method", type=LazyChoice(_methods), default="auto", help=METHOD_HELP)
@speaker_options
@format_option(("table", "json"))
@output_option
@click.pass_obj
def suggest_themes(ctx: Context, unit: str, scope: str, k: str, seed: int, method: str,
                   skip_speakers: tuple[str, ...], all_speakers: bool, fmt: str | None,
                   output: str | None) -> None:
    """Cluster segments into themes: label (distinctive words), keywords, members, nearest code.

    Every segment in scope is a member of exactly one theme. Interviewers' turns, and the
    sentences in them, are left out (a note says how many). The run and its parameters are
    recorded in the project; accept a theme with `suggest accept --run RUN --theme ID`.

    \b
    Examples:
      themecoder suggest themes --k auto
      themecoder suggest themes --unit turn --scope all --k 8 --seed 1 --format json
      themecoder suggest themes --scope code:barriers --k 3
    """
    with ctx.open() as project:
        run = project.suggest_themes(unit=unit, scope=scope, k=k, seed=seed, method=method,
                                     coder=ctx.coder,
                                     skip_speakers=_skipped(skip_speakers, all_speakers))
    emit_themes(run, fmt, output)


@suggest_group.command("groups")
@click.option("--coder", "coders", multiple=True, metavar="X",
              help="Use this coder's codings (repeatable) [default: every human coder].")
@format_option(("table", "json"))
@output_option
@click.pass_obj
def suggest_groups(ctx: Context, coders: tuple[str, ...], fmt: str | None,
                   output: str | None) -> None:
    """Candidate themes as groups of codes: how often they code the same sentences and
    documents (Jaccard) and how alike their excerpts read; evidence per pair of codes.

    Groups accepted or rejected before are not shown again. Accept one with
    `suggest accept --run RUN --group ID`: the codes move under a new parent code.
    """
    with ctx.open() as project:
        run = project.suggest_groups(coders=list(coders) or None, coder=ctx.coder)
    emit_groups(run, fmt, output)


@suggest_group.command("codes")
@click.option("--doc", "docs", multiple=True, metavar="D",
              help="Only suggest in this document (repeatable) [default: every document].")
@click.option("--coder", "coders", multiple=True, metavar="X",
              help="Learn from this coder's codings (repeatable) [default: every human coder].")
@click.option("--top", type=click.IntRange(min=1), default=10,
              help="At most this many suggestions per code [default: 10].")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.5,
              help="Only suggestions scoring at least this (a calibrated probability) [default: 0.5].")
@click.option("--seed", type=int, default=0, help="Random seed [default: 0].")
@click.option("--learn-uncoded/--no-learn-uncoded", default=True,
              help="Learn 'no code' from the sentences the coders left uncoded in the documents "
                   "they coded, so unlike sentences get no suggestion [default: on].")
@speaker_options
@format_option(("table", "json"))
@output_option
@click.pass_obj
def suggest_codes(ctx: Context, docs: tuple[str, ...], coders: tuple[str, ...], top: int,
                  min_score: float, seed: int, learn_uncoded: bool, skip_speakers: tuple[str, ...],
                  all_speakers: bool, fmt: str | None, output: str | None) -> None:
    """Suggest codes for uncoded sentences, learnt from the project's codings.

    Each coded excerpt is an example of its code, and so are the code's description, inclusion
    rule and examples; codes with fewer than 5 examples are skipped (noted on stderr). No
    suggestion is made where the two best codes score within 0.1. Rejected suggestions are not
    made again, and none is made for interviewers' sentences.
    """
    with ctx.open() as project:
        run = project.suggest_codes(docs=list(docs) or None, coders=list(coders) or None, top=top,
                                    min_score=min_score, seed=seed, learn_uncoded=learn_uncoded,
                                    coder=ctx.coder,
                                    skip_speakers=_skipped(skip_speakers, all_speakers))
    emit_codes(run, fmt, output)


@suggest_group.command("accept")
@click.option("--run", "run_id", type=int, required=True, help="The suggestion run.")
@click.option("--theme", "theme", type=int, default=None, help="A theme of a themes run.")
@click.option("--group", "group", type=int, default=None, help="A group of a groups run.")
@click.option("--as-code", default=None, metavar="PATH",
              help="Theme: code its members with PATH (created if new). Group: the new parent "
                   "code [default: theme-RUN-ID beside the codes].")
@click.option("--map-to", default=None, metavar="PATH",
              help="Theme: code its members with this existing code. Group: move the codes "
                   "under this existing code.")
@click.option("--all", "accept_all", is_flag=True, help="Codes run: every open suggestion.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=None,
              help="Codes run: the open suggestions scoring at least this.")
@click.option("--id", "ids", type=int, multiple=True, help="Codes run: this suggestion (repeatable).")
@click.option("--coder", default=None, help=f"Coder of the new codings [default: {SUGGEST_CODER}].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="A line of text, or the result as JSON [default: text].")
@click.pass_obj
def suggest_accept(ctx: Context, run_id: int, theme: int | None, group: int | None,
                   as_code: str | None, map_to: str | None, accept_all: bool,
                   min_score: float | None, ids: tuple[int, ...], coder: str | None,
                   fmt: str) -> None:
    """Turn suggestions into codes and codings (one transaction).

    \b
    suggest accept --run R --theme ID --as-code PATH    new (or existing) code for the theme
    suggest accept --run R --theme ID --map-to PATH     an existing code for the theme
    suggest accept --run R --group ID [--as-code PATH]  the codes become children of PATH
    suggest accept --run R --all | --min-score S | --id ID...   code suggestions
    """
    who = coder or SUGGEST_CODER
    picked = _check_choice(theme, group, accept_all or min_score is not None or bool(ids))
    with ctx.open() as project:
        if picked == "theme":
            target = _theme_target(as_code, map_to)
            result = project.accept_theme(run_id, int(theme or 0), target, create=map_to is None,
                                          coder=who, decided_by=ctx.coder)
        elif picked == "group":
            if map_to:
                project.code(map_to)  # must exist
            result = project.accept_group(run_id, int(group or 0), map_to or as_code,
                                          decided_by=ctx.coder)
        else:
            result = project.accept_code_suggestions(
                run_id, ids=ids, min_score=None if accept_all else min_score, coder=who,
                decided_by=ctx.coder)
    what = {"theme": f"theme {theme}", "group": f"group {group}"}.get(
        picked, f"{result.accepted} code suggestion(s)")
    emit_accepted(what, result, fmt, who)


@suggest_group.command("reject")
@click.option("--run", "run_id", type=int, required=True, help="The suggestion run.")
@click.option("--theme", "theme", type=int, default=None, help="A theme of a themes run.")
@click.option("--group", "group", type=int, default=None,
              help="A group of a groups run (not suggested again).")
@click.option("--id", "ids", type=int, multiple=True,
              help="A code suggestion (repeatable; that code is not suggested there again).")
@click.pass_obj
def suggest_reject(ctx: Context, run_id: int, theme: int | None, group: int | None,
                   ids: tuple[int, ...]) -> None:
    """Reject suggestions; the decision is recorded with your coder name."""
    picked = _check_choice(theme, group, bool(ids))
    with ctx.open() as project:
        if picked == "theme":
            project.reject_theme(run_id, int(theme or 0), decided_by=ctx.coder)
        elif picked == "group":
            project.reject_group(run_id, int(group or 0), decided_by=ctx.coder)
        else:
            project.reject_code_suggestions(run_id, ids, decided_by=ctx.coder)
    what = {"theme": f"theme {theme}", "group": f"group {group}"}.get(
        picked, f"{len(ids)} code suggestion(s)")
    click.echo(f"rejected {what} of run {run_id}")


@suggest_group.command("runs")
@click.option("--kind", type=click.Choice(["themes", "groups", "codes"]), default=None,
              help="Only runs of this kind.")
@format_option(("table", "json", "jsonl"))
@output_option
@click.pass_obj
def suggest_runs(ctx: Context, kind: str | None, fmt: str | None, output: str | None) -> None:
    """The recorded suggestion runs, newest first, with their method and parameters."""
    with ctx.open() as project:
        runs = project.suggestion_runs(kind)
    emit_runs(runs, fmt, output)


def _check_choice(theme: int | None, group: int | None, codes: bool) -> str:
    chosen = [name for name, given in (("theme", theme is not None), ("group", group is not None),
                                       ("codes", codes)) if given]
    if len(chosen) != 1:
        raise InputError("suggest: choose one of --theme ID, --group ID, or code suggestions "
                         "(--all, --min-score S, --id ID)")
    return chosen[0]


def _theme_target(as_code: str | None, map_to: str | None) -> str:
    if (as_code is None) == (map_to is None):
        raise InputError("--theme: give either --as-code PATH (a new code) or --map-to PATH")
    return str(as_code or map_to)


def register(cli: click.Group) -> None:
    cli.add_command(suggest_group)
