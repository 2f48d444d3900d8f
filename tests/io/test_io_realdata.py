"""Real transcripts nobody on the team wrote, read in place from ../shared/realdata/."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import shared_path
from themecoder.io import read_document
from themecoder.io.decode import normalise_text

TRANSCRIPTS = ("realdata", "transcripts")


def _check_offsets(document) -> None:
    assert normalise_text(document.text) == document.text
    end = 0
    for turn in document.turns:
        assert end <= turn.start < turn.end <= len(document.text)
        piece = document.text[turn.start : turn.end]
        assert piece == piece.strip()
        end = turn.end


def test_rev_style_interview_with_hard_wrapped_lines() -> None:
    (document,) = read_document(shared_path(*TRANSCRIPTS, "qc-proctor-demo", "admin-1.txt"))
    _check_offsets(document)
    speakers = Counter(turn.speaker for turn in document.turns)
    assert set(speakers) == {"Automation", "Max Bigman", "admin-1"}
    assert speakers["admin-1"] > 40 and speakers["Max Bigman"] > 20
    assert document.kind == "interview"
    second = document.turns[1]
    text = document.text[second.start : second.end]
    assert text.startswith("And I keep forgetting to send out these IRB official \nconsent forms")
    assert text.endswith("after we hang up?")
    wrapped = next(t for t in document.turns if "[Pallis" in document.text[t.start : t.end])
    assert wrapped.speaker == "admin-1"  # "00:00:52] Unified ..." on its own line is no label


def test_board_meeting_with_many_numbered_speakers() -> None:
    (document,) = read_document(shared_path(*TRANSCRIPTS, "qc-proctor-demo", "board_2017.txt"))
    _check_offsets(document)
    speakers = {turn.speaker for turn in document.turns}
    assert {"Speaker 1", "Speaker 2", "Moderator"} <= speakers
    assert None not in speakers
    assert document.kind == "focus-group"


@pytest.mark.parametrize(
    ("name", "turns", "speakers"),
    [
        ("ES2004a", 320, {"Project Manager", "Marketing", "User Interface", "Industrial Designer"}),
        ("ES2004b", 528, {"Project Manager", "Marketing", "User Interface", "Industrial Designer"}),
        ("ES2004c", 604, {"Project Manager", "Marketing", "User Interface", "Industrial Designer"}),
        ("ES2004d", 756, {"Project Manager", "Marketing", "User Interface", "Industrial Designer"}),
        ("Bed003", 1029, {"Grad A", "Grad B", "Grad C", "Grad D"}),
    ],
)
def test_meeting_transcripts_one_turn_per_line(name: str, turns: int, speakers: set[str]) -> None:
    path = shared_path(*TRANSCRIPTS, "qmsum-ami-icsi", f"{name}.txt")
    (document,) = read_document(path)
    _check_offsets(document)
    assert len(document.turns) == turns
    assert {turn.speaker for turn in document.turns} == speakers
    assert document.kind == "focus-group"
    lines = path.read_text("utf-8").strip().split("\n")
    first = document.turns[0]
    assert lines[0] == f"{first.speaker}: {document.text[first.start : first.end]}"


def test_qualcoder_bracket_transcript() -> None:
    (document,) = read_document(shared_path(*TRANSCRIPTS, "qualcoder-examples", "transcript.txt"))
    _check_offsets(document)
    assert [turn.speaker for turn in document.turns] == [
        "id1",
        "id2",
        "id3",
        "id1",
        "id3",
        "id1",
        "id2",
    ]
    assert document.text[document.turns[0].start :].startswith("hello, I like the course.")
