"""How a disagreement region looks in the terminal: both coders' spans side by side over the text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from themecoder.core.adjudication import Region
    from themecoder.core.agreement.spans import Span
    from themecoder.store.adjudication_store import AdjudicationStatus

OPEN, CLOSE = "⟦", "⟧"


def spans_text(spans: tuple[Span, ...] | list[Span], none: str = "–") -> str:
    """`12-40; 55-60`, or `none` for no span."""
    return "; ".join(f"{s}-{e}" for s, e in spans) or none


def region_row(region: Region) -> dict[str, Any]:
    """A region as a listing row: `spans_a`/`spans_b` are the first and second coder's spans."""
    a, b = region.coders
    return {"id": region.id, "code": region.code, "doc": region.doc, "doc_id": region.doc_id,
            "start": region.start, "end": region.end, "coders": [a, b],
            "spans_a": spans_text(region.spans[a], ""), "spans_b": spans_text(region.spans[b], ""),
            "spans": {c: [list(s) for s in region.spans[c]] for c in (a, b)},
            "decision": region.decision, "decided_by": region.decided_by, "text": region.text}


def regions_table(regions: list[Region]) -> Table:
    """The listing as a table: coders' spans under their names, the text shortened."""
    a, b = regions[0].coders
    table = Table(title=f"Disagreements: {a} vs {b}", header_style="bold")
    for name in ("id", "code", "doc", a, b, "decision"):
        table.add_column(name, no_wrap=name in ("id", "decision"), overflow="fold",
                         min_width={"code": 16, "doc": 8}.get(name))
    table.add_column("text", overflow="fold", min_width=20)
    for r in regions:
        flat = " ".join(r.text.split())
        table.add_row(r.id, r.code, r.doc, spans_text(r.spans[a]),
                      spans_text(r.spans[b]), r.decision or "",
                      flat if len(flat) <= 80 else flat[:79] + "…")
    return table


def marked_text(region: Region, spans: tuple[Span, ...] | list[Span], style: str) -> Text:
    """The region's text with `spans` styled and bracketed (the brackets survive without colour)."""
    text = Text()
    position = region.start
    for start, end in sorted(spans):
        text.append(region.text[position - region.start:start - region.start])
        text.append(OPEN + region.text[start - region.start:end - region.start] + CLOSE, style=style)
        position = end
    text.append(region.text[position - region.start:])
    return text


def region_panel(region: Region, progress: str) -> Panel:
    """A header line and the two coders' versions of the region in two columns."""
    a, b = region.coders
    grid = Table.grid(expand=True, padding=(0, 2))
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    grid.add_row(Text(f"{a}: {spans_text(region.spans[a])}", style="bold"),
                 Text(f"{b}: {spans_text(region.spans[b])}", style="bold"))
    grid.add_row(marked_text(region, region.spans[a], "bold black on yellow"),
                 marked_text(region, region.spans[b], "bold black on cyan"))
    title = f"[{progress}] {region.code} · {region.doc} · {region.start}-{region.end}"
    note = Text(f"region {region.id}" + (f" · now: {region.decision}" if region.decision else ""),
                style="dim")
    return Panel(Group(grid, note), title=title, title_align="left")


def print_rich(renderable: Any, output: str | None = None) -> None:
    """Print to the terminal (at least 140 columns wide when not a terminal) or to a file."""
    from rich.console import Console

    if output and output != "-":
        with open(output, "w", encoding="utf-8") as fh:
            Console(file=fh, width=160).print(renderable)
        return
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=max(console.width, 140))
    console.print(renderable)


def status_lines(status: AdjudicationStatus) -> list[str]:
    """Progress in a few lines of text."""
    a, b = status.coders
    decided = ", ".join(f"{d} {n}" for d, n in sorted(status.by_decision.items()) if d != "skip")
    lines = [f"{a} vs {b}: {status.decided} of {status.regions} disagreement regions decided, "
             f"{status.pending} to go" + (f" ({status.skipped} skipped: `adjudicate run --skipped`)"
                                          if status.skipped else "")]
    if decided:
        lines.append(f"  decisions: {decided}")
    lines.append(f"  stretches both coded alike: {status.agreed_spans}, "
                 f"{status.agreed_in_consensus} already in consensus"
                 + ("" if status.agreed_in_consensus >= status.agreed_spans
                    else " (copy them with `themecoder adjudicate --accept-agreed`)"))
    return lines
