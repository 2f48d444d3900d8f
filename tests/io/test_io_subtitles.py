"""WebVTT and SubRip files rebuilt as one line per speaker turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED, shared_path
from themecoder.core.errors import InputError
from themecoder.io import read_document

AV = ("realdata", "av-transcripts")
INVALID = {"invalid_timeframe.vtt", "missing_timeframe.vtt"}


def read(tmp_path: Path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, "utf-8")
    (document,) = read_document(path)
    return document


def spoken(document) -> list[tuple[str | None, str]]:
    return [(t.speaker, document.text[t.start : t.end]) for t in document.turns]


VTT = """WEBVTT
Kind: captions

NOTE recorded at the market, 12 May

STYLE
::cue { color: white; }

1
00:00:01.000 --> 00:00:03.500
<v Interviewer>How did you start
selling online?</v>

2
00:00:03.600 --> 00:00:05.000
<v Interviewer>Was it hard?

00:00:05.200 --> 00:00:08.000 align:start
<v.loud Ibu Sari>Not at <i>all</i> &amp; it was fun.

00:00:08.000 --> 00:00:09.250
because my daughter helped

00:00:09.500 --> 00:00:11.000
Interviewer: And now?
"""


def test_vtt_voice_tags_prefixes_and_continuation_cues(tmp_path: Path) -> None:
    document = read(tmp_path, "sari.vtt", VTT)
    assert document.text == (
        "Interviewer: How did you start selling online? Was it hard?\n"
        "Ibu Sari: Not at all & it was fun. because my daughter helped\n"
        "Interviewer: And now?"
    )
    assert spoken(document) == [
        ("Interviewer", "How did you start selling online? Was it hard?"),
        ("Ibu Sari", "Not at all & it was fun. because my daughter helped"),
        ("Interviewer", "And now?"),
    ]
    assert [(t.time, t.end_time) for t in document.turns] == [(1.0, 5.0), (5.2, 9.25), (9.5, 11.0)]
    assert document.kind == "interview"
    assert document.source_format == "vtt"
    assert document.meta["cues"] == 5


def test_two_voices_in_one_cue_are_two_turns(tmp_path: Path) -> None:
    content = "WEBVTT\n\n00:01.000 --> 00:04.000\n<v Bob>Hi there.</v> <v Alice>Hello!</v>\n"
    document = read(tmp_path, "two.vtt", content)
    assert spoken(document) == [("Bob", "Hi there."), ("Alice", "Hello!")]


SRT = """1
00:00:00,500 --> 00:00:02,000
Travis: When you first get
started in podcasting,

2
00:00:02,000 --> 00:00:04,000
it's <b>easy</b> to make mistakes.

3
00:00:04,500 --> 00:00:06,000
Sarah: So true.

4
00:00:06,000 --> 00:00:07,000
{\\an8}Travis: Yes.
"""


def test_srt_prefixes_and_merged_cues(tmp_path: Path) -> None:
    document = read(tmp_path, "podcast.srt", SRT.replace("\n", "\r\n"))
    assert document.text == (
        "Travis: When you first get started in podcasting, it's easy to make mistakes.\n"
        "Sarah: So true.\nTravis: Yes."
    )
    assert [(t.speaker, t.time, t.end_time) for t in document.turns] == [
        ("Travis", 0.5, 4.0),
        ("Sarah", 4.5, 6.0),
        ("Travis", 6.0, 7.0),
    ]
    assert document.kind == "interview"


def test_a_sentence_with_a_colon_in_a_cue_is_not_a_speaker(tmp_path: Path) -> None:
    content = SRT.replace("it's <b>easy</b> to make mistakes.", "the key point is: be easy.")
    document = read(tmp_path, "colon.srt", content)
    assert [t.speaker for t in document.turns] == ["Travis", "Sarah", "Travis"]
    assert "the key point is: be easy." in document.text


def test_unlabelled_captions_break_at_pauses(tmp_path: Path) -> None:
    content = (
        "WEBVTT\n\n00:00.000 --> 00:02.000\nThe market opens.\n\n"
        "00:02.000 --> 00:04.000\nPeople arrive.\n\n00:10.000 --> 00:12.000\nLater, rain.\n"
    )
    document = read(tmp_path, "ambient.vtt", content)
    assert spoken(document) == [(None, "The market opens. People arrive."), (None, "Later, rain.")]
    assert document.kind == "observation"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("no-header.vtt", "00:00.000 --> 00:01.000\nHello\n", "malformed VTT"),
        (
            "bad-time.vtt",
            "WEBVTT\n\n00:00.000 --> 00:0x.000\nHello\n",
            "line 3: invalid cue timing",
        ),
        (
            "lost-cue.vtt",
            "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n\nNo timing\n",
            "line 6: text outside",
        ),
        ("no-cues.vtt", "WEBVTT\n\nNOTE nothing here\n", "empty file"),
        ("bad.srt", "1\n00:00:00,000 --> 00:00:0x,000\nHello\n", "line 2: invalid cue timing"),
        ("no-index.srt", "Hello there\nGeneral Kenobi\n", "malformed SRT"),
        (
            "dropped.srt",
            "1\n00:00:00,000 --> 00:00:01,000\nHi\n\n00:00:01,000 --> 00:00:02,000\nLost\n",
            "malformed SRT",
        ),
    ],
)
def test_malformed_caption_files_are_refused(
    tmp_path: Path, name: str, content: str, problem: str
) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(InputError, match=rf"^{path}: {problem}"):
        read_document(path)


def _av_files() -> list[str]:
    folder = SHARED.joinpath(*AV)
    files = sorted(folder.rglob("*.vtt")) + sorted(folder.rglob("*.srt"))
    return [str(path.relative_to(folder)) for path in files] or ["(absent)"]


@pytest.mark.parametrize("relative", _av_files())
def test_every_real_caption_file_imports_or_is_refused_cleanly(relative: str) -> None:
    path = shared_path(*AV, *relative.split("/"))
    if path.name in INVALID:
        with pytest.raises(InputError, match=rf"^{path}: line \d+: "):
            read_document(path)
        return
    (document,) = read_document(path)
    assert document.turns
    previous_end = 0
    for turn in document.turns:
        assert previous_end <= turn.start < turn.end <= len(document.text)
        assert document.text[turn.start : turn.end] == document.text[turn.start : turn.end].strip()
        assert "-->" not in document.text[turn.start : turn.end]
        previous_end = turn.end
    assert "<" not in document.text  # cue tags are gone


def test_podcast_srt_and_vtt_give_the_same_turns() -> None:
    srt = shared_path(*AV, "podcastindex", "example.srt")
    vtt = shared_path(*AV, "podcastindex", "example_2024-01-26.vtt")
    (from_srt,), (from_vtt,) = read_document(srt), read_document(vtt)
    assert from_srt.meta["cues"] == 222
    assert from_srt.text == from_vtt.text
    assert [t.speaker for t in from_srt.turns] == [
        "Travis",
        "Sarah",
        "Travis",
        "Gilon",
        "Travis",
        "Gilon",
        "Travis",
        "Sarah",
        "Gilon",
        "Travis",
    ]
    assert from_srt.kind == "focus-group"
    first = from_srt.turns[0]
    assert from_srt.text[first.start : first.start + 26] == "When you first get started"
    assert (first.time, from_srt.turns[-1].end_time) == (0.179, 754.769)
