"""Undo and redo of accepted and rejected suggestions: one undo takes back the whole decision."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.themes_study import build_themes_study
from themecoder.store import Project

NEW_CODE = "behaviour-change/social-media-promotion"


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return build_themes_study(tmp_path / "s.db", coded_per_topic=6)


def codings_of(project: Project, coder: str = "suggest") -> list[tuple]:
    return [tuple(r) for r in project.db.execute(
        "SELECT id, guid, doc_id, code_id, start, \"end\" FROM codings WHERE coder = ? ORDER BY id",
        [coder])]


def decisions(project: Project) -> list[tuple]:
    return [tuple(r) for r in project.db.execute(
        "SELECT id, kind, item, decision, coder FROM suggestion_decisions ORDER BY id")]


def accept_biggest_theme(project: Project) -> tuple[int, int, int]:
    """(run id, theme id, members) of the theme accepted as NEW_CODE by ana."""
    run = project.suggest_themes(k=3, method="lsa", scope="all", seed=1, coder="ana")
    theme = max(run.themes, key=lambda t: len(t.members))
    project.accept_theme(run.run_id, theme.id, NEW_CODE, decided_by="ana")
    return run.run_id, theme.id, len(theme.members)


def test_undo_takes_back_a_whole_theme_accept_and_redo_restores_the_same_ids(study: Path) -> None:
    with Project(study) as project:
        run_id, theme_id, members = accept_biggest_theme(project)
        added, decided = codings_of(project), decisions(project)
        assert len(added) == members >= 5 and len(decided) == 1
        done = project.undo("ana")
        assert done == f"undid accept: {members} codings of theme {theme_id} as {NEW_CODE}"
        assert codings_of(project) == [] and decisions(project) == []
        assert project.theme_run(run_id).themes[theme_id - 1].decision is None  # open again
        assert NEW_CODE not in {c.path for c in project.codes()}  # the code it created, unused
        assert project.redo("ana") == f"redid accept: {members} codings of theme {theme_id} as {NEW_CODE}"
        assert codings_of(project) == added and decisions(project) == decided
        assert NEW_CODE in {c.path for c in project.codes()}
        assert project.undo("ana") is not None and codings_of(project) == []
        assert project.codings(coder="ana")  # ana's own codings are untouched


def test_undo_after_restart(study: Path) -> None:
    with Project(study) as project:
        _, theme_id, members = accept_biggest_theme(project)
        added = codings_of(project)
    with Project(study) as project:
        assert project.undo("ana") == f"undid accept: {members} codings of theme {theme_id} as {NEW_CODE}"
        assert codings_of(project) == [] and decisions(project) == []
    with Project(study) as project:
        assert project.redo("ana") is not None
        assert codings_of(project) == added


def test_undo_after_some_codings_were_removed_by_hand(study: Path) -> None:
    with Project(study) as project:
        _, theme_id, members = accept_biggest_theme(project)
        first, second = codings_of(project)[:2]
        project.remove_coding(first[0], coder="budi")  # another coder's history
        project.remove_coding(second[0], coder="budi")
        done = project.undo("ana")
        assert done == (f"undid accept: {members - 2} codings of theme {theme_id} as {NEW_CODE} "
                        "(2 already removed)")
        assert codings_of(project) == [] and decisions(project) == []
        assert project.redo("ana") is not None
        assert len(codings_of(project)) == members - 2  # redo puts back what undo took back


def test_a_created_code_in_use_is_kept_and_said(study: Path) -> None:
    with Project(study) as project:
        _, theme_id, members = accept_biggest_theme(project)
        project.add_coding(1, NEW_CODE, 0, 5, coder="budi")
        done = project.undo("ana")
        assert done == (f"undid accept: {members} codings of theme {theme_id} as {NEW_CODE} "
                        f"(kept the codes it created, still in use: {NEW_CODE}, behaviour-change)")
        assert NEW_CODE in {c.path for c in project.codes()}
        assert codings_of(project) == [] and len(codings_of(project, "budi")) == 1
        project.redo("ana")
        assert len(codings_of(project)) == members


def test_redo_keeps_guids_unless_taken_meanwhile(study: Path) -> None:
    with Project(study) as project:
        accept_biggest_theme(project)
        added = codings_of(project)
        project.undo("ana")
        _, guid, doc_id, _, start, end = added[0]
        taker = project.add_coding(doc_id, "care/staff", start, end, coder="eko")
        project.db.execute("UPDATE codings SET guid = ? WHERE id = ?", [guid, taker])
        project.redo("ana")
        again = codings_of(project)
        assert [c[0] for c in again] == [c[0] for c in added]
        assert again[0][1] is None and again[1:] == added[1:]


def test_accepted_code_suggestions_undo_and_redo(study: Path) -> None:
    with Project(study) as project:
        run = project.suggest_codes(coder="ana", top=None)
        chosen = [s.id for s in run.suggestions[:3]]
        assert len(chosen) == 3
        project.accept_code_suggestions(run.run_id, ids=chosen, decided_by="ana")
        added = codings_of(project)
        assert len(added) == 3
        done = project.undo("ana")
        assert done is not None and done.startswith("undid accept: 3 codings of 3 code suggestions")
        assert codings_of(project) == []
        assert {s.id for s in project.code_run(run.run_id).suggestions} >= set(chosen)
        project.redo("ana")
        assert codings_of(project) == added
        assert {s.id for s in project.code_run(run.run_id).suggestions}.isdisjoint(chosen)


def test_a_rejection_can_be_undone(study: Path) -> None:
    with Project(study) as project:
        run = project.suggest_codes(coder="ana", top=None)
        rejected = run.suggestions[0]
        project.reject_code_suggestions(run.run_id, [rejected.id], decided_by="ana")
        assert project.undo("ana") == f"undid reject: code suggestion {rejected.id} of run {run.run_id}"
        assert rejected.id in {s.id for s in project.code_run(run.run_id).suggestions}
        assert decisions(project) == []
        project.redo("ana")
        assert rejected.id not in {s.id for s in project.code_run(run.run_id).suggestions}


def test_a_group_accept_is_undone_by_moving_the_codes_back(tmp_path: Path) -> None:
    path = build_themes_study(tmp_path / "g.db", coded_per_topic=6)
    with Project(path) as project:
        before = sorted(c.path for c in project.codes())
        run = project.suggest_groups(coder="ana")
        group = run.groups[0]
        result = project.accept_group(run.run_id, group.id, "theme-x", decided_by="ana")
        assert result.moved
        assert project.undo("ana") == f"undid accept: group {group.id} of run {run.run_id} under theme-x"
        assert sorted(c.path for c in project.codes()) == before and decisions(project) == []
        project.redo("ana")
        assert sorted(c.path for c in project.codes()) != before


def test_redo_after_the_created_codes_id_went_to_another_code(study: Path) -> None:
    with Project(study) as project:
        accept_biggest_theme(project)
        code_id = project.code_id(NEW_CODE)
        project.undo("ana")
        assert project.code_id("other", create=True) in (code_id, code_id - 1)  # ids are reused
        project.redo("ana")
        codes = {c.path: c.id for c in project.codes()}
        assert codes["other"] != codes[NEW_CODE]
        assert {c.code for c in project.codings(coder="suggest")} == {NEW_CODE}


def test_a_second_undo_after_redo_leaves_other_coders_decisions_and_codes_alone(study: Path) -> None:
    """Redo may put a decision and a code under new ids (theirs went to budi meanwhile): the next
    undo takes back ana's, not budi's."""
    with Project(study) as project:
        run_id, theme_id, _ = accept_biggest_theme(project)
        project.undo("ana")
        other = next(t.id for t in project.theme_run(run_id).themes if t.id != theme_id)
        project.reject_theme(run_id, other, decided_by="budi")  # takes the freed decision id
        budi_code = project.code_id("budi-idea", create=True)  # takes the freed code id
        project.redo("ana")
        assert project.undo("ana") is not None
        assert decisions(project) == [(decisions(project)[0][0], "theme", other, "rejected", "budi")]
        codes = {c.path: c.id for c in project.codes()}
        assert codes["budi-idea"] == budi_code and NEW_CODE not in codes
        assert codings_of(project) == []


def test_a_group_accept_renamed_since_is_undone_with_a_note(tmp_path: Path) -> None:
    path = build_themes_study(tmp_path / "g.db", coded_per_topic=6)
    with Project(path) as project:
        run = project.suggest_groups(coder="ana")
        group = run.groups[0]
        project.accept_group(run.run_id, group.id, "theme-x", decided_by="ana")
        project.rename_code("theme-x", "theme-y")
        said = project.undo("ana")
        assert said is not None and "codes renamed since, left as they are" in said
        assert decisions(project) == [] and project.undo("ana") is None  # not stuck on it


def test_redo_brings_back_memos_written_on_the_accepted_codings(study: Path) -> None:
    with Project(study) as project:
        accept_biggest_theme(project)
        first = codings_of(project)[0][0]
        project.set_coding_memo(first, "the mother-in-law again", coder="budi")  # not ana's stack
        project.undo("ana")
        assert codings_of(project) == []
        project.redo("ana")
        assert project.coding(first).memo == "the mother-in-law again"
