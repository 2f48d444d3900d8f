"""The suggestion store: migration m003, scopes at span boundaries, progress, all-or-nothing accepts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from themecoder.core.errors import InputError
from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project
from themecoder.store.schema import m001_initial, m002_adjudication

TEXT = "Parking was hard. The food was cold. Nurses were kind. Parking costs a lot."
# sentence spans: [0,17) [18,36) [37,54) [55,75)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project(tmp_path / "s.db")
    p.add_documents([ParsedDocument("doc", TEXT, [Turn(0, len(TEXT))], "txt")])
    return p


def test_m003_upgrades_a_version_2_file(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    for migration in (m001_initial, m002_adjudication):
        migration(Database(conn))
        conn.execute("INSERT INTO _migrations VALUES (?, '2024-01-01')", [migration.__name__])
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    with Project(path) as project:
        assert project.db.execute("PRAGMA user_version").fetchone()[0] >= 3
        for table in ("suggestion_runs", "suggested_themes", "suggested_theme_members",
                      "suggested_groups", "code_suggestions", "suggestion_decisions"):
            assert project.db[table].exists()
        assert project.suggestion_runs() == []


def test_uncoded_scope_at_span_boundaries(project: Project) -> None:
    project.add_coding("doc", "a", 17, 18, coder="ana", create_code=True)  # the gap between two
    project.add_coding("doc", "b", 36, 38, coder="bob", create_code=True)  # one char of sentence 3
    spans = [(x.start, x.end) for x in project.suggestion_segments("sentence", "uncoded")]
    assert spans == [(0, 17), (18, 36), (55, 75)]
    coded = [(x.start, x.end) for x in project.suggestion_segments("sentence", "code:b")]
    assert coded == [(37, 54)]
    assert [x.text for x in project.uncoded_in_coded_documents(["bob"])] == [
        "Parking was hard.", "The food was cold.", "Parking costs a lot."]


def test_progress_is_reported_and_the_run_kept(project: Project) -> None:
    seen: list[tuple[str, float]] = []
    run = project.suggest_themes(k=2, method="lsa", scope="all", coder="ana",
                                 progress=lambda what, done: seen.append((what, done)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert any("clustering 4 sentences" in w for w, _ in seen)
    stored = project.theme_run(run.run_id)
    assert [t.to_dict() for t in stored.themes] == [t.to_dict() for t in run.themes]
    assert stored.params["method"] == "lsa" and stored.params["k_mode"] == "given"


def test_a_group_accept_that_fails_midway_changes_nothing(project: Project) -> None:
    for path, start, end in (("x/same", 0, 17), ("y/same", 0, 17), ("y/other", 55, 75)):
        project.add_coding("doc", path, start, end, coder="ana", create_code=True)
    run = project.suggest_groups(coder="ana")
    group = next(g for g in run.groups if {"x/same", "y/same"} <= set(g.codes))
    before = sorted(c.path for c in project.codes())
    with pytest.raises(InputError, match="already exists"):  # both would become theme/same
        project.accept_group(run.run_id, group.id, "theme", decided_by="ana")
    assert sorted(c.path for c in project.codes()) == before
    assert project.db.execute("SELECT count(*) FROM suggestion_decisions").fetchone()[0] == 0


def test_a_worker_project_does_not_hide_later_commits_from_other_processes(tmp_path: Path) -> None:
    """The TUI opens a Project per worker while its main one stays open. Reading the file header
    with open()/close() in that process dropped its POSIX locks; another process closing its
    connection then deleted the WAL, and the main connection's next commits were invisible."""
    import subprocess
    import sys

    path = tmp_path / "s.db"
    main = Project(path)
    main.upsert_codes([CodeDef("a")])
    Project(path, create=False).close()  # a worker's own Project
    count = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "print(c.execute('SELECT count(*) FROM codes').fetchone()[0]); c.close()")

    def seen_elsewhere() -> int:
        out = subprocess.run([sys.executable, "-c", count, str(path)], check=True,
                             capture_output=True, text=True)
        return int(out.stdout)

    assert seen_elsewhere() == 1
    main.upsert_codes([CodeDef("b")])
    assert seen_elsewhere() == 2
    main.close()
