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
_DROP_PUNCTUATION = str.maketrans("", "", string.punctuation + "–—…“”‘’«»„‹›•·")


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
    """Sentences of many documents at once: spaCy tokenizes each whole text (batched), then
    sentences are cut at turn boundaries, so no sentence crosses a turn and text outside every turn
    (speaker labels, timestamps, blank lines) belongs to no sentence."""
    nlp = pipeline(lang)
    punct = _punct_ids(lang)
    texts = [text for text, _ in docs]
    out = []
    for (_, turns), doc in zip(docs, nlp.tokenizer.pipe(texts, batch_size=64), strict=True):
        starts, ends = _sentences(doc, punct)
        out.append(_clip_to_turns(starts, ends, turns))
    return out


@lru_cache(maxsize=8)
def _punct_ids(lang: str) -> frozenset[int]:
    """The orth ids of the sentencizer's sentence-final punctuation characters."""
    nlp = pipeline(lang)
    return frozenset(nlp.vocab.strings.add(c) for c in nlp.get_pipe("sentencizer").punct_chars)


def _sentences(doc, punct: frozenset[int]):  # type: ignore[no-untyped-def]
    """Character spans of the sentences spaCy's sentencizer would find, whitespace trimmed.

    The sentencizer starts a sentence at a token that is neither punctuation nor a sentence-final
    character when a sentence-final character occurred since the previous such token; token 0
    always starts one. Here `word` marks those tokens, and a word starts a sentence when the running
    count of final characters grew since the previous word. A sentence's span runs from its first
    to the end of its last non-space token. Returns two int arrays (starts, ends).
    """
    import numpy as np
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH

    if len(doc) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    arr = doc.to_array([ORTH, IS_PUNCT, IDX, LENGTH, IS_SPACE])  # uint64: ORTH is a hash
    final = np.zeros(len(arr), dtype=bool)
    single = np.flatnonzero(arr[:, 3] == 1)  # every sentence-final character is one character
    final[single] = [o in punct for o in arr[single, 0].tolist()]
    word = ~final & (arr[:, 1] == 0)
    seen = np.cumsum(final)
    words = np.flatnonzero(word)
    before = np.concatenate(([0], seen[words[:-1]])) if len(words) else words
    is_start = np.zeros(len(arr), dtype=bool)
    is_start[words[(seen[words] - before) > 0]] = True
    is_start[0] = True
    solid = np.flatnonzero(arr[:, 4] == 0)
    if not len(solid):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    sentence_of = (np.cumsum(is_start) - 1)[solid]
    first = np.flatnonzero(np.concatenate(([True], sentence_of[1:] != sentence_of[:-1])))
    last = np.concatenate((first[1:] - 1, [len(solid) - 1]))
    starts = arr[solid[first], 2].astype(np.int64)
    ends = (arr[solid[last], 2] + arr[solid[last], 3]).astype(np.int64)
    return starts, ends


def _clip_to_turns(starts, ends, turns: Sequence[Turn]) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Intersect sentences with turns (both in text order); the common case is vectorised."""
    import numpy as np

    if not turns or not len(starts):
        return []
    t_start = np.fromiter((t.start for t in turns), dtype=np.int64, count=len(turns))
    t_end = np.fromiter((t.end for t in turns), dtype=np.int64, count=len(turns))
    k = np.minimum(np.searchsorted(t_end, starts, side="right"), len(turns) - 1)
    lo, hi = np.maximum(starts, t_start[k]), np.minimum(ends, t_end[k])
    spans: list[tuple[int, int]] = []
    crossing = set(np.flatnonzero(ends > t_end[k]).tolist())
    for i, (a, b) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
        if i in crossing:
            spans.extend(_clip_slow(int(starts[i]), int(ends[i]), turns, int(k[i])))
        elif a < b:
            spans.append((a, b))
    return spans


def _clip_slow(start: int, end: int, turns: Sequence[Turn], k: int) -> Iterable[tuple[int, int]]:
    """A sentence running over a turn's end: one piece per turn it touches."""
    while k < len(turns) and turns[k].start < end:
        a, b = max(start, turns[k].start), min(end, turns[k].end)
        if a < b:
            yield a, b
        k += 1


def count_words(text: str) -> int:
    """Words as a word processor counts them: whitespace-separated tokens that are not punctuation alone."""
    return len(text.translate(_DROP_PUNCTUATION).split())


def whole_text_turn(text: str) -> list[Turn]:
    """One speakerless turn over the text, whitespace trimmed (for answers and one-paragraph notes)."""
    first = _NON_SPACE.search(text)
    if first is None:
        return []
    return [Turn(first.start(), len(text.rstrip()))]
