"""`themecoder adjudicate`: list, decide, accept agreed, status, and the resumable prompt."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Run, as_json
from tests.cli.team_study import (
    code,
    make_nvivo,
    run_with_input,
    table_rows,
    thousand_characters,
)


@pytest.fixture
def nvivo(tmp_path: Path, run: Run) -> Path:
    return make_nvivo(tmp_path, run)


TEXT = thousand_characters()


def codings_of(run: Run, coder: str) -> list[tuple[str, int, int, str]]:
    rows = as_json(run("codings", "--coder", coder, "--format", "json"))
    return [(r["code"], r["start"], r["end"], r["text"]) for r in rows]


def originals(run: Run) -> list[dict]:
    return [r for r in as_json(run("codings", "--format", "json")) if r["coder"] != "consensus"]


def the_region(run: Run, *extra: str) -> dict:
    [region] = as_json(run("adjudicate", "list", "--format", "json", *extra))
    return region


def test_list_shows_both_coders_spans_and_the_text(nvivo: Path, run: Run) -> None:
    region = the_region(run)
    assert (region["code"], region["doc"], region["start"], region["end"]) == ("theme", "source", 100, 300)
    assert region["coders"] == ["ana", "budi"]
    assert region["spans"] == {"ana": [[100, 250]], "budi": [[200, 300]]}
    assert region["text"] == TEXT[100:300] and region["decision"] is None
    assert as_json(run("adjudicate", "--format", "json")) == [region]  # bare `adjudicate` lists
    table = run("adjudicate", "list", "--format", "table").stdout
    assert region["id"] in table and "100-250" in table and "200-300" in table


def test_each_decision_writes_consensus_and_never_touches_the_originals(nvivo: Path, run: Run,
                                                                        db: Path) -> None:
    before = originals(run)
    region_id = the_region(run)["id"]
    expected = {"a": [(100, 250)], "b": [(200, 300)], "union": [(100, 300)],
                "intersection": [(200, 250)], "neither": [], "skip": []}
    for decision, spans in expected.items():
        out = run("adjudicate", "decide", region_id, decision, coder="rina").stdout
        assert f"region {region_id}" in out and decision in out
        assert codings_of(run, "consensus") == [("theme", s, e, TEXT[s:e]) for s, e in spans]
        assert the_region(run)["decision"] == decision
    assert originals(run) == before
    [row] = table_rows(db, "adjudications")
    assert row[5:8] == ("ana", "budi", "skip") and row[9] == "rina"
    sources = {r[0] for r in _sql(db, "SELECT source FROM codings WHERE coder = 'consensus'")}
    assert sources <= {"adjudicate"}


def test_a_unique_prefix_of_the_id_is_enough(nvivo: Path, run: Run) -> None:
    region_id = the_region(run)["id"]
    run("adjudicate", "decide", region_id[:5], "union")
    assert codings_of(run, "consensus") == [("theme", 100, 300, TEXT[100:300])]


def test_naming_the_coders_the_other_way_round(nvivo: Path, run: Run) -> None:
    region = the_region(run, "--coders", "budi,ana")
    assert region["coders"] == ["budi", "ana"] and region["id"] == the_region(run)["id"]
    run("adjudicate", "decide", region["id"], "a", "--coders", "budi,ana")
    assert codings_of(run, "consensus") == [("theme", 200, 300, TEXT[200:300])]
    assert the_region(run)["decision"] == "b"  # budi is `b` in the order ana, budi
    assert the_region(run, "--coders", "budi,ana")["decision"] == "a"


def test_accept_agreed_copies_identical_stretches_once(nvivo: Path, run: Run) -> None:
    code(run, "ana", 500, 550, "other")
    code(run, "budi", 500, 550, "other")
    code(run, "ana", 700, 720, "other")
    code(run, "budi", 700, 710, "other")
    code(run, "budi", 710, 720, "other")  # touching spans make the same stretch
    assert "2 consensus codings added" in run("adjudicate", "--accept-agreed").stdout
    assert codings_of(run, "consensus") == [("other", 500, 550, TEXT[500:550]),
                                            ("other", 700, 720, TEXT[700:720])]
    assert "0 consensus codings added" in run("adjudicate", "--accept-agreed").stdout
    status = as_json(run("adjudicate", "status", "--format", "json"))
    assert (status["agreed_spans"], status["agreed_in_consensus"]) == (2, 2)
    assert status["regions"] == 1  # only `theme` disagrees


def test_prompt_resumes_across_runs(nvivo: Path, run: Run, db: Path) -> None:
    code(run, "ana", 500, 550, "other")
    code(run, "budi", 520, 600, "other")
    code(run, "budi", 800, 820, "theme")
    first = run_with_input(db, "adjudicate", "run", text="u\nq\n")
    assert "3 regions, 0 decided, 3 to walk now" in first
    assert "ana: 100-250" in first and "budi: 200-300" in first
    assert "⟦" in first  # spans are marked even without colour
    assert "1 of 3 disagreement regions decided, 2 to go" in first
    second = run_with_input(db, "adjudicate", "run", text="s\nn\n")
    assert "3 regions, 1 decided, 2 to walk now" in second
    assert "2 of 3 disagreement regions decided, 1 to go (1 skipped" in second
    third = run_with_input(db, "adjudicate", "run", "--skipped", text="i\n")
    assert "1 to walk now" in third
    status = as_json(run("adjudicate", "status", "--format", "json"))
    assert (status["decided"], status["pending"], status["skipped"]) == (3, 0, 0)
    assert status["by_decision"] == {"union": 1, "neither": 1, "intersection": 1}
    # theme 100-300: union; other 500-600: neither; theme 800-820 (budi only): intersection
    assert codings_of(run, "consensus") == [("theme", 100, 300, TEXT[100:300])]


def test_end_of_input_stops_and_keeps_what_was_decided(nvivo: Path, run: Run, db: Path) -> None:
    result = run_with_input(db, "adjudicate", "run", text="b\n")
    assert "1 of 1 disagreement regions decided, 0 to go" in result
    assert "0 to walk now" in run_with_input(db, "adjudicate", "run", text="")


def test_agreement_ignores_the_consensus_coder(nvivo: Path, run: Run) -> None:
    run("adjudicate", "decide", the_region(run)["id"], "union")
    report = as_json(run("agree", "--unit", "char", "--format", "json"))
    assert report["coders"] == ["ana", "budi"]
    assert round(report["codes"][0]["cohen_kappa"], 3) == 0.318


def _sql(db: Path, query: str) -> list[tuple]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()
