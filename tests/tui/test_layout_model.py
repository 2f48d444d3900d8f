"""The coding view's plain-Python parts: wrapping, blocks, the coding index and the selection."""

from __future__ import annotations

import itertools

import pytest

from themecoder.core.model import Segment
from themecoder.tui.doc_model import MAX_LANES, CodingIndex, Selection, ShownCoding, word_span
from themecoder.tui.home_data import DocumentRow, covered_share, matches_filter
from themecoder.tui.layout import BLANK, HEADER, TEXT, Block, blocks_of, lay_out, wrap_span


def test_wrap_covers_every_character_once_within_the_width() -> None:
    text = "Sales grew a lot after the training, and I feel braver now. " * 20
    lines = wrap_span(text, 0, len(text), 30)
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(lines))
    assert all(len(text[s:e].rstrip()) <= 30 for s, e in lines)


@pytest.mark.parametrize(
    "text, width, expected",
    [
        ("a" * 25, 10, [(0, 10), (10, 20), (20, 25)]),  # a word longer than the line
        ("one two\n\n\nthree", 20, [(0, 7), (8, 8), (10, 15)]),  # blank lines become one empty line
        (
            "日本語のテキストです",
            6,
            [(0, 3), (3, 6), (6, 9), (9, 10)],
        ),  # wide characters: 2 cells each
        ("tab\there", 20, [(0, 8)]),
    ],
)
def test_wrap_edge_cases(text: str, width: int, expected: list[tuple[int, int]]) -> None:
    assert wrap_span(text, 0, len(text), width) == expected


def test_blocks_keep_titles_and_drop_speaker_labels() -> None:
    text = "Interview with Sari.\n\nInterviewer: Hello?\n\nSari: Hi.\n\n[end of tape]"
    turns = [Segment(1, "turn", 0, 35, 41, "Interviewer"), Segment(1, "turn", 1, 49, 52, "Sari")]
    blocks = blocks_of(text, turns)
    assert [text[b.start : b.end] for b in blocks] == [
        "Interview with Sari.",
        "Hello?",
        "Hi.",
        "[end of tape]",
    ]
    assert [b.turn for b in blocks] == [-1, 0, 1, -1]


def test_layout_lines_and_offset_lookup() -> None:
    text = "Interviewer: How are you? Tell me.\n\nSari: Fine."
    blocks = [Block(13, 34, "Interviewer", 0.0, 0), Block(42, 47, "Sari", None, 1)]
    layout = lay_out(text, blocks, 12)
    assert layout.kinds[0] == HEADER and BLANK in layout.kinds
    assert layout.kinds[layout.line_of(42)] == TEXT
    assert text[layout.starts[layout.line_of(44)] : layout.ends[layout.line_of(44)]] == "Fine."
    assert list(layout.lines_of(13, 34)) == [1, 2]


def _coding(i: int, start: int, end: int, mine: bool = True) -> ShownCoding:
    return ShownCoding(i, f"code-{i}", "alice" if mine else "bob", start, end, mine, "#ff0000")


def test_coding_index_lanes_and_incremental_add() -> None:
    text = "word " * 200
    layout = lay_out(text, [Block(0, len(text))], 20)
    shown = [_coding(i, 0, 100) for i in range(MAX_LANES + 1)]
    index = CodingIndex(shown, layout)
    assert sorted(index.lanes) == [
        -1,
        *range(MAX_LANES),
    ]  # the fifth overlapping coding gets no lane
    lines = index.add(_coding(9, 500, 520))
    assert index.lanes[-1] == 0 and all(index.shown[-1] in index.on_line(line) for line in lines)
    assert index.covering(505, 506) == [index.shown[-1]]


def test_selection_moves_by_sentence_and_word() -> None:
    text = "One two three. Four five. Six."
    units = [(0, 14), (15, 25), (26, 30)]
    sel = Selection(text, units)
    assert sel.span == (0, 14)
    sel.extend(1)
    assert sel.span == (0, 25)
    sel.extend(-1)
    sel.extend(-1)  # never below the first sentence
    assert sel.span == (0, 14)
    sel.extend_word(-1)
    assert text[slice(*sel.span)] == "One two"
    sel.extend_word(1)
    sel.extend_word(1)
    assert text[slice(*sel.span)] == "One two three. Four"
    sel.move_to(sel.head() + 1)
    assert sel.span == (26, 30) and sel.cursor == 2
    assert word_span(text, 16) == (15, 19)


def test_selection_without_sentences_does_nothing() -> None:
    sel = Selection("", [])
    sel.move_to(3)
    sel.extend(1)
    assert sel.span == (0, 0)


def test_share_coded_and_document_filter() -> None:
    assert covered_share([(0, 100)], [(0, 10), (5, 20), (50, 60)]) == pytest.approx(0.3)
    assert covered_share([], [(0, 5)]) == 0.0
    row = DocumentRow(1, "P03-interview", "interview", "P03", 100, 5, 2, 0.1, {"region": "North"})
    assert matches_filter(row, "kind:inter case:p03 region=north")
    assert matches_filter(row, '"P03"') and not matches_filter(row, "kind:survey")
    assert not matches_filter(row, "region=south")


def test_word_extension_skips_the_next_speaker_label() -> None:
    text = "Is it done?\n\nSari: Yes it is."
    sel = Selection(text, [(0, 11), (19, 29)], blocks=[(0, 11), (19, 29)])
    sel.extend_word(1)
    assert text[slice(*sel.span)] == "Is it done?\n\nSari: Yes"
