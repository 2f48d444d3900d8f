"""Code co-occurrence by sentence, turn and document on the hand-computed study (see test_frequencies)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_frequencies import build_study
from themecoder.core.cooccurrence import cooccurrence
from themecoder.core.errors import InputError
from themecoder.core.model import Coding
from themecoder.store import Project

# codes in codebook order: barriers, barriers/cost, barriers/skills, outcomes


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    p = Project(build_study(tmp_path_factory.mktemp("co") / "study.db"))
    yield p
    p.close()


def test_sentence_counts(project: Project) -> None:
    # sentences with each code: barriers {P02}, cost {P01 s0}, skills {P02, fu s0}, outcomes {P01 s1, fu s0, fu s1}
    matrix, notes = project.cooccurrence_matrix(unit="sentence")
    assert matrix.n_units == 7
    assert matrix.values() == [[1, 0, 1, 0], [0, 1, 0, 0], [1, 0, 2, 1], [0, 0, 1, 3]]
    assert notes and "consensus" in notes[0]


def test_jaccard_is_both_over_either(project: Project) -> None:
    matrix, _ = project.cooccurrence_matrix(unit="sentence")
    jac = matrix.values("jaccard")
    assert jac[2][3] == 1 / 4  # skills & outcomes: 1 sentence of 2 + 3 - 1
    assert jac[0][2] == 1 / 2
    assert jac[1][1] == 1.0 and jac[0][1] == 0.0
    empty = cooccurrence([], ["a"], {1: [(0, 5)]}).values("jaccard")
    assert empty == [[None]]  # never present: undefined, not 0 or 1


def test_turn_and_document_units(project: Project) -> None:
    turn, _ = project.cooccurrence_matrix(unit="turn")
    assert turn.n_units == 5
    assert turn.values()[1][3] == 1  # cost and outcomes share P01's first turn, not a sentence
    doc, _ = project.cooccurrence_matrix(unit="document")
    assert doc.n_units == 4
    assert doc.values() == [[1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 2, 1], [0, 1, 1, 2]]


def test_rollup_and_coder_filter(project: Project) -> None:
    rolled, _ = project.cooccurrence_matrix(unit="sentence", rollup=True)
    assert rolled.values()[0] == [3, 1, 2, 1]
    bob, notes = project.cooccurrence_matrix(unit="document", coders=["bob"])
    assert bob.values() == [[0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]]  # other documents
    assert notes == []


def test_rows_and_pairs() -> None:
    codings = [Coding(1, "a", "x", 0, 4), Coding(1, "b", "x", 2, 8), Coding(1, "c", "x", 12, 14)]
    units = {1: [(0, 5), (6, 10), (11, 15)]}
    m = cooccurrence(codings, ["a", "b", "c"], units)
    assert m.rows()[0] == {"code": "a", "a": 1, "b": 1, "c": 0}
    assert m.values()[1][1] == 2  # b overlaps units 0 and 1
    assert m.pairs() == [("a", "b", 1)]


def test_boundaries_are_half_open() -> None:
    units = {1: [(0, 5), (5, 10)]}
    m = cooccurrence([Coding(1, "a", "x", 5, 10), Coding(1, "b", "x", 0, 5)], ["a", "b"], units)
    assert m.values() == [[1, 0], [0, 1]]


def test_unknown_unit_and_measure(project: Project) -> None:
    with pytest.raises(InputError, match="--unit"):
        project.cooccurrence_matrix(unit="paragraph")
    matrix, _ = project.cooccurrence_matrix()
    with pytest.raises(InputError, match="--measure"):
        matrix.values("lift")


def test_empty_project(tmp_path: Path) -> None:
    with Project(tmp_path / "e.db") as p:
        matrix, _ = p.cooccurrence_matrix()
    assert (matrix.codes, matrix.n_units) == ([], 0)


def test_excerpts_where_two_codes_meet(project: Project) -> None:
    rows = project.cooccurrence_excerpts("barriers/skills", "outcomes")
    assert rows == [{"doc": "P01-followup", "doc_id": 3, "start": 0, "end": 15, "text": "Red green blue."}]
    turns = project.cooccurrence_excerpts("cost", "outcomes", unit="turn")  # leaf names work too
    assert [(r["doc"], r["start"], r["end"]) for r in turns] == [("P01-interview", 0, 41)]
    assert project.cooccurrence_excerpts("barriers", "outcomes") == []
    rolled = project.cooccurrence_excerpts("barriers", "outcomes", rollup=True)
    assert [r["text"] for r in rolled] == ["Red green blue."]
