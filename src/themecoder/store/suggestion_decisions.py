"""Accepting and rejecting suggestions, each in one transaction.

Accepted themes and code suggestions become codings by the coder `suggest` (unless another is
given), so agreement between people and the machine is measured like any other pair of coders.
Accepting a group of codes moves the codes under a new parent code; their codings follow them
(rename), nothing else changes. Every decision is recorded in `suggestion_decisions`, with the
person who took it: rejected code suggestions and decided groups are not suggested again.
Each accept and reject is one `accept` or `reject` action in that person's undo history, holding
the rows it wrote (see `history_decisions`), so one undo takes back the whole decision.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from themecoder.core.codebook import ancestors, normalise_path
from themecoder.core.errors import InputError, NotFoundError
from themecoder.store.history_decisions import high_marks, rows_since
from themecoder.store.suggestion_model import SUGGEST_CODER, Accepted, SuggestedCode, SuggestedGroup

if TYPE_CHECKING:
    import sqlite_utils


class SuggestionDecisions:
    db: sqlite_utils.Database

    def accept_theme(self, run_id: int, theme_id: int, code: str, *, create: bool = True,
                     coder: str = SUGGEST_CODER, decided_by: str = "") -> Accepted:
        """Code every member of a theme with `code` (created when new if `create`, else it must
        exist) as `coder`. Returns what was added."""
        with self.transaction():  # type: ignore[attr-defined]
            marks = high_marks(self.db.conn)
            theme = _find(self.theme_run(run_id).themes, theme_id, "--theme", run_id)  # type: ignore[attr-defined]
            path = _checked_path(code) if create else self.code(code).path  # type: ignore[attr-defined]
            rows = [{"doc": m.doc_id, "code": path, "start": m.start, "end": m.end} for m in theme.members]
            report = self.add_codings(rows, coder=coder, source=f"suggest:themes:{run_id}")  # type: ignore[attr-defined]
            self._decide("theme", run_id, theme_id, "accepted", decided_by or coder,
                         code_id=self.code_id(path), codings=report.added)  # type: ignore[attr-defined]
            self._remember("accept", decided_by or coder, marks, "theme", run_id, [theme_id], path)
        return Accepted(run_id, path, report.added, report.duplicates, report.codes_created,
                        coding_ids=report.ids, accepted=1)

    def reject_theme(self, run_id: int, theme_id: int, *, decided_by: str) -> None:
        with self.transaction():  # type: ignore[attr-defined]
            marks = high_marks(self.db.conn)
            _find(self.theme_run(run_id).themes, theme_id, "--theme", run_id)  # type: ignore[attr-defined]
            self._decide("theme", run_id, theme_id, "rejected", decided_by)
            self._remember("reject", decided_by, marks, "theme", run_id, [theme_id])

    def accept_group(self, run_id: int, group_id: int, parent: str | None = None, *,
                     decided_by: str) -> Accepted:
        """Make the group's codes children of `parent` (a new theme code unless it exists; default
        `theme-RUN-GROUP` beside them). Their codings follow them; nothing else changes."""
        with self.transaction():  # type: ignore[attr-defined]
            marks = high_marks(self.db.conn)
            group = _find(self.group_run(run_id).groups, group_id, "--group", run_id)  # type: ignore[attr-defined]
            codes = [self.code(path) for path in group.codes]  # type: ignore[attr-defined]
            path = _checked_path(parent) if parent else default_group_parent(group, run_id)
            created = self.db.execute("SELECT 1 FROM codes WHERE path = ?", [path]).fetchone() is None
            parent_id = self.code_id(path, create=True)  # type: ignore[attr-defined]
            moved = self._move_under(path, [c.path for c in codes])
            self._decide("group", run_id, group_id, "accepted", decided_by, code_id=parent_id,
                         code_ids=[c.id or 0 for c in codes])
            self._remember("accept", decided_by, marks, "group", run_id, [group_id], path, moved)
        return Accepted(run_id, path, codes_created=[path] if created else [], moved=moved,
                        accepted=1)

    def _move_under(self, parent: str, paths: list[str]) -> list[tuple[str, str]]:
        moved = []
        for path in paths:
            if any(a in paths for a in ancestors(path)):
                continue  # moves with its parent
            if parent == path or parent.startswith(path + "/"):
                raise InputError(f"--as-code {parent}: is the grouped code {path} or inside it")
            new = f"{parent}/{path.rsplit('/', 1)[-1]}"
            if new != path:
                self.rename_code(path, new)  # type: ignore[attr-defined]
                moved.append((path, new))
        return moved

    def reject_group(self, run_id: int, group_id: int, *, decided_by: str) -> None:
        with self.transaction():  # type: ignore[attr-defined]
            marks = high_marks(self.db.conn)
            group = _find(self.group_run(run_id).groups, group_id, "--group", run_id)  # type: ignore[attr-defined]
            ids = [self.code(path).id or 0 for path in group.codes]  # type: ignore[attr-defined]
            self._decide("group", run_id, group_id, "rejected", decided_by, code_ids=ids)
            self._remember("reject", decided_by, marks, "group", run_id, [group_id])

    def accept_code_suggestions(self, run_id: int, *, ids: Sequence[int] = (),
                                min_score: float | None = None, coder: str = SUGGEST_CODER,
                                decided_by: str = "") -> Accepted:
        """Code the chosen open suggestions of a run (by id, else those scoring >= min_score,
        else all of them) with their code, as `coder`."""
        with self.transaction():  # type: ignore[attr-defined]
            marks = high_marks(self.db.conn)
            chosen = self._chosen_suggestions(run_id, ids, min_score)
            rows = [{"doc": s.excerpt.doc_id, "code": s.code, "start": s.excerpt.start,
                     "end": s.excerpt.end} for s in chosen]
            report = self.add_codings(rows, coder=coder, source=f"suggest:codes:{run_id}")  # type: ignore[attr-defined]
            for suggestion in chosen:
                self._decide_code(run_id, suggestion, "accepted", decided_by or coder)
            if chosen:
                self._remember("accept", decided_by or coder, marks, "code", run_id,
                               [s.id for s in chosen], _one_code(chosen))
        return Accepted(run_id, None, report.added, report.duplicates, report.codes_created,
                        coding_ids=report.ids, accepted=len(chosen))

    def reject_code_suggestions(self, run_id: int, ids: Sequence[int], *, decided_by: str) -> int:
        """Reject open suggestions of a run: that code is not suggested for that passage again."""
        with self.transaction():  # type: ignore[attr-defined]
            marks = high_marks(self.db.conn)
            chosen = self._chosen_suggestions(run_id, ids, None)
            for suggestion in chosen:
                self._decide_code(run_id, suggestion, "rejected", decided_by)
            if chosen:
                self._remember("reject", decided_by, marks, "code", run_id, [s.id for s in chosen])
        return len(chosen)

    def _chosen_suggestions(self, run_id: int, ids: Sequence[int],
                            min_score: float | None) -> list[SuggestedCode]:
        open_ones = self.code_run(run_id).suggestions  # type: ignore[attr-defined]
        if ids:
            by_id = {s.id: s for s in open_ones}
            missing = [i for i in ids if i not in by_id]
            if missing:
                raise NotFoundError(f"--id {missing[0]}: not an open suggestion of run {run_id} "
                                    f"(already decided, or from another run)")
            return [by_id[i] for i in dict.fromkeys(ids)]
        return [s for s in open_ones if min_score is None or s.score >= min_score]

    def _decide_code(self, run_id: int, suggestion: SuggestedCode, decision: str, by: str) -> None:
        x = suggestion.excerpt
        self._decide("code", run_id, suggestion.id, decision, by, doc_id=x.doc_id, start=x.start,
                     end=x.end, code_id=self.code_id(suggestion.code))  # type: ignore[attr-defined]

    def _decide(self, kind: str, run_id: int, item: int, decision: str, by: str, *,
                doc_id: int | None = None, start: int | None = None, end: int | None = None,
                code_id: int | None = None, code_ids: Sequence[int] = (), codings: int = 0) -> None:
        self.db.execute(
            'INSERT INTO suggestion_decisions (run_id, kind, item, doc_id, start, "end", code_id, '
            "code_ids, decision, codings, coder, decided_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [run_id, kind, item, doc_id, start, end, code_id, json.dumps(sorted(code_ids)), decision,
             codings, by, _now()])

    def _remember(self, action: str, by: str, marks: dict[str, int], kind: str, run_id: int,
                  items: list[int], code: str | None = None,
                  moved: Sequence[tuple[str, str]] = ()) -> None:
        """Record the decision in `by`'s undo history with the rows it wrote (same transaction)."""
        payload = {"kind": kind, "run_id": run_id, "items": items, "code": code,
                   "moved": [list(m) for m in moved], **rows_since(self.db.conn, marks)}
        self.record(by, action, payload)  # type: ignore[attr-defined]

    def rejected_code_passages(self) -> set[tuple[int, int, int, str]]:
        """(doc_id, start, end, code path) of every rejected code suggestion."""
        return {tuple(r) for r in self.db.execute(
            'SELECT d.doc_id, d.start, d."end", c.path FROM suggestion_decisions d '
            "JOIN codes c ON c.id = d.code_id WHERE d.kind = 'code' AND d.decision = 'rejected'")}

    def decided_groups(self) -> set[tuple[int, ...]]:
        """The code ids (sorted) of every group accepted or rejected before."""
        return {tuple(json.loads(r[0])) for r in self.db.execute(
            "SELECT code_ids FROM suggestion_decisions WHERE kind = 'group'")}


def _find(items: Sequence[object], item_id: int, option: str, run_id: int):  # type: ignore[no-untyped-def]
    found = next((x for x in items if x.id == item_id), None)  # type: ignore[attr-defined]
    if found is None:
        known = ", ".join(str(x.id) for x in items) or "none"  # type: ignore[attr-defined]
        raise NotFoundError(f"{option} {item_id}: not in run {run_id} (it has {known})")
    return found


def _one_code(chosen: Sequence[SuggestedCode]) -> str | None:
    """The code of the chosen suggestions when they all have the same one."""
    codes = {s.code for s in chosen}
    return codes.pop() if len(codes) == 1 else None


def _checked_path(path: str) -> str:
    try:
        return normalise_path(path)
    except ValueError as err:
        raise InputError(f"code '{path}': {err}") from None


def default_group_parent(group: SuggestedGroup, run_id: int) -> str:
    """`theme-RUN-GROUP`, under the codes' common parent when they share one."""
    parents = {p.rsplit("/", 1)[0] if "/" in p else "" for p in group.codes}
    name = f"theme-{run_id}-{group.id}"
    common = parents.pop() if len(parents) == 1 else ""
    return f"{common}/{name}" if common else name


def _now() -> str:
    from themecoder.store.project import now

    return now()
