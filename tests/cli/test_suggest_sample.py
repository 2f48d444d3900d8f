"""Suggestions on the sample study, built by `themecoder demo --no-tui`, as a user would run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.suggest_corpus import copy_of, invoke


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = invoke(folder / "unused.db", "demo", "--no-tui", "--dir", folder)
    return Path(result.stdout.strip().splitlines()[-1])


def uncoded_sentences(db: Path, skipped: set[str] = frozenset()) -> set[tuple[str, int, int]]:  # type: ignore[assignment]
    """Computed here from `show` and `codings`, independently of the store's scope code; without
    the sentences in the turns of `skipped` speakers (in interviews and focus groups)."""
    codings: dict[str, list[tuple[int, int]]] = {}
    for c in json.loads(invoke(db, "codings", "--format", "json").stdout):
        codings.setdefault(c["doc"], []).append((c["start"], c["end"]))
    out = set()
    for doc in json.loads(invoke(db, "docs", "--format", "json").stdout):
        shown = json.loads(invoke(db, "show", doc["name"], "--format", "json").stdout)
        asked = [(t["start"], t["end"]) for t in shown["turns"]
                 if t["speaker"] in skipped and doc["kind"] not in ("observation", "survey")]
        for s in shown["sentences"]:
            if any(a <= s["start"] < b for a, b in asked):
                continue
            if not any(a < s["end"] and b > s["start"] for a, b in codings.get(doc["name"], [])):
                out.add((doc["name"], s["start"], s["end"]))
    return out


def test_auto_k_puts_every_uncoded_sentence_in_one_theme(sample: Path, tmp_path: Path) -> None:
    db = copy_of(sample, tmp_path)
    out = json.loads(invoke(db, "suggest", "themes", "--k", "auto", "--method", "lsa",
                            "--format", "json").stdout)
    members = [(m["doc"], m["start"], m["end"]) for t in out["themes"] for m in t["members"]]
    assert len(members) == len(set(members))
    asked = {"Interviewer", "Facilitator"}  # the sample's interviewers; nobody else is left out
    assert set(members) == uncoded_sentences(db, asked)
    assert out["left_out"]["speakers"] == sorted(asked)
    assert out["left_out"]["segments"] == len(uncoded_sentences(db) - uncoded_sentences(db, asked))
    assert 3 <= out["k"] <= 12 and out["k_reason"]
    assert all(t["nearest_code"] and t["nearest_code"]["code"] for t in out["themes"])


def test_code_suggestions_accepted_and_measured_against_ana(sample: Path, tmp_path: Path) -> None:
    db = copy_of(sample, tmp_path)
    result = invoke(db, "suggest", "codes", "--format", "json")
    out = json.loads(result.stdout)
    assert out["suggestions"] and "skipped" in result.stderr  # the parent codes have one example
    first = out["suggestions"][0]
    invoke(db, "suggest", "accept", "--run", out["run"], "--id", first["id"])
    ana_doc = json.loads(invoke(db, "codings", "--coder", "ana", "--format", "json").stdout)[0]["doc"]
    agree = json.loads(invoke(db, "agree", "--coders", "ana,suggest", "--doc", ana_doc, "--doc",
                              first["doc"], "--format", "json").stdout)
    assert agree["coders"] == ["ana", "suggest"]
    assert first["code"] in {row["code"] for row in agree["codes"]}
