"""Team work: `agree` (inter-coder agreement) and `adjudicate` (settle into a consensus coder)."""

from __future__ import annotations

import click

from themecoder.cli.agree_output import emit_agreement
from themecoder.cli.common import Context, LazyChoice, format_option, output_option

UNIT_HELP = (
    "Unit of analysis [default: sentence]. A code is present in a sentence, turn or document for a "
    "coder when any of that coder's codings of it overlaps the unit. `char` compares characters "
    "(NVivo's coding comparison; adds alpha_U, the span-aware measure)."
)


def _agreement_units() -> tuple[str, ...]:
    from themecoder.core.agreement import UNITS  # loads numpy: only when `agree` runs

    return UNITS


@click.command("agree")
@click.option("--coders", default=None, metavar="A,B,...",
              help="Coders to compare, comma-separated (two or more) [default: every coder "
                   "except consensus and suggest].")
@click.option("--unit", type=LazyChoice(_agreement_units), default="sentence", show_default=False,
              help=UNIT_HELP)
@click.option("--code", "codes", multiple=True, metavar="PATH",
              help="Only this code (repeatable; exactly that code, not its children) "
                   "[default: every code these coders applied].")
@click.option("--doc", "docs", multiple=True, metavar="D",
              help="Only this document, id or name (repeatable) [default: the documents every "
                   "chosen coder coded].")
@click.option("--exclude-uncoded", is_flag=True,
              help="Leave out the units that no coder coded with any code in scope.")
@format_option(("table", "json", "csv"))
@output_option
@click.pass_obj
def agree_command(ctx: Context, coders: str | None, unit: str, codes: tuple[str, ...],
                  docs: tuple[str, ...], exclude_uncoded: bool, fmt: str | None,
                  output: str | None) -> None:
    """Inter-coder agreement per code and pooled over codes.

    Per code: percent agreement (a fraction), Cohen's kappa (two coders only), Fleiss' kappa,
    Krippendorff's alpha (nominal, missing values allowed), Gwet's AC1 and Brennan-Prediger;
    alpha_U for `--unit char`. A statistic that is undefined (0/0, e.g. no coder used the code)
    is null with a note, never 0 or 1. Read-only.

    Why the default unit is the sentence: coders decide sentence by sentence, and a
    sentence is a unit a reviewer can inspect. Characters are not independent decisions, and
    with `--unit char` most units are text nobody coded, which inflates percent agreement
    (NVivo's figures); use it for comparison with NVivo and for alpha_U.

    \b
    Examples:
      themecoder agree
      themecoder agree --coders ana,budi --unit char --format json
      themecoder agree --code outcomes/confidence --doc P03-interview --unit turn
    """
    names = [c.strip() for c in coders.split(",")] if coders else None
    with ctx.open() as project:
        result = project.agreement(coders=names, unit=unit, codes=list(codes) or None,
                                   docs=list(docs) or None, exclude_uncoded=exclude_uncoded)
    emit_agreement(result, fmt, output)


def register(cli: click.Group) -> None:
    from themecoder.cli.adjudicate import adjudicate_group

    cli.add_command(agree_command)
    cli.add_command(adjudicate_group)
