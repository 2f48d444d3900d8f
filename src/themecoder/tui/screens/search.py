"""Search across every transcript (`ctrl+f`): FTS5, then fuzzy matches; `enter` opens the hit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from themecoder.store.search import SearchHit
from themecoder.tui.widgets.keybar import KeyBar
from themecoder.tui.widgets.titlebar import TitleBar

LIMIT = 300


def hit_label(hit: SearchHit, query: str) -> Text:
    """`doc  sentence` with the query's words highlighted; fuzzy hits marked ≈."""
    label = Text.assemble(("≈ " if hit.fuzzy else "  ", "dim"), (f"{hit.doc:<24.24} ", "bold"))
    sentence = Text(" ".join(hit.text.split()))
    words = [re.escape(w) for w in re.findall(r"\w+", query) if len(w) > 1]
    if words:
        sentence.highlight_regex(re.compile("|".join(words), re.IGNORECASE), style="reverse")
    label.append_text(sentence)
    return label


class SearchScreen(Screen[None]):
    """Type words, press enter: sentences from all documents, best first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="search.back")
    ]

    @dataclass
    class Found(Message):
        query: str
        hits: list[SearchHit]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="search-body"):
            yield Input(
                placeholder="search all documents (words; a misspelling finds close matches)",
                id="search-input",
            )
            yield Label("", id="search-summary")
            yield OptionList(id="search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "search"
        self.query_one("#search-input", Input).focus()

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.query_one("#search-summary", Label).update("searching…")
            self.run_search(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str) -> None:
        with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
            self.post_message(self.Found(query, project.search_sentences(query, limit=LIMIT)))

    def on_search_screen_found(self, message: Found) -> None:
        self.hits = message.hits
        options = self.query_one("#search-results", OptionList)
        options.clear_options()
        options.add_options(
            [Option(hit_label(h, message.query), id=str(i)) for i, h in enumerate(self.hits)]
        )
        exact = sum(not h.fuzzy for h in self.hits)
        summary = f"{exact} sentences contain “{message.query}”"
        if len(self.hits) > exact:
            summary += f", {len(self.hits) - exact} close matches (≈)"
        self.query_one("#search-summary", Label).update(
            summary if self.hits else f"Nothing matches “{message.query}”."
        )
        if self.hits:
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected, "#search-results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[int(event.option.id or 0)]
        self.app.open_document(hit.doc_id, (hit.start, hit.end), hit.doc)  # type: ignore[attr-defined]
