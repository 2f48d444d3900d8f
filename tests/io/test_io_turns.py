"""Speaker turns found in plain text: label layouts, false positives, offsets."""

from __future__ import annotations

import pytest

from themecoder.core.model import Turn
from themecoder.io.turns import blank_line_blocks, find_turns, infer_kind, parse_seconds


def spoken(text: str, turns: list[Turn]) -> list[tuple[str | None, str]]:
    return [(turn.speaker, text[turn.start : turn.end]) for turn in turns]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Interviewer: How did you start?\nP07: With a small stall.\nInterviewer: And now?",
            [
                ("Interviewer", "How did you start?"),
                ("P07", "With a small stall."),
                ("Interviewer", "And now?"),
            ],
        ),
        (
            (
                "[00:01:23] Ibu Sari: Saya jual kue.\n\n[00:01:30] Dr. Lee: Sejak kapan?\n\n"
                "[00:01:41] Ibu Sari: Sejak 2019."
            ),
            [
                ("Ibu Sari", "Saya jual kue."),
                ("Dr. Lee", "Sejak kapan?"),
                ("Ibu Sari", "Sejak 2019."),
            ],
        ),
        (
            "Speaker 2 [00:00:05]: Hello there.\nSpeaker 1 (00:07): Hi.\nSpeaker 2 [00:00:09]: Ok.",
            [("Speaker 2", "Hello there."), ("Speaker 1", "Hi."), ("Speaker 2", "Ok.")],
        ),
        (
            "Facilitator (Ana): Welcome all.\n\nP1: Thanks.\n\nFacilitator (Ana): Let us begin.",
            [
                ("Facilitator (Ana)", "Welcome all."),
                ("P1", "Thanks."),
                ("Facilitator (Ana)", "Let us begin."),
            ],
        ),
        (
            (
                "**Interviewer:** What changed?\n\n**Respondent**: Everything.\n\n"
                "**Interviewer:** Really?"
            ),
            [
                ("Interviewer", "What changed?"),
                ("Respondent", "Everything."),
                ("Interviewer", "Really?"),
            ],
        ),
        (
            (
                "Interviewer:\nWhat changed\nafter the training?\n\n"
                "Respondent:\nI post every day.\n\nInterviewer:\nWhy?"
            ),
            [
                ("Interviewer", "What changed\nafter the training?"),
                ("Respondent", "I post every day."),
                ("Interviewer", "Why?"),
            ],
        ),
    ],
)
def test_label_layouts(text: str, expected: list[tuple[str, str]]) -> None:
    assert spoken(text, find_turns(text)) == expected


def test_timestamps_become_seconds_and_stay_out_of_the_turn() -> None:
    text = "[00:01:23] A: one.\n[01:02:03.5] B: two.\n(01:23) A: three.\n00:00:07 B: four."
    turns = find_turns(text)
    assert [turn.time for turn in turns] == [83.0, 3723.5, 83.0, 7.0]
    assert [text[t.start : t.end] for t in turns] == ["one.", "two.", "three.", "four."]


def test_rev_style_tabs_and_hard_wrapped_lines_join_the_turn() -> None:
    text = (
        "Max Bigman:\t\tSo how did the committee start? I was \n"
        "wondering about that.\n\n"
        "admin-1:     It started in 2016 when \n"
        "we met [inaudible 00:00:52] at the district.\n\n"
        "Max Bigman:\t\tOkay.\n\n"
        "admin-1:     Yes."
    )
    assert spoken(text, find_turns(text)) == [
        ("Max Bigman", "So how did the committee start? I was \nwondering about that."),
        ("admin-1", "It started in 2016 when \nwe met [inaudible 00:00:52] at the district."),
        ("Max Bigman", "Okay."),
        ("admin-1", "Yes."),
    ]


def test_otter_header_lines_with_a_timestamp() -> None:
    text = "Speaker 1  0:03\nWelcome to the call.\n\nSpeaker 2  0:10\nThank you.\n\nSpeaker 1  0:15\nOk."
    turns = find_turns(text)
    assert spoken(text, turns) == [
        ("Speaker 1", "Welcome to the call."),
        ("Speaker 2", "Thank you."),
        ("Speaker 1", "Ok."),
    ]
    assert [turn.time for turn in turns] == [3.0, 10.0, 15.0]


def test_qualcoder_bracket_ids() -> None:
    text = "[id1] hello, I like it.\n\n[id2] I struggle.\n\n[id1] Me too.\n\n[id2] Really."
    assert spoken(text, find_turns(text)) == [
        ("id1", "hello, I like it."),
        ("id2", "I struggle."),
        ("id1", "Me too."),
        ("id2", "Really."),
    ]


def test_preamble_before_the_first_label_is_kept_as_unlabelled_turns() -> None:
    text = "Interview 3, Bandung\n\nInterviewer: Hello.\n\nP3: Hi.\n\nInterviewer: Bye."
    assert spoken(text, find_turns(text))[:2] == [
        (None, "Interview 3, Bandung"),
        ("Interviewer", "Hello."),
    ]


def test_field_notes_with_note_lines_are_paragraphs() -> None:
    text = (
        "Date: 12 May 2024\nLocation: Pasar Baru\n\n"
        "The stall opened at seven. Ibu Rina arranged the cakes.\n\n"
        "Note: she checked her phone for orders twice.\n\n"
        "Customers asked about the WhatsApp catalogue.\n\n"
        "Note: the signal was weak near the back."
    )
    turns = find_turns(text)
    assert {turn.speaker for turn in turns} == {None}
    note = turns[2]
    assert text[note.start : note.end] == "Note: she checked her phone for orders twice."


