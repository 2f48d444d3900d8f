"""The agreement screen: statistics per code from the project, sortable, unit and coders chosen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Label, Select

from tests.tui.agreement_study import build_coded_project
from tests.tui.helpers import SIZE, make_app
from themecoder.store import Project
from themecoder.tui.screens.agreement import OVERALL, AgreementScreen


async def open_agreement(app, pilot) -> AgreementScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("a")  # home: agreement
    await settle(app, pilot)
    assert isinstance(app.screen, AgreementScreen)
    return app.screen


async def settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the screen's worker and for its message to be handled."""
    for _ in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()


def column(screen: AgreementScreen, key: str) -> list[str]:
    table = screen.query_one("#agreement-table", DataTable)
    return [
        str(table.get_cell_at((row, list(table.columns).index(key))))
        for row in range(table.row_count)
    ]  # type: ignore[arg-type]


async def test_table_shows_the_projects_statistics(tmp_path: Path) -> None:
    path = build_coded_project(tmp_path / "study.db")
    with Project(path) as project:
        expected = project.agreement(unit="sentence").to_dict()
    app = make_app(path, "rina")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        codes = [row["code"] for row in expected["codes"]]
        assert screen.sorted_codes() == sorted(codes) + [OVERALL]
        kappas = dict(zip(screen.sorted_codes(), column(screen, "cohen_kappa"), strict=True))
        for row in expected["codes"]:
            value = row["cohen_kappa"]
            assert kappas[row["code"]] == ("–" if value is None else f"{value:.3f}")
        summary = str(screen.query_one("#agreement-summary", Label).render())
        assert "ana, budi" in summary and "sentence" in summary


async def test_keys_sort_by_column_and_reverse(tmp_path: Path) -> None:
    path = build_coded_project(tmp_path / "study.db")
    app = make_app(path, "rina")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        await pilot.press("s", "s", "s")  # code -> units -> agree -> Cohen kappa (highest first)
        assert screen.sort_column == "cohen_kappa" and screen.sort_reverse
        values = column(screen, "cohen_kappa")[:-1]
        numbers = [float(v) for v in values if v != "–"]
        assert numbers == sorted(numbers, reverse=True) and values[len(numbers) :] == ["–"] * (
            len(values) - len(numbers)
        )
        await pilot.press("r")
        numbers_up = [float(v) for v in column(screen, "cohen_kappa")[:-1] if v != "–"]
        assert numbers_up == sorted(numbers)
        assert screen.sorted_codes()[-1] == OVERALL  # the pooled row stays last


async def test_choosing_unit_and_coders_recomputes(tmp_path: Path) -> None:
    path = build_coded_project(
        tmp_path / "study.db", extra=[("chen", "outcomes/sales-growth", "Sales grew a lot")]
    )
    app = make_app(path, "rina")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        assert "cohen_kappa" in column_keys(screen)
        assert set(column(screen, "cohen_kappa")) == {"–"}  # three coders: no Cohen's kappa
        coders = screen.query_one("#agreement-coders", Select)
        coders.value = "ana,budi"
        await settle(app, pilot)
        assert screen.statistics is not None and screen.statistics.coders == ["ana", "budi"]
        assert set(column(screen, "cohen_kappa")) != {"–"}
        screen.query_one("#agreement-unit", Select).value = "char"
        await settle(app, pilot)
        assert "alpha_u" in column_keys(screen)
        with Project(path) as project:
            expected = project.agreement(unit="char", coders=["ana", "budi"]).to_dict()
        assert (
            column(screen, "percent_agreement")[-1]
            == f"{expected['overall']['percent_agreement']:.3f}"
        )


async def test_a_project_with_one_coder_says_why(tmp_path: Path) -> None:
    path = build_coded_project(tmp_path / "study.db")
    with Project(path) as project:
        project.db.execute("DELETE FROM codings WHERE coder = 'budi'")
        project.db.conn.commit()
    app = make_app(path, "rina")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        summary = str(screen.query_one("#agreement-summary", Label).render())
        assert "Cannot compute" in summary and "at least two coders" in summary
        await pilot.press("d")  # nothing to adjudicate: stays here
        assert app.screen is screen


def column_keys(screen: AgreementScreen) -> list[str]:
    table = screen.query_one("#agreement-table", DataTable)
    return [str(key.value) for key in table.columns]


async def test_clicking_a_header_sorts_by_it(tmp_path: Path) -> None:
    path = build_coded_project(tmp_path / "study.db")
    app = make_app(path, "rina")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        table = screen.query_one("#agreement-table", DataTable)
        keys = column_keys(screen)
        x = sum(
            table.columns[k].get_render_width(table)
            for k in keys[: keys.index("krippendorff_alpha")]
        )
        await pilot.click("#agreement-table", offset=(x + 2, 0))
        assert screen.sort_column == "krippendorff_alpha" and screen.sort_reverse
        await pilot.click("#agreement-table", offset=(x + 2, 0))
        assert not screen.sort_reverse
        numbers = [float(v) for v in column(screen, "krippendorff_alpha")[:-1] if v != "–"]
        assert numbers == sorted(numbers)
