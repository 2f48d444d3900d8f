"""`suggest groups`: candidate themes from codes, with evidence; accepting moves codes under a
parent and keeps their codings; decided groups are not suggested again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.suggest_corpus import build_coded_survey, build_survey, copy_of, invoke
from themecoder.store import Project

# Food answers carry two codes on the same excerpts: they belong together.
CODES = {"parking": ["access/parking"], "food": ["care/food", "feelings/disappointed"],
         "staff": ["care/staff"]}


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_coded_survey(tmp_path_factory.mktemp("groups"), codes=CODES, per_topic=5)


@pytest.fixture
def db(coded: Path, tmp_path: Path) -> Path:
    return copy_of(coded, tmp_path)


def groups_json(db: Path) -> dict:
    return json.loads(invoke(db, "suggest", "groups", "--format", "json").stdout)


def codings_by_id(db: Path) -> dict[int, tuple]:
    rows = json.loads(invoke(db, "codings", "--format", "json").stdout)
    return {r["id"]: (r["doc"], r["start"], r["end"], r["coder"], r["text"], r["code"]) for r in rows}


def test_shape_and_the_co_occurring_codes_come_first(db: Path) -> None:
    out = groups_json(db)
    assert out["groups"] and all({"codes", "score", "evidence"} <= set(g) for g in out["groups"])
    best = out["groups"][0]
    assert {"care/food", "feelings/disappointed"} <= set(best["codes"])
    pair = next(e for e in best["evidence"] if e["codes"] == ["care/food", "feelings/disappointed"])
    assert pair["shared_segments"] == 5 and pair["shared_documents"] == 5
    assert len(pair["shared_excerpts"]) == 5
    assert all({"doc", "start", "end", "text"} <= set(x) for x in pair["shared_excerpts"])


def test_accept_makes_a_parent_code_and_keeps_the_codings(db: Path) -> None:
    out = groups_json(db)
    before = codings_by_id(db)
    line = invoke(db, "suggest", "accept", "--run", out["run"], "--group", "0", "--as-code",
                  "themes/poor-food").stdout
    group = out["groups"][0]["codes"]
    assert f"moved {len(group)} code(s) under themes/poor-food" in line
    after = codings_by_id(db)
    assert set(after) == set(before)
    moved = {path: "themes/poor-food/" + path.rsplit("/", 1)[-1] for path in group}
    for coding_id, row in before.items():
        assert after[coding_id] == (*row[:5], moved.get(row[5], row[5]))
    paths = {c["path"]: c for c in json.loads(invoke(db, "codebook", "list", "--format", "json").stdout)}
    assert paths["themes/poor-food/food"]["parent"] == "themes/poor-food"
    assert "care/food" not in paths and "access/parking" in paths


def test_default_parent_and_decided_groups_are_not_shown_again(db: Path) -> None:
    out = groups_json(db)
    invoke(db, "suggest", "accept", "--run", out["run"], "--group", "0")
    paths = [c["path"] for c in json.loads(invoke(db, "codebook", "list", "--format", "json").stdout)]
    assert f"theme-{out['run']}-0/food" in paths
    again = groups_json(db)
    assert sorted(p.rsplit("/", 1)[-1] for p in out["groups"][0]["codes"]) not in [
        sorted(p.rsplit("/", 1)[-1] for p in g["codes"]) for g in again["groups"]]


def test_rejected_group_is_not_shown_again(db: Path) -> None:
    out = groups_json(db)
    invoke(db, "suggest", "reject", "--run", out["run"], "--group", "0")
    again = groups_json(db)
    assert out["groups"][0]["codes"] not in [g["codes"] for g in again["groups"]]
    assert any("decided before" in n for n in again["notes"])


def test_bad_group_choices_exit_2_and_change_nothing(db: Path) -> None:
    out = groups_json(db)
    before = codings_by_id(db)
    invoke(db, "suggest", "accept", "--run", out["run"], "--group", "9", expect=2)
    invoke(db, "suggest", "accept", "--run", out["run"], "--group", "0", "--map-to", "nowhere",
           expect=2)
    invoke(db, "suggest", "accept", "--run", out["run"], "--theme", "0", "--as-code", "x", expect=2)
    invoke(db, "suggest", "accept", "--run", out["run"], "--group", "0", "--as-code", "care/food",
           expect=2)  # under one of its own codes
    assert codings_by_id(db) == before
    with Project(db, create=False) as project:
        assert project.db.execute("SELECT count(*) FROM suggestion_decisions").fetchone()[0] == 0


def test_too_few_coded_codes_exit_2(tmp_path: Path) -> None:
    db = build_survey(tmp_path / "a")
    invoke(db, "suggest", "groups", expect=2)
    db = build_coded_survey(tmp_path / "b", codes={"food": ["care/food"]})
    result = invoke(db, "suggest", "groups", expect=2)
    assert "at least 2" in result.stderr
