"""Disagreements for adjudication: where coders' spans of a code differ, and ways to settle them.

Pure functions; the store writes the chosen spans as the `consensus` coder.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from themecoder.core.agreement.spans import Span, intersect_spans, union_spans
from themecoder.core.model import Coding


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A stretch `[start, end)` of one document where the coders' spans of `code` differ.

    The stretch is a maximal cluster of overlapping spans (any coder's). `spans` gives, for
    every coder in scope, that coder's spans in the cluster, overlapping ones merged; a coder
    who did not code there has an empty tuple.
    """

    doc_id: int
    code: str
    start: int
    end: int
    spans: dict[str, tuple[Span, ...]]

    def union(self, a: str, b: str) -> list[Span]:
        """The characters either coder coded here."""
        return union_spans(self.spans[a], self.spans[b])

    def intersection(self, a: str, b: str) -> list[Span]:
        """The characters both coders coded here (may be empty)."""
        return intersect_spans(self.spans[a], self.spans[b])


def clusters(spans: Iterable[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Group `(start, end, coder)` spans into maximal runs of overlapping spans.

    Touching spans (`[0, 10)` and `[10, 20)`) do not overlap and fall in different runs.
    """
    result: list[list[tuple[int, int, str]]] = []
    reach = None
    for start, end, coder in sorted((min(s, e), max(s, e), c) for s, e, c in spans if s != e):
        if reach is None or start >= reach:
            result.append([])
            reach = end
        result[-1].append((start, end, coder))
        reach = max(reach, end)
    return result


def disagreements(
    codings: Iterable[Coding],
    coders: Sequence[str],
    code: str,
    documents: Collection[int] | None = None,
) -> list[Disagreement]:
    """The regions, per document, where the coders' spans of `code` are not the same.

    Only the coders given count; `documents` limits the search. Sorted by document and start.
    """
    by_doc: dict[int, list[tuple[int, int, str]]] = {}
    for c in codings:
        if c.code == code and c.coder in coders and (documents is None or c.doc_id in documents):
            by_doc.setdefault(c.doc_id, []).append((c.start, c.end, c.coder))
    found = []
    for doc_id in sorted(by_doc):
        for cluster in clusters(by_doc[doc_id]):
            spans = {
                coder: tuple(union_spans((s, e) for s, e, c in cluster if c == coder))
                for coder in coders
            }
            if len(set(spans.values())) > 1:
                start, end = cluster[0][0], max(e for _, e, _ in cluster)
                found.append(Disagreement(doc_id, code, start, end, spans))
    return found
