"""The joint display tab: codes against a quantitative table's variables (the `triangulate` table).

Choose a .csv/.xlsx/.sav file and its key column (the case names); per code, the cases with it
(n, %) and each numeric variable's mean among the cases with and without it, with an exemplar quote.
The file and key last used are kept in the project's settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Select

from themecoder.core.errors import ThemecoderError
from themecoder.core.triangulation import JointDisplay
from themecoder.io import joint_display as jd
from themecoder.tui.screens.frequencies import Export, set_options

TABLE_SETTING = "tui.joint_display.table"
KEY_SETTING = "tui.joint_display.key"
SAMPLE_TABLE = "participants.csv"
EVERY_VARIABLE = "*"


@dataclass(slots=True)
class QuantFile:
    """A quantitative table as read: its path, columns, rows and the key column to start with."""

    path: str
    columns: list[str]
    rows: list[dict[str, Any]]
    key: str


def default_table(project: Any) -> tuple[str, str]:
    """The table and key last used, else a `participants.csv` beside the project or its sources."""
    saved = project.setting(TABLE_SETTING)
    if saved and Path(saved).is_file():
        return saved, project.setting(KEY_SETTING) or ""
    here = Path(str(project.path)).resolve().parent
    folders = [here, here / "transcripts" / "sample"]
    first = project.document_summaries()[:1]  # the folder the documents came from
    source = project.document(first[0]["id"]).source_path if first else ""
    if source:
        folders.append(Path(source).parent)
    for folder in folders:
        if (folder / SAMPLE_TABLE).is_file():
            return str(folder / SAMPLE_TABLE), ""
    return "", ""


def read_quant_file(project: Any, path: str, key: str) -> QuantFile:
    """Read the table; keep `key` if it is a column, else guess the column naming the most cases."""
    from themecoder.io.tables import read_table_rows

    rows = read_table_rows(Path(path).expanduser())
    columns = list(rows[0]) if rows else []
    if key not in columns:
        cases = {c["case"] for c in project.cases()}
        scores = [(sum(1 for r in rows if r.get(c) in cases), -i, c) for i, c in enumerate(columns)]
        key = max(scores)[2] if scores else ""
    return QuantFile(path, columns, rows, key)


class JointDisplayPane(Vertical):
    """A path Input, key and variable Selects, then the joint display table."""

    DEFAULT_CSS = """
    JointDisplayPane { height: 1fr; }
    #joint-controls { height: auto; }
    #joint-controls Label { padding: 1 1 0 1; }
    #joint-path { width: 1fr; }
    #joint-key { width: 24; }
    #joint-variable { width: 30; }
    #joint-summary, #joint-notes { color: $text-muted; width: 100%; }
    #joint-table { height: 1fr; }
    """

    @dataclass
    class FileRead(Message):
        quant: QuantFile

    @dataclass
    class Computed(Message):
        display: JointDisplay
        quant: QuantFile

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self) -> None:
        super().__init__()
        self.quant: QuantFile | None = None
        self.variable = EVERY_VARIABLE
        self.joint: JointDisplay | None = None
        self.joint_source: QuantFile | None = None  # the table the joint display was computed from
        self._offered: dict[str, list[str]] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="joint-controls"):
            yield Label("Table")
            yield Input(
                placeholder="a .csv, .xlsx or .sav file with one row per case; enter: read",
                id="joint-path",
            )
            yield Label("Key")
            yield Select([], prompt="key column", id="joint-key")
            yield Select(
                [("every numeric column", EVERY_VARIABLE)],
                value=EVERY_VARIABLE,
                allow_blank=False,
                id="joint-variable",
            )
        yield Label(
            "Choose a table of case data (one row per case) and its key column.", id="joint-summary"
        )
        yield DataTable(id="joint-table", cursor_type="row", zebra_stripes=True)
        yield Label("", id="joint-notes")

    def start(self) -> None:
        """The first computation, when the tab is first shown."""
        self.read_file(None, "")

    @work(thread=True, exclusive=True, exit_on_error=False, group="joint-display")
    def read_file(self, path: str | None, key: str) -> None:
        """Read the table (the default one when `path` is None) and pick its key column."""
        try:
            with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
                if path is None:
                    path, key = default_table(project)
                    if not path:
                        return
                self.post_message(self.FileRead(read_quant_file(project, path, key)))
        except ThemecoderError as err:
            self.post_message(self.Failed(str(err)))

    def on_joint_display_pane_file_read(self, message: FileRead) -> None:
        quant = self.quant = message.quant
        path_input = self.query_one("#joint-path", Input)
        if path_input.value != quant.path:
            with path_input.prevent(Input.Changed):
                path_input.value = quant.path
        if path_input.has_focus:  # read: on to the table (where `e` exports)
            self.query_one("#joint-table", DataTable).focus()
        if not quant.columns:
            self.on_joint_display_pane_failed(self.Failed(f"{quant.path}: no rows"))
            return
        with self.prevent(Select.Changed):
            key_select: Select[str] = self.query_one("#joint-key", Select)
            key_select.set_options([(c, c) for c in quant.columns])
            key_select.value = quant.key
        variables = [(c, c) for c in quant.columns if c != quant.key]
        self.variable = set_options(
            self.query_one("#joint-variable", Select),
            [("every numeric column", EVERY_VARIABLE), *variables],
            self.variable,
            self._offered,
        )
        self.compute()

    def compute(self) -> None:
        """Compute the joint display for the file, key and variable chosen."""
        if self.quant is None or not self.quant.key:
            return
        self.query_one("#joint-summary", Label).update("Computing…")
        variables = None if self.variable == EVERY_VARIABLE else [self.variable]
        self.compute_display(self.quant, variables)

    @work(thread=True, exclusive=True, exit_on_error=False, group="joint-display")
    def compute_display(self, quant: QuantFile, variables: list[str] | None) -> None:
        """`Project.joint_display` (exemplar quotes included) in a thread with its own Project."""
        try:
            with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
                display = project.joint_display(
                    quant.rows, quant.key, variables=variables, where=quant.path
                )
        except ThemecoderError as err:
            self.post_message(self.Failed(str(err)))
            return
        self.post_message(self.Computed(display, quant))

    def on_joint_display_pane_computed(self, message: Computed) -> None:
        display, self.joint, self.joint_source = message.display, message.display, message.quant
        source = Path(message.quant.path).name
        table = self.query_one("#joint-table", DataTable)
        table.clear(columns=True)
        columns = jd.display_columns(display)
        for column in columns:
            table.add_column(column, key=column)
        for row in jd.display_rows(display):
            table.add_row(*[row[c] for c in columns], key=row["code"])
        self.query_one("#joint-summary", Label).update(jd.caption(display, source))
        self.query_one("#joint-notes", Label).update(missing_notes(display, source))
        self._remember(message.quant)

    def _remember(self, quant: QuantFile) -> None:
        """Keep the table and key for next time (a setting in the project file)."""
        path = str(Path(quant.path).expanduser().resolve())

        def save(project: Any) -> None:
            if project.setting(TABLE_SETTING) != path or project.setting(KEY_SETTING) != quant.key:
                project.set_setting(TABLE_SETTING, path)
                project.set_setting(KEY_SETTING, quant.key)

        self.app.write(save, what="table choice")  # type: ignore[attr-defined]

    def on_joint_display_pane_failed(self, message: Failed) -> None:
        self.joint = None
        self.query_one("#joint-table", DataTable).clear(columns=True)
        self.query_one("#joint-summary", Label).update(f"Cannot compute: {message.error}")
        self.query_one("#joint-notes", Label).update("")
        self.notify(message.error, title="Joint display", severity="error", timeout=10)

    @on(Input.Submitted, "#joint-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.query_one("#joint-summary", Label).update("Reading…")
            self.read_file(event.value.strip(), self.quant.key if self.quant else "")

    @on(Select.Changed, "#joint-key")
    def _key_changed(self, event: Select.Changed) -> None:
        if (
            self.quant is not None
            and isinstance(event.value, str)
            and event.value != self.quant.key
        ):
            self.quant.key = event.value
            self.compute()

    @on(Select.Changed, "#joint-variable")
    def _variable_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.variable:
            self.variable = event.value
            self.compute()

    def recompute(self) -> None:
        self.compute()

    def export_table(self) -> Export | None:
        """The flat joint display as `triangulate --format csv` writes it (exact numbers)."""
        if self.joint is None or self.joint_source is None:
            return None
        name = f"joint-display-{Path(self.joint_source.path).stem}"
        return name, jd.joint_rows(self.joint), jd.joint_columns(self.joint)


def missing_notes(display: JointDisplay, source: str) -> str:
    """The cases missing on either side, and the display's own notes, as one line."""
    notes = list(display.notes)
    if display.cases_without_quant:
        notes.append(
            f"{len(display.cases_without_quant)} case(s) with documents but no row in "
            f"{source}: {', '.join(display.cases_without_quant)}"
        )
    if display.quant_without_documents:
        notes.append(
            f"{len(display.quant_without_documents)} row(s) of {source} with no documents: "
            f"{', '.join(display.quant_without_documents)}"
        )
    return " · ".join(notes)
