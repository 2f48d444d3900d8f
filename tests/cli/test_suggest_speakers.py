"""`suggest themes|codes --skip-speaker/--all-speakers`: the note line, the JSON field, the run's
parameters and `suggest runs`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run, as_json
from tests.store.interview_speakers import add_two_codes, build_interview_project
from themecoder.store import Project

THEMES = ("suggest", "themes", "--scope", "all", "--k", "2", "--method", "lsa")


def test_the_table_says_what_was_left_out_and_the_run_records_it(db: Path, run: Run) -> None:
    build_interview_project(db)
    out = run(*THEMES, "--format", "table").stdout
    assert ("left out 4 interviewer sentences (Interviewer, Interviewer 2); "
            "--all-speakers keeps them") in out
    params = as_json(run("suggest", "runs", "--format", "json"))[0]["params"]
    assert params["left_out_speakers"] == ["Interviewer", "Interviewer 2"]
    assert params["left_out_segments"] == 4 and params["segments"] == 7
    assert "4 interviewer sentences (Interviewer, Interviewer 2)" in run(
        "suggest", "runs", "--format", "table").stdout


def test_json_has_a_left_out_field(db: Path, run: Run) -> None:
    build_interview_project(db)
    out = as_json(run(*THEMES, "--unit", "turn", "--format", "json", "--skip-speaker", "Sari"))
    assert out["left_out"] == {"skip_speakers": ["Sari"], "speakers": ["Sari"], "segments": 2}
    members = json.dumps([m["text"] for t in out["themes"] for m in t["members"]])
    assert "I sell batik" not in members and "Tell me about the first month." in members


def test_all_speakers_keeps_everyone_and_says_nothing(db: Path, run: Run) -> None:
    build_interview_project(db)
    result = run(*THEMES, "--all-speakers", "--format", "table")
    assert "left out" not in result.stdout
    params = as_json(run("suggest", "runs", "--format", "json"))[0]["params"]
    assert params["skip_speakers"] == [] and params["left_out_segments"] == 0
    assert params["segments"] == 11


def test_all_speakers_and_skip_speaker_together_is_an_error(db: Path, run: Run) -> None:
    build_interview_project(db)
    result = run(*THEMES, "--all-speakers", "--skip-speaker", "Sari", expect=None)
    assert result.exit_code != 0 and "--all-speakers: keeps every speaker" in result.stderr


def test_suggest_codes_leaves_out_the_same_sentences(db: Path, run: Run) -> None:
    with Project(build_interview_project(db)) as project:
        add_two_codes(project)
    codes = ("suggest", "codes", "--min-score", "0", "--no-learn-uncoded")
    out = as_json(run(*codes, "--format", "json"))
    assert out["left_out"]["segments"] == 4 and out["params"]["candidates"] == 6
    table = run(*codes, "--format", "table", "--all-speakers").stdout
    assert "How did you start selling online?" in table and "left out" not in table
