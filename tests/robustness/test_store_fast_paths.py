"""Store reads and writes rewritten for large studies keep their results (names, spans, listings)."""

from __future__ import annotations

from pathlib import Path

from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.store import Project


def _doc(name: str, text: str, key: str | None = None) -> ParsedDocument:
    return ParsedDocument(name, text, [Turn(0, len(text))], "csv" if key else "txt", import_key=key)


def test_free_names_ignore_like_wildcards_and_case(tmp_path: Path) -> None:
    with Project(tmp_path / "s.db") as p:
        names = ["a_b", "a_b", "axb-2", "50%", "50%", "T1", "t1-2", "T1", "T1-2", "T1"]
        results = p.add_documents([_doc(n, f"text {i}.", key=str(i)) for i, n in enumerate(names)])
        assert [r.name for r in results] == [
            "a_b", "a_b-2", "axb-2", "50%", "50%-2", "T1", "t1-2", "T1-2", "T1-2-2", "T1-3",
        ]  # fmt: skip


def test_coding_spans_match_the_codings(tmp_path: Path) -> None:
    with Project(tmp_path / "s.db") as p:
        p.add_documents(
            [_doc("one", "Sales grew after the training."), _doc("two", "I was happy.")]
        )
        p.upsert_codes([CodeDef("a"), CodeDef("b")])
        for doc, code, start, end, coder in [
            ("one", "a", 0, 10, "ana"),
            ("one", "b", 6, 10, "budi"),
            ("two", "a", 0, 5, "ana"),
        ]:
            p.add_coding(doc, code, start, end, coder=coder)
        expected: dict[int, list[tuple[int, int]]] = {}
        for coding in p.codings():
            expected.setdefault(coding.doc_id, []).append((coding.start, coding.end))
        assert {k: sorted(v) for k, v in p.coding_spans().items()} == expected
        listed = p.codings(coder="budi")
        assert [(c.doc, c.code, c.text, c.source) for c in listed] == [("one", "b", "grew", "cli")]
