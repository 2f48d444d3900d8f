"""Export and triangulation: theme frequencies as a bar chart, code co-occurrence, the joint display.

Three tabs, each computed in a thread worker from the same `Project` calls as the CLI's `export
frequencies`, `export cooccurrence` and `triangulate`. `e` writes the table behind the tab in view
as CSV beside the project file (with the CLI's writer); `f5` computes again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

from themecoder.core.errors import ThemecoderError
from themecoder.tui.screens.cooccurrence import CooccurrencePane
from themecoder.tui.screens.frequencies import Export, FrequenciesPane
from themecoder.tui.screens.joint_display import JointDisplayPane
from themecoder.tui.widgets.keybar import KeyBar
from themecoder.tui.widgets.titlebar import TitleBar

TABS = {"frequencies": "Frequencies", "cooccurrence": "Co-occurrence", "joint": "Joint display"}
FOCUS = {"frequencies": "#freq-chart", "cooccurrence": "#cooc-table", "joint": "#joint-table"}

PANES: dict[str, type[FrequenciesPane | CooccurrencePane | JointDisplayPane]] = {
    "frequencies": FrequenciesPane,
    "cooccurrence": CooccurrencePane,
    "joint": JointDisplayPane,
}


def export_path(project_path: str | Path, name: str) -> Path:
    """`<project stem>-<name>.csv` beside the project file (characters unsafe in names replaced)."""
    project = Path(project_path)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    return project.with_name(f"{project.stem}-{safe}.csv")


class ExportScreen(Screen[None]):
    """Tabs: Frequencies (bar chart), Co-occurrence (matrix and excerpts), Joint display (table)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="export.back"),
        Binding("e", "export_csv", "Export CSV", id="export.csv"),
        Binding("f5", "recompute", "Recompute", id="export.recompute"),
        Binding("1", "show_tab('frequencies')", "Tabs", key_display="1-3", id="export.tab-1"),
        Binding("2", "show_tab('cooccurrence')", "Co-occurrence", show=False, id="export.tab-2"),
        Binding("3", "show_tab('joint')", "Joint display", show=False, id="export.tab-3"),
    ]
    DEFAULT_CSS = """
    #export-tabs { height: 1fr; }
    #export-tabs TabPane { padding: 0 1; }
    """

    @dataclass
    class Exported(Message):
        path: Path
        rows: int

    @dataclass
    class ExportFailed(Message):
        error: str

    def __init__(self) -> None:
        super().__init__()
        self._shown = False
        self._started: set[str] = set()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with TabbedContent(id="export-tabs"):
            with TabPane(TABS["frequencies"], id="frequencies"):
                yield FrequenciesPane()
            with TabPane(TABS["cooccurrence"], id="cooccurrence"):
                yield CooccurrencePane()
            with TabPane(TABS["joint"], id="joint"):
                yield JointDisplayPane()
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "export and triangulation"
        self.query_one("#freq-chart").focus()
        self._start(self.active_tab)

    @on(TabbedContent.TabActivated, "#export-tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self._start(str(event.pane.id))

    def _start(self, tab: str) -> None:
        """Compute a tab's content the first time it is shown (a joint display is not free)."""
        if tab in PANES and tab not in self._started:
            self._started.add(tab)
            self.query_one(PANES[tab]).start()

    def on_screen_resume(self) -> None:
        """Back from the coding view: count again (codings may have changed)."""
        if self._shown:
            self.action_recompute()
        self._shown = True

    @property
    def active_tab(self) -> str:
        return self.query_one("#export-tabs", TabbedContent).active

    def active_pane(self) -> FrequenciesPane | CooccurrencePane | JointDisplayPane:
        """The pane of the tab in view."""
        return self.query_one(PANES[self.active_tab])

    def action_show_tab(self, tab: str) -> None:
        """Show a tab and focus its main widget (the path input while no table is read)."""
        self.query_one("#export-tabs", TabbedContent).active = tab
        focus = FOCUS[tab]
        if tab == "joint" and self.query_one(JointDisplayPane).quant is None:
            focus = "#joint-path"
        self.query_one(focus).focus()

    def action_recompute(self) -> None:
        for tab in self._started:
            self.query_one(PANES[tab]).recompute()

    def action_export_csv(self) -> None:
        """Write the table behind the tab in view as CSV beside the project file."""
        table = self.active_pane().export_table()
        if table is None:
            self.notify("Nothing to export yet.", severity="warning")
            return
        self.write_csv(table)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def write_csv(self, table: Export) -> None:
        """Write in a thread; the file appears complete or not at all (temporary name, then rename)."""
        from themecoder.io.exporters import write_rows

        name, rows, columns = table
        path = export_path(self.app.project_path, name)  # type: ignore[attr-defined]
        try:
            write_rows(rows, columns, "csv", path)
        except (ThemecoderError, OSError) as err:
            self.post_message(self.ExportFailed(str(err)))
            return
        self.post_message(self.Exported(path, len(rows)))

    def on_export_screen_exported(self, message: Exported) -> None:
        self.notify(f"{message.rows} rows written to {message.path}", title="Exported")

    def on_export_screen_export_failed(self, message: ExportFailed) -> None:
        self.notify(message.error, title="Not exported", severity="error", timeout=10)
