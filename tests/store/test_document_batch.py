"""Documents stored a batch at a time get the names, ids, cases and segments of one-by-one storing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from themecoder.core.model import ParsedDocument, Turn
from themecoder.store import Project
from themecoder.store.documents import STORE_BATCH


def _doc(name: str, text: str, **extra: object) -> ParsedDocument:
    turns = [Turn(0, text.index("."), "Ana"), Turn(text.index(".") + 2, len(text), None, 1.5, 3.0)]
    return ParsedDocument(name, text, turns, "txt", **extra)  # type: ignore[arg-type]


def test_names_duplicates_and_ids_across_batches(tmp_path: Path) -> None:
    n = STORE_BATCH * 2 + 5
    docs = [_doc("T", f"Text {i // 3}. Second part {i // 3}.") for i in range(n)]  # each text 3x
    docs.insert(40, _doc("T-2", "Another. One."))
    with Project(tmp_path / "s.db") as p:
        results = p.add_documents(docs, case="C1", attrs={"site": "Bali"})
        again = p.add_documents([_doc("T", "Text 0. Second part 0."), _doc("T", "New. Text.")])
        overview = p.document_overview()
    imported = [r for r in results if r.status == "imported"]
    assert [r.name for r in imported[:3]] == ["T", "T-2", "T-3"]  # "T-2" was free until doc 40
    assert len(imported) == -(-n // 3) + 1 and len({r.name for r in imported}) == len(imported)
    assert [r.doc_id for r in imported] == list(range(1, len(imported) + 1))
    first: dict[str, int] = {}
    for doc, result in zip(docs, results, strict=True):
        assert result.status == ("skipped" if doc.text in first else "imported")
        assert result.doc_id == first.setdefault(doc.text, result.doc_id)
    assert [r.status for r in again] == ["skipped", "imported"]
    assert again[1].doc_id == len(imported) + 1 and again[1].name == f"T-{len(imported)}"
    assert len(overview) == len(imported) + 1
    with sqlite3.connect(tmp_path / "s.db") as conn:
        cases = conn.execute("SELECT c.name, count(*) FROM documents d JOIN cases c "
                             "ON c.id = d.case_id GROUP BY c.name").fetchall()
        assert cases == [("C1", len(imported))]
        assert conn.execute("SELECT value FROM attributes").fetchall() == [("Bali",)]
        segs = conn.execute('SELECT kind, idx, start, "end", speaker, time, end_time FROM segments '
                            "WHERE doc_id = 2 ORDER BY kind, idx").fetchall()
    text = docs[3].text
    assert segs == [("sentence", 0, 0, 6, None, None, None),  # cut at the turn's end
                    ("sentence", 1, text.index(".") + 2, len(text), None, None, None),
                    ("turn", 0, 0, 6, "Ana", None, None),
                    ("turn", 1, 8, len(text), None, 1.5, 3.0)]
