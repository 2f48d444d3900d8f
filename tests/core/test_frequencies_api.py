"""The Python API: `themecoder.open(path)` gives DataFrames with the CLI's numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

import themecoder
from tests.core.test_frequencies import build_study
from themecoder.api import Study, table

pd = pytest.importorskip("pandas")


@pytest.fixture
def study(tmp_path: Path) -> Study:
    s = themecoder.open(str(build_study(tmp_path / "study.db")))
    yield s
    s.close()


def test_open_gives_a_study_that_still_offers_the_project(study: Study) -> None:
    assert isinstance(study, Study)
    assert [c.path for c in study.codes()][:2] == ["barriers", "barriers/cost"]  # Project's method
    assert study.project.coders() == ["ann", "bob", "consensus"]


def test_frequencies_frame(study: Study) -> None:
    frame = study.frequencies(by="case", measure="presence")
    assert list(frame.columns) == ["case", "barriers", "barriers/cost", "barriers/skills", "outcomes"]
    assert frame.to_dict("records") == [
        {"case": "P01", "barriers": 0, "barriers/cost": 1, "barriers/skills": 1, "outcomes": 1},
        {"case": "P02", "barriers": 1, "barriers/cost": 0, "barriers/skills": 1, "outcomes": 0}]
    tidy = study.frequencies(by="coder", coder="ann", long=True, rollup=True)
    assert tidy.loc[tidy["code"] == "barriers", "count"].tolist() == [4]


def test_documents_and_codings_frames(study: Study) -> None:
    docs = study.documents()
    assert list(docs.columns) == ["id", "name", "kind", "case", "words", "turns", "codings", "age", "group"]
    assert docs["words"].tolist() == [11, 10, 5, 3]
    assert docs.loc[2, "group"] == "A"  # the follow-up inherits its case's attributes
    codings = study.codings(coder=["bob"])
    assert codings[["doc", "code", "start", "end"]].values.tolist() == [
        ["P01-interview", "barriers/cost", 0, 5], ["P02-interview", "barriers/skills", 4, 13]]


def test_cooccurrence_and_triangulate_frames(study: Study, tmp_path: Path) -> None:
    co = study.cooccurrence(unit="document")
    assert co.set_index("code").loc["barriers/skills", "outcomes"] == 1
    quant = pd.DataFrame({"participant": ["P01", "P02"], "score": [3.5, 4.0]})
    joint = study.triangulate(quant, key="participant")
    assert joint.loc[2, "score_mean_with"] == 3.75
    (tmp_path / "q.csv").write_text("participant,score\nP01,3.5\nP02,4\n", encoding="utf-8")
    assert study.triangulate(tmp_path / "q.csv", "participant").equals(joint)


def test_plain_rows_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    rows = [{"a": 1}]
    assert table(rows, ["a"]) is rows
