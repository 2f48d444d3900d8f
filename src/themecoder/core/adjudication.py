"""Adjudication: settle two coders' disagreements on a code into a separate `consensus` coder.

Pure functions over `core.agreement.disagreements`. A region is identified by a short hash of
(code id, document id, start, end, the two coders in alphabetical order), so its id stays the
same whatever order the coders are named in and however often the regions are listed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from themecoder.core.agreement.disagreements import Disagreement, clusters
from themecoder.core.agreement.spans import Span, union_spans
from themecoder.core.errors import InputError
from themecoder.core.model import Coding

CONSENSUS = "consensus"
SUGGEST = "suggest"
NOT_HUMAN = (CONSENSUS, SUGGEST)
DECISIONS = ("a", "b", "union", "intersection", "neither")
SKIP = "skip"
DECISION_HELP = {
    "a": "keep the first coder's spans",
    "b": "keep the second coder's spans",
    "union": "every character either coder coded",
    "intersection": "only the characters both coders coded",
    "neither": "no coding here",
    SKIP: "decide later",
}


@dataclass(frozen=True, slots=True)
class Region:
    """One disagreement to settle: both coders' spans of `code` in `[start, end)` of a document.

    `coders` is the pair as the user named it; `decision` is relative to that order.
    """

    id: str
    code: str
    doc_id: int
    doc: str
    start: int
    end: int
    coders: tuple[str, str]
    spans: dict[str, tuple[Span, ...]]
    text: str = ""
    decision: str | None = None
    decided_by: str | None = None

    @property
    def settled(self) -> bool:
        return self.decision is not None and self.decision != SKIP

    def spans_of(self, decision: str) -> list[Span]:
        """The spans the consensus coder gets for a decision."""
        return decision_spans(self.spans, self.coders, decision)


def region_id(code_id: int, doc_id: int, start: int, end: int, coders: Iterable[str]) -> str:
    """A stable 10-hex-digit id; the coders' order does not matter."""
    a, b = sorted(coders)
    key = f"{code_id}\x1f{doc_id}\x1f{start}\x1f{end}\x1f{a}\x1f{b}"
    return hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]


def check_decision(decision: str, *, allow_skip: bool = True) -> str:
    """The decision, lower-cased, or InputError naming the choices."""
    choice = decision.strip().lower()
    allowed = DECISIONS + ((SKIP,) if allow_skip else ())
    if choice not in allowed:
        raise InputError(f"decision {decision!r}: must be one of {', '.join(allowed)}")
    return choice


def decision_spans(
    spans: dict[str, tuple[Span, ...]], coders: Sequence[str], decision: str
) -> list[Span]:
    """What `a`, `b`, `union`, `intersection` or `neither` (or `skip`) keeps of the region."""
    first, second = coders
    region = Disagreement(0, "", 0, 0, dict(spans))
    if decision == "a":
        return list(spans[first])
    if decision == "b":
        return list(spans[second])
    if decision == "union":
        return region.union(first, second)
    if decision == "intersection":
        return region.intersection(first, second)
    return []


def swap_decision(decision: str) -> str:
    """The same decision seen with the coders in the other order."""
    return {"a": "b", "b": "a"}.get(decision, decision)


def agreed_spans(codings: Iterable[Coding], coders: Sequence[str], code: str) -> list[tuple[int, Span]]:
    """`(doc_id, span)` for every stretch where both coders coded `code` exactly alike.

    These are the clusters of overlapping spans that `disagreements` leaves out because every
    coder's merged spans are the same; each is returned merged, as the consensus would keep it.
    """
    by_doc: dict[int, list[tuple[int, int, str]]] = {}
    for c in codings:
        if c.code == code and c.coder in coders:
            by_doc.setdefault(c.doc_id, []).append((c.start, c.end, c.coder))
    found: list[tuple[int, Span]] = []
    for doc_id in sorted(by_doc):
        for cluster in clusters(by_doc[doc_id]):
            merged = {
                coder: tuple(union_spans((s, e) for s, e, who in cluster if who == coder))
                for coder in coders
            }
            if len(set(merged.values())) == 1:
                found += [(doc_id, span) for span in merged[coders[0]]]
    return found
