"""What both kinds of merge (a REFI bundle, codings rows) write: codings, unplaced codings, memos.

Every write is idempotent, so merging the same source twice changes nothing: codings are unique
per (document, code, coder, span); an unplaced coding, a memo or a coding memo already kept is
not kept again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from themecoder.core.anchoring import find_quote
from themecoder.core.model import Coding

if TYPE_CHECKING:
    from themecoder.store.merge_report import MergeReport
    from themecoder.store.project import Project

Placement = tuple[int, int, bool] | str  # (start, end, re-anchored?) or why it cannot be placed


@dataclass(slots=True)
class Target:
    """The project document an incoming document lands on."""

    doc_id: int
    name: str
    text: str
    same_text: bool  # matched by hash: offsets hold as they are


@dataclass(slots=True)
class Incoming:
    """One coding from the source, with the path it has in the project."""

    where: str
    code: str
    coder: str
    start: int | None
    end: int | None
    quote: str
    memo: str = ""
    created: str = ""
    guid: str | None = None


def place(target: Target, start: int | None, end: int | None, quote: str) -> Placement:
    """Where a coding lands in `target`: where it was if the text there is its quote, else its
    quote found exactly near the old offset, then fuzzily; or the reason it cannot be placed."""
    has_offsets = start is not None and end is not None
    if has_offsets and (target.same_text or not quote or target.text[start:end] == quote):
        if not 0 <= start < end <= len(target.text):  # type: ignore[operator]
            return f"offsets {start}-{end} are outside the text (0-{len(target.text)}) or empty"
        return start, end, False  # type: ignore[return-value]
    if not quote.strip():
        return "no quoted text to find"
    found = find_quote(target.text, quote, near=start if has_offsets else None)
    if isinstance(found, str):
        return found
    return found.start, found.end, True


class MergeWriter:
    """Writes one merge's codings and memos into the project, counting them in the report."""

    def __init__(self, project: Project, report: MergeReport, origin: str = "") -> None:
        self.project = project
        self.origin = origin or f"merge:{report.source}"  # the codings' `source` column
        self.db = project.db
        self.report = report
        self.code_ids: dict[str, int] = {}
        self.guid_parts: dict[tuple[int, int], tuple[str, str]] = {}  # see coding_guids.derive_for
        self.memo_guids = {r[0] for r in self.db.execute("SELECT guid FROM memos WHERE guid IS NOT NULL")}

    def code_id(self, path: str) -> int:
        if path not in self.code_ids:
            self.code_ids[path] = self.project.code_id(path, create=True)
        return self.code_ids[path]

    def store(self, target: Target | None, coding: Incoming, doc_name: str,
              spot: Placement | None = None) -> int | None:
        """Place and insert one coding (or keep it aside); returns the project coding's id.

        `spot` is where it goes when already known (codings of one selection share it).
        """
        self.coders_seen(coding.coder)
        if spot is None:
            spot = f"no document '{doc_name}' in the project" if target is None else \
                place(target, coding.start, coding.end, coding.quote)
        if isinstance(spot, str) or target is None:
            spot = spot if isinstance(spot, str) else "no document"
            self.keep_unplaced(target, doc_name, coding, spot)
            return None
        start, end, moved = spot
        row = Coding(target.doc_id, coding.code, coding.coder, start, end, target.text[start:end],
                     "", created=coding.created, guid=coding.guid)  # kept unless taken
        coding_id, new = self.project._insert_coding(row, self.code_id(coding.code), self.origin,
                                                     self.guid_parts)
        self.report.codings_added += new
        self.report.codings_duplicates += not new
        self.report.codings_reanchored += bool(new and moved)
        if coding.memo:
            self.merge_coding_memo(coding_id, coding.memo)
        return coding_id

    def keep_unplaced(self, target: Target | None, doc_name: str, coding: Incoming, reason: str) -> None:
        """Keep a coding that cannot be placed in `unplaced_codings` (once), and report it."""
        doc_id, name = (target.doc_id, target.name) if target else (None, doc_name)
        self.report.unplaced.append((coding.where, reason))
        known = self.db.execute(
            'SELECT 1 FROM unplaced_codings WHERE doc_id IS ? AND doc_name IS ? AND code_path = ? '
            'AND coder = ? AND start IS ? AND "end" IS ? AND text = ?',
            [doc_id, name, coding.code, coding.coder, coding.start, coding.end, coding.quote]).fetchone()
        if known:
            return
        self.db.execute(
            'INSERT INTO unplaced_codings (doc_id, doc_name, code_path, coder, start, "end", text, '
            "memo, reason, source, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [doc_id, name, coding.code, coding.coder, coding.start, coding.end, coding.quote,
             coding.memo, reason, self.origin, _now()])
        self.report.unplaced_new += 1

    def merge_coding_memo(self, coding_id: int, memo: str) -> None:
        """Add a memo to a coding's: set when empty, appended when new, nothing when already in it."""
        current = self.db.execute("SELECT memo FROM codings WHERE id = ?", [coding_id]).fetchone()[0]
        if memo.strip() in current:
            self.report.memos_duplicates += 1
            return
        merged = f"{current}\n\n{memo}" if current.strip() else memo
        self.db.execute("UPDATE codings SET memo = ? WHERE id = ?", [merged, coding_id])
        self.report.memos_added += 1

    def add_memo(self, kind: str, text: str, coder: str, *, target_id: int | None = None,
                 doc_id: int | None = None, span: tuple[int, int] | None = None,
                 created: str = "", guid: str | None = None) -> None:
        """Add a memo unless the same one (target, coder, text) is already there."""
        start, end = span if span else (None, None)
        if not text.strip():
            return
        known = self.db.execute(
            'SELECT 1 FROM memos WHERE target_kind = ? AND target_id IS ? AND doc_id IS ? AND start IS ? '
            'AND "end" IS ? AND coder = ? AND text = ?',
            [kind, target_id, doc_id, start, end, coder, text]).fetchone()
        if known:
            self.report.memos_duplicates += 1
            return
        guid = guid if guid and guid not in self.memo_guids else None
        self.db.execute(
            'INSERT INTO memos (target_kind, target_id, doc_id, start, "end", coder, text, created_at, '
            "guid) VALUES (?,?,?,?,?,?,?,?,?)",
            [kind, target_id, doc_id, start, end, coder, text, created or _now(), guid])
        if guid:
            self.memo_guids.add(guid)
        self.report.memos_added += 1
        self.coders_seen(coder)

    def coders_seen(self, coder: str) -> None:
        if coder not in self.report.coders:
            self.report.coders.append(coder)


def _now() -> str:
    from themecoder.store.project import now

    return now()
