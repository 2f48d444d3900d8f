"""The frequencies tab: a bar chart of each code's codings, cases or coded words, by case or attribute.

The numbers come from `Project.frequency_table(by="case")` (the table `export frequencies --by case`
writes); totals and attribute groups add up its case rows, so `cases` counts the cases with the code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Select

from themecoder.core.errors import ThemecoderError
from themecoder.core.frequencies import FrequencyTable, Value, natural_key
from themecoder.core.model import CodeDef
from themecoder.tui.colors import code_colors, color_for
from themecoder.tui.widgets.barchart import BarChart, CodeBars

ALL_CASES = "all"
EACH_CASE = "case"
EVERY_CODER = "*"
ALL_LABEL = "all cases"
MEASURES = {"count": "codings", "presence": "cases", "words": "words coded"}
Export = tuple[str, list[dict[str, Any]], list[str]]


@dataclass(slots=True)
class FrequencyChart:
    """What the worker brings back: the charted table (one row per group) and the choices there are."""

    table: FrequencyTable
    codes: list[CodeDef]
    attributes: list[str]
    coders: list[str]
    n_cases: int
    choice: tuple[str, str, str | None]  # group, measure, coder (None: all)
    group_sizes: dict[str, int] = field(default_factory=dict)  # attribute value -> cases


def group_by_cases(
    table: FrequencyTable, group_of: dict[str, str | None], key_name: str, measure: str
) -> FrequencyTable:
    """Add up a by-case table's rows per group (`group_of[case]`; None leaves the case out)."""
    sums: dict[str, list[Value]] = defaultdict(lambda: [0] * len(table.codes))
    words: dict[str, int] = defaultdict(int)
    left_out = 0
    for case, row, case_words in zip(table.keys, table.values, table.unit_words, strict=True):
        group = group_of.get(case)
        if group is None:
            left_out += 1
            continue
        sums[group] = [(a or 0) + (b or 0) for a, b in zip(sums[group], row, strict=True)]
        words[group] += case_words
    keys = sorted(sums, key=natural_key)
    notes = list(table.notes)
    if left_out:
        notes.append(f"{left_out} case(s) without a value for {key_name} left out")
    return FrequencyTable(
        key_name,
        measure,
        table.codes,
        keys,
        [sums[k] for k in keys],
        [words[k] for k in keys],
        notes,
    )


def compute_chart(project: Any, group: str, measure: str, coder: str | None) -> FrequencyChart:
    """The table to chart: every case (`case`), their total (`all`) or `attribute:NAME` groups."""
    coders = [coder] if coder else None
    by_case = project.frequency_table(by="case", measure=measure, coders=coders)
    cases = project.cases()
    sizes: dict[str, int] = {}
    if group == EACH_CASE:
        table = by_case
    else:
        attribute = group.removeprefix("attribute:")
        group_of = {
            c["case"]: ALL_LABEL if group == ALL_CASES else _value(c.get(attribute)) for c in cases
        }
        name = "all" if group == ALL_CASES else attribute
        table = group_by_cases(by_case, group_of, name, MEASURES[measure].replace(" ", "_"))
        if group != ALL_CASES:
            sizes = dict(Counter(g for c in by_case.keys if (g := group_of.get(c)) is not None))
    return FrequencyChart(
        table,
        project.codes(),
        project.attribute_names(),
        project.coders(),
        len(by_case.keys),
        (group, measure, coder),
        sizes,
    )


def _value(value: Any) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value)


def chart_bars(chart: FrequencyChart) -> list[CodeBars]:
    """One block of bars per code in codebook order, indented under its parent, in its colour.

    Case by case, only the cases with a value show (thirty cases of zeros would hide the rest).
    """
    colors = code_colors(chart.codes)
    table = chart.table
    single = table.keys == [ALL_LABEL]
    each_case = table.key_name == EACH_CASE
    bars = []
    for j, path in enumerate(table.codes):
        label = "  " * path.count("/") + path.rsplit("/", 1)[-1]
        pairs = [
            ("" if single else _group_label(key, chart.group_sizes), float(row[j] or 0))
            for key, row in zip(table.keys, table.values, strict=True)
            if row[j] or not each_case
        ]
        bars.append(CodeBars(label, color_for(path, colors), pairs))
    return bars


def _group_label(key: str, sizes: dict[str, int]) -> str:
    """An attribute value with its number of cases, `north (12)`; a case name as it is."""
    return f"{key} ({sizes[key]})" if key in sizes else key


