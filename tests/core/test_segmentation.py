"""Sentences: identical to spaCy's own sentencizer, cut at turns, offsets into the text."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import shared_path
from themecoder.core.model import Turn
from themecoder.core.segmentation import count_words, sentence_spans, whole_text_turn


def spacy_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    out = []
    for sent in nlp(text).sents:
        piece = sent.text
        stripped = piece.strip()
        if stripped:
            start = sent.start_char + len(piece) - len(piece.lstrip())
            out.append((start, start + len(stripped)))
    return out


def ours(text: str, lang: str = "en") -> list[tuple[int, int]]:
    return sentence_spans(text, [Turn(0, len(text))], lang)


def test_same_boundaries_as_spacy_sentencizer_on_real_transcripts() -> None:
    folder = shared_path("realdata", "transcripts", "qmsum-ami-icsi")
    for path in sorted(folder.glob("*.txt"))[:3]:
        text = path.read_text(encoding="utf-8")[:60_000]
        assert ours(text) == spacy_sentences(text), path.name


PIECES = st.sampled_from(["Hello", "world", ".", "!", "?", "...", "\"", "'", "(", ")", " ", "  ", "\n",
                          "Dr.", "e.g.", "😀", "é", "e\u0301", "—", ";", "3.5", "。", "Ya", "?!"])


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=40).map(" ".join))
def test_same_boundaries_as_spacy_on_generated_text(text: str) -> None:
    assert ours(text) == spacy_sentences(text)


def test_indonesian() -> None:
    text = "Bagaimana penjualan Ibu? Naik banyak. Saya senang sekali!"
    assert [text[s:e] for s, e in ours(text, "id")] == [
        "Bagaimana penjualan Ibu?", "Naik banyak.", "Saya senang sekali!"]


def test_sentences_never_cross_turns_nor_cover_labels() -> None:
    text = "A: no full stop here\nB: Then this. And that"
    turns = [Turn(3, 20, "A"), Turn(24, len(text), "B")]
    assert [text[s:e] for s, e in sentence_spans(text, turns)] == [
        "no full stop here", "Then this.", "And that"]


def test_words_and_whole_text_turn() -> None:
    assert count_words("It's a batik — made by hand, 3 days.") == 8
    assert whole_text_turn("  hi there \n") == [Turn(2, 10)]
    assert whole_text_turn(" \n ") == []
