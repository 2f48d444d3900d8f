"""Half-open integer intervals `[start, end)` held as two numpy arrays: merge, cover, cut."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
Span = tuple[int, int]
Spans = Iterable[Span] | npt.NDArray[np.int64]  # pairs, or an n x 2 array


def as_interval_arrays(spans: Spans) -> tuple[IntArray, IntArray]:
    """Two int64 arrays (starts, ends) from `(start, end)` pairs; backwards pairs are sorted."""
    listed = spans if isinstance(spans, np.ndarray) else list(spans)
    pairs = np.asarray(listed, dtype=np.int64).reshape(-1, 2)
    return pairs.min(axis=1), pairs.max(axis=1)


def merge_intervals(
    starts: npt.ArrayLike, ends: npt.ArrayLike, *, touching: bool = True
) -> tuple[IntArray, IntArray]:
    """Sort intervals and merge the overlapping ones (and the touching ones when `touching`).

    Empty intervals (`end <= start`) are dropped. The result is sorted and disjoint.
    """
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    keep = e > s
    s, e = s[keep], e[keep]
    if s.size == 0:
        return s, e
    order = np.lexsort((e, s))
    s, e = s[order], e[order]
    reach = np.maximum.accumulate(e)[:-1]
    new_run = s[1:] > reach if touching else s[1:] >= reach
    first = np.flatnonzero(np.concatenate(([True], new_run)))
    return s[first], np.maximum.reduceat(e, first)


def covers(starts: IntArray, ends: IntArray, points: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """For each point, whether it lies in one of the sorted, disjoint intervals."""
    p = np.asarray(points, dtype=np.int64)
    if starts.size == 0:
        return np.zeros(p.shape, dtype=bool)
    idx = np.searchsorted(starts, p, side="right") - 1
    return (idx >= 0) & (ends[np.maximum(idx, 0)] > p)


def complement(
    starts: IntArray, ends: IntArray, begin: int, end: int, breaks: Sequence[int] = ()
) -> tuple[IntArray, IntArray]:
    """The gaps between intervals within `[begin, end)`, cut at the `breaks` that fall in a gap.

    Touching intervals leave no gap between them; gaps of length zero are never returned.
    """
    cuts = np.asarray([b for b in breaks if begin < b < end], dtype=np.int64)
    # a break is an empty interval: it ends the gap before it and starts the one after it
    all_starts = np.concatenate((starts, cuts))
    all_ends = np.concatenate((ends, cuts))
    order = np.lexsort((all_ends, all_starts))
    reach = np.maximum.accumulate(all_ends[order]) if order.size else all_ends
    gap_starts = np.concatenate(([begin], reach)).astype(np.int64)
    gap_ends = np.concatenate((all_starts[order], [end])).astype(np.int64)
    keep = gap_ends > gap_starts
    return gap_starts[keep], gap_ends[keep]


def union_spans(*span_lists: Iterable[Span]) -> list[Span]:
    """The union of any number of span lists, as sorted, disjoint, non-touching spans."""
    merged: list[Span] = []
    for start, end in sorted((min(s, e), max(s, e)) for spans in span_lists for s, e in spans):
        if start == end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def intersect_spans(a: Iterable[Span], b: Iterable[Span]) -> list[Span]:
    """The characters in both span lists, as sorted, disjoint, non-touching spans."""
    left, right = union_spans(a), union_spans(b)
    result: list[Span] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if start < end:
            result.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return union_spans(result)
