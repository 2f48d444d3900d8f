"""`suggest codes`: learnt from the codings, uncoded sentences ranked per code, accept and reject."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.suggest_corpus import (
    build_coded_survey,
    build_survey,
    code_rows,
    copy_of,
    import_codings,
    invoke,
    topic_of,
)
from themecoder.store import Project

TOPIC_OF_CODE = {"access/parking": "parking", "care/food": "food", "care/staff": "staff"}


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = build_coded_survey(tmp_path_factory.mktemp("coded"), per_topic=6)
    import_codings(db, code_rows({"food": ["care/wifi"]}, per_topic=2))  # too few examples
    return db


@pytest.fixture
def db(coded: Path, tmp_path: Path) -> Path:
    return copy_of(coded, tmp_path)


def codes_json(db: Path, *args: str):  # type: ignore[no-untyped-def]
    result = invoke(db, "suggest", "codes", "--format", "json", *args)
    return json.loads(result.stdout), result.stderr


def test_shape_best_first_and_right_codes(db: Path) -> None:
    out, stderr = codes_json(db, "--min-score", "0.3")
    rows = out["suggestions"]
    assert rows and all({"doc", "start", "end", "text", "code", "score", "id"} <= set(r) for r in rows)
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 0.3
    coded_docs = {c["doc"] for c in json.loads(invoke(db, "codings", "--format", "json").stdout)}
    assert not coded_docs & {r["doc"] for r in rows}  # uncoded sentences only
    right = sum(TOPIC_OF_CODE.get(r["code"]) == topic_of(r["doc"]) for r in rows)
    assert right / len(rows) >= 0.9, rows
    assert any("care/wifi: skipped" in n for n in out["notes"])
    assert "note: care/wifi: skipped" in stderr


def test_top_limits_rows_per_code_and_min_score_filters(db: Path) -> None:
    out, _ = codes_json(db, "--top", "2", "--min-score", "0")
    per_code: dict[str, int] = {}
    for row in out["suggestions"]:
        per_code[row["code"]] = per_code.get(row["code"], 0) + 1
    assert per_code and max(per_code.values()) <= 2
    high, _ = codes_json(db, "--min-score", "0.99")
    assert all(r["score"] >= 0.99 for r in high["suggestions"])


def test_doc_and_coder_options(db: Path) -> None:
    out, _ = codes_json(db, "--doc", "answers-r36", "--doc", "answers-r35", "--min-score", "0")
    assert {r["doc"] for r in out["suggestions"]} <= {"answers-r36", "answers-r35"}
    invoke(db, "suggest", "codes", "--coder", "nobody", expect=2)
    out, _ = codes_json(db, "--coder", "ana")
    with Project(db, create=False) as project:
        assert project.suggestion_run(out["run"])["params"]["coders"] == ["ana"]


def test_same_seed_same_suggestions(db: Path) -> None:
    first, _ = codes_json(db, "--seed", "3")
    second, _ = codes_json(db, "--seed", "3")
    strip = [{k: v for k, v in r.items() if k != "id"} for r in first["suggestions"]]
    assert strip == [{k: v for k, v in r.items() if k != "id"} for r in second["suggestions"]]


def test_accept_all_by_suggest_then_agreement(db: Path) -> None:
    out, _ = codes_json(db)
    line = invoke(db, "suggest", "accept", "--run", out["run"], "--all").stdout
    assert f"{len(out['suggestions'])} coding(s) by suggest" in line
    codings = json.loads(invoke(db, "codings", "--coder", "suggest", "--format", "json").stdout)
    assert sorted((c["doc"], c["start"], c["code"]) for c in codings) == sorted(
        (r["doc"], r["start"], r["code"]) for r in out["suggestions"])
    docs = sorted({c["doc"] for c in codings})[:2]
    invoke(db, "code", docs[0], "care/staff", "--start", "0", "--end", "5")
    invoke(db, "code", docs[1], "care/food", "--start", "0", "--end", "5")
    agree = json.loads(invoke(db, "agree", "--coders", "ana,suggest", "--format", "json").stdout)
    assert agree["coders"] == ["ana", "suggest"] and agree["codes"]
    again, _ = codes_json(db)  # the accepted sentences are coded now
    assert not {r["doc"] for r in again["suggestions"]} & {c["doc"] for c in codings}


def test_accept_by_id_and_min_score(db: Path) -> None:
    out, _ = codes_json(db, "--min-score", "0")
    rows = out["suggestions"]
    result = invoke(db, "suggest", "accept", "--run", out["run"], "--id", rows[-1]["id"],
                    "--format", "json")
    accepted = json.loads(result.stdout)
    assert accepted["added"] == 1 and accepted["coder"] == "suggest"
    invoke(db, "suggest", "accept", "--run", out["run"], "--id", rows[-1]["id"], expect=2)
    cut = rows[len(rows) // 2]["score"]
    result = invoke(db, "suggest", "accept", "--run", out["run"], "--min-score", cut, "--coder", "bot",
                    "--format", "json")
    expected = [r for r in rows[:-1] if r["score"] >= cut]
    assert json.loads(result.stdout)["accepted"] == len(expected)


def test_rejected_suggestions_are_not_made_again(db: Path) -> None:
    out, _ = codes_json(db)
    rejected = out["suggestions"][:2]
    invoke(db, "suggest", "reject", "--run", out["run"], *[a for r in rejected for a in ("--id", r["id"])])
    again, _ = codes_json(db)
    keys = {(r["doc"], r["start"], r["code"]) for r in again["suggestions"]}
    assert not keys & {(r["doc"], r["start"], r["code"]) for r in rejected}
    assert len(again["suggestions"]) == len(out["suggestions"]) - 2


def test_a_project_without_codings_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    db = build_survey(tmp_path)
    result = invoke(db, "suggest", "codes", expect=2)
    assert "no codings" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    with Project(db, create=False) as project:
        assert project.suggestion_runs() == []


def test_one_learnable_code_is_not_enough(tmp_path: Path) -> None:
    db = build_coded_survey(tmp_path, codes={"food": ["care/food"]})
    result = invoke(db, "suggest", "codes", expect=2)
    assert "at least 2" in result.stderr


FILLER = ["Thank you for asking me.", "That is all I wanted to say.", "I hope this helps.",
          "Nothing more to add.", "Thanks for reading this.", "That was my visit."]


def test_sentences_left_uncoded_teach_no_code(tmp_path: Path) -> None:
    """Answers of a topic sentence and a courtesy sentence; only topic sentences are coded. The
    courtesy sentences of uncoded answers then get no suggestion (they do without that class)."""
    from tests.cli.suggest_corpus import TOPICS

    rows = [(f"r{t}{i:02d}", f"{text} {FILLER[i % len(FILLER)]}", topic, text)
            for t, (topic, texts) in enumerate(TOPICS.items()) for i, text in enumerate(texts)]
    (tmp_path / "a.csv").write_text("id,answer\n" + "".join(f'{r},"{a}"\n' for r, a, _, _ in rows))
    db = tmp_path / "s.db"
    invoke(db, "import", tmp_path / "a.csv", "--kind", "survey", "--text-column", "answer",
           "--case-column", "id")
    codes = {"parking": "access/parking", "food": "care/food", "staff": "care/staff"}
    import_codings(db, [{"doc": f"a-{r}", "code": codes[topic], "text": text}
                        for r, _, topic, text in rows if int(r[-2:]) < 6])
    fillers = set(FILLER)

    def suggested_fillers(*flag: str) -> int:
        out, _ = codes_json(db, "--min-score", "0", "--top", "100", *flag)
        return sum(r["text"] in fillers for r in out["suggestions"])

    without, with_no_code = suggested_fillers("--no-learn-uncoded"), suggested_fillers()
    assert without >= 30 and with_no_code <= 2, (without, with_no_code)  # of 36 courtesy sentences
