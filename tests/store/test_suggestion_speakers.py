"""Suggestions leave out the interviewers' turns and the sentences in them; `skip_speakers`
names others instead, an empty list keeps everyone; observations are never filtered."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.interview_speakers import add_two_codes, build_interview_project
from themecoder.store import Project

SARI = ["I sell batik on Shopee now.", "Orders come from Jakarta every week.",
        "My nephew takes the photos in the garden.", "The light is better there."]
UNLABELLED = ["The recording stopped here for a moment."]
OBSERVED = ["The hall was full.", "People waited outside for the signal."]
INTERVIEWER = ["How did you start selling online?", "Tell me about the first month.",
               "And the photos?", "Thank you very much."]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(build_interview_project(tmp_path / "interview.db"))


def texts(project: Project, unit: str = "sentence", **kwargs: object) -> list[str]:
    return [x.text for x in project.suggestion_segments(unit, "all", **kwargs)]  # type: ignore[arg-type]


def test_interviewer_sentences_are_left_out_unlabelled_and_observations_kept(project: Project) -> None:
    assert texts(project) == SARI + UNLABELLED + OBSERVED
    _, left_out = project.segments_and_speakers("sentence", "all")
    assert left_out == {"skip_speakers": "interviewers",
                        "left_out_speakers": ["Interviewer", "Interviewer 2"],
                        "left_out_segments": 4}


def test_interviewer_turns_are_left_out(project: Project) -> None:
    turns = texts(project, "turn")
    assert turns == [SARI[0] + " " + SARI[1], SARI[2] + " " + SARI[3], UNLABELLED[0],
                     " ".join(OBSERVED)]


def test_skip_speaker_replaces_the_default_list(project: Project) -> None:
    assert texts(project, skip_speakers=["sari"]) == (
        INTERVIEWER[:3] + UNLABELLED + INTERVIEWER[3:] + OBSERVED)
    _, left_out = project.segments_and_speakers("sentence", "all", skip_speakers=["sari"])
    assert left_out["left_out_speakers"] == ["Sari"] and left_out["left_out_segments"] == 4


def test_an_empty_list_keeps_every_speaker(project: Project) -> None:
    assert texts(project, skip_speakers=[]) == (
        INTERVIEWER[:2] + SARI[:2] + INTERVIEWER[2:3] + SARI[2:] + UNLABELLED + INTERVIEWER[3:]
        + OBSERVED)
    assert project.segments_and_speakers("sentence", "all", skip_speakers=[])[1][
        "left_out_segments"] == 0


def test_theme_runs_record_what_they_left_out(project: Project) -> None:
    run = project.suggest_themes(k=2, method="lsa", scope="all", coder="ana")
    assert sorted(m.text for t in run.themes for m in t.members) == sorted(
        SARI + UNLABELLED + OBSERVED)
    params = project.theme_run(run.run_id).params
    assert params["left_out_segments"] == 4 and params["skip_speakers"] == "interviewers"
    everyone = project.suggest_themes(k=2, method="lsa", scope="all", coder="ana", skip_speakers=[])
    assert sum(t.size for t in everyone.themes) == 11


def test_code_suggestions_score_no_interviewer_sentence(project: Project) -> None:
    add_two_codes(project)
    run = project.suggest_codes(coder="ana", method="lsa", min_score=0.0, learn_uncoded=False)
    scored = {s.excerpt.text for s in run.suggestions}
    assert scored and not scored & set(INTERVIEWER)
    assert run.params["candidates"] == 6 and run.params["left_out_segments"] == 4