class FrequenciesPane(Vertical):
    """Selects for grouping, measure and coder above the chart; computed in a thread worker."""

    DEFAULT_CSS = """
    FrequenciesPane { height: 1fr; }
    #freq-controls { height: auto; }
    #freq-controls Label { padding: 1 1 0 1; }
    #freq-by { width: 36; }
    #freq-measure { width: 24; }
    #freq-coder { width: 22; }
    #freq-summary { color: $text-muted; width: 100%; }
    """

    @dataclass
    class Computed(Message):
        chart: FrequencyChart

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self) -> None:
        super().__init__()
        self.group = ALL_CASES
        self.measure = "presence"
        self.coder: str | None = None
        self.chart: FrequencyChart | None = None
        self._offered: dict[str, list[str]] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="freq-controls"):
            yield Label("By")
            yield Select(
                [(ALL_LABEL, ALL_CASES), ("each case", EACH_CASE)],
                value=self.group,
                allow_blank=False,
                id="freq-by",
            )
            yield Label("Bars")
            yield Select(
                [(f"{label} ({m})", m) for m, label in MEASURES.items()],
                value=self.measure,
                allow_blank=False,
                id="freq-measure",
            )
            yield Label("Coder")
            yield Select(
                [("all coders", EVERY_CODER)], value=EVERY_CODER, allow_blank=False, id="freq-coder"
            )
        yield Label("Counting…", id="freq-summary")
        yield BarChart(id="freq-chart")

    def start(self) -> None:
        """The first computation, when the tab is first shown."""
        self.recompute()

    @work(thread=True, exclusive=True, exit_on_error=False, group="frequencies")
    def compute(self, group: str, measure: str, coder: str | None) -> None:
        """Count in a thread with its own Project (SQLite connections belong to their thread)."""
        try:
            with self.app.open_worker_project() as project:  # type: ignore[attr-defined]
                self.post_message(self.Computed(compute_chart(project, group, measure, coder)))
        except ThemecoderError as err:
            self.post_message(self.Failed(str(err)))

    def on_frequencies_pane_computed(self, message: Computed) -> None:
        self.chart = message.chart
        self._offer_choices(message.chart)
        self.query_one("#freq-chart", BarChart).show(chart_bars(message.chart))
        self.query_one("#freq-summary", Label).update(self.summary())

    def on_frequencies_pane_failed(self, message: Failed) -> None:
        self.chart = None
        self.query_one("#freq-chart", BarChart).show([])
        self.query_one("#freq-summary", Label).update(f"Cannot count: {message.error}")
        self.notify(message.error, title="Frequencies", severity="error")

    def summary(self) -> str:
        """What the bars count, over what, by whom; then the notes."""
        assert self.chart is not None
        group, measure, coder = self.chart.choice
        what = MEASURES[measure]
        n = self.chart.n_cases
        if group == EACH_CASE:
            what = {"presence": "present (1) or not (0)"}.get(measure, what)
            over = f"each of the {n} cases"
        elif group == ALL_CASES:
            over = f"all {n} cases together"
        else:
            over = f"the {n} cases by {group.removeprefix('attribute:')}"
        coders = coder or f"all coders ({', '.join(self.chart.coders) or 'none yet'})"
        notes = "".join(f" · {note}" for note in self.chart.table.notes)
        return f"Bars: {what} per code, {over} · {coders}{notes}"

    def _offer_choices(self, chart: FrequencyChart) -> None:
        groups = [(ALL_LABEL, ALL_CASES), ("each case", EACH_CASE)]
        groups += [(f"attribute: {a}", f"attribute:{a}") for a in chart.attributes]
        self.group = set_options(
            self.query_one("#freq-by", Select), groups, self.group, self._offered
        )
        coders = [("all coders", EVERY_CODER)] + [(c, c) for c in chart.coders]
        coder = set_options(
            self.query_one("#freq-coder", Select), coders, self.coder or EVERY_CODER, self._offered
        )
        self.coder = None if coder == EVERY_CODER else coder

    @on(Select.Changed, "#freq-by")
    def _group_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.group:
            self.group = event.value
            self.recompute()

    @on(Select.Changed, "#freq-measure")
    def _measure_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.measure:
            self.measure = event.value
            self.recompute()

    @on(Select.Changed, "#freq-coder")
    def _coder_changed(self, event: Select.Changed) -> None:
        coder = event.value if isinstance(event.value, str) and event.value != EVERY_CODER else None
        if coder != self.coder:
            self.coder = coder
            self.recompute()

    def recompute(self) -> None:
        self.query_one("#freq-summary", Label).update("Counting…")
        self.compute(self.group, self.measure, self.coder)

    def export_table(self) -> Export | None:
        """The charted table, wide (one row per group, one column per code path)."""
        if self.chart is None:
            return None
        group, measure, _ = self.chart.choice
        table = self.chart.table
        name = f"frequencies-{group.removeprefix('attribute:')}-{measure}"
        return name, table.wide_rows(), table.columns


def set_options(
    select: Select[str], options: list[tuple[str, str]], value: str, offered: dict[str, list[str]]
) -> str:
    """Replace a Select's options when they changed (`offered` remembers them per Select id), keep
    its value when still offered (else the first), without a Changed event; returns the value."""
    values = [v for _, v in options]
    chosen = value if value in values else values[0]
    if offered.get(str(select.id)) != values:
        offered[str(select.id)] = values
        with select.prevent(Select.Changed):
            select.set_options(options)
            select.value = chosen
    return chosen
