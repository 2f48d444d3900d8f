"""Finding quoted text in a document: exact first, then whitespace-tolerant, then fuzzy (rapidfuzz).

Used by `code --quote`, codings import, merge and REFI-QDA import to re-anchor a coding whose offsets
no longer fit its text. Nothing is ever shifted silently: a quote that cannot be placed with
confidence is reported by the caller.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from themecoder.core.errors import InputError

MIN_FUZZY_SCORE = 90.0
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    method: str  # "exact" | "whitespace" | "fuzzy"
    score: float = 100.0


def normalise_quote(quote: str) -> str:
    """NFC and `\\n` line ends, as stored texts are."""
    return unicodedata.normalize("NFC", quote.replace("\r\n", "\n").replace("\r", "\n"))


def exact_matches(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of `quote` in `text`."""
    found, pos = [], text.find(quote)
    while pos != -1 and quote:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


def locate_quote(text: str, quote: str, *, near: int | None = None, where: str = "quote") -> Anchor:
    """Place `quote` in `text`; raise InputError when absent or ambiguous.

    With `near` (an old offset), the occurrence closest to it wins instead of being ambiguous.
    """
    anchor = find_quote(text, quote, near=near)
    if isinstance(anchor, Anchor):
        return anchor
    raise InputError(f"{where}: {anchor}")


def find_quote(text: str, quote: str, *, near: int | None = None) -> Anchor | str:
    """Like `locate_quote` but returns the reason (a string) instead of raising."""
    quote = normalise_quote(quote).strip()
    if not quote:
        return "the quote is empty"
    starts = exact_matches(text, quote)
    if starts:
        return _pick(starts, len(quote), near, "exact", 100.0, quote)
    spaced = _whitespace_tolerant(text, quote)
    if spaced:
        return _pick([s for s, _ in spaced], 0, near, "whitespace", 100.0, quote, spaced)
    return _fuzzy(text, quote, near)


def _pick(starts: list[int], length: int, near: int | None, method: str, score: float,
          quote: str, spans: list[tuple[int, int]] | None = None) -> Anchor | str:
    spans = spans or [(s, s + length) for s in starts]
    if len(spans) > 1 and near is None:
        return f"'{_short(quote)}' occurs {len(spans)} times; give offsets or a longer quote"
    start, end = min(spans, key=lambda span: abs(span[0] - near)) if near is not None else spans[0]
    return Anchor(start, end, method, score)


def _whitespace_tolerant(text: str, quote: str) -> list[tuple[int, int]]:
    words = [re.escape(w) for w in _SPACES.split(quote) if w]
    pattern = re.compile(r"\s+".join(words))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _fuzzy(text: str, quote: str, near: int | None) -> Anchor | str:
    if len(quote) < 12:
        return f"'{_short(quote)}' not found in the text"
    window_start = 0
    if near is not None:
        window_start = max(0, near - 4 * len(quote) - 2000)
        hit = _best_alignment(text, quote, window_start, near + 5 * len(quote) + 2000)
        if hit is not None:
            return hit
    hit = _best_alignment(text, quote, 0, len(text))
    if hit is None:
        return f"'{_short(quote)}' not found in the text (best fuzzy match below {MIN_FUZZY_SCORE:.0f}%)"
    masked = text[: hit.start] + "\0" * (hit.end - hit.start) + text[hit.end :]
    rival = _best_alignment(masked, quote, 0, len(masked))
    if near is None and rival is not None and rival.score >= hit.score - 1.0:
        return f"'{_short(quote)}' matches several places equally well; give offsets"
    return hit


def _best_alignment(text: str, quote: str, lo: int, hi: int) -> Anchor | None:
    hay = text[lo:hi]
    if not hay:
        return None
    result = fuzz.partial_ratio_alignment(quote, hay, score_cutoff=MIN_FUZZY_SCORE)
    if result is None:
        return None
    start, end = _refine(text, quote, lo + result.dest_start, lo + result.dest_end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Anchor(start, end, "fuzzy", float(result.score)) if end > start else None


def _refine(text: str, quote: str, start: int, end: int, reach: int = 3) -> tuple[int, int]:
    """Nudge the aligned span's ends a few characters to where the whole quote matches best."""
    best = (fuzz.ratio(quote, text[start:end]), start, end)
    for ds in range(-reach, reach + 1):
        for de in range(-reach, reach + 1):
            s, e = max(0, start + ds), min(len(text), end + de)
            if e > s:
                score = fuzz.ratio(quote, text[s:e])
                if score > best[0]:
                    best = (score, s, e)
    return best[1], best[2]


def _short(quote: str, limit: int = 40) -> str:
    flat = _SPACES.sub(" ", quote)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
