"""Code frequencies checked against numbers worked out by hand on a small real project file.

The study (`build_study`), words counted by hand:
- P01-interview (case P01, group A, age 30), 11 words, sentences [0,17) [18,41) [42,66), turns [0,41) [42,66)
- P02-interview (case P02, group B, age 40), 10 words, one sentence and turn
- P01-followup  (case P01), 5 words, sentences [0,15) [16,29), one turn
- notes         (no case), 3 words
Codings: ann 1-6, bob 7-8, consensus 9 (see CODINGS).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from themecoder.core.errors import InputError
from themecoder.core.frequencies import (
    DocumentInfo,
    code_targets,
    coded_words,
    frequency_table,
    merged_texts,
    natural_key,
)
from themecoder.core.model import CodeDef, Coding, ParsedDocument, Turn
from themecoder.store import Project

DOCS = [
    ("P01-interview", "Alpha beta gamma. Delta epsilon zeta eta.\nTheta iota kappa lambda.", "P01",
     {"group": "A", "age": "30"}),
    ("P02-interview", "One two three four five six seven eight nine ten.", "P02", {"group": "B", "age": "40"}),
    ("P01-followup", "Red green blue. Cyan magenta.", "P01", {}),
    ("notes", "Just notes here.", None, {}),
]
CODES = ["barriers", "barriers/cost", "barriers/skills", "outcomes"]
CODINGS = [  # (doc, code, coder, start, end)
    ("P01-interview", "barriers/cost", "ann", 0, 11),  # "Alpha beta "
    ("P01-interview", "barriers/cost", "ann", 6, 16),  # "beta gamma"
    ("P01-interview", "outcomes", "ann", 18, 41),  # "Delta epsilon zeta eta."
    ("P01-followup", "barriers/skills", "ann", 0, 9),  # "Red green"
    ("P01-followup", "outcomes", "ann", 5, 29),  # "green blue. Cyan magenta." (two sentences)
    ("P02-interview", "barriers", "ann", 0, 3),  # "One": a parent's own coding
    ("P01-interview", "barriers/cost", "bob", 0, 5),  # "Alpha"
    ("P02-interview", "barriers/skills", "bob", 4, 13),  # "two three"
    ("P01-interview", "barriers/cost", "consensus", 0, 16),  # "Alpha beta gamma"
]


def _turns(text: str) -> list[Turn]:
    turns, pos = [], 0
    for line in text.split("\n"):
        turns.append(Turn(pos, pos + len(line)))
        pos += len(line) + 1
    return turns


def build_study(path: Path, codings: bool = True) -> Path:
    """The hand-computed study as a real project file (codings optional, for round trips)."""
    with Project(path) as project:
        project.add_documents([ParsedDocument(name, text, _turns(text), "txt", case=case, attributes=attrs)
                               for name, text, case, attrs in DOCS])
        project.upsert_codes([CodeDef(p) for p in CODES])
        for doc, code, coder, start, end in CODINGS if codings else []:
            project.add_coding(doc, code, start, end, coder=coder)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project(build_study(tmp_path / "study.db"))
    yield p
    p.close()


def _table(project: Project, **kw) -> dict[str, list]:
    t = project.frequency_table(**kw)
    return {key: row for key, row in zip(t.keys, t.values, strict=True)}


def test_count_by_document_in_import_order_with_empty_documents(project: Project) -> None:
    t = project.frequency_table(by="document")
    assert t.columns == ["document", *CODES]
    assert t.keys == ["P01-interview", "P02-interview", "P01-followup", "notes"]
    assert t.values == [[0, 4, 0, 1], [1, 0, 1, 0], [0, 0, 1, 1], [0, 0, 0, 0]]


def test_by_case_leaves_out_caseless_documents_and_says_which_coders(project: Project) -> None:
    t = project.frequency_table(by="case")
    assert dict(zip(t.keys, t.values, strict=True)) == {"P01": [0, 4, 1, 2], "P02": [1, 0, 1, 0]}
    assert t.unit_words == [16, 10]
    assert any("ann, bob, consensus" in n and "--coder consensus" in n for n in t.notes)
    assert "1 document(s) without a case left out" in t.notes


def test_rollup_adds_children_to_parents(project: Project) -> None:
    assert _table(project, by="case", rollup=True) == {"P01": [5, 4, 1, 2], "P02": [2, 0, 1, 0]}
    assert _table(project, by="case", measure="words", rollup=True) == {"P01": [5, 3, 2, 8],
                                                                        "P02": [3, 0, 2, 0]}


def test_presence_words_and_per1000(project: Project) -> None:
    assert _table(project, by="case", measure="presence") == {"P01": [0, 1, 1, 1], "P02": [1, 0, 1, 0]}
    # cost in P01: [0,11) [6,16) [0,5) [0,16) -> one run "Alpha beta gamma" = 3 words, not 2+2+1+3
    assert _table(project, by="case", measure="words") == {"P01": [0, 3, 2, 8], "P02": [1, 0, 2, 0]}
    assert _table(project, by="case", measure="per1000") == {"P01": [0.0, 250.0, 62.5, 125.0],
                                                             "P02": [100.0, 0.0, 100.0, 0.0]}


def test_by_coder_units_are_the_documents_each_coder_coded(project: Project) -> None:
    t = project.frequency_table(by="coder", measure="per1000")
    assert t.keys == ["ann", "bob", "consensus"]
    assert t.unit_words == [26, 21, 11]
    assert t.values[1] == [0.0, 1000 / 21, 1000 / 21, 0.0]
    assert _table(project, by="coder") == {"ann": [1, 2, 1, 2], "bob": [0, 1, 1, 0],
                                           "consensus": [0, 1, 0, 0]}


def test_by_attribute_and_coder_filter(project: Project) -> None:
    assert _table(project, by="attribute:group") == {"A": [0, 4, 1, 2], "B": [1, 0, 1, 0]}
    t = project.frequency_table(by="attribute:age", coders=["ann"])
    assert (t.key_name, t.keys, t.values) == ("age", ["30", "40"], [[0, 2, 1, 2], [1, 0, 0, 0]])
    assert not any("coders" in n for n in t.notes)  # coders chosen: nothing to say


def test_unknown_attribute_and_coder_name_what_exists(project: Project) -> None:
    with pytest.raises(InputError, match=r"attribute:gender: .*attributes: age, group"):
        project.frequency_table(by="attribute:gender")
    with pytest.raises(InputError, match=r"--coder carol: .*coders: ann, bob, consensus"):
        project.frequency_table(coders=["carol"])
    with pytest.raises(InputError, match="--by"):
        project.frequency_table(by="speaker")


def test_long_rows_are_tidy(project: Project) -> None:
    t = project.frequency_table(by="case", measure="presence")
    assert t.long_columns == ["case", "code", "presence"]
    assert t.long_rows()[:2] == [{"case": "P01", "code": "barriers", "presence": 0},
                                 {"case": "P01", "code": "barriers/cost", "presence": 1}]
    assert len(t.long_rows()) == 2 * len(CODES)


def _c(doc: int, start: int, end: int, text: str, code: str = "a", coder: str = "x") -> Coding:
    return Coding(doc, code, coder, start, end, text)


def test_merged_texts_rebuild_the_union_from_the_quotes() -> None:
    text = "Alpha beta gamma delta"
    spans = [(6, 16), (0, 5), (3, 8), (17, 22)]
    pieces = merged_texts([_c(1, s, e, text[s:e]) for s, e in spans])
    assert pieces == ["Alpha beta gamma", "delta"]
    touching = [_c(1, 0, 3, "Alp"), _c(1, 3, 10, "ha beta")]
    assert coded_words(touching) == 2  # "Alpha beta": touching spans merge, one word not two
    assert coded_words([_c(1, 0, 5, "Alpha"), _c(2, 0, 5, "Alpha")]) == 2  # different documents


def test_per1000_is_none_without_words_and_codes_without_codings_are_zero() -> None:
    docs = [DocumentInfo(1, "empty", 0, "C1")]
    t = frequency_table(docs, [_c(1, 0, 1, "x", code="a")], ["a", "b"], by="case", measure="per1000")
    assert t.values == [[None, None]]
    assert frequency_table(docs, [], ["a"], by="document").values == [[0]]


def test_code_targets_only_name_codes_in_the_codebook() -> None:
    assert code_targets(["a", "a/b/c"], rollup=True) == {"a": ("a",), "a/b/c": ("a/b/c", "a")}
    assert code_targets(["a", "a/b"], rollup=False)["a/b"] == ("a/b",)


def test_natural_order_of_keys() -> None:
    assert sorted(["P10", "P9", "p1", "10", "9", "NaN"], key=natural_key) == ["9", "10", "NaN", "p1",
                                                                                   "P9", "P10"]
