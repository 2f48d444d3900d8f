"""Sentences within turns: spaCy's tokenizer for the language, and its rule-based sentencizer.

No model is downloaded: `spacy.blank(lang)` carries the language's tokenizer rules only. The
sentencizer's rule is applied to the token arrays with numpy (`_sentence_starts`) instead of
spaCy's per-token Python loop; the boundaries are identical (tests compare them with spaCy's own
`sentencizer` on real transcripts), and import runs at about the speed of the tokenizer alone.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from functools import lru_cache

from themecoder.core.errors import InputError
from themecoder.core.model import Turn

_NON_SPACE = re.compile(r"\S")
_PUNCTUATION = string.punctuation + "–—…“”‘’«»„‹›•·"


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
    """Sentence spans `[start, end)` within each turn, whitespace trimmed, in text order."""
    return sentence_spans_many([(text, turns)], lang)[0]


def sentence_spans_many(docs: Sequence[tuple[str, Sequence[Turn]]],
                        lang: str = "en") -> list[list[tuple[int, int]]]:
    """Sentences of many documents at once: spaCy runs once over each whole text (batched), then
    sentences are cut at turn boundaries, so no sentence crosses a turn and text outside every turn
    (speaker labels, timestamps, blank lines) belongs to no sentence."""
    nlp = pipeline(lang)
    punct = _punct_ids(lang)
    texts = [text for text, _ in docs]
    out = []
    for (text, turns), doc in zip(docs, nlp.tokenizer.pipe(texts, batch_size=64), strict=True):
        out.append(list(_clip_to_turns(text, _sentence_starts(doc, punct, len(text)), turns)))
    return out


@lru_cache(maxsize=8)
def _punct_ids(lang: str):  # type: ignore[no-untyped-def]
    """The orth ids of the sentencizer's sentence-final punctuation characters."""
    import numpy as np

    nlp = pipeline(lang)
    chars = nlp.get_pipe("sentencizer").punct_chars
    return np.array(sorted(nlp.vocab.strings.add(c) for c in chars), dtype="uint64")


def _sentence_starts(doc, punct, length: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Character offsets where spaCy's sentencizer would start sentences, plus `length` at the end.

    The sentencizer starts a sentence at a token that is neither punctuation nor a sentence-final
    character when a sentence-final character occurred since the previous such token; token 0
    always starts one. Here: `word` marks those tokens, and a word starts a sentence when the
    running count of final characters grew since the previous word.
    """
    import numpy as np
    from spacy.attrs import IDX, IS_PUNCT, ORTH

    if len(doc) == 0:
        return [0, length]
    arr = doc.to_array([ORTH, IS_PUNCT, IDX])
    final = np.isin(arr[:, 0], punct)
    word = ~final & (arr[:, 1] == 0)
    seen = np.cumsum(final)
    words = np.flatnonzero(word)
    before = np.concatenate(([0], seen[words[:-1]])) if len(words) else words
    starts = words[(seen[words] - before) > 0]
    offsets = arr[starts, 2].tolist()
    if not offsets or offsets[0] != 0:
        offsets.insert(0, 0)
    offsets.append(length)
    return offsets


def _clip_to_turns(text: str, bounds: list[int], turns: Sequence[Turn]) -> Iterable[tuple[int, int]]:
    """Intersect sentence intervals with turns, trimming whitespace; both lists are in text order."""
    t = 0
    for i in range(len(bounds) - 1):
        s, e = bounds[i], bounds[i + 1]
        while t < len(turns) and turns[t].end <= s:
            t += 1
        k = t
        while k < len(turns) and turns[k].start < e:
            span = _trim(text, max(s, turns[k].start), min(e, turns[k].end))
            if span:
                yield span
            k += 1


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(stripped)


def count_words(text: str) -> int:
    """Words as a word processor counts them: whitespace-separated tokens that are not punctuation alone."""
    words = text.split()
    return len(words) - sum(1 for w in words if not w.strip(_PUNCTUATION))


def whole_text_turn(text: str) -> list[Turn]:
    """One speakerless turn over the text, whitespace trimmed (for answers and one-paragraph notes)."""
    first = _NON_SPACE.search(text)
    if first is None:
        return []
    return [Turn(first.start(), len(text.rstrip()))]
