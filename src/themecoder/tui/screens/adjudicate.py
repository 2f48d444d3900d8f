"""Adjudication: walk two coders' disagreements, both versions side by side, one key per decision.

`a`/`b` keep that coder's spans, `u` the union, `i` the intersection, `n` neither, `s` skips. Each
decision is one `Project.decide` call (one transaction writing the `consensus` coder), so leaving
and coming back resumes at the first region not yet decided.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from themecoder.core.adjudication import SKIP, Region
from themecoder.core.agreement.spans import Span
from themecoder.core.errors import ThemecoderError
from themecoder.tui.widgets.keybar import KeyBar

CONTEXT = 120
STYLES = ("bold black on #edc948", "bold black on #76b7b2")


def side_text(region: Region, document: str, spans: tuple[Span, ...] | list[Span],
              style: str) -> Text:
    """The region with some context: `spans` highlighted and bracketed, the context dimmed."""
    begin, end = max(0, region.start - CONTEXT), min(len(document), region.end + CONTEXT)
    text = Text("…" if begin else "", style="dim")
    text.append(document[begin:region.start], style="dim")
    position = region.start
    for start, stop in sorted(spans):
        text.append(document[position:start])
        text.append("⟦" + document[start:stop] + "⟧", style=style)
        position = stop
    text.append(document[position:region.end])
    text.append(document[region.end:end] + ("…" if end < len(document) else ""), style="dim")
    return text


def first_open(regions: list[Region], after: int = -1) -> int:
    """The index of the first undecided region after `after` (wrapping), else of a skipped one."""
    order = list(range(after + 1, len(regions))) + list(range(after + 1))
    for wanted in (None, SKIP):
        for index in order:
            if regions[index].decision == wanted:
                return index
    return max(0, min(after, len(regions) - 1))


class AdjudicateScreen(Screen[None]):
    """One disagreement region at a time: the first coder left, the second right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "decide('a')", "Keep A", id="adjudicate.a"),
        Binding("b", "decide('b')", "Keep B", id="adjudicate.b"),
        Binding("u", "decide('union')", "Union", id="adjudicate.union"),
        Binding("i", "decide('intersection')", "Intersection", id="adjudicate.intersection"),
        Binding("n", "decide('neither')", "Neither", id="adjudicate.neither"),
        Binding("s", "decide('skip')", "Skip", id="adjudicate.skip"),
        Binding("right,j", "move(1)", "Next", key_display="→", id="adjudicate.next"),
        Binding("left,k", "move(-1)", "Previous", show=False, id="adjudicate.previous"),
        Binding("escape", "app.pop_screen", "Back", id="adjudicate.back"),
    ]
    DEFAULT_CSS = """
    #adjudicate-body { height: 1fr; padding: 0 1; }
    #adjudicate-progress { text-style: bold; }
    #adjudicate-where, #adjudicate-hint { color: $text-muted; }
    #adjudicate-sides { height: 1fr; }
    .adjudicate-side { width: 1fr; border: round $primary 50%; padding: 0 1; }
    """

    @dataclass
    class Loaded(Message):
        regions: list[Region]
        texts: dict[int, str]

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, coders: list[str] | None = None, code: str | None = None) -> None:
        super().__init__()
        self.coders = coders
        self.code = code
        self.regions: list[Region] = []
        self.texts: dict[int, str] = {}
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="adjudicate-body"):
            yield Label("Loading disagreements…", id="adjudicate-progress")
            yield Label("", id="adjudicate-where")
            with Horizontal(id="adjudicate-sides"):
                with VerticalScroll(classes="adjudicate-side", id="side-a-box"):
                    yield Static("", id="side-a")
                with VerticalScroll(classes="adjudicate-side", id="side-b-box"):
                    yield Static("", id="side-b")
            yield Label("The decision is written as the coder `consensus`; the coders' own "
                        "codings never change.", id="adjudicate-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "adjudication" + (f" · {self.code}" if self.code else "")
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="adjudicate")
    def load(self) -> None:
        try:
            with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
                regions = project.disagreement_regions(self.coders, self.code)
                texts = {d: project.document(d).text for d in {r.doc_id for r in regions}}
        except ThemecoderError as err:
            self.post_message(self.Failed(str(err)))
            return
        self.post_message(self.Loaded(regions, texts))

    def on_adjudicate_screen_loaded(self, message: Loaded) -> None:
        self.regions, self.texts = message.regions, message.texts
        self.index = first_open(self.regions)
        self.show_region()

    def on_adjudicate_screen_failed(self, message: Failed) -> None:
        self.query_one("#adjudicate-progress", Label).update(f"Cannot adjudicate: {message.error}")

    def show_region(self) -> None:
        """Draw the current region, or say there is nothing to decide."""
        progress = self.query_one("#adjudicate-progress", Label)
        decided = sum(r.settled for r in self.regions)
        if not self.regions:
            progress.update("No disagreements: the two coders coded these codes alike.")
            return
        region = self.regions[self.index]
        a, b = region.coders
        left = len(self.regions) - decided
        progress.update(f"Region {self.index + 1} of {len(self.regions)} · {decided} decided · "
                        f"{left} to go" + (" · all decided" if not left else ""))
        state = f" · decided: {region.decision} by {region.decided_by}" if region.decision else ""
        self.query_one("#adjudicate-where", Label).update(
            f"{region.code} · {region.doc} · {region.start}-{region.end} · region {region.id}{state}")
        document = self.texts[region.doc_id]
        for side, coder, style in (("a", a, STYLES[0]), ("b", b, STYLES[1])):
            box = self.query_one(f"#side-{side}-box", VerticalScroll)
            box.border_title = f"{side}: {coder}"
            self.query_one(f"#side-{side}", Static).update(
                side_text(region, document, region.spans[coder], style))

    def action_move(self, step: int) -> None:
        if self.regions:
            self.index = (self.index + step) % len(self.regions)
            self.show_region()

    def action_decide(self, decision: str) -> None:
        """Save the decision for the current region, then go to the next open one."""
        if not self.regions:
            return
        index, region = self.index, self.regions[self.index]
        coder = self.app.coder  # type: ignore[attr-defined]

        def saved(result: Region) -> None:
            self.regions[index] = replace(result, text=region.text)
            self.index = first_open(self.regions, index)
            self.show_region()
            self.notify(f"{decision}: saved as consensus", timeout=2)

        def change(project: Any) -> Region:
            return project.decide(region, decision, decided_by=coder)  # type: ignore[no-any-return]

        self.app.write(change, saved, what="decision")  # type: ignore[attr-defined]
