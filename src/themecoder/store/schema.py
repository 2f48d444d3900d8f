"""Versioned schema migrations, applied in order and recorded in `_migrations` and `user_version`.

Add a migration by appending a function `mNNN_<what>(db)` to MIGRATIONS; never edit a released one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils


def m001_initial(db: sqlite_utils.Database) -> None:
    """Documents, segments, cases, codebook, codings, memos, history, settings."""
    db.execute("""
        CREATE TABLE project_meta (key TEXT PRIMARY KEY, value TEXT)""")
    db.execute("""
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, guid TEXT)""")
    db.execute("""
        CREATE TABLE attributes (
            case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            name TEXT NOT NULL, value TEXT,
            PRIMARY KEY (case_id, name))""")
    db.execute("""
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
            case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
            sha256 TEXT NOT NULL, import_key TEXT NOT NULL UNIQUE, text TEXT NOT NULL,
            lang TEXT NOT NULL, words INTEGER NOT NULL, source_path TEXT, source_format TEXT,
            imported_at TEXT NOT NULL, meta TEXT, guid TEXT)""")
    db.execute("CREATE INDEX documents_sha256 ON documents(sha256)")
    db.execute("CREATE INDEX documents_case ON documents(case_id)")
    db.execute("""
        CREATE TABLE segments (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('turn', 'sentence')), idx INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, speaker TEXT, time REAL, end_time REAL,
            CHECK (start >= 0 AND "end" >= start), UNIQUE (doc_id, kind, idx))""")
    db.execute("""
        CREATE TABLE codes (
            id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
            parent_id INTEGER REFERENCES codes(id) ON DELETE RESTRICT,
            description TEXT NOT NULL DEFAULT '', include TEXT NOT NULL DEFAULT '',
            exclude TEXT NOT NULL DEFAULT '', examples TEXT NOT NULL DEFAULT '[]',
            color TEXT, shortcut TEXT, position INTEGER NOT NULL DEFAULT 0, guid TEXT,
            created_at TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE coders (name TEXT PRIMARY KEY, guid TEXT)""")
    db.execute("""
        CREATE TABLE codings (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE RESTRICT,
            coder TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, memo TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '', guid TEXT,
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (doc_id, code_id, coder, start, "end"))""")
    db.execute("CREATE INDEX codings_doc ON codings(doc_id, start)")
    db.execute("CREATE INDEX codings_code ON codings(code_id)")
    db.execute("CREATE INDEX codings_coder ON codings(coder)")
    db.execute("""
        CREATE TABLE unplaced_codings (
            id INTEGER PRIMARY KEY, doc_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
            doc_name TEXT, code_path TEXT NOT NULL, coder TEXT NOT NULL, start INTEGER, "end" INTEGER,
            text TEXT NOT NULL, memo TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE memos (
            id INTEGER PRIMARY KEY, target_kind TEXT NOT NULL, target_id INTEGER,
            doc_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER, "end" INTEGER, coder TEXT NOT NULL, text TEXT NOT NULL,
            created_at TEXT NOT NULL, guid TEXT)""")
    db.execute("CREATE INDEX memos_target ON memos(target_kind, target_id)")
    db.execute("""
        CREATE TABLE history (
            id INTEGER PRIMARY KEY, coder TEXT NOT NULL, action TEXT NOT NULL,
            payload TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX history_coder ON history(coder, id)")
    db.execute("""
        CREATE VIRTUAL TABLE sentences_fts USING fts5(
            text, doc_id UNINDEXED, start UNINDEXED, "end" UNINDEXED, tokenize = 'unicode61')""")
    # Documents whose sentences are in sentences_fts: the index is filled on first search,
    # not at import, which keeps import within 1.5x of spaCy's own segmentation time.
    db.execute("""
        CREATE TABLE search_indexed (
            doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE)""")


def m002_adjudication(db: sqlite_utils.Database) -> None:
    """Adjudication decisions, so settling two coders' disagreements can stop and resume.

    One row per disagreement region (code, document, `[start, end)`, the two coders in alphabetical
    order as `coder_a`, `coder_b`). `decision` `a`/`b` keeps that coder's spans; `consensus_ids`
    lists the `consensus` codings the decision added, so a changed decision can replace them.
    """
    db.execute("""
        CREATE TABLE adjudications (
            id INTEGER PRIMARY KEY,
            code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            coder_a TEXT NOT NULL, coder_b TEXT NOT NULL,
            decision TEXT NOT NULL
                CHECK (decision IN ('a', 'b', 'union', 'intersection', 'neither', 'skip')),
            consensus_ids TEXT NOT NULL DEFAULT '[]',
            decided_by TEXT NOT NULL, decided_at TEXT NOT NULL,
            CHECK (coder_a < coder_b),
            UNIQUE (code_id, doc_id, start, "end", coder_a, coder_b))""")
    db.execute("CREATE INDEX adjudications_pair ON adjudications(coder_a, coder_b)")


def m003_suggestions(db: sqlite_utils.Database) -> None:
    """Suggestion runs, their results, and the decisions taken on them.

    `suggestion_runs` records every run (kind `themes`, `groups` or `codes`), with its unit, scope,
    k, seed, method and every parameter as JSON, the reason for an automatic k, notes and the coder
    who ran it. Themes keep their members as `(doc_id, start, end)`; candidate code groups their
    codes and evidence as JSON; code suggestions `(doc_id, start, end, code, score)`.
    `suggestion_decisions` holds what was accepted or rejected: rejected code suggestions (by
    passage and code) and decided groups (by their codes' ids) are not suggested again.
    """
    db.execute("""
        CREATE TABLE suggestion_runs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('themes', 'groups', 'codes')),
            unit TEXT, scope TEXT, k INTEGER, seed INTEGER, method TEXT,
            params TEXT NOT NULL DEFAULT '{}', k_reason TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '[]', coder TEXT NOT NULL, created_at TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE suggested_themes (
            run_id INTEGER NOT NULL REFERENCES suggestion_runs(id) ON DELETE CASCADE,
            theme INTEGER NOT NULL, label TEXT NOT NULL, keywords TEXT NOT NULL DEFAULT '[]',
            size INTEGER NOT NULL, nearest_code TEXT, nearest_score REAL,
            PRIMARY KEY (run_id, theme))""")
    db.execute("""
        CREATE TABLE suggested_theme_members (
            run_id INTEGER NOT NULL, theme INTEGER NOT NULL,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            central INTEGER NOT NULL DEFAULT 0,
            FOREIGN KEY (run_id, theme) REFERENCES suggested_themes(run_id, theme)
                ON DELETE CASCADE)""")
    db.execute("CREATE INDEX suggested_theme_members_theme ON suggested_theme_members(run_id, theme)")
    db.execute("""
        CREATE TABLE suggested_groups (
            run_id INTEGER NOT NULL REFERENCES suggestion_runs(id) ON DELETE CASCADE,
            grp INTEGER NOT NULL, codes TEXT NOT NULL, score REAL NOT NULL,
            evidence TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (run_id, grp))""")
    db.execute("""
        CREATE TABLE code_suggestions (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES suggestion_runs(id) ON DELETE CASCADE,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
            score REAL NOT NULL)""")
    db.execute("CREATE INDEX code_suggestions_run ON code_suggestions(run_id)")
    db.execute("""
        CREATE TABLE suggestion_decisions (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES suggestion_runs(id) ON DELETE SET NULL,
            kind TEXT NOT NULL CHECK (kind IN ('theme', 'group', 'code')),
            item INTEGER,
            doc_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER, "end" INTEGER,
            code_id INTEGER REFERENCES codes(id) ON DELETE CASCADE,
            code_ids TEXT NOT NULL DEFAULT '[]',
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            codings INTEGER NOT NULL DEFAULT 0,
            coder TEXT NOT NULL, decided_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX suggestion_decisions_run ON suggestion_decisions(run_id, kind, item)")
    db.execute("CREATE INDEX suggestion_decisions_passage ON suggestion_decisions(doc_id, start)")


def m004_coding_guids(db: sqlite_utils.Database) -> None:
    """Codings' ids are never used again, and every coding has a GUID from when it is stored.

    The table is rebuilt with AUTOINCREMENT, its sequence starting above every id the history
    names: an undo must bring a removed coding back under its own id, which a coding another
    coder added meanwhile may otherwise have taken (and so the coding would be lost). Codings
    stored before get the GUID an export would have derived for them
    (`coding_guids.fill_coding_guids`); `codings_guid` keeps GUIDs unique and finds one quickly.
    """
    from themecoder.store.coding_guids import fill_coding_guids

    _set_aside_orphan_codings(db)
    db.execute("""
        CREATE TABLE codings_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE RESTRICT,
            coder TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, memo TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '', guid TEXT,
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (doc_id, code_id, coder, start, "end"))""")
    db.execute("INSERT INTO codings_new SELECT id, doc_id, code_id, coder, start, \"end\", text, memo, "
               "created_at, source, guid FROM codings ORDER BY id")
    db.execute("DROP TABLE codings")
    db.execute("ALTER TABLE codings_new RENAME TO codings")
    db.execute("CREATE INDEX codings_doc ON codings(doc_id, start)")
    db.execute("CREATE INDEX codings_code ON codings(code_id)")
    db.execute("CREATE INDEX codings_coder ON codings(coder)")
    db.execute("DELETE FROM sqlite_sequence WHERE name = 'codings'")  # no UNIQUE: one row
    db.execute("""
        INSERT INTO sqlite_sequence (name, seq) SELECT 'codings', max(coalesce(
            (SELECT max(id) FROM codings), 0), coalesce((SELECT max(coalesce(
            json_extract(payload, '$.coding.id'), json_extract(payload, '$.coding_id')))
            FROM history WHERE json_valid(payload)), 0))""")
    fill_coding_guids(db)
    db.execute("CREATE UNIQUE INDEX codings_guid ON codings(guid)")


def _set_aside_orphan_codings(db: sqlite_utils.Database) -> None:
    """Codings whose document or code is gone (possible only if foreign keys were ever off) go to
    `unplaced_codings` with the reason, so the rebuilt table's foreign keys hold and none is lost."""
    orphan = ("NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = g.doc_id) "
              "OR NOT EXISTS (SELECT 1 FROM codes c WHERE c.id = g.code_id)")
    db.execute(f"""
        INSERT INTO unplaced_codings (doc_id, doc_name, code_path, coder, start, "end", text, memo,
                                      reason, source, created_at)
        SELECT d.id, d.name, coalesce(c.path, 'missing code ' || g.code_id), g.coder, g.start,
               g."end", g.text, g.memo, ?, g.source, g.created_at
        FROM codings g LEFT JOIN documents d ON d.id = g.doc_id LEFT JOIN codes c ON c.id = g.code_id
        WHERE {orphan}""", ["its document or code was missing when the project was upgraded"])
    db.execute(f"DELETE FROM codings WHERE id IN (SELECT g.id FROM codings g WHERE {orphan})")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [m001_initial, m002_adjudication,
                                                                   m003_suggestions, m004_coding_guids]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(db: sqlite_utils.Database) -> int:
    """The schema version recorded in the file (0 for a new, empty file)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def pending(db: sqlite_utils.Database) -> list[Callable[[sqlite_utils.Database], None]]:
    """Migrations not yet applied to this file."""
    return MIGRATIONS[current_version(db):]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations, each in its own transaction. Returns the names applied."""
    applied = []
    for index, migration in enumerate(MIGRATIONS):
        if index < current_version(db):
            continue
        with db.atomic():
            if not db["_migrations"].exists():
                db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
            migration(db)
            db.execute(
                "INSERT INTO _migrations VALUES (?, ?)",
                [migration.__name__, datetime.now(UTC).isoformat(timespec="seconds")],
            )
            db.execute(f"PRAGMA user_version = {index + 1}")
        applied.append(migration.__name__)
    return applied
