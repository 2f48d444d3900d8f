"""Exported files open in the tools researchers use: read back with pandas and pyreadstat."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.core.test_frequencies import build_study
from themecoder.io.exporters import spss_names, write_rows

pd = pytest.importorskip("pandas")


@pytest.fixture
def study(db: Path) -> Path:
    return build_study(db)


def test_sav_has_valid_names_labels_and_exact_values(study: Path, run: Run, tmp_path: Path) -> None:
    pyreadstat = pytest.importorskip("pyreadstat")
    target = tmp_path / "freq.sav"
    run("export", "frequencies", "--by", "case", "-o", target)
    frame, meta = pyreadstat.read_sav(str(target))
    assert meta.column_names == ["case", "barriers", "barriers_cost", "barriers_skills", "outcomes"]
    assert meta.column_labels == ["case", "barriers", "barriers/cost", "barriers/skills", "outcomes"]
    assert frame["case"].tolist() == ["P01", "P02"]
    assert frame["barriers_cost"].tolist() == [4, 0]
    assert meta.original_variable_types["outcomes"] == "F8.0"


def test_sav_missing_per1000_is_system_missing(tmp_path: Path) -> None:
    pyreadstat = pytest.importorskip("pyreadstat")
    rows = [{"unit": "a", "x": 2.5}, {"unit": "b", "x": None}]
    write_rows(rows, ["unit", "x"], "sav", tmp_path / "m.sav")
    frame, _ = pyreadstat.read_sav(str(tmp_path / "m.sav"))
    assert frame["x"][0] == 2.5 and math.isnan(frame["x"][1])


def test_spss_names_are_valid_unique_and_short() -> None:
    columns = ["document", "barriers/cost", "Barriers cost", "1st-theme", "AND", "x" * 70,
               "café/naïve", "a--b", "_x_", "📱", "with"]
    names = spss_names(columns)
    assert names == ["document", "barriers_cost", "Barriers_cost_2", "v_1st_theme", "AND_v", "x" * 64,
                     "cafe_naive", "a_b", "x", "v", "with_v"]
    assert len({n.upper() for n in names}) == len(names)


def test_spss_names_deduplicate_long_names_within_64_bytes(tmp_path: Path) -> None:
    pyreadstat = pytest.importorskip("pyreadstat")
    columns = ["k", "a" * 70 + "/one", "a" * 70 + "/two"]
    names = spss_names(columns)
    assert names[1:] == ["a" * 64, "a" * 62 + "_2"]
    write_rows([{c: 1 for c in columns}], columns, "sav", tmp_path / "long.sav")
    _, meta = pyreadstat.read_sav(str(tmp_path / "long.sav"))
    assert meta.column_names == names and meta.column_labels[2] == "a" * 70 + "/two"


def test_parquet_and_xlsx_read_back_with_pandas(study: Path, run: Run, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    run("export", "frequencies", "--measure", "per1000", "--by", "coder", "-o", tmp_path / "f.parquet")
    frame = pd.read_parquet(tmp_path / "f.parquet")
    assert list(frame.columns) == ["coder", "barriers", "barriers/cost", "barriers/skills", "outcomes"]
    assert frame.loc[1, "barriers/cost"] == 1000 / 21
    run("export", "frequencies", "--long", "-o", tmp_path / "f.xlsx")
    sheet = pd.read_excel(tmp_path / "f.xlsx")
    assert list(sheet.columns) == ["document", "code", "count"] and len(sheet) == 16
    assert sheet["count"].sum() == 9


def test_xlsx_text_starting_with_equals_stays_text(tmp_path: Path) -> None:
    rows = [{"text": "=1+1 is what she wrote", "n": 1}, {"text": "bell\x07", "n": 2}]
    write_rows(rows, ["text", "n"], "xlsx", tmp_path / "t.xlsx")
    sheet = pd.read_excel(tmp_path / "t.xlsx")
    assert sheet["text"].tolist() == ["=1+1 is what she wrote", "bell"]


def test_cooccurrence_xlsx(study: Path, run: Run, tmp_path: Path) -> None:
    run("export", "cooccurrence", "--unit", "turn", "-o", tmp_path / "co.xlsx")
    sheet = pd.read_excel(tmp_path / "co.xlsx")
    assert sheet.loc[1].tolist() == ["barriers/cost", 0, 1, 0, 1]


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "bad.parquet"
    with pytest.raises((TypeError, ValueError)):
        write_rows([{"a": 1}, {"a": "text"}], ["a"], "parquet", target)  # mixed types: arrow refuses
    assert list(tmp_path.iterdir()) == []


def test_xlsx_codings_reimport_unchanged(study: Path, run: Run, tmp_path: Path) -> None:
    """Quotes with edge spaces must survive .xlsx too (codings import keeps cells unstripped)."""
    run("export", "codings", "-o", tmp_path / "c.xlsx")
    out = run("codings", "import", tmp_path / "c.xlsx").stdout
    assert "0 re-anchored" in out and "9 already present" in out
