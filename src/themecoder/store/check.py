"""`themecoder check`: find what is wrong in a project file and, where it is safe, repair it.

Checks: SQLite's own `integrity_check`, rows pointing at rows that no longer exist
(`foreign_key_check`), codings outside their document or whose quoted text no longer matches it,
duplicate segments, a document whose text no longer has its recorded hash, and the full-text index.

Repairs never delete a user's coding: a coding whose quote is found once elsewhere in its document
is re-anchored there; any other broken coding is moved, with its quote, coder and memo, to
`unplaced_codings`. Derived data (segments, the search index, hashes) is rebuilt or dropped. A damaged
file (integrity_check not ok) is not touched: restore a backup instead. A backup is written first.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from themecoder.core.text import text_sha256
from themecoder.store.check_repair import CheckRepairs, fixable

if TYPE_CHECKING:
    import sqlite_utils

MAX_INTEGRITY_MESSAGES = 20


@dataclass(slots=True)
class Problem:
    """One thing wrong in the project file, and what `--repair` did about it ('' = nothing)."""

    kind: str  # integrity | orphan | out-of-range | quote-mismatch | duplicate-segment | hash | search-index
    where: str  # "codings 12", "segments 40", "file"
    detail: str
    repair: str = ""


@dataclass(slots=True)
class CheckReport:
    """Everything `check_project` found; `remaining` are the problems still there."""

    problems: list[Problem] = field(default_factory=list)
    unplaced: int = (
        0  # codings kept aside in unplaced_codings (not a problem, shown for information)
    )
    backup: str | None = None

    @property
    def remaining(self) -> list[Problem]:
        return [p for p in self.problems if not p.repair]

    @property
    def ok(self) -> bool:
        return not self.remaining

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": [asdict(p) for p in self.problems],
            "repaired": len(self.problems) - len(self.remaining),
            "remaining": len(self.remaining),
            "unplaced_codings": self.unplaced,
            "backup": self.backup,
        }


class CheckStore(CheckRepairs):
    db: sqlite_utils.Database
    path: Path

    def check_project(self, *, repair: bool = False, coder: str = "check") -> CheckReport:
        """Check the project file; with `repair`, fix what is safe to fix in one transaction.

        A backup of the file (beside it, `*.pre-repair-*.bak.db`) is written before any repair.
        """
        report = CheckReport()
        damaged = self._check_integrity(report)
        if damaged:
            return report
        self._find_problems(report)
        if repair and any(fixable(p) for p in report.problems):
            from themecoder.store.backup import backup_to, stamped_backup_path

            report.backup = str(
                backup_to(self.db.conn, stamped_backup_path(self.path, "pre-repair"))
            )
            with self.transaction():  # type: ignore[attr-defined]
                self._repair(report.problems)
                done = [asdict(p) for p in report.problems if p.repair]
                self.record(coder, "repair", {"repairs": done})  # type: ignore[attr-defined]
        report.unplaced = int(
            self.db.execute("SELECT count(*) FROM unplaced_codings").fetchone()[0]
        )
        return report

    def _check_integrity(self, report: CheckReport) -> bool:
        """SQLite's own check of the file's structure; True when the file is damaged."""
        try:
            rows = [r[0] for r in self.db.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as err:
            rows = [str(err)]
        if rows == ["ok"]:
            return False
        for message in rows[:MAX_INTEGRITY_MESSAGES]:
            report.problems.append(
                Problem(
                    "integrity",
                    "file",
                    f"{message} (restore a backup; `sqlite3 FILE .recover` may save the rest)",
                )
            )
        return True

    def _find_problems(self, report: CheckReport) -> None:
        for finder in (
            self._orphan_rows,
            self._coding_problems,
            self._duplicate_segments,
            self._changed_texts,
            self._search_index_problems,
        ):
            report.problems.extend(finder())

    def _orphan_rows(self) -> list[Problem]:
        """Rows that point at a document, code, case... that no longer exists."""
        return [
            Problem("orphan", f"{table} {rowid}", f"refers to a missing row of {parent}")
            for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check")
        ]

    def _coding_problems(self) -> list[Problem]:
        """Codings outside their document's text, or whose quote differs from the text they cover."""
        problems, texts = [], self._texts_by_id()
        for coding_id, doc_id, start, end, quote in self.db.execute(
            'SELECT id, doc_id, start, "end", text FROM codings '
            "WHERE code_id IN (SELECT id FROM codes) ORDER BY id"
        ):
            text = texts.get(doc_id)
            if text is None:
                continue  # an orphan, reported by foreign_key_check
            where = f"codings {coding_id}"
            if not (0 <= start < end <= len(text)):
                problems.append(
                    Problem(
                        "out-of-range",
                        where,
                        f"offsets {start}-{end} are outside the document's text (0-{len(text)})",
                    )
                )
            elif text[start:end] != quote:
                problems.append(
                    Problem(
                        "quote-mismatch",
                        where,
                        f"quoted text '{_short(quote)}' no "
                        f"longer matches the document ('{_short(text[start:end])}')",
                    )
                )
        return problems

    def _duplicate_segments(self) -> list[Problem]:
        rows = self.db.execute(
            'SELECT doc_id, kind, start, "end", count(*) FROM segments '
            'GROUP BY doc_id, kind, start, "end" HAVING count(*) > 1'
        ).fetchall()
        return [
            Problem(
                "duplicate-segment",
                f"documents {doc_id}",
                f"{kind} {start}-{end} is stored {n} times",
            )
            for doc_id, kind, start, end, n in rows
        ]

    def _changed_texts(self) -> list[Problem]:
        """Documents whose text no longer has the hash recorded at import (merge matches on it)."""
        return [
            Problem(
                "hash",
                f"documents {doc_id}",
                f"'{name}': text changed since import (sha256 differs)",
            )
            for doc_id, name, text, sha in self.db.execute(
                "SELECT id, name, text, sha256 FROM documents ORDER BY id"
            )
            if text_sha256(text) != sha
        ]

    def _search_index_problems(self) -> list[Problem]:
        """The sentence index must hold exactly the indexed documents' sentences, once each."""
        try:
            self.db.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as err:
            return [
                Problem("search-index", "sentences_fts", f"the full-text index is damaged ({err})")
            ]
        stray = self.db.execute(
            "SELECT count(*) FROM sentences_fts WHERE doc_id NOT IN (SELECT doc_id FROM search_indexed) "
            "OR doc_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
        twice = self.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM sentences_fts GROUP BY doc_id, start "
            "HAVING count(*) > 1)"
        ).fetchone()[0]
        wrong = stray + twice
        return (
            [
                Problem(
                    "search-index",
                    "sentences_fts",
                    f"{wrong} sentences of the full-text index "
                    "belong to no document or are indexed twice",
                )
            ]
            if wrong
            else []
        )


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return json.dumps(flat if len(flat) <= limit else flat[: limit - 1] + "…", ensure_ascii=False)[
        1:-1
    ]
