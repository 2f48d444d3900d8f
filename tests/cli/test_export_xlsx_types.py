"""Frequency and co-occurrence tables in .xlsx keep their number types (the same writer as codings)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.cli.conftest import Run
from tests.core.test_frequencies import build_study


@pytest.fixture
def study(db: Path) -> Path:
    return build_study(db)


def cells(path: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_counts_are_whole_numbers_and_rates_full_floats(study: Path, run: Run, tmp_path: Path) -> None:
    run("export", "frequencies", "--by", "case", "-o", tmp_path / "count.xlsx")
    assert cells(tmp_path / "count.xlsx") == [
        ("case", "barriers", "barriers/cost", "barriers/skills", "outcomes"),
        ("P01", 0, 4, 1, 2), ("P02", 1, 0, 1, 0)]
    assert all(type(v) is int for row in cells(tmp_path / "count.xlsx")[1:] for v in row[1:])
    run("export", "frequencies", "--by", "coder", "--measure", "per1000", "-o", tmp_path / "rate.xlsx")
    rates = cells(tmp_path / "rate.xlsx")
    assert rates[2][0] == "bob" and rates[2][2] == 1000 / 21  # full precision, as the csv has it
    sheet = openpyxl.load_workbook(tmp_path / "rate.xlsx").worksheets[0]
    assert sheet.title == "frequencies" and sheet.cell(1, 1).font.b


def test_cooccurrence_sheet(study: Path, run: Run, tmp_path: Path) -> None:
    run("export", "cooccurrence", "--unit", "turn", "--measure", "jaccard", "-o", tmp_path / "co.xlsx")
    rows = cells(tmp_path / "co.xlsx")
    assert rows[0] == ("code", "barriers", "barriers/cost", "barriers/skills", "outcomes")
    assert all(v is None or isinstance(v, int | float) for row in rows[1:] for v in row[1:])
