"""Agreement: inter-coder reliability per code and pooled, for the unit and coders chosen.

The statistics come from `Project.agreement` (the same call as `themecoder agree`), computed in a
thread worker with its own Project. `d` opens the disagreements of the highlighted code for
adjudication into the `consensus` coder.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Select

from themecoder.core.agreement import UNITS
from themecoder.core.errors import ThemecoderError
from themecoder.tui.widgets.keybar import KeyBar

OVERALL = "all codes (pooled)"
HEADERS = {"code": "Code", "n_units": "Units", "percent_agreement": "Agree",
           "cohen_kappa": "Cohen κ", "fleiss_kappa": "Fleiss κ", "krippendorff_alpha": "Kripp α",
           "gwet_ac1": "AC1", "brennan_prediger": "B-P κ", "alpha_u": "α_U", "note": "Note"}
EVERY_CODER = "*"
FOOTER = ("agree: share of agreeing coder pairs · Cohen κ: two coders only · Kripp α: nominal · "
          "AC1 and B-P κ: q = 2 · α_U: Krippendorff 1995/2004 (char) · pooled: De Vries et al. "
          "2008 · – undefined (0/0), see the note")


@dataclass(slots=True)
class Statistics:
    """What the worker brings back: the rows, the coders there are, and the scope notes."""

    unit: str
    coders: list[str]
    human_coders: list[str]
    rows: list[dict[str, Any]]
    notes: list[str]
    documents: int


def compute(project: Any, unit: str, coders: list[str] | None) -> Statistics:
    """`Project.agreement` as rows for the table (the pooled row last)."""
    result = project.agreement(coders=coders, unit=unit)
    data = result.to_dict()
    overall = {k: v for k, v in data["overall"].items() if k != "n_codes"} | {"code": OVERALL}
    return Statistics(unit, data["coders"], project.human_coders(), [*data["codes"], overall],
                      data["notes"], len(data["documents"]))


def sort_key(column: str, reverse: bool) -> Any:
    """Sort rows by a column, undefined values last whichever the direction."""
    def key(row: dict[str, Any]) -> tuple[bool, Any]:
        value = row.get(column)
        if value is None or value == "":
            return (not reverse, 0)
        return (reverse, value)  # with reverse=True the tuple order flips, so None still ends last
    return key


class AgreementScreen(Screen[None]):
    """A sortable table of agreement statistics per code; Select widgets for unit and coders."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="agreement.back"),
        Binding("s", "sort_next", "Sort", id="agreement.sort"),
        Binding("r", "reverse", "Reverse", id="agreement.reverse"),
        Binding("d", "adjudicate", "Disagreements", id="agreement.adjudicate"),
        Binding("f5", "reload", "Recompute", show=False, id="agreement.reload"),
    ]
    DEFAULT_CSS = """
    #agreement-body { height: 1fr; padding: 0 1; }
    #agreement-controls { height: auto; }
    #agreement-controls Label { padding: 1 1 0 0; }
    #agreement-unit { width: 18; }
    #agreement-coders { width: 48; }
    #agreement-table { height: 1fr; }
    #agreement-summary, #agreement-footer { color: $text-muted; width: 100%; }
    """

    @dataclass
    class Computed(Message):
        statistics: Statistics

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, unit: str = "sentence") -> None:
        super().__init__()
        self.unit = unit
        self.coders: list[str] | None = None
        self.statistics: Statistics | None = None
        self.sort_column = "code"
        self.sort_reverse = False
        self._offered: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="agreement-body"):
            with Horizontal(id="agreement-controls"):
                yield Label("Unit")
                yield Select([(u, u) for u in UNITS], value=self.unit, allow_blank=False,
                             id="agreement-unit")
                yield Label("Coders")
                yield Select([("every human coder", EVERY_CODER)], value=EVERY_CODER,
                             allow_blank=False, id="agreement-coders")
            yield Label("Computing…", id="agreement-summary")
            yield DataTable(id="agreement-table", cursor_type="row", zebra_stripes=True)
            yield Label(FOOTER, id="agreement-footer")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "agreement"
        self.query_one("#agreement-table", DataTable).focus()
        self.compute()

    @work(thread=True, exclusive=True, exit_on_error=False, group="agreement")
    def compute(self) -> None:
        """Compute in a thread with its own Project (SQLite connections belong to their thread)."""
        try:
            with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
                self.post_message(self.Computed(compute(project, self.unit, self.coders)))
        except ThemecoderError as err:
            self.post_message(self.Failed(str(err)))

    def on_agreement_screen_computed(self, message: Computed) -> None:
        self.statistics = message.statistics
        self._offer_coders(message.statistics.human_coders)
        stats = message.statistics
        notes = "; ".join(n for n in stats.notes if not n.startswith("coders:"))
        self.query_one("#agreement-summary", Label).update(
            f"{stats.unit} · {', '.join(stats.coders)} · {stats.rows[-1]['n_units']:,} units in "
            f"{stats.documents} documents · {notes}")
        self._fill()

    def on_agreement_screen_failed(self, message: Failed) -> None:
        self.statistics = None
        self.query_one("#agreement-table", DataTable).clear(columns=True)
        self.query_one("#agreement-summary", Label).update(f"Cannot compute: {message.error}")

    def _offer_coders(self, humans: list[str]) -> None:
        select: Select[str] = self.query_one("#agreement-coders", Select)
        options = [(f"every human coder ({', '.join(humans)})", EVERY_CODER)]
        options += [(f"{a} + {b}", f"{a},{b}") for a, b in itertools.combinations(humans, 2)]
        current = ",".join(self.coders) if self.coders else EVERY_CODER
        if [o[1] for o in options] != self._offered:
            self._offered = [o[1] for o in options]
            with self.prevent(Select.Changed):
                select.set_options(options)
                select.value = current if current in self._offered else EVERY_CODER

    def _columns(self) -> list[str]:
        assert self.statistics is not None
        return [c for c in self.statistics.rows[0] if c != "note"] + ["note"]

    def _fill(self) -> None:
        if self.statistics is None:
            return
        table = self.query_one("#agreement-table", DataTable)
        selected = table.cursor_row
        table.clear(columns=True)
        for column in self._columns():
            arrow = (" ▼" if self.sort_reverse else " ▲") if column == self.sort_column else ""
            table.add_column(HEADERS.get(column, column) + arrow, key=column)
        *codes, overall = self.statistics.rows
        for row in [*sorted(codes, key=sort_key(self.sort_column, self.sort_reverse),
                            reverse=self.sort_reverse), overall]:
            table.add_row(*[_cell(row[c]) for c in self._columns()], key=str(row["code"]))
        table.move_cursor(row=min(max(selected, 0), table.row_count - 1))

    def sorted_codes(self) -> list[str]:
        """The codes in the order the table shows them (the pooled row last)."""
        table = self.query_one("#agreement-table", DataTable)
        return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]

    @on(Select.Changed, "#agreement-unit")
    def _unit_changed(self, event: Select.Changed) -> None:
        if event.value != self.unit and isinstance(event.value, str):
            self.unit = event.value
            self._recompute()

    @on(Select.Changed, "#agreement-coders")
    def _coders_changed(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else EVERY_CODER
        coders = None if value == EVERY_CODER else value.split(",")
        if coders != self.coders:
            self.coders = coders
            self._recompute()

    def _recompute(self) -> None:
        self.query_one("#agreement-summary", Label).update("Computing…")
        self.compute()

    @on(DataTable.HeaderSelected, "#agreement-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(str(event.column_key.value))

    def sort_by(self, column: str) -> None:
        """Sort by a column; the same column again reverses the order."""
        if column == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, column not in ("code", "note")
        self._fill()

    def action_sort_next(self) -> None:
        if self.statistics is not None:
            columns = self._columns()
            following = columns[(columns.index(self.sort_column) + 1) % len(columns)]
            self.sort_by(following)

    def action_reverse(self) -> None:
        self.sort_by(self.sort_column)

    def action_reload(self) -> None:
        self._recompute()

    def action_adjudicate(self) -> None:
        """Walk the disagreements of the highlighted code (all codes on the pooled row)."""
        from themecoder.tui.screens.adjudicate import AdjudicateScreen

        if self.statistics is None:
            return
        if len(self.statistics.coders) != 2:
            self.notify("Adjudication compares two coders: choose a pair under Coders.",
                        severity="warning")
            return
        table = self.query_one("#agreement-table", DataTable)
        code = str(table.get_row_at(table.cursor_row)[0]) if table.row_count else OVERALL
        self.app.push_screen(AdjudicateScreen(self.statistics.coders,
                                              None if code == OVERALL else code))


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
