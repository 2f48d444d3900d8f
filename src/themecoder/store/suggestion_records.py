"""Saving suggestion runs and reading them back (with the decisions taken on their items)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from themecoder.core.errors import InputError, NotFoundError
from themecoder.store.suggestion_model import (
    CodeRun,
    Excerpt,
    GroupRun,
    SuggestedCode,
    SuggestedGroup,
    SuggestedTheme,
    ThemeRun,
)

if TYPE_CHECKING:
    import sqlite_utils


class SuggestionRecords:
    db: sqlite_utils.Database

    def _new_run(self, kind: str, coder: str, params: dict[str, Any], *, unit: str | None = None,
                 scope: str | None = None, k: int | None = None, seed: int | None = None,
                 method: str | None = None, k_reason: str = "", notes: Sequence[str] = ()) -> int:
        cursor = self.db.execute(
            "INSERT INTO suggestion_runs (kind, unit, scope, k, seed, method, params, k_reason, "
            "notes, coder, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [kind, unit, scope, k, seed, method, json.dumps(params, ensure_ascii=False, default=str),
             k_reason, json.dumps(list(notes), ensure_ascii=False), coder, _now()])
        return int(cursor.lastrowid or 0)

    def _save_themes(self, run_id: int, themes: list[SuggestedTheme]) -> None:
        self.db.conn.executemany(
            "INSERT INTO suggested_themes (run_id, theme, label, keywords, size, nearest_code, "
            "nearest_score) VALUES (?,?,?,?,?,?,?)",
            [(run_id, t.id, t.label, json.dumps(t.keywords, ensure_ascii=False), t.size,
              t.nearest_code[0] if t.nearest_code else None,
              t.nearest_code[1] if t.nearest_code else None) for t in themes])
        self.db.conn.executemany(
            'INSERT INTO suggested_theme_members (run_id, theme, doc_id, start, "end", central) '
            "VALUES (?,?,?,?,?,?)",
            [(run_id, t.id, m.doc_id, m.start, m.end, int(m is t.representative))
             for t in themes for m in t.members])

    def _save_groups(self, run_id: int, groups: list[SuggestedGroup]) -> None:
        self.db.conn.executemany(
            "INSERT INTO suggested_groups (run_id, grp, codes, score, evidence) VALUES (?,?,?,?,?)",
            [(run_id, g.id, json.dumps(g.codes, ensure_ascii=False), g.score,
              json.dumps(g.evidence, ensure_ascii=False, default=str)) for g in groups])

    def _save_code_suggestions(self, run_id: int, rows: list[SuggestedCode]) -> None:
        ids = {c.path: c.id for c in self.codes()}  # type: ignore[attr-defined]
        for row in rows:
            cursor = self.db.execute(
                'INSERT INTO code_suggestions (run_id, doc_id, start, "end", code_id, score) '
                "VALUES (?,?,?,?,?,?)",
                [run_id, row.excerpt.doc_id, row.excerpt.start, row.excerpt.end, ids[row.code],
                 row.score])
            row.id = int(cursor.lastrowid or 0)

    # --- reading back ----------------------------------------------------------------------------

    def suggestion_run(self, run_id: int, kind: str | None = None) -> dict[str, Any]:
        """A run's record (kind, unit, scope, k, seed, method, params, k_reason, notes, coder...)."""
        rows = list(self.db.query("SELECT * FROM suggestion_runs WHERE id = ?", [run_id]))
        if not rows:
            raise NotFoundError(f"--run {run_id}: no such suggestion run in this project")
        run = rows[0]
        if kind is not None and run["kind"] != kind:
            raise InputError(f"--run {run_id}: is a '{run['kind']}' run, not '{kind}'")
        run["params"] = json.loads(run["params"] or "{}")
        run["notes"] = json.loads(run["notes"] or "[]")
        return run

    def suggestion_runs(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every run (newest first), without its results."""
        return [self.suggestion_run(r[0]) for r in self.db.execute(
            "SELECT id FROM suggestion_runs WHERE ? IS NULL OR kind = ? ORDER BY id DESC",
            [kind, kind])]

    def latest_run_id(self, kind: str) -> int | None:
        row = self.db.execute(
            "SELECT max(id) FROM suggestion_runs WHERE kind = ?", [kind]).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def theme_run(self, run_id: int) -> ThemeRun:
        """A stored theme run with its members' text and the decisions taken on its themes."""
        run = self.suggestion_run(run_id, "themes")
        members: dict[int, list[tuple[int, int, int, int]]] = {}
        for theme, doc_id, start, end, central in self.db.execute(
                'SELECT theme, doc_id, start, "end", central FROM suggested_theme_members '
                "WHERE run_id = ? ORDER BY rowid", [run_id]):
            members.setdefault(theme, []).append((doc_id, start, end, central))
        texts = self.document_texts({m[0] for rows in members.values() for m in rows})  # type: ignore[attr-defined]
        decisions = self._theme_decisions(run_id)
        themes = []
        for theme, label, keywords, nearest, score in self.db.execute(
                "SELECT theme, label, keywords, nearest_code, nearest_score FROM suggested_themes "
                "WHERE run_id = ? ORDER BY theme", [run_id]):
            excerpts = [(Excerpt(d, texts[d][0], s, e, texts[d][1][s:e]), c)
                        for d, s, e, c in members.get(theme, [])]
            central = next((x for x, c in excerpts if c), None)
            decision, code = decisions.get(theme, (None, None))
            themes.append(SuggestedTheme(theme, label, json.loads(keywords), [x for x, _ in excerpts],
                                         (nearest, score) if nearest else None, central, decision, code))
        return ThemeRun(run_id, run["unit"], run["scope"], run["k"], run["seed"], run["method"],
                        themes, run["params"], run["k_reason"], run["created_at"], run["coder"])

    def _theme_decisions(self, run_id: int) -> dict[int, tuple[str, str | None]]:
        return {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT d.item, d.decision, c.path FROM suggestion_decisions d "
            "LEFT JOIN codes c ON c.id = d.code_id WHERE d.run_id = ? AND d.kind = 'theme' "
            "ORDER BY d.id", [run_id])}

    def group_run(self, run_id: int) -> GroupRun:
        run = self.suggestion_run(run_id, "groups")
        groups = [SuggestedGroup(r[0], json.loads(r[1]), r[2], json.loads(r[3])) for r in
                  self.db.execute("SELECT grp, codes, score, evidence FROM suggested_groups "
                                  "WHERE run_id = ? ORDER BY grp", [run_id])]
        return GroupRun(run_id, groups, run["params"], run["notes"])

    def code_run(self, run_id: int) -> CodeRun:
        """A stored code-suggestion run (the suggestions not yet decided on), best first."""
        run = self.suggestion_run(run_id, "codes")
        rows = list(self.db.execute(
            'SELECT s.id, s.doc_id, s.start, s."end", c.path, s.score FROM code_suggestions s '
            "JOIN codes c ON c.id = s.code_id WHERE s.run_id = ? AND NOT EXISTS (SELECT 1 FROM "
            "suggestion_decisions d WHERE d.kind = 'code' AND d.run_id = s.run_id AND d.item = s.id) "
            'ORDER BY s.score DESC, s.doc_id, s.start', [run_id]))
        texts = self.document_texts({r[1] for r in rows})  # type: ignore[attr-defined]
        suggestions = [SuggestedCode(i, Excerpt(d, texts[d][0], s, e, texts[d][1][s:e]), code, score)
                       for i, d, s, e, code, score in rows]
        return CodeRun(run_id, suggestions, run["notes"], run["params"])


def _now() -> str:
    from themecoder.store.project import now

    return now()
