"""The co-occurrence tab: the code x code matrix, and the excerpts where two codes meet.

Counts come from `Project.cooccurrence_matrix` (what `export cooccurrence` writes): units (sentences,
turns or documents) where both codes are present; the diagonal, units with the code. `enter` on a
cell lists those units (`Project.cooccurrence_excerpts`); `enter` on one opens the coding view there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Label, OptionList, Select
from textual.widgets.option_list import Option

from themecoder.core.cooccurrence import UNITS, CooccurrenceMatrix
from themecoder.core.errors import ThemecoderError
from themecoder.tui.colors import code_colors, color_for, short
from themecoder.tui.screens.frequencies import EVERY_CODER, Export, set_options

EXCERPT_CHARS = 320
CODE_COLUMN = "code"
LABEL_CHARS = 32


@dataclass(slots=True)
class Cooccurrences:
    """What the worker brings back: the matrix, its notes, the codes' colours and the coders."""

    matrix: CooccurrenceMatrix
    notes: list[str]
    colors: dict[str, str]
    coders: list[str]


def compute_cooccurrences(project: Any, unit: str, coder: str | None) -> Cooccurrences:
    """`Project.cooccurrence_matrix` with what the table needs around it."""
    matrix, notes = project.cooccurrence_matrix(unit=unit, coders=[coder] if coder else None)
    return Cooccurrences(matrix, notes, code_colors(project.codes()), project.coders())


def matrix_cell(count: int, diagonal: bool) -> Text:
    """A count, right-aligned; zero as a dim dot, the diagonal (units with the code) dim italic."""
    if count == 0:
        return Text("·", style="dim", justify="right")
    return Text(f"{count:,}", style="dim italic" if diagonal else "bold", justify="right")


def code_label(number: int, path: str, colors: dict[str, str]) -> Text:
    """`12 ■   leaf-name`: its column number, colour, and name indented under its parent."""
    indent = "  " * path.count("/")
    name = short(indent + path.rsplit("/", 1)[-1], LABEL_CHARS)
    return Text.assemble((f"{number:>2} ", "dim"), ("■ ", color_for(path, colors)), name)


def excerpt_option(row: dict[str, Any], index: int) -> Option:
    """`document` then the unit's text on one line, cut to a readable length."""
    label = Text.assemble(
        (row["doc"], "bold"),
        (f"  {row['start']}–{row['end']}", "dim"),
        "\n",
        short(row["text"], EXCERPT_CHARS),
    )
    return Option(label, id=str(index))


