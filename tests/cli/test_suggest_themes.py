"""`suggest themes`: shape, every segment in one theme, seeded, recorded; accepting; bad input."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.cli.suggest_corpus import (
    TOPICS,
    build_coded_survey,
    build_survey,
    copy_of,
    invoke,
    topic_of,
)
from themecoder.store import Project

THEME_KEYS = {"id", "label", "keywords", "size", "members", "nearest_code"}


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_survey(tmp_path_factory.mktemp("survey"))


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_coded_survey(tmp_path_factory.mktemp("coded"), per_topic=3)


@pytest.fixture
def db(survey: Path, tmp_path: Path) -> Path:
    return copy_of(survey, tmp_path)


def themes_json(db: Path, *args: str) -> dict:
    return json.loads(invoke(db, "suggest", "themes", "--format", "json", *args).stdout)


def test_json_shape_and_every_answer_in_exactly_one_theme(db: Path) -> None:
    out = themes_json(db, "--unit", "turn", "--scope", "all", "--k", "3")
    assert {"unit", "k", "themes", "run"} <= set(out)
    assert out["unit"] == "turn" and out["k"] == 3 and len(out["themes"]) == 3
    for theme in out["themes"]:
        assert THEME_KEYS <= set(theme)
        assert theme["size"] == len(theme["members"]) > 0
        assert all(set(m) >= {"doc", "start", "end", "text"} for m in theme["members"])
        assert isinstance(theme["label"], str) and theme["label"]
        assert theme["nearest_code"] is None  # an empty codebook has no nearest code
    members = Counter(m["doc"] for t in out["themes"] for m in t["members"])
    assert len(members) == 36 and set(members.values()) == {1}


def test_the_three_topics_come_back_as_three_themes(db: Path) -> None:
    out = themes_json(db, "--unit", "turn", "--scope", "all", "--k", "3")
    purity = [Counter(topic_of(m["doc"]) for m in t["members"]).most_common(1)[0][1] / t["size"]
              for t in out["themes"]]
    assert min(purity) >= 0.8, purity
    majorities = {Counter(topic_of(m["doc"]) for m in t["members"]).most_common(1)[0][0]
                  for t in out["themes"]}
    assert majorities == set(TOPICS)
    labels = " ".join(" ".join(t["keywords"]) for t in out["themes"])
    assert "park" in labels and ("food" in labels or "meal" in labels) and "nurse" in labels


def test_same_seed_same_output_and_the_run_is_recorded(db: Path) -> None:
    first = themes_json(db, "--k", "auto", "--seed", "7", "--method", "lsa")
    second = themes_json(db, "--k", "auto", "--seed", "7", "--method", "lsa")
    assert first.pop("run") != second.pop("run")
    assert first == second
    assert first["k_reason"].startswith(f"k={first['k']}")
    runs = json.loads(invoke(db, "suggest", "runs", "--format", "json").stdout)
    assert len(runs) == 2
    run = runs[0]
    assert (run["kind"], run["unit"], run["scope"], run["seed"], run["method"]) == (
        "themes", "sentence", "uncoded", 7, "lsa")
    assert run["k"] == first["k"] and run["k_reason"] == first["k_reason"]
    assert run["params"]["k_mode"] == "auto" and run["params"]["segments"] == 36
    assert run["coder"] == "ana" and run["created"]


def test_stored_run_holds_every_member(db: Path) -> None:
    out = themes_json(db, "--k", "4", "--method", "lsa")
    with Project(db, create=False) as project:
        stored = project.theme_run(out["run"])
    assert [t.to_dict()["members"] for t in stored.themes] == [t["members"] for t in out["themes"]]


def test_uncoded_scope_leaves_out_coded_sentences_and_names_the_nearest_code(coded: Path,
                                                                           tmp_path: Path) -> None:
    db = copy_of(coded, tmp_path)
    out = themes_json(db, "--k", "3")
    members = [m for t in out["themes"] for m in t["members"]]
    assert len(members) == 36 - 9
    coded_docs = {c["doc"] for c in json.loads(invoke(db, "codings", "--format", "json").stdout)}
    assert not coded_docs & {m["doc"] for m in members}
    nearest = {}
    for theme in out["themes"]:
        topic = Counter(topic_of(m["doc"]) for m in theme["members"]).most_common(1)[0][0]
        nearest[topic] = theme["nearest_code"]["code"]
    assert nearest == {"parking": "access/parking", "food": "care/food", "staff": "care/staff"}


def test_scope_of_one_code_splits_its_excerpts(coded: Path, tmp_path: Path) -> None:
    db = copy_of(coded, tmp_path)
    out = themes_json(db, "--scope", "code:care", "--k", "2", "--method", "lsa")
    docs = {m["doc"] for t in out["themes"] for m in t["members"]}
    assert len(docs) == 6 and {topic_of(d) for d in docs} == {"food", "staff"}
    assert all(t["nearest_code"]["code"] != "care" for t in out["themes"])


def test_accept_as_new_code_then_agreement_with_suggest(coded: Path, tmp_path: Path) -> None:
    db = copy_of(coded, tmp_path)
    out = themes_json(db, "--unit", "turn", "--scope", "all", "--k", "3")
    theme = out["themes"][0]
    line = invoke(db, "suggest", "accept", "--run", out["run"], "--theme", theme["id"],
                  "--as-code", "emerging/first-theme").stdout
    assert f"{theme['size']} coding(s) by suggest" in line and "created code emerging/first-theme" in line
    codings = json.loads(invoke(db, "codings", "--coder", "suggest", "--format", "json").stdout)
    assert {(c["doc"], c["start"], c["end"]) for c in codings} == {
        (m["doc"], m["start"], m["end"]) for m in theme["members"]}
    assert {c["code"] for c in codings} == {"emerging/first-theme"}
    agree = json.loads(invoke(db, "agree", "--coders", "ana,suggest", "--format", "json").stdout)
    assert agree["coders"] == ["ana", "suggest"]
    assert "emerging/first-theme" in {row["code"] for row in agree["codes"]}


def test_map_to_an_existing_code(coded: Path, tmp_path: Path) -> None:
    db = copy_of(coded, tmp_path)
    out = themes_json(db, "--unit", "turn", "--k", "3")
    theme = next(t for t in out["themes"] if t["nearest_code"]["code"] == "care/food")
    invoke(db, "suggest", "accept", "--run", out["run"], "--theme", theme["id"], "--map-to",
           "care/food", "--coder", "machine")
    codings = json.loads(invoke(db, "codings", "--coder", "machine", "--format", "json").stdout)
    assert len(codings) == theme["size"] and {c["code"] for c in codings} == {"care/food"}
    codes = json.loads(invoke(db, "codebook", "list", "--format", "json").stdout)
    assert [c["path"] for c in codes].count("care/food") == 1


def snapshot(db: Path) -> tuple:
    with Project(db, create=False) as project:
        return tuple(
            project.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("suggestion_runs", "suggested_themes", "suggestion_decisions", "codings",
                          "codes"))


@pytest.mark.parametrize("args", [
    ("--k", "40"),                        # more themes than the 36 answers
    ("--k", "zero"),
    ("--k", "0"),
    ("--scope", "code:care/food"),        # a code with no excerpts
    ("--scope", "code:no-such-code"),
    ("--scope", "somewhere"),
    ("--method", "bert"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(db: Path, args: tuple[str, ...]) -> None:
    invoke(db, "codebook", "import", _codebook(db.parent))
    before = snapshot(db)
    result = invoke(db, "suggest", "themes", "--format", "json", *args, expect=2)
    assert result.stdout == "" and snapshot(db) == before
    if args[0] != "--method":  # click's own usage errors add a usage line
        assert len(result.stderr.strip().splitlines()) == 1


def test_an_empty_scope_exits_2(coded: Path, tmp_path: Path) -> None:
    db = copy_of(coded, tmp_path)
    rows = [{"doc": d, "code": "misc", "start": 0, "end": 5}
            for d in {m["doc"] for t in themes_json(db, "--scope", "all", "--k", "2",
                                                    "--method", "lsa")["themes"]
                      for m in t["members"]}]
    (tmp_path / "all.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    invoke(db, "codings", "import", tmp_path / "all.jsonl")
    before = snapshot(db)
    result = invoke(db, "suggest", "themes", "--k", "2", expect=2)
    assert "scope" in result.stderr and snapshot(db) == before


def test_accept_errors_leave_the_project_unchanged(db: Path) -> None:
    out = themes_json(db, "--k", "3", "--method", "lsa")
    before = snapshot(db)
    for args in (("--theme", "9", "--as-code", "x"), ("--theme", "0", "--map-to", "nothing"),
                 ("--theme", "0"), ("--theme", "0", "--group", "1", "--as-code", "x"),
                 ("--all",), ("--theme", "0", "--as-code", "a//b")):
        result = invoke(db, "suggest", "accept", "--run", out["run"], *args, expect=2)
        assert len(result.stderr.strip().splitlines()) == 1
    invoke(db, "suggest", "accept", "--run", 99, "--theme", "0", "--as-code", "x", expect=2)
    assert snapshot(db) == before


def test_reject_records_the_decision(db: Path) -> None:
    out = themes_json(db, "--k", "3", "--method", "lsa")
    invoke(db, "suggest", "reject", "--run", out["run"], "--theme", "1", coder="lead")
    with Project(db, create=False) as project:
        run = project.theme_run(out["run"])
        row = project.db.execute("SELECT kind, item, decision, coder FROM suggestion_decisions").fetchall()
    assert run.theme(1).decision == "rejected" and run.theme(0).decision is None
    assert row == [("theme", 1, "rejected", "lead")]


def _codebook(folder: Path) -> Path:
    path = folder / "codebook.yaml"
    path.write_text("codes:\n" + "".join(f"  - name: {t}\n    description: about {t}\n"
                                         for t in TOPICS) +
                    "  - name: care\n    children:\n      - name: food\n", encoding="utf-8")
    return path
