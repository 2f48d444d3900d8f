"""Codings and segments as parallel numpy arrays, the form a store reads them in bulk.

At study scale (200k codings, 200k sentences) building one Python object per row costs more
than all the agreement arithmetic; `agreement_report` takes these tables as well as `Coding`
lists and `{doc_id: [(start, end)]}` mappings, with the same results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from themecoder.core.agreement.spans import IntArray, Span
from themecoder.core.model import Coding


def int_array(values: npt.ArrayLike) -> IntArray:
    """A one-dimensional int64 array."""
    return np.asarray(values, dtype=np.int64).reshape(-1)


@dataclass(frozen=True, slots=True)
class CodingTable:
    """Codings as columns: row i is code `codes[code[i]]` by coder `coders[coder[i]]` on
    `[start[i], end[i])` of document `doc_id[i]`; `id` holds the codings' ids when known."""

    codes: tuple[str, ...]
    coders: tuple[str, ...]
    doc_id: IntArray
    code: IntArray
    coder: IntArray
    start: IntArray
    end: IntArray
    id: IntArray | None = None

    def __len__(self) -> int:
        return int(self.doc_id.size)

    def take(self, index: npt.ArrayLike) -> CodingTable:
        """The rows `index` selects (a boolean mask or indices), in that order."""
        rows = np.asarray(index)
        ids = None if self.id is None else self.id[rows]
        return CodingTable(
            self.codes,
            self.coders,
            self.doc_id[rows],
            self.code[rows],
            self.coder[rows],
            self.start[rows],
            self.end[rows],
            ids,
        )

    def codings(self) -> list[Coding]:
        """The rows as `Coding` objects (without text), in table order."""
        ids = self.id.tolist() if self.id is not None else [None] * len(self)
        columns = (self.doc_id, self.code, self.coder, self.start, self.end)
        doc_ids, codes, coders, starts, ends = (column.tolist() for column in columns)
        return [
            Coding(doc_id, self.codes[code], self.coders[coder], start, end, id=cid)
            for doc_id, code, coder, start, end, cid in zip(
                doc_ids, codes, coders, starts, ends, ids, strict=True
            )
        ]


@dataclass(frozen=True, slots=True)
class SegmentTable:
    """Sentences or turns as columns: row i is `[start[i], end[i])` of document `doc_id[i]`."""

    doc_id: IntArray
    start: IntArray
    end: IntArray

    def __len__(self) -> int:
        return int(self.doc_id.size)


def segment_table(segments: Mapping[int, Sequence[Span]] | SegmentTable) -> SegmentTable:
    """A `SegmentTable` from per-document `(start, end)` lists (a table is returned as is)."""
    if isinstance(segments, SegmentTable):
        return segments
    doc_ids, pairs = [], []
    for doc_id, spans in segments.items():
        listed = list(spans)
        doc_ids.append(np.full(len(listed), doc_id, dtype=np.int64))
        pairs.append(np.asarray(listed, dtype=np.int64).reshape(-1, 2))
    if not pairs:
        empty = int_array([])
        return SegmentTable(empty, empty, empty)
    table = np.concatenate(pairs)
    return SegmentTable(np.concatenate(doc_ids), table[:, 0].copy(), table[:, 1].copy())


def positions(doc_ids: Sequence[int], wanted: IntArray) -> IntArray:
    """For each id in `wanted`, its index in `doc_ids`, or -1 when it is not there."""
    ids = int_array(doc_ids)
    if ids.size == 0:
        return np.full(wanted.size, -1, dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    at = np.minimum(np.searchsorted(ids[order], wanted), ids.size - 1)
    return np.where(ids[order][at] == wanted, order[at], -1).astype(np.int64)
