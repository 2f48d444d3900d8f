"""Sentences within turns, with a blank spaCy pipeline and its rule-based sentencizer.

No model is downloaded: `spacy.blank(lang)` carries the language's tokenizer rules only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from themecoder.core.errors import InputError
from themecoder.core.model import Turn

_NON_SPACE = re.compile(r"\S")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@lru_cache(maxsize=8)
def pipeline(lang: str = "en"):  # type: ignore[no-untyped-def]
    """The blank pipeline + sentencizer for `lang` (cached per process)."""
    import spacy

    try:
        nlp = spacy.blank(lang)
    except (ImportError, KeyError, ValueError) as err:
        raise InputError(f"--lang {lang}: spaCy has no language '{lang}' ({err})") from err
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000
    return nlp


def sentence_spans(text: str, turns: Sequence[Turn], lang: str = "en") -> list[tuple[int, int]]:
    """Sentence spans `[start, end)` within each turn, whitespace trimmed, in text order.

    Text outside every turn (speaker labels, blank lines) belongs to no sentence.
    """
    nlp = pipeline(lang)
    pieces = [text[turn.start : turn.end] for turn in turns]
    spans: list[tuple[int, int]] = []
    for turn, doc in zip(turns, nlp.pipe(pieces, batch_size=256), strict=True):
        spans.extend(_trimmed(turn.start, doc.text, doc.sents))
    return spans


def _trimmed(offset: int, piece: str, sents: Iterable) -> Iterable[tuple[int, int]]:  # type: ignore[type-arg]
    for sent in sents:
        start, end = sent.start_char, sent.end_char
        while start < end and piece[start].isspace():
            start += 1
        while end > start and piece[end - 1].isspace():
            end -= 1
        if end > start:
            yield offset + start, offset + end


def count_words(text: str) -> int:
    """Words as a researcher counts them: runs of letters/digits, with inner apostrophes/hyphens."""
    return sum(1 for _ in _WORD.finditer(text))


def whole_text_turn(text: str) -> list[Turn]:
    """One speakerless turn over the text, whitespace trimmed (for answers and one-paragraph notes)."""
    first = _NON_SPACE.search(text)
    if first is None:
        return []
    return [Turn(first.start(), len(text.rstrip()))]
