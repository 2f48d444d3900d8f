"""The joint display against hand-computed means on the small study (see test_frequencies)."""

from __future__ import annotations

import pytest

from tests.core.test_frequencies import build_study
from themecoder.core.errors import InputError
from themecoder.core.triangulation import exemplar, joint_display, parse_number, quant_table, trim
from themecoder.store import Project

# With all coders, P01 has cost, skills, outcomes; P02 has barriers (own coding) and skills.
QUANT = [
    {"participant": "P01", "score": "3.5", "age_years": "30", "group": "A"},
    {"participant": "P02", "score": "4", "age_years": "40", "group": "B"},
    {"participant": "P09", "score": "5", "age_years": "50", "group": "A"},
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    p = Project(build_study(tmp_path_factory.mktemp("tri") / "study.db"))
    yield p
    p.close()


def _rows(display) -> dict:  # type: ignore[no-untyped-def]
    return {r.code: r for r in display.rows}


def test_joint_display_counts_means_and_unmatched(project: Project) -> None:
    d = project.joint_display(QUANT, "participant")
    assert d.variables == ["score", "age_years"]  # 'group' is not numeric
    assert d.n_cases == 2
    assert d.quant_without_documents == ["P09"] and d.cases_without_quant == []
    rows = _rows(d)
    assert [(r.code, r.n_cases, r.pct_cases) for r in d.rows] == [
        ("barriers", 1, 50.0), ("barriers/cost", 1, 50.0), ("barriers/skills", 2, 100.0),
        ("outcomes", 1, 50.0)]
    barriers = rows["barriers"].vars["score"]
    assert (barriers.mean_with, barriers.mean_without, barriers.n_with, barriers.n_without) == (4.0, 3.5, 1, 1)
    skills = rows["barriers/skills"].vars["age_years"]
    assert (skills.mean_with, skills.mean_without) == (35.0, None)
    assert any("consensus" in n for n in d.notes)
    assert "1 document(s) without a case left out" in d.notes


def test_rollup_coder_and_chosen_variables(project: Project) -> None:
    d = project.joint_display(QUANT, "participant", variables=["score"], coders=["bob"], rollup=True)
    assert d.variables == ["score"]
    # bob: P01 cost, P02 skills -> with rollup both cases have barriers
    assert [(r.code, r.n_cases) for r in d.rows] == [("barriers", 2), ("barriers/cost", 1),
                                                     ("barriers/skills", 1), ("outcomes", 0)]
    assert _rows(d)["outcomes"].vars["score"].mean_without == 3.75
    assert _rows(d)["outcomes"].exemplar is None


def test_cases_without_quantitative_data_are_reported_and_not_counted(project: Project) -> None:
    d = project.joint_display([{"id": "P02", "score": "2"}], "id")
    assert (d.n_cases, d.cases_without_quant) == (1, ["P01"])
    assert _rows(d)["barriers/skills"].pct_cases == 100.0
    assert _rows(d)["barriers/cost"].n_cases == 0


def test_json_shape(project: Project) -> None:
    doc = project.joint_display(QUANT, "participant").to_json()
    row = doc["rows"][0]
    assert set(row) >= {"code", "n_cases", "pct_cases", "vars"}
    assert row["vars"]["score"] == {"mean_with": 4.0, "mean_without": 3.5, "n_with": 1, "n_without": 1}


def test_bad_tables_are_refused() -> None:
    with pytest.raises(InputError, match=r"q.csv: no key column 'pid'; columns: participant, score"):
        quant_table([{"participant": "P01", "score": "1"}], "pid", where="q.csv")
    dupes = [{"k": "P01", "v": "1"}, {"k": "P02", "v": "2"}, {"k": "P01 ", "v": "3"}]
    with pytest.raises(InputError, match=r"duplicate key 'P01' in column 'k' \(rows 2 and 4\)"):
        quant_table(dupes, "k")
    with pytest.raises(InputError, match=r"row 3: 'high' in column 'v' is not a number"):
        quant_table([{"k": "a", "v": "1"}, {"k": "b", "v": "high"}], "k", ["v"])
    with pytest.raises(InputError, match="no variable column 'w'"):
        quant_table([{"k": "a", "v": "1"}], "k", ["w"])


def test_numbers_missing_values_and_blank_keys() -> None:
    assert [parse_number(x) for x in ("3", "3,5", " -2.25 ", "NA", "", ".", 7, float("nan"))] == [
        3.0, 3.5, -2.25, None, None, None, 7.0, None]
    with pytest.raises(ValueError):
        parse_number("inf")
    q = quant_table([{"k": "", "v": "1"}, {"k": "a", "v": "n/a"}, {"k": "b", "v": "2"}], "k")
    assert q.values == {"a": {"v": None}, "b": {"v": 2.0}}
    assert q.notes == ["1 row(s) without a 'k' value ignored"]


def test_means_are_exact_sums() -> None:
    q = quant_table([{"k": k, "v": v} for k, v in [("a", "0.1"), ("b", "0.2"), ("c", "0.3"), ("d", "1")]], "k")
    d = joint_display({"a": {"x"}, "b": {"x"}, "c": {"x"}, "d": set()}, q, ["x"])
    assert d.rows[0].vars["v"].mean_with == 0.2  # decimal: not 0.19999999999999998
    assert d.rows[0].pct_cases == 75.0


def test_exemplar_is_central_long_enough_and_trimmed() -> None:
    texts = ["Yes.",
             "The cost of data packages is too high for my small shop every month.",
             "Data packages cost a lot, so I post at night when data packages are cheaper.",
             "My niece taught me how to post photos of the cakes on Instagram stories."]
    assert exemplar(texts).startswith("The cost of data packages")
    assert exemplar(["ok", "fine"]) == "fine"
    assert exemplar([" ", ""]) is None
    long = "word " * 100
    assert len(trim(long, 40)) <= 40 and trim(long, 40).endswith("…")
    assert trim("a\nb  c") == "a b c"
