"""A screen whose feature is still being built: its place in the app, what it will do, what works now."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Markdown

from themecoder.tui.widgets.keybar import KeyBar
from themecoder.tui.widgets.titlebar import TitleBar


class PlaceholderScreen(Screen[None]):
    """Subclasses set TITLE_TEXT, PURPOSE (markdown) and MEANWHILE (markdown)."""

    TITLE_TEXT = ""
    PURPOSE = ""
    MEANWHILE = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="placeholder.back")
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(classes="placeholder-body"):
            yield Markdown(
                f"# {self.TITLE_TEXT}\n\n{self.PURPOSE}\n\n"
                f"> This screen arrives in a coming version.\n\n{self.MEANWHILE}"
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.TITLE_TEXT.lower()
