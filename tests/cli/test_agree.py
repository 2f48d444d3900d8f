"""`themecoder agree` end to end on real project files: NVivo's example, shapes, scope, formats."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.cli.conftest import Run, as_json
from tests.cli.team_study import code, make_nvivo


@pytest.fixture
def nvivo(tmp_path: Path, run: Run) -> Path:
    return make_nvivo(tmp_path, run)


STATISTICS = ("percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha")


def test_nvivo_example_at_char_level(nvivo: Path, run: Run) -> None:
    """T9: A [100, 250), B [200, 300) in 1000 characters -> 85 % and kappa 0.318 (NVivo)."""
    report = as_json(run("agree", "--unit", "char", "--format", "json"))
    assert report["unit"] == "char" and report["coders"] == ["ana", "budi"]
    [row] = report["codes"]
    assert row["code"] == "theme" and row["n_units"] == 1000
    assert round(row["percent_agreement"], 3) == 0.850
    assert round(row["cohen_kappa"], 3) == 0.318
    assert round(row["krippendorff_alpha"], 3) == 0.315
    assert row["note"] == "" and row["alpha_u"] is not None
    assert report["overall"]["n_units"] == 1000
    assert round(report["overall"]["cohen_kappa"], 3) == 0.318
    assert report["documents"] == ["source"]


def test_json_shape_follows_the_contract(nvivo: Path, run: Run) -> None:
    report = as_json(run("agree", "--format", "json"))
    assert {"unit", "coders", "codes", "overall"} <= set(report)
    assert report["unit"] == "sentence"
    for row in [*report["codes"], report["overall"]]:
        assert {"n_units", *STATISTICS, "note", "gwet_ac1", "brennan_prediger"} <= set(row)
        assert "alpha_u" not in row  # only for char
        assert 0.0 <= row["percent_agreement"] <= 1.0


def test_sentence_is_the_default_unit(nvivo: Path, run: Run) -> None:
    """Sentences every 25 characters: the same 2x2 table as the characters, over 40 units."""
    report = as_json(run("agree", "--format", "json"))
    [row] = report["codes"]
    assert row["n_units"] == 40
    assert round(row["percent_agreement"], 3) == 0.850
    assert round(row["cohen_kappa"], 3) == 0.318
    document = as_json(run("agree", "--unit", "document", "--format", "json"))["codes"][0]
    assert document["n_units"] == 1 and document["percent_agreement"] == 1.0
    assert document["cohen_kappa"] is None and "undefined" in document["note"]


def test_undefined_statistics_are_null_with_a_note(nvivo: Path, run: Run) -> None:
    report = as_json(run("agree", "--unit", "char", "--code", "theme", "--code", "unused",
                         "--format", "json"))
    unused = next(r for r in report["codes"] if r["code"] == "unused")
    assert unused["cohen_kappa"] is None and unused["krippendorff_alpha"] is None
    assert unused["fleiss_kappa"] is None and unused["alpha_u"] is None
    assert "no coder applied this code" in unused["note"]
    assert unused["percent_agreement"] == 1.0  # defined: both left every character uncoded


def test_three_coders_have_no_cohen_kappa(nvivo: Path, run: Run) -> None:
    code(run, "chen", 120, 260)
    report = as_json(run("agree", "--unit", "char", "--format", "json"))
    assert report["coders"] == ["ana", "budi", "chen"]
    row = report["codes"][0]
    assert row["cohen_kappa"] is None and row["fleiss_kappa"] is not None
    pair = as_json(run("agree", "--unit", "char", "--coders", "ana,budi", "--format", "json"))
    assert round(pair["codes"][0]["cohen_kappa"], 3) == 0.318


def test_consensus_and_suggest_are_not_default_coders(nvivo: Path, run: Run) -> None:
    code(run, "suggest", 100, 300)
    code(run, "consensus", 100, 250)
    report = as_json(run("agree", "--unit", "char", "--format", "json"))
    assert report["coders"] == ["ana", "budi"]
    assert any("except consensus and suggest" in note for note in report["notes"])
    versus = as_json(run("agree", "--unit", "char", "--coders", "ana,consensus", "--format", "json"))
    assert versus["codes"][0]["percent_agreement"] == 1.0


def test_documents_only_one_coder_coded_are_left_out(nvivo: Path, run: Run, tmp_path: Path) -> None:
    (tmp_path / "second.txt").write_text("Only ana read this one. " * 20, encoding="utf-8")
    run("import", tmp_path / "second.txt")
    code(run, "ana", 0, 40, doc="second")
    report = as_json(run("agree", "--unit", "char", "--format", "json"))
    assert report["documents"] == ["source"] and report["codes"][0]["n_units"] == 1000
    assert any("1 coded by only some" in note for note in report["notes"])
    both = as_json(run("agree", "--unit", "char", "--doc", "source", "--doc", "second",
                       "--format", "json"))
    assert both["documents"] == ["source", "second"]
    assert both["codes"][0]["n_units"] == 1000 + len(("Only ana read this one. " * 20).strip())


def test_table_names_every_formula_and_the_pooling(nvivo: Path, run: Run) -> None:
    out = run("agree", "--unit", "char", "--format", "table").stdout
    for text in ("Agreement by char", "Cohen (1960)", "Fleiss (1971)", "Krippendorff",
                 "Gwet", "Brennan & Prediger", "alpha_U (Krippendorff 1995/2004)", "pooled",
                 "0.318", "0.850", "except consensus and suggest"):
        assert text in out, text


def test_csv_has_a_row_per_code_and_the_pooled_row(nvivo: Path, run: Run) -> None:
    code(run, "ana", 500, 520, code_path="other")
    out = run("agree", "--unit", "char", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["code"] for r in rows] == ["theme", "other", "(all codes, pooled)"]
    assert float(rows[0]["cohen_kappa"]) == pytest.approx(0.3181818)
    assert rows[1]["note"] == "" and float(rows[1]["cohen_kappa"]) == 0.0  # T11: one coder only


def test_exclude_uncoded_drops_text_nobody_coded(nvivo: Path, run: Run) -> None:
    report = as_json(run("agree", "--unit", "char", "--exclude-uncoded", "--format", "json"))
    row = report["codes"][0]
    assert row["n_units"] == 200 and report["exclude_uncoded"] is True
    assert row["percent_agreement"] == pytest.approx(50 / 200)


def test_help_explains_the_default_unit(run: Run) -> None:
    out = run("agree", "--help").stdout
    assert "default unit is the sentence" in out and "NVivo" in out


def test_the_whole_sample_study(run: Run, tmp_path: Path) -> None:
    out = run("demo", "--no-tui", "--dir", tmp_path / "demo").stdout.strip().splitlines()[-1]
    report = as_json(run("-p", out, "agree", "--unit", "turn", "--format", "json"))
    assert report["coders"] == ["ana", "budi"] and len(report["documents"]) >= 2
    assert all(0 <= r["percent_agreement"] <= 1 for r in report["codes"])
    assert report["overall"]["n_codes"] == len(report["codes"]) > 5
