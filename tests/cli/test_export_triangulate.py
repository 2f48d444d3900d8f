"""`triangulate QUANT --key COLUMN`: the joint display through the CLI, with bad tables refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Run, as_json
from tests.core.test_frequencies import build_study

QUANT = "participant,score,age_years,group\nP01,3.5,30,A\nP02,4,40,B\nP09,5,50,A\n"


@pytest.fixture
def study(db: Path, tmp_path: Path) -> Path:
    build_study(db)
    (tmp_path / "quant.csv").write_text(QUANT, encoding="utf-8")
    return tmp_path / "quant.csv"


def test_json_shape_and_missing_report(study: Path, run: Run) -> None:
    result = run("triangulate", study, "--key", "participant", "--format", "json")
    doc = as_json(result)
    assert doc["n_cases"] == 2
    assert doc["rows"][0] == {
        "code": "barriers", "n_cases": 1, "pct_cases": 50.0,
        "vars": {"score": {"mean_with": 4.0, "mean_without": 3.5, "n_with": 1, "n_without": 1},
                 "age_years": {"mean_with": 40.0, "mean_without": 30.0, "n_with": 1, "n_without": 1}},
        "exemplar": "One"}
    assert doc["quant_without_documents"] == ["P09"]
    assert "1 row(s) of quant.csv with no documents: P09" in result.stderr
    assert "percentages are of the 2 cases with both documents and quantitative data" in result.stderr


def test_csv_with_chosen_vars_and_coder(study: Path, run: Run) -> None:
    result = run("triangulate", study, "--key", "participant", "--vars", "score", "--coder", "bob",
                 "--format", "csv")
    # bob never applied the parent 'barriers' itself: a grouping node, left out (and said so)
    assert "1 parent code(s) with no codings of their own left out" in result.stderr
    assert result.stdout.splitlines() == [
        "code,n_cases,pct_cases,score_mean_with,score_mean_without,score_n_with,score_n_without",
        "barriers/cost,1,50.0,3.5,4.0,1,1",
        "barriers/skills,1,50.0,4.0,3.5,1,1",
        "outcomes,0,0.0,,3.75,0,2"]


def test_markdown_has_caption_and_exemplars(study: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "joint.md"
    run("triangulate", study, "--key", "participant", "--format", "md", "-o", target)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Joint display: % of the 2 cases with both documents and quantitative data")
    assert lines[2] == ("| code | cases | score: with | score: without | age_years: with | "
                        "age_years: without | exemplar |")
    assert lines[4] == "| barriers | 1 (50.0%) | 4.00 (n=1) | 3.50 (n=1) | 40.00 (n=1) | 30.00 (n=1) | “One” |"
    assert "“Alpha beta gamma”" in lines[5]


def test_table_output(study: Path, run: Run) -> None:
    out = run("triangulate", study, "--key", "participant", "--format", "table").stdout
    assert "Joint display" in out and "(100.0%)" in out and "50.0%" in out


def test_cases_without_quant_are_reported(study: Path, run: Run, tmp_path: Path) -> None:
    quant = tmp_path / "only-p02.csv"
    quant.write_text("id;score\nP02;2,5\n", encoding="utf-8")
    result = run("triangulate", quant, "--key", "id", "--format", "json")
    assert "1 case(s) with documents but no row in only-p02.csv: P01" in result.stderr
    assert as_json(result)["rows"][2]["vars"]["score"]["mean_with"] == 2.5


@pytest.mark.parametrize(("table", "message"), [
    ("participant,score\nP01,1\nP02,2\nP01,3\n", "duplicate key 'P01' in column 'participant' (rows 2 and 4)"),
    ("pid,score\nP01,1\n", "no key column 'participant'; columns: pid, score"),
])
def test_bad_tables_exit_2_and_write_nothing(study: Path, run: Run, tmp_path: Path, table: str,
                                             message: str) -> None:
    quant = tmp_path / "bad.csv"
    quant.write_text(table, encoding="utf-8")
    target = tmp_path / "out.md"
    result = run("triangulate", quant, "--key", "participant", "--format", "md", "-o", target, expect=2)
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()


def test_unknown_variable_and_missing_file(study: Path, run: Run, tmp_path: Path) -> None:
    result = run("triangulate", study, "--key", "participant", "--vars", "score,income", expect=2)
    assert "no variable column 'income'" in result.stderr
    assert "no such file" in run("triangulate", tmp_path / "nope.csv", "--key", "k", expect=2).stderr


def test_xlsx_and_sav_inputs(study: Path, run: Run, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pyreadstat = pytest.importorskip("pyreadstat")
    frame = pd.read_csv(study)
    frame.to_excel(tmp_path / "q.xlsx", index=False)
    pyreadstat.write_sav(frame, str(tmp_path / "q.sav"))
    for name in ("q.xlsx", "q.sav"):
        doc = as_json(run("triangulate", tmp_path / name, "--key", "participant", "--format", "json"))
        assert doc["rows"][2]["vars"]["score"]["mean_with"] == 3.75, name
