"""The export and triangulation screen: bar chart, co-occurrence with excerpts, joint display, CSV.

The study: three interviews (cases P01-P03; cohort 1, 2, 1) coded by hand so every number below
can be counted on paper:
- P01 (alice): sales-growth "Sales grew a lot", confidence "I feel braver" (the same sentence),
  old-device "My phone was old and the memory was full."
- P02 (alice): sales-growth twice ("Now I post almost every day." and "Sales grew a lot"),
  confidence "I feel braver".
- P03 (bob): old-device "My phone was old".
"""

from __future__ import annotations

import csv
from pathlib import Path

from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Label, OptionList, Select

from tests.tui.helpers import SIZE, build_project, make_app, settle
from themecoder.store import Project
from themecoder.tui.screens.coding import CodingScreen
from themecoder.tui.screens.cooccurrence import CooccurrencePane
from themecoder.tui.screens.export import ExportScreen
from themecoder.tui.screens.joint_display import KEY_SETTING, TABLE_SETTING
from themecoder.tui.widgets.barchart import BarChart, bar

SALES, CONFIDENCE, DEVICE = "outcomes/sales-growth", "barriers/confidence", "barriers/old-device"
CODINGS = [
    (1, "alice", SALES, "Sales grew a lot"),
    (1, "alice", CONFIDENCE, "I feel braver"),
    (1, "alice", DEVICE, "My phone was old and the memory was full."),
    (2, "alice", SALES, "Now I post almost every day."),
    (2, "alice", SALES, "Sales grew a lot"),
    (2, "alice", CONFIDENCE, "I feel braver"),
    (3, "bob", DEVICE, "My phone was old"),
]
SCORES = "participant_id,score,region\nP01,10,north\nP02,20,south\nP03,60,north\n"


def build_study(folder: Path) -> Path:
    """The study above, and a `participants.csv` beside it (the default quantitative table)."""
    path = build_project(folder / "study.db", docs=3)
    with Project(path) as project:
        for doc_id, coder, code, quote in CODINGS:
            start = project.document(doc_id).text.index(quote)
            project.add_coding(doc_id, code, start, start + len(quote), coder=coder)
        project.set_case_attributes(
            {"P01": {"cohort": "1"}, "P02": {"cohort": "2"}, "P03": {"cohort": "1"}}
        )
    (folder / "participants.csv").write_text(SCORES, encoding="utf-8")
    return path


async def open_export(app, pilot) -> ExportScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("e")  # home: export
    await settle(pilot)
    assert isinstance(app.screen, ExportScreen)
    return app.screen


def chart_values(screen: ExportScreen) -> dict[str, list[tuple[str, float]]]:
    chart = screen.query_one("#freq-chart", BarChart)
    return {code.label.strip(): code.bars for code in chart.codes}


async def choose(pilot, select: Select, value: str) -> None:  # type: ignore[no-untyped-def,type-arg]
    select.value = value
    await settle(pilot)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_bar_lengths_in_eighths() -> None:
    assert bar(4, 4, 10) == "█" * 10
    assert bar(1, 4, 10) == "██▌"  # 2.5 cells
    assert bar(1, 1000, 10) == "▏"  # a non-zero value stays visible
    assert bar(0, 4, 10) == ""


