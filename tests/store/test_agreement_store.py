"""The agreement and adjudication store: scope defaults, migration m002, decisions in one transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from themecoder.core.errors import InputError, NotFoundError
from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project

TEXT = "First sentence here. Second one follows. Third closes it. " * 4


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project(tmp_path / "study.db")
    texts = {name: f"{TEXT}The {name}." for name in ("one", "two", "three")}
    p.add_documents([ParsedDocument(name, text, [Turn(0, len(text))], "txt")
                     for name, text in texts.items()])
    p.upsert_codes([CodeDef("a"), CodeDef("b"), CodeDef("never")])
    for coder, doc, code, start, end in [("ana", 1, "a", 0, 40), ("budi", 1, "a", 21, 40),
                                         ("ana", 2, "b", 0, 20), ("budi", 2, "b", 0, 20),
                                         ("ana", 3, "a", 0, 10), ("suggest", 1, "a", 0, 57)]:
        p.add_coding(doc, code, start, end, coder=coder)
    yield p
    p.close()


def test_defaults_are_human_coders_shared_documents_and_used_codes(project: Project) -> None:
    scope = project.agreement_scope(unit="sentence")
    assert scope.coders == ["ana", "budi"]
    assert [doc_id for doc_id, _ in scope.documents] == [1, 2]  # `three`: only ana coded it
    assert scope.codes == ["a", "b"]
    assert all(c.coder in ("ana", "budi") and c.doc_id in (1, 2) for c in scope.codings)
    assert scope.segments is not None and set(scope.segments) == {1, 2}
    assert any("1 coded by only some" in note for note in scope.notes)
    assert any("1 unused codes left out" in note for note in scope.notes)


def test_explicit_choices_are_checked(project: Project) -> None:
    with pytest.raises(NotFoundError, match="no coder 'zoe'.*ana, budi, suggest"):
        project.agreement_scope(coders=["ana", "zoe"])
    with pytest.raises(InputError, match="at least two coders"):
        project.agreement_scope(coders=["ana"])
    with pytest.raises(NotFoundError, match="document nine"):
        project.agreement_scope(docs=["nine"])
    scope = project.agreement_scope(coders=["ana", "suggest"], codes=["never"], docs=["three"])
    assert scope.codes == ["never"] and scope.codings == []


def test_migration_m002_upgrades_an_existing_file(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from themecoder.store.schema import m001_initial

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)  # a version-1 file, from before adjudication
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    m001_initial(Database(conn))
    conn.execute("INSERT INTO _migrations VALUES ('m001_initial', '2024-01-01')")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with Project(path) as project:
        names = [r[0] for r in project.db.execute("SELECT name FROM _migrations ORDER BY rowid")]
        assert names[:2] == ["m001_initial", "m002_adjudication"]
        assert project.db["adjudications"].exists()
    assert list(tmp_path.glob("old.pre-migration-v1-*.bak.db"))


def test_a_failed_decision_writes_nothing(project: Project) -> None:
    [region] = project.disagreement_regions()
    with pytest.raises(InputError, match="decision 'both'"):
        project.decide(region, "both", decided_by="rina")
    broken = type(region)(**{**{f: getattr(region, f) for f in region.__slots__},  # type: ignore[attr-defined]
                             "code": "no/such/code"})
    with pytest.raises(NotFoundError):
        project.decide(broken, "union", decided_by="rina")
    assert project.codings(coder="consensus") == []
    assert list(project.db.execute("SELECT * FROM adjudications")) == []


def test_decide_and_accept_agreed(project: Project) -> None:
    [region] = project.disagreement_regions()
    assert (region.doc_id, region.start, region.end) == (1, 0, 40)
    decided = project.decide(region, "intersection", decided_by="rina")
    assert decided.decision == "intersection"
    assert [(c.start, c.end, c.text) for c in project.codings(coder="consensus")] == [
        (21, 40, TEXT[21:40])]
    assert project.accept_agreed(decided_by="rina") == 1  # doc 2, code b
    status = project.adjudication_status()
    assert (status.regions, status.decided, status.pending) == (1, 1, 0)
    assert (status.agreed_spans, status.agreed_in_consensus) == (1, 1)
    history = [r[0] for r in project.db.execute("SELECT action FROM history WHERE coder = 'rina'")]
    assert history == ["adjudicate", "adjudicate-agreed"]


def test_scope_codings_are_every_coding_in_scope_by_document_and_start(project: Project) -> None:
    project.add_coding(1, "b", 21, 30, coder="ana")  # same start as budi's coding of `a`
    scope = project.agreement_scope(unit="sentence")
    rows = project.db.execute(
        'SELECT g.id, g.doc_id, c.path, g.coder, g.start, g."end" FROM codings g '
        "JOIN codes c ON c.id = g.code_id WHERE g.coder IN ('ana', 'budi') AND g.doc_id IN (1, 2) "
        "ORDER BY g.doc_id, g.start, g.id").fetchall()
    assert [(c.id, c.doc_id, c.code, c.coder, c.start, c.end) for c in scope.codings] == rows
    assert sorted(scope.table.id.tolist()) == sorted(row[0] for row in rows)
    assert set(scope.table.codes) == {"a", "b"} and scope.table.coders == ("ana", "budi")


def test_scope_segments_come_as_a_table_and_as_a_mapping(project: Project) -> None:
    scope = project.agreement_scope(unit="turn", docs=["two", "one"])
    assert scope.segments == {doc_id: [(s.start, s.end) for s in project.segments(doc_id, "turn")]
                              for doc_id in (1, 2)}
    assert scope.segment_table is not None
    assert sorted(set(scope.segment_table.doc_id.tolist())) == [1, 2]
    assert project.agreement_scope(unit="char").segment_table is None


def test_a_non_integer_offset_is_refused_not_truncated(project: Project) -> None:
    project.db.execute("UPDATE codings SET start = 2.5 WHERE coder = 'budi' AND doc_id = 1")
    with pytest.raises(InputError, match="codings: a start value is not an integer"):
        project.agreement_scope(unit="sentence")
