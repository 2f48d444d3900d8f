"""`export codings` and the `codings` listing give, byte for byte, what the plain ways of writing
them give (json.dumps, the csv module, one dict per coding), on a study full of awkward text."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.conftest import Run
from themecoder.core.model import CodeDef, ParsedDocument, Turn
from themecoder.io.export_codings import CODING_EXPORT_COLUMNS, coding_export_rows, context_after
from themecoder.store import Project

WORDS = ["data", "Ünïcode", "price,", '"quoted"', "semi;colon", "a&b", "<tag>", "tab\there", "😀",
         "end.\n", "nbsp\u00a0space", "em\u2003space", "ideo\u3000space", "x", "line\r\nbreak", "}, {"]
NAMES = ["Zed", "alpha", "Émile", "P10", "P2", "b-doc", "a doc"]
CODES = ["barriers", "barriers/cost", "barriers/skills, \"soft\"", "outcomes", "Über/ß"]
CODERS = ["ana", "Budi", "consensus"]
LISTING = ["id", "doc", "doc_id", "code", "coder", "start", "end", "text", "memo", "created"]


def build_awkward_study(path: Path, seed: int = 3) -> Path:
    rng = random.Random(seed)
    docs = []
    for name in NAMES:
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120)))
        docs.append(ParsedDocument(name, text, [Turn(0, len(text))], "txt"))
    with Project(path) as project:
        project.add_documents(docs)
        project.upsert_codes([CodeDef(c) for c in CODES])
        texts = {d.name: project.document(d.name).text for d in docs}
        for _ in range(150):
            name = rng.choice(NAMES)
            start = rng.randrange(len(texts[name]) - 2)
            end = rng.randint(start + 1, min(len(texts[name]), start + 40))
            for coder in rng.sample(CODERS, rng.randint(1, 3)):  # coders share spans
                memo = rng.choice(["", "", 'a "memo", with\nbreaks & <marks>'])
                project.add_codings([{"doc": name, "code": rng.choice(CODES), "start": start, "end": end,
                                      "memo": memo, "coder": coder}], coder=coder, source="test")
    return path


@pytest.fixture
def awkward(db: Path) -> Path:
    return build_awkward_study(db)


def reference_export(db: Path, coders: list[str], context: int) -> list[dict[str, Any]]:
    """The export's rows the plain way: Coding objects, one dict each."""
    with Project(db) as project:
        codings, _ = project.analysed_codings(coders)
        texts = {d.id: d.text for d in project.documents()}
    return coding_export_rows(codings, texts, context)


def as_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[row[c] for c in columns] for row in rows])
    return out.getvalue()


@pytest.mark.parametrize(("coders", "context"), [([], 200), (["Budi", "consensus"], 8), (["ana"], 0)])
def test_export_codings_is_the_plain_rendering(awkward: Path, run: Run, tmp_path: Path,
                                               coders: list[str], context: int) -> None:
    rows = reference_export(awkward, coders, context)
    assert len(rows) > 50
    options = [x for c in coders for x in ("--coder", c)] + ["--context", str(context)]
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    assert run("export", "codings", *options).stdout == jsonl  # stdout: jsonl by default
    expected = {"jsonl": jsonl, "csv": as_csv(rows, CODING_EXPORT_COLUMNS),
                "json": json.dumps(rows, ensure_ascii=False, indent=2) + "\n"}
    for fmt, text in expected.items():
        target = tmp_path / f"c.{fmt}"
        assert f"{len(rows)} codings written" in run("export", "codings", *options, "-o", target).stdout
        assert target.read_bytes() == text.encode("utf-8"), fmt
    target = tmp_path / "c.xlsx"
    run("export", "codings", *options, "-o", target)
    sheet = openpyxl.load_workbook(target, read_only=True).worksheets[0]
    values = [tuple("" if v is None else v for v in row) for row in sheet.iter_rows(values_only=True)]
    assert values == [tuple(CODING_EXPORT_COLUMNS)] + [tuple(r.values()) for r in rows]


def test_unknown_coder_writes_nothing(awkward: Path, run: Run, tmp_path: Path) -> None:
    result = run("export", "codings", "--coder", "nobody", "-o", tmp_path / "c.csv", expect=2)
    assert "--coder nobody: no codings by this coder; coders: Budi, ana, consensus" in result.stderr
    assert not (tmp_path / "c.csv").exists() and result.stdout == ""


def test_export_to_dev_null_leaves_dev_null_alone(awkward: Path, run: Run) -> None:
    assert "codings written to /dev/null" in run("export", "codings", "-o", "/dev/null").stdout
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("filters", [[], ["--doc", "Émile"], ["--code", "barriers"], ["--coder", "ana"]])
def test_codings_listing_is_the_plain_rendering(awkward: Path, run: Run, tmp_path: Path,
                                                filters: list[str]) -> None:
    with Project(awkward) as project:
        doc, code = (filters[1], None) if filters[:1] == ["--doc"] else (None, None)
        code = filters[1] if filters[:1] == ["--code"] else code
        coder = [filters[1]] if filters[:1] == ["--coder"] else []
        rows = [{"id": c.id, "doc": c.doc, "doc_id": c.doc_id, "code": c.code, "coder": c.coder,
                 "start": c.start, "end": c.end, "text": c.text, "memo": c.memo, "created": c.created}
                for c in project.codings(doc=doc, code=code, coder=coder)]
    assert rows
    listing = run("codings", *filters, "--format", "json").stdout
    assert listing == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    lines = run("codings", *filters, "--format", "jsonl").stdout
    assert lines == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    target = tmp_path / "listing.csv"  # a file: click's test runner turns "\r\n" into "\n" on stdout
    run("codings", *filters, "--format", "csv", "-o", target)
    assert target.read_bytes() == as_csv(rows, LISTING).encode("utf-8")


def _old_context_after(text: str, end: int, size: int) -> str:
    stop = min(len(text), end + size)
    piece = text[end:stop]
    if stop < len(text) and not text[stop].isspace() and not piece[-1:].isspace():
        cut = len(piece)
        while cut and not piece[cut - 1].isspace():
            cut -= 1
        piece = piece[:cut]
    return piece


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\t\u00a0\u2003\u3000\u200b\x1c\x85é")), max_size=40),
       st.integers(0, 40), st.integers(0, 12))
def test_context_after_keeps_whole_words_as_before(text: str, end: int, size: int) -> None:
    end = min(end, len(text))
    assert context_after(text, end, size) == _old_context_after(text, end, size)


def test_a_study_without_codings_exports_empty_files(db: Path, run: Run, tmp_path: Path) -> None:
    build_awkward_study(db)
    with Project(db) as project:
        for coding in project.codings():
            project.remove_coding(int(coding.id or 0))
    expected = {"csv": ",".join(CODING_EXPORT_COLUMNS) + "\n", "jsonl": "", "json": "[]\n"}
    for fmt, text in expected.items():
        assert "0 codings written" in run("export", "codings", "-o", tmp_path / f"e.{fmt}").stdout
        assert (tmp_path / f"e.{fmt}").read_text(encoding="utf-8") == text
    run("export", "codings", "-o", tmp_path / "e.xlsx")
    assert [list(r) for r in openpyxl.load_workbook(tmp_path / "e.xlsx").worksheets[0].values] == [
        CODING_EXPORT_COLUMNS]
    assert run("codings", "--format", "json").stdout == "[]\n"