async def test_bar_chart_counts_cases_codings_and_groups_and_exports(tmp_path: Path) -> None:
    app = make_app(build_study(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(app, pilot)
        values = chart_values(screen)  # default: cases with the code, all cases together
        assert values["sales-growth"] == [("", 2.0)] and values["old-device"] == [("", 2.0)]
        assert values["online-presence"] == [("", 0.0)]
        lines = screen.query_one("#freq-chart", BarChart).plain_lines()
        line = next(x for x in lines if x.lstrip().startswith("sales-growth"))
        assert line.endswith(" 2") and "█" in line
        assert "3 cases" in str(screen.query_one("#freq-summary", Label).render())

        await choose(pilot, screen.query_one("#freq-measure", Select), "count")
        assert chart_values(screen)["sales-growth"] == [("", 3.0)]
        await choose(pilot, screen.query_one("#freq-by", Select), "attribute:cohort")
        assert chart_values(screen)["sales-growth"] == [("1 (2)", 1.0), ("2 (1)", 2.0)]
        await choose(pilot, screen.query_one("#freq-measure", Select), "presence")
        assert chart_values(screen)["old-device"] == [("1 (2)", 2.0), ("2 (1)", 0.0)]
        await pilot.press("e")  # export what is charted
        await settle(pilot)
        await choose(pilot, screen.query_one("#freq-coder", Select), "bob")
        assert chart_values(screen)["old-device"] == [("1 (2)", 1.0), ("2 (1)", 0.0)]
        assert chart_values(screen)["sales-growth"] == [("1 (2)", 0.0), ("2 (1)", 0.0)]
        await choose(pilot, screen.query_one("#freq-by", Select), "case")
        assert chart_values(screen)["old-device"] == [("P03", 1.0)]  # cases with a value only
        assert chart_values(screen)["sales-growth"] == []
    rows = read_csv(tmp_path / "study-frequencies-cohort-presence.csv")
    assert rows[0][:4] == ["cohort", "barriers", DEVICE, CONFIDENCE]
    by_cohort = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_cohort["1"][DEVICE] == "2" and by_cohort["2"][SALES] == "1"
    assert by_cohort["2"][DEVICE] == "0" and len(rows) == 3


async def test_cooccurrence_cell_lists_excerpts_and_opens_them(tmp_path: Path) -> None:
    app = make_app(build_study(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(app, pilot)
        await pilot.press("2")
        pane_table = screen.query_one("#cooc-table", DataTable)
        assert pane_table.has_focus
        assert screen.query_one(CooccurrencePane).cell_pair() == (CONFIDENCE, SALES)  # top pair
        codes = [str(key.value) for key in pane_table.columns][1:]

        def cell(a: str, b: str) -> str:
            return str(pane_table.get_cell_at(Coordinate(codes.index(a), codes.index(b) + 1)))

        assert (cell(SALES, CONFIDENCE), cell(SALES, SALES), cell(SALES, DEVICE)) == ("2", "3", "·")
        pane_table.cursor_coordinate = Coordinate(codes.index(SALES), codes.index(CONFIDENCE) + 1)
        await pilot.press("enter")
        await settle(pilot)
        excerpts = screen.query_one("#cooc-excerpts", OptionList)
        assert excerpts.option_count == 2 and excerpts.has_focus
        first = str(excerpts.get_option_at_index(0).prompt)
        assert "P01-interview" in first and "Sales grew a lot, and I feel braver." in first
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen) and app.screen.doc_id == 1
        text = app.project.document(1).text
        start, end = app.screen.view.selection.span
        assert text[start:end] == "Sales grew a lot, and I feel braver."
        await pilot.press("escape")  # back: counted again, the same excerpts still listed
        await settle(pilot)
        assert app.screen is screen and excerpts.option_count == 2 and excerpts.has_focus
    matrix = read_csv(tmp_path / "study-cooccurrence-sentence.csv")
    by_code = {row[0]: dict(zip(matrix[0], row, strict=True)) for row in matrix[1:]}
    assert by_code[SALES][CONFIDENCE] == "2" and by_code[DEVICE][DEVICE] == "2"


async def test_joint_display_means_from_the_default_table(tmp_path: Path) -> None:
    path = build_study(tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(app, pilot)
        await pilot.press("3")
        await settle(pilot)
        assert screen.query_one("#joint-path", Input).value == str(tmp_path / "participants.csv")
        assert screen.query_one("#joint-key", Select).value == "participant_id"
        table = screen.query_one("#joint-table", DataTable)
        assert table.has_focus
        rows = {str(table.get_row_at(i)[0]): table.get_row_at(i) for i in range(table.row_count)}
        columns = [str(c.label) for c in table.columns.values()]
        assert columns[:4] == ["code", "cases", "score: with", "score: without"]
        assert rows[SALES][1:4] == ["2 (66.7%)", "15.00 (n=2)", "60.00 (n=1)"]
        assert rows[DEVICE][1:4] == ["2 (66.7%)", "35.00 (n=2)", "20.00 (n=1)"]
        assert str(rows[SALES][-1]) == "“Now I post almost every day.”"  # the exemplar quote
        await pilot.press("e")
        await settle(pilot)
    with Project(path) as project:
        assert project.setting(TABLE_SETTING) == str(tmp_path / "participants.csv")
        assert project.setting(KEY_SETTING) == "participant_id"
    flat = read_csv(tmp_path / "study-joint-display-participants.csv")
    row = dict(zip(flat[0], next(r for r in flat if r[0] == SALES), strict=True))
    assert (row["n_cases"], row["score_mean_with"], row["score_mean_without"]) == (
        "2",
        "15.0",
        "60.0",
    )


async def test_bad_tables_give_a_notice_not_a_crash(tmp_path: Path) -> None:
    app = make_app(build_study(tmp_path))
    (tmp_path / "participants.csv").rename(tmp_path / "twice.csv")  # no default table now
    with (tmp_path / "twice.csv").open("a", encoding="utf-8") as table:
        table.write("P01,11,east\n")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(app, pilot)
        await pilot.press("3")
        await settle(pilot)
        path_input = screen.query_one("#joint-path", Input)
        assert path_input.value == "" and path_input.has_focus
        for name, problem in (
            ("twice.csv", "duplicate key 'P01'"),
            ("missing.csv", "no such file"),
        ):
            path_input.value = str(tmp_path / name)
            path_input.focus()
            await pilot.press("enter")
            await settle(pilot)
            summary = str(screen.query_one("#joint-summary", Label).render())
            assert summary.startswith("Cannot compute") and problem in summary
            assert any(problem in n.message for n in app._notifications)
            assert screen.query_one("#joint-table", DataTable).row_count == 0
        assert app.screen is screen
        screen.query_one("#joint-table", DataTable).focus()
        await pilot.press("e")  # nothing computed on this tab: nothing written, a warning
        await settle(pilot)
        assert any("Nothing to export" in n.message for n in app._notifications)
    assert not list(tmp_path.glob("study-joint-display-*.csv"))
