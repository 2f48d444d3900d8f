"""Which speaker labels name an interviewer, and how a run's record says what it left out."""

from __future__ import annotations

from themecoder.core.speakers import left_out_summary, matching_speakers, speaker_key


def test_default_labels_ignore_case_spaces_and_trailing_digits() -> None:
    labels = ["Interviewer", " INTERVIEWER 2 ", "I:", "R", "Q1", "Moderator", "Pewawancara",
              "Entrevistadora", "Enquêteur", "Sari", "P07", "Ibu Rina", "Intan", "Question 3"]
    assert matching_speakers(labels) == sorted(  # not "I": the interviewee in R/I transcripts
        [" INTERVIEWER 2 ", "Entrevistadora", "Enquêteur", "Interviewer", "Moderator",
         "Pewawancara", "Q1", "Question 3"])
    assert matching_speakers(labels, ["I"]) == ["I:"]


def test_named_speakers_replace_the_list_and_keep_their_digits() -> None:
    labels = ["Interviewer", "Sari", "sari:", "P07", "P05", "Moderator 2"]
    assert matching_speakers(labels, ["SARI"]) == ["Sari", "sari:"]
    assert matching_speakers(labels, ["p07"]) == ["P07"]  # not every P-number
    assert matching_speakers(labels, ["Moderator"]) == ["Moderator 2"]
    assert matching_speakers(labels, []) == []
    assert speaker_key("Interviewer 2:") == "interviewer" and speaker_key("123") == ""


def test_left_out_summary() -> None:
    params = {"unit": "turn", "skip_speakers": "interviewers", "left_out_segments": 1234,
              "left_out_speakers": ["Facilitator", "Interviewer"]}
    assert left_out_summary(params) == "left out 1,234 interviewer turns (Facilitator, Interviewer)"
    named = params | {"skip_speakers": ["Sari"], "left_out_segments": 1, "unit": "sentence",
                      "left_out_speakers": ["Sari"]}
    assert left_out_summary(named) == "left out 1 skipped speakers' sentence (Sari)"
    assert left_out_summary({"unit": "turn", "left_out_segments": 0}) == ""
    assert left_out_summary({}) == ""