def test_an_essay_with_a_colon_now_and_then_is_not_a_transcript() -> None:
    paragraphs = [
        "The training had three parts: theory, practice and follow-up.",
        "He said: the cost of data is the main problem.",
        "Participants reported more confidence after the course.",
        "The answer is simple: keep records every day.",
        "Sales rose in most stalls over six months.",
    ]
    text = "\n\n".join(paragraphs)
    assert spoken(text, find_turns(text)) == [(None, p) for p in paragraphs]


def test_a_wrapped_line_that_looks_like_a_label_continues_the_turn() -> None:
    text = (
        "Interviewer: What do you sell and\nwhere do you sell it: online or here?\n\n"
        "Ibu Sari: Both.\n\nInterviewer: Good.\n\nIbu Sari: Yes."
    )
    turns = find_turns(text)
    assert spoken(text, turns)[0] == (
        "Interviewer",
        "What do you sell and\nwhere do you sell it: online or here?",
    )
    assert len(turns) == 4


def test_urls_and_clock_times_are_not_labels() -> None:
    text = "See http://example.org for details.\n\nWe met at 10:30: early.\n\nThat was it."
    assert {turn.speaker for turn in find_turns(text)} == {None}


def test_docx_style_blocks_one_per_line() -> None:
    text = "First paragraph.\nSecond paragraph.\n\nThird."
    blocks = [(0, 16), (17, 34), (36, 42)]
    assert spoken(text, find_turns(text, blocks)) == [
        (None, "First paragraph."),
        (None, "Second paragraph."),
        (None, "Third."),
    ]


def test_forced_labels_from_formatting() -> None:
    text = (
        "Moderator (Dr. Ana Putri, lead facilitator): Welcome.\nP1: Thanks.\n"
        "Moderator (Dr. Ana Putri, lead facilitator): Begin.\nP1: Ok."
    )
    forced = {
        0: ("Moderator (Dr. Ana Putri, lead facilitator)", 44),
        2: ("Moderator (Dr. Ana Putri, lead facilitator)", 44),
    }
    blocks = [(0, 53), (54, 65), (66, 117), (118, 125)]
    assert spoken(text, find_turns(text, blocks, forced)) == [
        ("Moderator (Dr. Ana Putri, lead facilitator)", "Welcome."),
        ("P1", "Thanks."),
        ("Moderator (Dr. Ana Putri, lead facilitator)", "Begin."),
        ("P1", "Ok."),
    ]


def test_blank_line_blocks_are_trimmed() -> None:
    text = "  one\n two \n\n\n three\n  \n"
    assert [text[s:e] for s, e in blank_line_blocks(text)] == ["one\n two", "three"]


@pytest.mark.parametrize(
    ("stamp", "seconds"),
    [("[00:01:23]", 83.0), ("(01:23)", 83.0), ("1:02:03", 3723.0), ("00:00:01,500", 1.5)],
)
def test_parse_seconds(stamp: str, seconds: float) -> None:
    assert parse_seconds(stamp) == seconds


@pytest.mark.parametrize(
    ("speakers", "kind"),
    [
        ([], "observation"),
        (["A"], "interview"),
        (["A", "B", "A", "B"], "interview"),
        (["Automation", *["A", "B"] * 15], "interview"),
        (["M", "P1", "M", "P2", "P3", "P3"], "focus-group"),
        (["A", "B", "C"], "focus-group"),
        (["A", "B", "C", "A", "B", "C"], "focus-group"),
    ],
)
def test_infer_kind(speakers: list[str], kind: str) -> None:
    turns = [Turn(i * 10, i * 10 + 5, speaker) for i, speaker in enumerate(speakers)]
    assert infer_kind(turns or [Turn(0, 5)]) == kind


def test_long_answers_of_many_paragraphs_are_still_a_transcript() -> None:
    answer = "\n\n".join(f"Paragraph {n} of a long answer about the shop." for n in range(5))
    text = "\n\n".join(f"Interviewer: Question {n}?\n\nRespondent: {answer}" for n in range(4))
    turns = find_turns(text)
    assert [turn.speaker for turn in turns] == ["Interviewer", "Respondent"] * 4
    assert text[turns[1].start : turns[1].end] == answer


def test_field_notes_quoting_one_person_twice_stay_paragraphs() -> None:
    paragraphs = [f"Paragraph {n} describing the market and the stalls." for n in range(12)]
    paragraphs[3] = "Ibu Rina: the signal is bad here."
    paragraphs[8] = "Ibu Rina: I post at night instead."
    text = "\n\n".join(paragraphs)
    assert {turn.speaker for turn in find_turns(text)} == {None}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Facilitator (Ana) [00:01:23]:", ("Facilitator (Ana)", 83.0)),
        ("Name (01:23)", ("Name", 83.0)),
        ("[00:00:05] Dr. Lee:", ("Dr. Lee", 5.0)),
        ("Ana: ", ("Ana", None)),
    ],
)
def test_split_label_time(raw: str, expected: tuple[str, float | None]) -> None:
    from themecoder.io.turns import split_label_time

    assert split_label_time(raw) == expected
