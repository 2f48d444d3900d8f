"""Property tests: every turn lies inside the text, in order, and covers exactly what was said."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from themecoder.core.model import Turn
from themecoder.io.decode import normalise_text
from themecoder.io.subtitles import read_vtt
from themecoder.io.turns import find_turns

SPEAKERS = ["Interviewer", "P07", "Ibu Sari", "Dr. Lee", "Speaker 2", "admin-1"]
# Letters (accented, Indonesian, CJK), digits, emoji, combining marks, spaces, punctuation;
# no colon, bracket, asterisk or line break, which would make a word look like a label.
CHARS = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789 .,!?'\"-–—()éñçøåß 你好世界")
    + ["😀", "👩🏽‍🌾", "🇮🇩", "\u0301", "\u0308", "\u0327", "e\u0301", "\u00a0", "\t"]
)
CONTENT = st.lists(CHARS, min_size=1, max_size=40).map("".join).filter(lambda s: s.strip())
LAYOUTS = [
    "{name}: {text}",
    "[00:01:{n:02d}] {name}: {text}",
    "{name} ({n:02d}:30): {text}",
    "{name}:\t\t{text}",
    "**{name}:** {text}",
]


@st.composite
def conversations(draw, names=SPEAKERS, content=CONTENT) -> list[tuple[str, object]]:
    """Turns in which every speaker speaks at least twice (a transcript, not field notes)."""
    speakers = draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    order = draw(st.permutations(speakers * 2))
    order += draw(st.lists(st.sampled_from(speakers), max_size=6))
    return [(name, draw(content)) for name in order]


FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def expected_text(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def assert_well_formed(text: str, turns: list[Turn]) -> None:
    end = 0
    for turn in turns:
        assert end <= turn.start < turn.end <= len(text)
        end = turn.end


@FAST
@given(
    turns=conversations(),
    layout=st.sampled_from(LAYOUTS),
    separator=st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n"]),
)
def test_labelled_turns_cover_exactly_the_spoken_text(
    turns: list[tuple[str, str]], layout: str, separator: str
) -> None:
    raw = separator.join(
        layout.format(name=name, text=text, n=i % 60) for i, (name, text) in enumerate(turns)
    )
    text = normalise_text(raw)
    found = find_turns(text)
    assert_well_formed(text, found)
    assert [(t.speaker, text[t.start : t.end]) for t in found] == [
        (name, expected_text(content)) for name, content in turns
    ]


@settings(FAST, max_examples=40)
@given(turns=conversations(SPEAKERS[:3], st.lists(CONTENT, min_size=1, max_size=4)))
def test_hard_wrapped_continuation_lines_join_their_turn(
    turns: list[tuple[str, list[str]]],
) -> None:
    blocks = [f"{name}:\t\t" + "\n".join(lines) for name, lines in turns]
    text = normalise_text("\n\n".join(blocks))
    found = find_turns(text)
    assert_well_formed(text, found)
    assert [(t.speaker, text[t.start : t.end]) for t in found] == [
        (name, expected_text("\n".join(lines))) for name, lines in turns
    ]


@FAST
@given(paragraphs=st.lists(CONTENT, min_size=1, max_size=10))
def test_unlabelled_paragraphs_are_turns_without_speakers(paragraphs: list[str]) -> None:
    text = normalise_text("\n\n".join(paragraphs))
    found = find_turns(text)
    assert_well_formed(text, found)
    assert [(t.speaker, text[t.start : t.end]) for t in found] == [
        (None, expected_text(p)) for p in paragraphs
    ]


CUE_TEXT = st.text(
    st.sampled_from(list("abcdefg HIJ 0123 .,!?'éñ你好") + ["😀", "\u0301", "\u0308"]),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@settings(FAST, max_examples=40)
@given(cues=st.lists(st.tuples(st.sampled_from(SPEAKERS), CUE_TEXT), min_size=1, max_size=10))
def test_vtt_turns_merge_cues_and_cover_their_text(
    tmp_path_factory, cues: list[tuple[str, str]]
) -> None:
    blocks = [
        f"00:00:{i:02d}.000 --> 00:00:{i + 1:02d}.000\n<v {name}>{text}"
        for i, (name, text) in enumerate(cues)
    ]
    path = Path(tmp_path_factory.mktemp("vtt")) / "cues.vtt"
    path.write_text("WEBVTT\n\n" + "\n\n".join(blocks) + "\n", "utf-8")
    (document,) = read_vtt(path)
    merged: list[tuple[str, list[str]]] = []
    for name, text in cues:
        words = " ".join(unicodedata.normalize("NFC", text).split())
        if merged and merged[-1][0] == name:
            merged[-1][1].append(words)
        else:
            merged.append((name, [words]))
    assert_well_formed(document.text, document.turns)
    assert [(t.speaker, document.text[t.start : t.end]) for t in document.turns] == [
        (name, " ".join(parts)) for name, parts in merged
    ]
    assert document.text.split("\n") == [f"{name}: {' '.join(p)}" for name, p in merged]
