"""The home screen's rows: counts and share coded from SQL, checked against the plain computation."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.tui.helpers import build_project
from themecoder.core.model import ParsedDocument
from themecoder.store import Project
from themecoder.tui.home_data import covered_share, filter_rows, load_home_data, matches_filter

# Nested, equal starts with different ends, touching, disjoint and duplicated (other coder) spans.
SPANS = [(10, 40), (10, 25), (12, 20), (40, 55), (70, 80), (75, 78), (100, 130), (129, 140)]


def _code_spans(project: Project, doc: str, spans: list[tuple[int, int]]) -> None:
    for n, (start, end) in enumerate(spans):
        coder = ("alice", "bob")[n % 2]
        project.add_coding(doc, "outcomes/sales-growth", start, end, coder=coder)
        project.add_coding(doc, "barriers/old-device", start, end, coder="carol")


@pytest.fixture
def overview_project(tmp_path: Path) -> Path:
    path = build_project(tmp_path / "study.db", docs=3)
    with Project(path) as project:
        _code_spans(project, "P01-interview", SPANS)
        rng = random.Random(7)
        length = len(project.document("P02-interview").text)
        spans = []
        for _ in range(60):
            start = rng.randrange(0, length - 1)
            spans.append((start, min(length, start + rng.randrange(1, 90))))
        _code_spans(project, "P02-interview", sorted(set(spans)))
        text = "No speaker turns here, just notes."
        project.add_documents([ParsedDocument("notes", text, [], "txt", kind="other")])
        project.add_coding("notes", "barriers/confidence", 0, 8, coder="alice")
    return path


def test_overview_counts_and_union_match_the_plain_computation(overview_project: Path) -> None:
    with Project(overview_project) as project:
        overview = project.document_overview()
        turns, spans = project.all_segments("turn"), project.coding_spans()
        summaries = {s["id"]: s for s in project.document_summaries()}
    assert [row["name"] for row in overview] == [
        "P01-interview",
        "P02-interview",
        "P03-interview",
        "notes",
    ]
    for row in overview:
        doc_turns, doc_spans = turns.get(row["id"], []), spans.get(row["id"], [])
        summary = summaries[row["id"]]
        assert (row["turns"], row["codings"]) == (summary["turns"], summary["codings"])
        assert row["turn_chars"] == sum(end - start for start, end in doc_turns)
        expected = covered_share(doc_turns, doc_spans)
        share = min(1.0, row["coded_chars"] / row["turn_chars"]) if row["turn_chars"] else 0.0
        assert share == pytest.approx(expected, abs=1e-12)
    first = overview[0]
    # 10-55 and 70-80 and 100-140 are covered: 45 + 10 + 40 characters
    assert first["coded_chars"] == 95 and first["codings"] == 2 * len(SPANS)
    assert overview[2]["codings"] == overview[2]["coded_chars"] == 0
    assert overview[3]["turns"] == overview[3]["turn_chars"] == 0


def test_home_data_rows_share_coded_and_case_attributes(overview_project: Path) -> None:
    with Project(overview_project) as project:
        project.set_case_attributes({"P01": {"region": "North"}})
        data = load_home_data(project)
    rows = {row.name: row for row in data.documents}
    assert rows["P01-interview"].attributes == {"region": "North"}
    assert 0 < rows["P01-interview"].coded < rows["P02-interview"].coded <= 1.0
    assert rows["P03-interview"].coded == 0.0 and rows["notes"].coded == 0.0
    assert rows["notes"].case == "" and rows["notes"].codings == 1
    assert [code.path for code in data.codes][:2] == ["barriers", "barriers/old-device"]


def test_filter_rows_matches_filter_for_every_row(overview_project: Path) -> None:
    with Project(overview_project) as project:
        project.set_case_attributes({"P02": {"region": "North"}})
        rows = load_home_data(project).documents
    for query in ["", "kind:inter", "region=north", "P0", '"notes"', "kind:other case:", "zzz"]:
        assert filter_rows(rows, query) == [r for r in rows if matches_filter(r, query)]
    assert [r.name for r in filter_rows(rows, "region=north")] == ["P02-interview"]
    assert [r.name for r in filter_rows(rows, "kind:other")] == ["notes"]
