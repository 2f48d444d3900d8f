"""`undo` and `redo` after `suggest accept` / `suggest reject`: the whole decision, named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.suggest_corpus import build_coded_survey, copy_of, invoke
from themecoder.store import Project


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_coded_survey(tmp_path_factory.mktemp("coded"), per_topic=6)


def suggest_codings(db: Path) -> list[dict]:
    return json.loads(invoke(db, "codings", "--coder", "suggest", "--format", "json").stdout)


def test_undo_names_the_accepted_theme_and_redo_puts_it_back(coded: Path, tmp_path: Path) -> None:
    db = copy_of(coded, tmp_path)
    out = json.loads(invoke(db, "suggest", "themes", "--format", "json", "--unit", "turn",
                            "--scope", "all", "--k", "3").stdout)
    theme = out["themes"][0]
    invoke(db, "suggest", "accept", "--run", out["run"], "--theme", theme["id"],
           "--as-code", "emerging/first-theme")
    accepted = suggest_codings(db)
    assert len(accepted) == theme["size"]
    said = invoke(db, "undo").stdout  # by ana, who accepted (the codings are by `suggest`)
    assert said == (f"undid accept: {theme['size']} codings of theme {theme['id']} "
                    "as emerging/first-theme\n")
    assert suggest_codings(db) == []
    assert invoke(db, "undo", coder="suggest").stdout == "nothing to undo\n"
    assert invoke(db, "redo").stdout == said.replace("undid", "redid")
    assert suggest_codings(db) == accepted


def test_undo_of_a_rejected_theme_shows_it_again(coded: Path, tmp_path: Path) -> None:
    db = copy_of(coded, tmp_path)
    out = json.loads(invoke(db, "suggest", "themes", "--format", "json", "--unit", "turn",
                            "--scope", "all", "--k", "3").stdout)
    invoke(db, "suggest", "reject", "--run", out["run"], "--theme", out["themes"][1]["id"])
    theme_id = out["themes"][1]["id"]
    assert invoke(db, "undo").stdout == f"undid reject: theme {theme_id}\n"
    with Project(db) as project:
        assert project.theme_run(out["run"]).themes[theme_id - 1].decision is None