class CooccurrencePane(Vertical):
    """Unit and coder Selects, the matrix (cursor on cells), the excerpts of the chosen pair."""

    DEFAULT_CSS = """
    CooccurrencePane { height: 1fr; }
    #cooc-controls { height: auto; }
    #cooc-controls Label { padding: 1 1 0 1; }
    #cooc-unit { width: 18; }
    #cooc-coder { width: 22; }
    #cooc-summary, #cooc-pair { color: $text-muted; width: 100%; }
    #cooc-table { height: 1fr; }
    #cooc-excerpts { height: 1fr; }
    """

    @dataclass
    class Computed(Message):
        data: Cooccurrences

    @dataclass
    class ExcerptsFound(Message):
        pair: tuple[str, str]
        unit: str
        rows: list[dict[str, Any]]
        focus: bool

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self) -> None:
        super().__init__()
        self.unit = "sentence"
        self.coder: str | None = None
        self.data: Cooccurrences | None = None
        self.pair: tuple[str, str] | None = None
        self.excerpts: list[dict[str, Any]] = []
        self.excerpts_unit = self.unit
        self._offered: dict[str, list[str]] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="cooc-controls"):
            yield Label("Unit")
            yield Select(
                [(u, u) for u in UNITS], value=self.unit, allow_blank=False, id="cooc-unit"
            )
            yield Label("Coder")
            yield Select(
                [("all coders", EVERY_CODER)], value=EVERY_CODER, allow_blank=False, id="cooc-coder"
            )
        yield Label("Counting…", id="cooc-summary")
        yield DataTable(id="cooc-table", cursor_type="cell")
        yield Label(
            "Choose a cell and press enter to list the excerpts where both codes meet.",
            id="cooc-pair",
        )
        yield OptionList(id="cooc-excerpts")

    def start(self) -> None:
        """The first computation, when the tab is first shown."""
        self.compute(self.unit, self.coder)

    @work(thread=True, exclusive=True, exit_on_error=False, group="cooccurrence")
    def compute(self, unit: str, coder: str | None) -> None:
        """Count in a thread with its own Project."""
        try:
            with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
                self.post_message(self.Computed(compute_cooccurrences(project, unit, coder)))
        except ThemecoderError as err:
            self.post_message(self.Failed(str(err)))

    def on_cooccurrence_pane_computed(self, message: Computed) -> None:
        self.data = message.data
        coders = [("all coders", EVERY_CODER)] + [(c, c) for c in message.data.coders]
        set_options(
            self.query_one("#cooc-coder", Select), coders, self.coder or EVERY_CODER, self._offered
        )
        matrix = message.data.matrix
        notes = "".join(f" · {n}" for n in message.data.notes)
        self.query_one("#cooc-summary", Label).update(
            f"{len(matrix.codes)} codes · {matrix.n_units:,} {matrix.unit} units · cell: "
            f"{matrix.unit}s with both codes; diagonal: {matrix.unit}s with the code{notes}"
        )
        self._fill(message.data)

    def on_cooccurrence_pane_failed(self, message: Failed) -> None:
        self.query_one("#cooc-summary", Label).update(f"Cannot count: {message.error}")
        self.notify(message.error, title="Co-occurrence", severity="error")

    def _fill(self, data: Cooccurrences) -> None:
        table = self.query_one("#cooc-table", DataTable)
        first = table.row_count == 0
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        codes = data.matrix.codes
        table.add_column("Code", key=CODE_COLUMN)
        for i, path in enumerate(codes, 1):
            table.add_column(Text(str(i), justify="right"), key=path)
        for i, (path, row) in enumerate(zip(codes, data.matrix.values("count"), strict=True)):
            table.add_row(
                code_label(i + 1, path, data.colors),
                *[matrix_cell(int(v or 0), i == j) for j, v in enumerate(row)],
                key=path,
            )
        if codes:
            table.cursor_coordinate = self._start_cell(data) if first else cursor

    @staticmethod
    def _start_cell(data: Cooccurrences) -> Coordinate:
        """The cell of the pair that meets most often (else the first code's diagonal)."""
        pairs = data.matrix.pairs()
        if not pairs:
            return Coordinate(0, 1)
        a, b, _ = pairs[0]
        return Coordinate(data.matrix.codes.index(a), data.matrix.codes.index(b) + 1)

    def cell_pair(self) -> tuple[str, str] | None:
        """The two codes of the cell under the cursor (None on the code column)."""
        table = self.query_one("#cooc-table", DataTable)
        if not table.row_count:
            return None
        keys = table.coordinate_to_cell_key(table.cursor_coordinate)
        if keys.column_key.value == CODE_COLUMN:
            return None
        return str(keys.row_key.value), str(keys.column_key.value)

    def count(self, a: str, b: str) -> int:
        """The matrix count for two codes."""
        assert self.data is not None
        codes = self.data.matrix.codes
        return int(self.data.matrix.counts[codes.index(a), codes.index(b)])

    @on(DataTable.CellHighlighted, "#cooc-table")
    def _cell_highlighted(self) -> None:
        pair = self.cell_pair()
        if pair is not None and self.data is not None:
            a, b = pair
            what = f"{a} and {b}" if a != b else a
            self.query_one("#cooc-pair", Label).update(
                f"{what}: {self.count(a, b):,} {self.data.matrix.unit}(s) · enter: list them"
            )

    @on(DataTable.CellSelected, "#cooc-table")
    def _cell_selected(self) -> None:
        pair = self.cell_pair()
        if pair is not None:
            self.find_excerpts(pair, self.unit, self.coder, focus=True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="cooccurrence-excerpts")
    def find_excerpts(
        self, pair: tuple[str, str], unit: str, coder: str | None, *, focus: bool
    ) -> None:
        """The units where both codes are present, read in a thread; `focus` moves to the list."""
        try:
            with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
                rows = project.cooccurrence_excerpts(
                    *pair, unit=unit, coders=[coder] if coder else None
                )
        except ThemecoderError as err:
            self.post_message(self.Failed(str(err)))
            return
        self.post_message(self.ExcerptsFound(pair, unit, rows, focus))

    def on_cooccurrence_pane_excerpts_found(self, message: ExcerptsFound) -> None:
        options = self.query_one("#cooc-excerpts", OptionList)
        keep = options.highlighted if message.pair == self.pair and not message.focus else 0
        self.pair, self.excerpts, self.excerpts_unit = message.pair, message.rows, message.unit
        a, b = message.pair
        what = f"{a} and {b} meet" if a != b else f"{a} is present"
        self.query_one("#cooc-pair", Label).update(
            f"{what} in {len(message.rows)} {message.unit}(s) · enter: open in the coding view"
        )
        options.clear_options()
        options.add_options([excerpt_option(row, i) for i, row in enumerate(message.rows)])
        if message.rows:
            options.highlighted = min(keep or 0, len(message.rows) - 1)
            if message.focus:
                options.focus()

    @on(OptionList.OptionSelected, "#cooc-excerpts")
    def _open_excerpt(self, event: OptionList.OptionSelected) -> None:
        row = self.excerpts[int(event.option.id or 0)]
        span = None if self.excerpts_unit == "document" else (row["start"], row["end"])
        self.app.open_document(row["doc_id"], span, row["doc"])  # type: ignore[attr-defined]

    @on(Select.Changed, "#cooc-unit")
    def _unit_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.unit:
            self.unit = event.value
            self.recompute()

    @on(Select.Changed, "#cooc-coder")
    def _coder_changed(self, event: Select.Changed) -> None:
        coder = event.value if isinstance(event.value, str) and event.value != EVERY_CODER else None
        if coder != self.coder:
            self.coder = coder
            self.recompute()

    def recompute(self) -> None:
        """Count again, and list the chosen pair's excerpts again (for the unit and coder now)."""
        self.query_one("#cooc-summary", Label).update("Counting…")
        self.compute(self.unit, self.coder)
        if self.pair is not None:
            self.find_excerpts(self.pair, self.unit, self.coder, focus=False)

    def export_table(self) -> Export | None:
        """The count matrix as `export cooccurrence` writes it: `code`, then one column per code."""
        if self.data is None:
            return None
        matrix = self.data.matrix
        return f"cooccurrence-{matrix.unit}", matrix.rows("count"), [CODE_COLUMN, *matrix.codes]
