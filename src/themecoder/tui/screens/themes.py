"""Themes: clusters of sentences or turns suggested locally, to read, name and turn into codes.

Parameters (unit, scope, k, seed, method) and `f5` run `Project.suggest_themes` (the same call as
`themecoder suggest themes`) in a thread worker with its own Project, reporting progress. The
screen opens on the latest recorded run. Interviewers' turns are left out, as on the command line,
and the status line says how many. `a` accepts the highlighted theme as a new code, `m`
maps it to an existing code (codings by the coder `suggest`), `r` rejects it; `enter` on a member
opens it in its document. The "Code groups" tab (`g`) suggests themes built from codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    DataTable,
    Header,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from themecoder.core.errors import ThemecoderError
from themecoder.core.speakers import left_out_summary
from themecoder.core.themes import METHODS
from themecoder.store.suggestion_model import UNITS, SuggestedTheme, ThemeRun
from themecoder.tui.keymap import THEMES_BINDINGS
from themecoder.tui.screens.themes_actions import ThemeDecisions
from themecoder.tui.screens.themes_groups import GroupsPane
from themecoder.tui.themes_view import (
    passage_in_context,
    scope_options,
    theme_cells,
    wide_context,
)
from themecoder.tui.widgets.keybar import KeyBar

COLUMNS = (("id", "#"), ("size", "Size"), ("label", "Label"), ("score", "Score"),
           ("nearest", "Nearest code"), ("status", "Decision"))


class ThemesScreen(ThemeDecisions, Screen[None]):
    """Theme runs: parameters, progress, the themes and the members of the highlighted one."""

    BINDINGS = THEMES_BINDINGS
    DEFAULT_CSS = """
    #themes-controls { height: auto; padding: 0 1; }
    #themes-controls Label { padding: 1 1 0 1; }
    #themes-unit { width: 16; } #themes-scope { width: 34; } #themes-method { width: 20; }
    #themes-k, #themes-seed { width: 10; }
    #themes-progress-row { height: 1; padding: 0 1; }
    #themes-progress { width: 30; } #themes-status { color: $text-muted; padding: 0 1; }
    #themes-tabs { height: 1fr; }
    #themes-table { width: 3fr; height: 1fr; }
    #themes-right { width: 2fr; height: 1fr; }
    #themes-members { height: 1fr; }
    #themes-context-box { height: 12; border-top: solid $primary 40%; padding: 0 1; }
    """

    @dataclass
    class Ran(Message):
        run: ThemeRun
        texts: dict[int, str]
        fresh: bool

    @dataclass
    class Progressed(Message):
        what: str
        fraction: float

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self) -> None:
        super().__init__()
        self.run: ThemeRun | None = None
        self.texts: dict[int, str] = {}
        self.shown_members: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="themes-controls"):
            yield Label("Unit")
            yield Select([(u, u) for u in UNITS], value="sentence", allow_blank=False, id="themes-unit")
            yield Label("Scope")
            yield Select(scope_options(self.app.project.codes()), value="uncoded",  # type: ignore[attr-defined]
                         allow_blank=False, id="themes-scope")
            yield Label("k")
            yield Input("auto", id="themes-k")
            yield Label("Seed")
            yield Input("0", id="themes-seed", type="integer")
            yield Label("Method")
            yield Select([(m, m) for m in METHODS], value="auto", allow_blank=False, id="themes-method")
            yield Button("Run (f5)", id="themes-run", variant="primary")
        with Horizontal(id="themes-progress-row"):
            yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="themes-progress")
            yield Label("Loading the latest run…", id="themes-status")
        with TabbedContent(id="themes-tabs", initial="themes-pane"):
            with TabPane("Themes", id="themes-pane"), Horizontal():
                yield DataTable(id="themes-table", cursor_type="row", zebra_stripes=True)
                with Vertical(id="themes-right"):
                    yield DataTable(id="themes-members", cursor_type="row")
                    with VerticalScroll(id="themes-context-box"):
                        yield Static("", id="themes-context")
            with TabPane("Code groups", id="groups-pane"):
                yield GroupsPane(id="groups")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "themes"
        table = self.query_one("#themes-table", DataTable)
        for key, title in COLUMNS:
            table.add_column(title, key=key)
        members = self.query_one("#themes-members", DataTable)
        members.add_column("Document", key="doc")
        members.add_column("Passage in context", key="passage")
        table.focus()
        self.load_latest()

    # --- running -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="themes")
    def load_latest(self) -> None:
        """Show the latest recorded run (its rejected themes left out), if there is one."""
        with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
            run_id = project.latest_run_id("themes")
            if run_id is None:
                self.post_message(self.Progressed("No theme run yet: set the parameters and press f5.", 0))
                return
            run = project.theme_run(run_id)
            self.post_message(self.Ran(run, _texts(project, run), fresh=False))

    @work(thread=True, exclusive=True, exit_on_error=False, group="themes")
    def run_themes(self, params: dict[str, Any]) -> None:
        """Cluster in a thread with its own Project (SQLite connections belong to their thread)."""
        try:
            with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
                run = project.suggest_themes(**params, coder=self.app.coder,  # type: ignore[attr-defined]
                                             progress=lambda w, f: self.post_message(self.Progressed(w, f)))
                self.post_message(self.Ran(run, _texts(project, run), fresh=True))
        except ThemecoderError as err:
            self.post_message(self.Failed(str(err)))

    def parameters(self) -> dict[str, Any] | None:
        """The chosen parameters, or None (with a notice) when k or the seed is not valid."""
        k = self.query_one("#themes-k", Input).value.strip().lower() or "auto"
        seed = self.query_one("#themes-seed", Input).value.strip() or "0"
        if k != "auto" and not (k.isdigit() and int(k) >= 1):
            self.notify(f"k: '{k}' is not a whole number >= 1 or 'auto'", severity="error")
            return None
        if not seed.lstrip("-").isdigit():
            self.notify(f"seed: '{seed}' is not a whole number", severity="error")
            return None
        return {"unit": self.query_one("#themes-unit", Select).value,
                "scope": self.query_one("#themes-scope", Select).value,
                "k": k if k == "auto" else int(k), "seed": int(seed),
                "method": self.query_one("#themes-method", Select).value}

    def action_run(self) -> None:
        if self._groups_active():
            self.query_one(GroupsPane).compute()
            return
        params = self.parameters()
        if params is not None:
            self._progress("Starting…", 0.0)
            self.run_themes(params)

    @on(Button.Pressed, "#themes-run")
    def _run_pressed(self) -> None:
        self.action_run()

    def on_themes_screen_progressed(self, message: Progressed) -> None:
        self._progress(message.what, message.fraction)

    def _progress(self, what: str, fraction: float) -> None:
        self.query_one("#themes-progress", ProgressBar).update(progress=round(100 * fraction))
        self.query_one("#themes-status", Label).update(what)

    def on_themes_screen_failed(self, message: Failed) -> None:
        self._progress(f"Cannot run: {message.error}", 0.0)
        self.notify(message.error, title="Themes not computed", severity="error", timeout=10)

    def on_themes_screen_ran(self, message: Ran) -> None:
        self.run, self.texts = message.run, message.texts
        run = message.run
        segments = sum(t.size for t in run.themes)
        left_out = left_out_summary(run.params)
        summary = (f"Run {run.run_id}: {run.k} themes of {segments:,} {run.unit}s in '{run.scope}' · "
                   f"{run.method} · seed {run.seed}" + (f" · {left_out}" if left_out else "")
                   + (f" · {run.k_reason}" if run.k_reason else ""))
        self._progress(summary, 1.0 if message.fresh else 0.0)
        self._fill_themes()

    # --- showing ---------------------------------------------------------------------------------

    def _fill_themes(self) -> None:
        table = self.query_one("#themes-table", DataTable)
        table.clear()
        for theme in self.run.themes if self.run else []:
            if theme.decision != "rejected":
                table.add_row(*theme_cells(theme), key=str(theme.id))
        self._show_members(self.current_theme())

    def current_theme(self) -> SuggestedTheme | None:
        table = self.query_one("#themes-table", DataTable)
        if self.run is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.run.theme(int(str(key)))

    @on(DataTable.RowHighlighted, "#themes-table")
    def _theme_highlighted(self) -> None:
        self._show_members(self.current_theme())

    def _show_members(self, theme: SuggestedTheme | None) -> None:
        members = self.query_one("#themes-members", DataTable)
        members.clear()
        self.shown_members = []
        if theme is not None:  # the most central excerpt first, then in document order
            central = theme.representative
            self.shown_members = [central] if central else []
            self.shown_members += [m for m in theme.members if m is not central]
        for index, member in enumerate(self.shown_members):
            members.add_row(member.doc, passage_in_context(self.texts.get(member.doc_id, ""), member),
                            key=str(index))
        self._show_context()

    @on(DataTable.RowHighlighted, "#themes-members")
    def _show_context(self) -> None:
        members = self.query_one("#themes-members", DataTable)
        context = self.query_one("#themes-context", Static)
        if not self.shown_members or not members.row_count:
            context.update("")
            return
        member = self.shown_members[min(members.cursor_row, len(self.shown_members) - 1)]
        context.update(wide_context(self.texts.get(member.doc_id, ""), member))

    @on(DataTable.RowSelected, "#themes-members")
    def _open_member(self, event: DataTable.RowSelected) -> None:
        member = self.shown_members[int(str(event.row_key.value))]
        self.app.open_document(member.doc_id, select=(member.start, member.end), name=member.doc)  # type: ignore[attr-defined]

    # --- tabs ------------------------------------------------------------------------------------

    def _groups_active(self) -> bool:
        return self.query_one("#themes-tabs", TabbedContent).active == "groups-pane"

    def action_show_tab(self, pane: str) -> None:
        self.query_one("#themes-tabs", TabbedContent).active = pane

    @on(TabbedContent.TabActivated, "#themes-tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "groups-pane":
            groups = self.query_one(GroupsPane)
            groups.groups_tree.focus()
            if groups.run is None:
                groups.compute()
        else:
            self.query_one("#themes-table", DataTable).focus()


def _texts(project: Any, run: ThemeRun) -> dict[int, str]:
    """The text of every document with a member, for reading members in context."""
    docs = {m.doc_id for t in run.themes for m in t.members}
    return {doc_id: text for doc_id, (_, text) in project.document_texts(docs).items()}
