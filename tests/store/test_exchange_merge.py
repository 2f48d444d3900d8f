"""Merging two coders' projects: documents by hash, re-anchoring, near-duplicates, idempotency."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.store.exchange_projects import (
    BUDI_NAMES,
    coders_projects,
    codings_of,
    table_counts,
    table_dump,
)
from themecoder.core.errors import InputError
from themecoder.store import Project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return coders_projects(tmp_path_factory.getbasetemp())


@pytest.fixture
def ana(built: dict[str, Path], tmp_path: Path) -> Path:
    return Path(shutil.copy(built["ana"], tmp_path / "ana.db"))


@pytest.fixture
def budi(built: dict[str, Path], tmp_path: Path) -> Path:
    return Path(shutil.copy(built["budi"], tmp_path / "budi.db"))


def merge(target: Path, source: Path, **options):  # type: ignore[no-untyped-def]
    bundle = Project.read_project_bundle(source)
    with Project(target) as project:
        return project.merge_bundle(bundle, source_label=source.name, coder="lead", **options)


def test_documents_match_by_hash_whatever_their_name_encoding_and_line_ends(ana: Path, budi: Path) -> None:
    report = merge(ana, budi)
    assert (report.documents_added, report.documents_changed) == ([], [])
    assert sorted(report.documents_matched) == ["P03-interview", "P07-interview", "P11-interview", "P22-interview"]
    assert report.codings_added == 37 and report.unplaced == [] and report.codings_reanchored == 0
    assert codings_of(ana, "budi") == codings_of(budi, "budi")
    assert codings_of(ana, "ana") != []  # ana's own codings are still there
    with Project(ana) as project:
        assert len(project.documents()) == 4
        assert {c.source for c in project.codings(coder="budi")} == {"merge:budi.db"}


def test_merging_the_same_source_twice_changes_nothing(ana: Path, budi: Path) -> None:
    merge(ana, budi)
    counts, dump = table_counts(ana), table_dump(ana)
    again = merge(ana, budi)
    assert not again.changed
    assert again.codings_duplicates == 37 and again.codings_added == 0
    assert table_counts(ana) == counts
    assert table_dump(ana) == dump


def test_dry_run_reports_the_merge_and_writes_nothing(ana: Path, budi: Path) -> None:
    dump = table_dump(ana)
    dry = merge(ana, budi, dry_run=True)
    assert table_dump(ana) == dump
    assert not list(ana.parent.glob("*.bak.db"))
    real = merge(ana, budi)
    assert (dry.codings_added, dry.documents_matched) == (real.codings_added, real.documents_matched)


def test_a_merge_that_changes_something_keeps_a_backup_and_one_history_entry(ana: Path, budi: Path) -> None:
    merge(ana, budi)
    backups = list(ana.parent.glob("ana.pre-merge-*.bak.db"))
    assert len(backups) == 1
    assert table_counts(backups[0])["codings"] == 37
    merge(ana, budi)  # a merge that changes nothing leaves no backup behind
    assert len(list(ana.parent.glob("ana.pre-merge-*.bak.db"))) == 1
    with Project(ana) as project:
        entries = project.db.execute("SELECT coder, action FROM history WHERE action = 'merge'").fetchall()
    assert entries == [("lead", "merge")]


def _changed_p03(budi: Path) -> tuple[object, str]:
    """budi's bundle with P03 edited as a transcriber would: a new first line, and one coded passage
    (overlapping no other) replaced by "[inaudible]"; selections point into the edited text."""
    bundle = Project.read_project_bundle(budi)
    source = next(s for s in bundle.sources if s.name == BUDI_NAMES["P03-interview"])
    old = source.text or ""
    spans = sorted((x.start, x.end) for x in source.selections)
    alone = [(s, e) for s, e in spans if not any(s < e2 and s2 < e for s2, e2 in spans if (s2, e2) != (s, e))]
    gone = old[alone[0][0]:alone[0][1]]
    new = "Transcript checked again on 2 December.\n\n" + old.replace(gone, "[inaudible]")
    for x in source.selections:
        quote = old[x.start:x.end].replace(gone, "[inaudible]")
        x.start = new.index(quote)
        x.end = x.start + len(quote)
    source.name, source.text = "P03-interview", new
    return bundle, gone


def test_a_changed_transcript_has_its_codings_re_anchored_and_the_rest_kept_aside(ana: Path, budi: Path) -> None:
    bundle, gone = _changed_p03(budi)
    with Project(ana) as project:
        report = project.merge_bundle(bundle, source_label="budi.qdpx", coder="lead")  # type: ignore[arg-type]
        unplaced = project.unplaced_codings()
        texts = {d.id: d.text for d in project.documents()}
        stored = project.codings(coder="budi")
    assert report.documents_changed == ["P03-interview"] and report.documents_matched != []
    assert report.codings_reanchored == 9
    assert [(u["doc_name"], u["text"]) for u in unplaced] == [("P03-interview", "[inaudible]")]
    assert len(report.unplaced) == 1 and "not found" in report.unplaced[0][1]
    assert all(texts[c.doc_id][c.start:c.end] == c.text for c in stored)
    assert codings_of(ana, "budi") == [c for c in codings_of(budi, "budi") if c[4] != gone]
    counts = table_counts(ana)
    with Project(ana) as project:
        again = project.merge_bundle(bundle, source_label="budi.qdpx", coder="lead")  # type: ignore[arg-type]
    assert not again.changed and table_counts(ana) == counts


def test_near_duplicate_code_names_are_reported_with_the_mapping_that_fixes_them(ana: Path, budi: Path) -> None:
    with Project(budi) as project:
        project.rename_code("barriers/limited-digital-knowledge", "barriers/limited-digital-knowlege")
        project.rename_code("outcomes/confidence", "confidence")
    dry = merge(ana, budi, dry_run=True)
    pairs = {(n.incoming, n.suggestion, n.reason) for n in dry.near_duplicates}
    assert pairs == {
        ("barriers/limited-digital-knowlege", "barriers/limited-digital-knowledge", "same GUID, renamed"),
        ("confidence", "outcomes/confidence", "same GUID, renamed"),
    }
    mapped = merge(ana, budi, code_map={n.incoming: n.suggestion for n in dry.near_duplicates})
    assert mapped.codes_added == [] and len(mapped.codes_mapped) == 2
    with Project(ana) as project:
        assert {c.path for c in project.codes()} == {c.path for c in Project(budi).codes()} - {
            "barriers/limited-digital-knowlege", "confidence"} | {
            "barriers/limited-digital-knowledge", "outcomes/confidence"}
        by_budi = {c.code for c in project.codings(coder="budi")}
    assert "barriers/limited-digital-knowledge" in by_budi and "confidence" not in by_budi


def test_a_typo_in_a_new_code_name_is_a_near_duplicate(ana: Path, budi: Path) -> None:
    with Project(budi) as project:
        project.db.execute("UPDATE codes SET guid = NULL")  # no GUID to tell: the name alone must
        project.rename_code("barriers/limited-digital-knowledge", "barriers/limited-digital-knowlege")
    report = merge(ana, budi, dry_run=True)
    assert [(n.incoming, n.suggestion, n.reason) for n in report.near_duplicates] == [
        ("barriers/limited-digital-knowlege", "barriers/limited-digital-knowledge", "similar name")]
    assert report.codes_added == ["barriers/limited-digital-knowlege"]


def test_a_map_naming_a_code_the_source_lacks_is_refused(ana: Path, budi: Path) -> None:
    dump = table_dump(ana)
    with pytest.raises(InputError, match="has no code nope"):
        merge(ana, budi, code_map={"nope": "outcomes/confidence"})
    assert table_dump(ana) == dump


def test_a_failing_merge_changes_nothing_and_leaves_no_backup(ana: Path) -> None:
    dump = table_dump(ana)
    rows = [{"doc": "P03-interview", "code": "new/code", "coder": "x", "text": "Thank you"},
            {"doc": "P03-interview", "code": "new/other", "coder": "x", "start": "ten", "end": 12}]
    with Project(ana) as project, pytest.raises(InputError, match="offset 'ten'"):
        project.merge_coding_rows(rows, source_label="bad.jsonl")
    assert table_dump(ana) == dump
    assert not list(ana.parent.glob("*.bak.db"))


def test_memos_cases_and_attributes_merge_once(ana: Path, budi: Path) -> None:
    with Project(ana) as project:
        project.set_case_attributes({"P03": {"age": "34"}, "P11": {"age": "52"}})
    with Project(budi) as project:
        project.set_case_attributes({"P03": {"age": "34", "village": "Karangsari"}, "P11": {"age": "50"},
                                     "P40": {"age": "29"}})
        doc = project.document(BUDI_NAMES["P07-interview"])
        project.add_memo("she hesitates here", coder="budi", doc_id=doc.id, start=100, end=160)
        project.add_memo("long interview, noisy", coder="budi", target_kind="document", target_id=doc.id,
                         doc_id=doc.id)
        project.add_memo("overlaps with sales?", coder="budi", target_kind="code",
                         target_id=project.code("outcomes/confidence").id)
        project.add_memo("round 1 done", coder="budi", target_kind="project")
        first = project.codings(coder="budi")[0]
        project.set_coding_memo(first.id, "unsure about the end", coder="budi")
    report = merge(ana, budi)
    assert (report.memos_added, report.cases_added, report.attributes_set) == (5, ["P40"], 2)
    assert report.conflicts == ["case P11: age is '52' here, '50' in the source (kept '52')"]
    with Project(ana) as project:
        cases = {c["case"]: c for c in project.cases()}
        memos = {(m.target_kind, m.text): m for m in project.memos()}
        p07 = project.document("P07-interview")
        memo = next(c.memo for c in project.codings(coder="budi") if c.text == first.text and c.code == first.code)
    assert cases["P03"]["village"] == "Karangsari" and cases["P11"]["age"] == "52" and cases["P40"]["age"] == "29"
    span = memos[("span", "she hesitates here")]
    assert (span.doc_id, span.start, span.end) == (p07.id, 100, 160)
    assert memos[("document", "long interview, noisy")].target_id == p07.id
    assert memo == "unsure about the end"
    counts = table_counts(ana)
    again = merge(ana, budi)
    assert not again.changed and again.memos_duplicates == 5
    assert table_counts(ana) == counts


def test_codings_rows_find_their_document_by_hash_else_by_name(ana: Path) -> None:
    with Project(ana) as project:
        p03 = project.document("P03-interview")
        start = p03.text.index("Thank you, Bu Sari")
        rows = [
            {"doc": "renamed elsewhere", "doc_sha256": p03.sha256, "code": "outcomes/confidence",
             "coder": "citra", "start": start, "end": start + 18, "text": "Thank you, Bu Sari"},
            {"doc": "P03-interview", "code": "outcomes/confidence", "coder": "citra",
             "start": 0, "end": 5, "text": "Thank you, Bu Sari"},
            {"doc": "P99-interview", "code": "outcomes/confidence", "coder": "citra", "text": "hello"},
        ]
        report = project.merge_coding_rows(rows, source_label="citra.jsonl")
        again = project.merge_coding_rows(rows, source_label="citra.jsonl")
        stored = project.codings(coder="citra")
    assert report.documents_matched == ["P03-interview"] and report.codings_added == 1
    assert report.codings_duplicates == 1  # the second row re-anchors onto the first
    assert report.documents_skipped == [("P99-interview", "no such document in the project")]
    assert [(c.start, c.end, c.text) for c in stored] == [(start, start + 18, "Thank you, Bu Sari")]
    assert not again.changed and len(again.unplaced) == 1
