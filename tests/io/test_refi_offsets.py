"""Positions through normalisation, UTF-16 units and the choice of a project's position system."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from themecoder.io.decode import normalise_fragment, normalise_text
from themecoder.io.refi.offsets import (
    CODEPOINTS,
    NVIVO,
    NormalisedText,
    PositionSystem,
    Utf16Index,
    choose_position_system,
)

PIECES = [
    "a",
    "b",
    " ",
    "\r\n",
    "\r",
    "\n",
    "e\u0301",
    "\u0301",
    "é",
    "😀",
    "\u2028",
    "ő",
    "\t",
    "\xa0",
    "\u3000",
    "\x1c",
    "\x85",
]


def test_crlf_positions_move_back_by_one_per_line_end() -> None:
    text = NormalisedText.of("ab\r\ncd\r\nef")
    assert text.text == "ab\ncd\nef"
    assert [text.from_raw(i) for i in (0, 2, 4, 5, 8, 10)] == [0, 2, 3, 4, 6, 8]


def test_decomposed_accents_are_composed_and_positions_follow() -> None:
    text = NormalisedText.of("Cafe\u0301 ok")
    assert text.text == "Café ok"
    assert text.from_raw(0) == 0
    assert text.from_raw(5) == 4  # after the combining accent
    assert text.from_raw(6) == 5  # "o"
    assert text.from_raw(8) == 7


def test_positions_past_trailing_whitespace_are_clamped() -> None:
    text = NormalisedText.of("abc  \r\n")
    assert text.text == "abc"
    assert text.from_raw(7) == 3


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_stored_text_is_what_the_importers_store(pieces: list[str]) -> None:
    raw = "".join(pieces)
    assert NormalisedText.of(raw).text == normalise_text(raw)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_a_position_before_a_letter_maps_to_the_length_of_the_normalised_prefix(
    pieces: list[str],
) -> None:
    raw = "".join(pieces) + "z"
    text = NormalisedText.of(raw)
    for index, char in enumerate(raw):
        if char in "abz" and not unicodedata.combining(raw[index + 1 : index + 2] or "z"):
            assert text.from_raw(index) == len(normalise_fragment(raw[:index]))
            assert text.text[text.from_raw(index)] == char


def test_utf16_offsets_count_an_emoji_as_two_units() -> None:
    index = Utf16Index.of("a😀b😀c")
    assert index.length == 7
    assert [index.to_codepoints(u) for u in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]
    assert index.to_codepoints(2) == 2  # inside the surrogate pair: moves past the emoji


def _utf16_span(text: str, word: str) -> tuple[int, int]:
    start = len(text[: text.index(word)].encode("utf-16-le")) // 2
    return start, start + len(word.encode("utf-16-le")) // 2


def test_nvivo_projects_count_utf16_units() -> None:
    raw = "😀😀 first words 😀 then more words 😀 and the end"
    spans = [_utf16_span(raw, w) for w in ("first", "then more", "and the end")]
    assert (
        choose_position_system("NVivo for Windows 12.6", [(NormalisedText.of(raw), spans)]) == NVIVO
    )


def test_word_boundaries_reveal_utf16_positions_from_any_producer() -> None:
    raw = "😀 alpha beta 😀 gamma delta 😀 epsilon"
    spans = [_utf16_span(raw, w) for w in ("alpha", "beta", "gamma delta", "epsilon")]
    text = NormalisedText.of(raw)
    chosen = choose_position_system("Unknown QDA 1.0", [(text, spans)])
    assert chosen.utf16
    _length, convert = chosen.converter(text)
    assert [text.text[convert(a) : convert(b)] for a, b in spans][-1] == "epsilon"


def test_code_points_stay_the_default_when_they_fit() -> None:
    raw = "😀 alpha beta 😀 gamma"
    start = raw.index("gamma")
    evidence = [(NormalisedText.of(raw), [(start, start + 5)])]
    assert choose_position_system("ATLAS.ti 23", evidence) == CODEPOINTS
    assert choose_position_system("themecoder 0.1.0", evidence) == CODEPOINTS


def test_a_system_that_puts_a_selection_outside_the_text_is_not_chosen() -> None:
    raw = "😀😀 ab\r\ncd"
    text = NormalisedText.of(raw)
    end_in_utf16 = len(raw.encode("utf-16-le")) // 2
    chosen = choose_position_system("QDA", [(text, [(end_in_utf16 - 2, end_in_utf16)])])
    assert chosen == PositionSystem(utf16=True, crlf_counts_two=True)
    length, convert = chosen.converter(text)
    assert length == end_in_utf16
    assert text.text[convert(end_in_utf16 - 2) : convert(end_in_utf16)] == "cd"
