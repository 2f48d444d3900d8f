"""`export frequencies|cooccurrence|codings` through the real CLI on the hand-computed study."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Run, as_json
from tests.core.test_frequencies import build_study


@pytest.fixture
def study(db: Path) -> Path:
    return build_study(db)


def test_frequencies_csv_to_stdout_with_consensus_note(study: Path, run: Run) -> None:
    result = run("export", "frequencies", "--by", "case")
    assert result.stdout == ("case,barriers,barriers/cost,barriers/skills,outcomes\n"
                             "P01,0,4,1,2\n"
                             "P02,1,0,1,0\n")
    assert "all coders (ann, bob, consensus)" in result.stderr
    assert "1 document(s) without a case left out" in result.stderr


def test_frequencies_chosen_coders_long_and_rollup(study: Path, run: Run) -> None:
    result = run("export", "frequencies", "--by", "coder", "--coder", "ann", "--coder", "bob",
                 "--rollup", "--long", "--format", "json")
    rows = as_json(result)
    assert rows[:4] == [{"coder": "ann", "code": "barriers", "count": 4},
                        {"coder": "ann", "code": "barriers/cost", "count": 2},
                        {"coder": "ann", "code": "barriers/skills", "count": 1},
                        {"coder": "ann", "code": "outcomes", "count": 2}]
    assert len(rows) == 8 and "consensus" not in result.stderr


def test_frequencies_per1000_keeps_full_precision(study: Path, run: Run) -> None:
    out = run("export", "frequencies", "--by", "coder", "--measure", "per1000").stdout
    assert out.splitlines()[2] == f"bob,0.0,{1000 / 21!r},{1000 / 21!r},0.0"


def test_frequencies_markdown(study: Path, run: Run) -> None:
    out = run("export", "frequencies", "--by", "attribute:group", "--measure", "words", "--format", "md").stdout
    assert out.splitlines() == ["| group | barriers | barriers/cost | barriers/skills | outcomes |",
                                "|---|---:|---:|---:|---:|",
                                "| A | 0 | 3 | 2 | 8 |",
                                "| B | 1 | 0 | 2 | 0 |"]


def test_frequencies_unknown_attribute_is_exit_2_and_writes_nothing(study: Path, run: Run,
                                                                   tmp_path: Path) -> None:
    target = tmp_path / "f.csv"
    result = run("export", "frequencies", "--by", "attribute:gender", "-o", target, expect=2)
    assert "attribute:gender" in result.stderr and "age, group" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()
    assert "--coder carol" in run("export", "frequencies", "--coder", "carol", expect=2).stderr


def test_binary_formats_need_a_file(study: Path, run: Run) -> None:
    result = run("export", "frequencies", "--format", "xlsx", expect=2)
    assert "needs -o FILE" in result.stderr


def test_cooccurrence_csv_json_and_jaccard(study: Path, run: Run) -> None:
    out = run("export", "cooccurrence", "--unit", "document").stdout
    assert out.splitlines()[3] == "barriers/skills,1,0,2,1"
    doc = as_json(run("export", "cooccurrence", "--measure", "jaccard", "--format", "json"))
    assert (doc["unit"], doc["measure"], doc["n_units"]) == ("sentence", "jaccard", 7)
    assert doc["codes"][2:] == ["barriers/skills", "outcomes"] and doc["matrix"][2][3] == 0.25
    md = run("export", "cooccurrence", "--format", "md", "--coder", "ann").stdout
    assert md.splitlines()[0] == "| code | barriers | barriers/cost | barriers/skills | outcomes |"


def test_codings_jsonl_is_stable_with_context(study: Path, run: Run) -> None:
    lines = run("export", "codings", "--context", "8").stdout.splitlines()
    assert len(lines) == 9
    first = json.loads(lines[0])
    assert list(first) == ["doc", "doc_sha256", "code", "coder", "start", "end", "text", "memo", "created",
                           "context_before", "context_after"]
    assert (first["doc"], first["code"], first["start"], first["end"], first["text"]) == (
        "P01-followup", "barriers/skills", 0, 9, "Red green")
    assert (first["context_before"], first["context_after"]) == ("", " blue. ")  # whole words only
    docs = [json.loads(line)["doc"] for line in lines]
    assert docs == sorted(docs)  # documents by name, then position
    skills = next(json.loads(x) for x in lines if '"two three"' in x)
    assert (skills["context_before"], skills["context_after"]) == ("One ", " four ")


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_codings_export_reimports_unchanged(study: Path, run: Run, tmp_path: Path, suffix: str) -> None:
    exported = tmp_path / f"codings.{suffix}"
    run("export", "codings", "-o", exported)
    # into the same project: every coding is already there
    assert "0 codings added, 9 already present, 0 re-anchored" in run("codings", "import", exported).stdout
    # into a fresh project with the same documents: the same file comes back, byte for byte
    fresh = build_study(tmp_path / "fresh.db", codings=False)
    again = tmp_path / f"again.{suffix}"
    runner_args = ["-p", str(fresh)]
    from click.testing import CliRunner

    from themecoder.cli import cli

    result = CliRunner().invoke(cli, [*runner_args, "codings", "import", str(exported)])
    assert "9 codings added" in result.stdout, result.output
    CliRunner().invoke(cli, [*runner_args, "export", "codings", "-o", str(again)])
    assert again.read_bytes() == exported.read_bytes()


def test_codings_xlsx(study: Path, run: Run, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    target = tmp_path / "codings.xlsx"
    assert "9 codings written" in run("export", "codings", "-o", target).stdout
    frame = pd.read_excel(target)
    assert len(frame) == 9 and list(frame.columns)[:6] == ["doc", "doc_sha256", "code", "coder", "start", "end"]
