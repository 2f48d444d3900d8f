"""The coding view: one transcript, the codebook beside it, a status line, find-in-document."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from themecoder.tui.colors import code_colors
from themecoder.tui.doc_model import DocumentData, load_document_data
from themecoder.tui.home_data import shortcut_map
from themecoder.tui.keymap import CODING_BINDINGS
from themecoder.tui.screens.coding_actions import CodingActions
from themecoder.tui.screens.coding_suggestions import SuggestionActions
from themecoder.tui.screens.coding_view_actions import ViewActions
from themecoder.tui.widgets.codebook_panel import CodebookPanel, panel_lines
from themecoder.tui.widgets.keybar import KeyBar
from themecoder.tui.widgets.titlebar import TitleBar
from themecoder.tui.widgets.transcript import TranscriptView

POLL_SECONDS = 2.0


class CodingScreen(SuggestionActions, CodingActions, ViewActions, Screen[None]):
    """Code a document: keys move a sentence cursor, extend the selection and apply codes."""

    BINDINGS = CODING_BINDINGS

    @dataclass
    class Loaded(Message):
        data: DocumentData

    def __init__(self, doc_id: int, select: tuple[int, int] | None = None, name: str = "") -> None:
        super().__init__()
        self.doc_id = doc_id
        self.sub_title = (
            name  # known before the first layout: setting it later re-lays-out the screen
        )
        self.initial_selection = select
        self.data: DocumentData | None = None
        self.shortcuts: dict[str, str] = {}
        self._codes_here: set[str] = set()
        self._data_version = -1

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="coding-body"):
            yield TranscriptView(self.app.coder, id="transcript")  # type: ignore[attr-defined]
            yield CodebookPanel(id="codebook")
        yield Static("", id="status")
        yield Input(
            placeholder="find in this document (enter: search, n/N: next/previous, escape: close)",
            id="find",
        )
        yield KeyBar()

    @property
    def view(self) -> TranscriptView:
        return self.query_one("#transcript", TranscriptView)

    def on_mount(self) -> None:
        self.query_one("#find", Input).display = False
        codes = self.app.project.codes()  # type: ignore[attr-defined]
        self.shortcuts = shortcut_map(codes)
        self.query_one("#codebook", CodebookPanel).show(
            panel_lines(codes, code_colors(codes), self.shortcuts, [], "", set())
        )
        self.view.focus()
        self.load()
        self.set_interval(POLL_SECONDS, self._poll_other_writers)

    @work(thread=True, exclusive=True, exit_on_error=False, group="document")
    def load(self) -> None:
        """Read the document in a worker with its own connection."""
        with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
            self.post_message(self.Loaded(load_document_data(project, self.doc_id)))

    def on_coding_screen_loaded(self, message: Loaded) -> None:
        self.data = message.data
        self.shortcuts = shortcut_map(self.data.codes)
        view = self.view
        view.only = self.app.coder if self.app.blind else None  # type: ignore[attr-defined]
        view.show_document(self.data, select=self.initial_selection)
        if self.sub_title != self.data.document.name:
            self.sub_title = self.data.document.name
        self._data_version = self.app.project.data_version()  # type: ignore[attr-defined]
        if not self.data.document.text.strip():
            self.notify("This document is empty: there is nothing to code.", severity="warning")
        elif not self.data.sentences:
            self.notify(
                "No sentences were found in this document: the cursor moves by paragraph.",
                severity="warning",
            )
        if not self.data.codes:
            self.notify("The codebook is empty: press c and type a name to create a code.")
        self._update_panel(force=True)
        self._update_status()

    # --- keeping the side panel and status line current ------------------------------------------

    @on(TranscriptView.SelectionChanged)
    def _selection_changed(self) -> None:
        self._update_panel()
        self._update_status()

    def _update_panel(self, force: bool = False) -> None:
        if self.data is None:
            return
        start, end = self.view.selection.span
        here = {c.code for c in self.view.shown if c.start < max(end, start + 1) and c.end > start}
        if here == self._codes_here and not force:
            return
        self._codes_here = here
        colors = code_colors(self.data.codes)
        lines = panel_lines(
            self.data.codes, colors, self.shortcuts, self.data.codings, self.app.coder, here
        )  # type: ignore[attr-defined]
        self.query_one("#codebook", CodebookPanel).show(lines)

    def _update_status(self) -> None:
        if self.data is None:
            return
        view, sel = self.view, self.view.selection
        start, end = sel.span
        words = len(self.data.document.text[start:end].split())
        me = self.app.coder  # type: ignore[attr-defined]
        mode = (
            "all coders"
            if view.only is None
            else "yours only (blind)"
            if view.only == me
            else f"{view.only} only"
        )
        status = Text.assemble(
            (self.data.document.name, "bold"),
            f"  {sel.cursor + 1}/{len(sel.units)}",
            f"  ·  {words} words [{start}-{end})",
            f"  ·  {mode}",
        )
        if view.hits:
            status.append(f"  ·  hit {view.hit_index + 1}/{len(view.hits)}")
        last = self.app.last_code  # type: ignore[attr-defined]
        if last:
            status.append(f"  ·  . = {last.rsplit('/', 1)[-1]}")
        suggestion = self.suggestion_status()
        if suggestion:
            status.append(f"  ·  {suggestion}", "italic")
        self.query_one("#status", Static).update(status, layout=False)

    def reload_codings(self, *, codes: bool = False) -> None:
        """Re-read this document's codings (and the codebook) after a write or another coder's."""
        if self.data is None:
            return
        project = self.app.project  # type: ignore[attr-defined]
        new_codes = project.codes() if codes else None
        if new_codes is not None:
            self.data.codes = new_codes
            self.shortcuts = shortcut_map(new_codes)
        self.view.set_codings(project.codings(doc=self.doc_id), new_codes)
        self._update_panel(force=True)
        self._update_status()

    def codings_changed(self) -> None:
        """The view's codings changed in place (a coding added): counts and codes under the cursor."""
        self._update_panel(force=True)
        self._update_status()

    def reload_memos(self) -> None:
        if self.data is not None:
            self.data.memos = self.app.project.memos(doc_id=self.doc_id)  # type: ignore[attr-defined]
            self.view.set_codings(self.data.codings)

    def _poll_other_writers(self) -> None:
        """Another process (a second coder, the CLI) committed: show its codings and codes."""
        if self.data is None or not self.is_current:
            return
        version = self.app.project.data_version()  # type: ignore[attr-defined]
        if version != self._data_version:
            self._data_version = version
            self.reload_codings(codes=True)

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.reload_codings(codes=True)

    # --- letter shortcuts from the codebook ------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A codebook shortcut that is not a digit (e.g. `a`) applies its code, unless a key binding uses it."""
        char = event.character
        if (
            not char
            or char not in self.shortcuts
            or char.isdigit()
            or self.focused is not self.view
        ):
            return
        if event.key in self.active_bindings:
            return
        event.stop()
        self.apply_code(self.shortcuts[char])

    # --- find in document --------------------------------------------------------------------

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        self.find_in_document(event.value)
        self.view.focus()
