"""The code browser: every excerpt of a code (and its children) across documents, with context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from themecoder.core.model import CodeDef, Coding
from themecoder.tui.colors import code_colors, color_for
from themecoder.tui.widgets.keybar import KeyBar
from themecoder.tui.widgets.titlebar import TitleBar

CONTEXT = 80


@dataclass(slots=True)
class Excerpt:
    coding: Coding
    before: str
    after: str


def excerpt_label(excerpt: Excerpt, color: str) -> Text:
    """Two lines: `doc · coder · code` then `…before [excerpt] after…`."""
    c = excerpt.coding
    label = Text.assemble((c.doc, "bold"), (f"  ·  {c.coder}  ·  {c.code}", "dim"))
    if c.memo:
        label.append(f"  ✎ {' '.join(c.memo.split())[:60]}", style="italic")
    label.append("\n")
    label.append("…" + " ".join(excerpt.before.split()) + " ", style="dim")
    label.append(" ".join(c.text.split()), style=f"bold underline {color}")
    label.append(" " + " ".join(excerpt.after.split()) + "…", style="dim")
    return label


class CodeBrowserScreen(Screen[None]):
    """`enter` jumps into the coding view at the excerpt."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="browser.back")
    ]

    @dataclass
    class Loaded(Message):
        code: CodeDef | None
        excerpts: list[Excerpt]
        colors: dict[str, str]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.excerpts: list[Excerpt] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="browser-body"):
            yield Label(self.path, id="browser-title")
            yield Label("", id="browser-description")
            yield OptionList(id="excerpts")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"code: {self.path}"
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="browser")
    def load(self) -> None:
        with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
            codes = project.codes()
            code = next((c for c in codes if c.path == self.path), None)
            codings = project.codings(code=self.path) if code else []
            texts = {d: project.document(d).text for d in {c.doc_id for c in codings}}
        excerpts = [
            Excerpt(
                c,
                texts[c.doc_id][max(0, c.start - CONTEXT) : c.start],
                texts[c.doc_id][c.end : c.end + CONTEXT],
            )
            for c in codings
        ]
        self.post_message(self.Loaded(code, excerpts, code_colors(codes)))

    def on_code_browser_screen_loaded(self, message: Loaded) -> None:
        self.excerpts = message.excerpts
        options = self.query_one("#excerpts", OptionList)
        options.clear_options()
        if message.code is None:
            self.query_one("#browser-description", Label).update(
                f"The code {self.path} is no longer in the codebook."
            )
            return
        coders = sorted({e.coding.coder for e in self.excerpts})
        docs = len({e.coding.doc_id for e in self.excerpts})
        self.query_one("#browser-description", Label).update(
            f"{message.code.description or 'No description.'}\n{len(self.excerpts)} excerpts in {docs} "
            f"documents by {', '.join(coders) or 'nobody yet'}"
        )
        options.add_options(
            [
                Option(excerpt_label(e, color_for(e.coding.code, message.colors)), id=str(i))
                for i, e in enumerate(self.excerpts)
            ]
        )
        if self.excerpts:
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected, "#excerpts")
    def _open(self, event: OptionList.OptionSelected) -> None:
        coding = self.excerpts[int(event.option.id or 0)].coding
        self.app.open_document(coding.doc_id, (coding.start, coding.end), coding.doc)  # type: ignore[attr-defined]
