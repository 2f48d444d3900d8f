"""Merging a codings export (`export codings --format jsonl`: doc, code, coder, start, end, text, memo).

A row's document is found by `doc_sha256` when the row has it (the same text, whatever its name),
else by name. Offsets are kept when the text there is the row's quote; otherwise the quote is
found near the old offset, then fuzzily, and what cannot be placed is kept aside.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from themecoder.core.errors import InputError
from themecoder.core.model import CodeDef
from themecoder.store.merge_base import Incoming, MergeWriter, Target
from themecoder.store.merge_codes import merge_codes
from themecoder.store.merge_people import DocumentIndex

if TYPE_CHECKING:
    from themecoder.store.merge_report import MergeReport
    from themecoder.store.project import Project


class RowsMerger(MergeWriter):
    """One merge of codings rows; `run` does it all (inside the caller's transaction)."""

    def __init__(self, project: Project, report: MergeReport, *, coder: str, coder_prefix: str = "") -> None:
        super().__init__(project, report)
        self.prefix, self.default_coder = coder_prefix, coder
        self.index = DocumentIndex(self.db)
        self.targets: dict[tuple[str, str], Target | None] = {}

    def run(self, rows: Iterable[dict[str, Any]], code_map: Mapping[str, str]) -> None:
        rows = list(rows)
        for n, row in enumerate(rows, 1):
            _check_row(row, self._where(n))
        paths = list(dict.fromkeys(str(row["code"]).strip().strip("/") for row in rows))
        targets = merge_codes(self.project, [CodeDef(path) for path in paths], code_map, self.report)
        for n, row in enumerate(rows, 1):
            doc = str(row["doc"]).strip()
            incoming = Incoming(
                self._where(n), targets[str(row["code"]).strip().strip("/")],
                self.prefix + str(row.get("coder") or self.default_coder),
                _offset(row.get("start"), self._where(n)), _offset(row.get("end"), self._where(n)),
                str(row.get("text") or row.get("quote") or ""), str(row.get("memo") or ""),
                str(row.get("created") or ""))
            self.store(self._target(doc, str(row.get("doc_sha256") or "")), incoming, doc)

    def _where(self, n: int) -> str:
        return f"{self.report.source}:{n}"

    def _target(self, doc: str, sha: str) -> Target | None:
        """The project document a row's `doc` (and `doc_sha256`) names; None when there is none."""
        if (doc, sha) not in self.targets:
            doc_id = self.index.match(sha, doc) if sha else None
            same_text = doc_id is not None
            doc_id = doc_id if doc_id is not None else self.index.named(doc)
            self.targets[(doc, sha)] = None if doc_id is None else self.index.target(doc_id, same_text=same_text)
            target = self.targets[(doc, sha)]
            if target is None:
                self.report.documents_skipped.append((doc, "no such document in the project"))
            elif sha and not same_text:
                self.report.documents_changed.append(target.name)
            elif target.name not in self.report.documents_matched:
                self.report.documents_matched.append(target.name)
        return self.targets[(doc, sha)]


def _check_row(row: dict[str, Any], where: str) -> None:
    if not str(row.get("doc") or "").strip() or not str(row.get("code") or "").strip("/ "):
        raise InputError(f"{where}: needs 'doc' and 'code'")
    has_offsets = row.get("start") not in (None, "") and row.get("end") not in (None, "")
    if not has_offsets and not str(row.get("text") or row.get("quote") or "").strip():
        raise InputError(f"{where}: needs 'start' and 'end', or the quoted 'text'")


def _offset(value: Any, where: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError(f"{where}: offset '{value}' is not a whole number") from None
