"""import, docs, show, cases, codebook, code/uncode, codings, codings import: the CLI contract."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Run, as_json

INTERVIEW = """Interviewer: How did you start selling online?
Sari: I did not know how to make a post. My niece showed me. Now I post every day.
Interviewer: And the costs?
Sari: Data packages are expensive, so I post only at night when it is cheaper.
"""

CODEBOOK = """name: Test codebook
codes:
  - name: barriers
    children:
      - name: limited-digital-knowledge
        description: Not knowing how to use digital tools.
        shortcut: "1"
      - name: cost-and-connectivity
        shortcut: "2"
  - name: behaviour-change/social-media-promotion
    shortcut: "3"
"""


@pytest.fixture
def study(tmp_path: Path, run: Run) -> Path:
    (tmp_path / "P01-interview.txt").write_text(INTERVIEW, encoding="utf-8")
    (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    run("codebook", "import", tmp_path / "codebook.yaml")
    run("import", tmp_path / "P01-interview.txt", "--case-pattern", r"^(P\d+)")
    return tmp_path


def test_import_docs_show(study: Path, run: Run) -> None:
    docs = as_json(run("docs", "--format", "json"))
    assert docs == [{"id": 1, "name": "P01-interview", "kind": "interview", "case": "P01", "words": 45,
                     "turns": 4, "speakers": ["Interviewer", "Sari"], "codings": 0}]
    shown = as_json(run("show", "P01-interview", "--format", "json"))
    text = shown["text"]
    assert [text[t["start"]:t["end"]].split()[0] for t in shown["turns"]] == ["How", "I", "And", "Data"]
    assert [t["speaker"] for t in shown["turns"]] == ["Interviewer", "Sari"] * 2
    assert text[shown["sentences"][1]["start"]:shown["sentences"][1]["end"]] == "I did not know how to make a post."
    assert run("show", "1").stdout == text + "\n"


def test_reimport_is_skipped(study: Path, run: Run) -> None:
    out = run("import", study / "P01-interview.txt").stdout
    assert out.startswith("skipped")
    assert len(as_json(run("docs", "--format", "json"))) == 1


def test_code_by_quote_and_offsets_then_list(study: Path, run: Run) -> None:
    first = run("code", "P01-interview", "limited-digital-knowledge", "--quote", "did not know how to make a post",
                "--memo", "key moment").stdout.strip()
    text = as_json(run("show", "P01-interview", "--format", "json"))["text"]
    start = text.index("Data packages")
    run("code", "P01-interview", "barriers/cost-and-connectivity", "--start", start, "--end", start + 31,
        coder="budi")
    rows = as_json(run("codings", "--format", "json"))
    assert [r["id"] for r in rows] == [int(first), int(first) + 1]
    assert rows[0] | {"created": None} == {
        "id": 1, "doc": "P01-interview", "doc_id": 1, "code": "barriers/limited-digital-knowledge",
        "coder": "ana", "start": text.index("did not know"), "end": text.index(". My niece"),
        "text": "did not know how to make a post", "memo": "key moment", "created": None}
    assert rows[1]["text"] == "Data packages are expensive, so"
    assert len(as_json(run("codings", "--coder", "budi", "--format", "json"))) == 1
    assert len(as_json(run("codings", "--code", "barriers", "--format", "json"))) == 2
    jsonl = run("codings", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in jsonl] == [1, 2]
    csv_out = run("codings", "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "id,doc,doc_id,code,coder,start,end,text,memo,created"
    run("uncode", first)
    assert [r["id"] for r in as_json(run("codings", "--format", "json"))] == [2]


@pytest.mark.parametrize("args, message", [
    (["code", "P01-interview", "limited-digital-knowledge", "--start", "5", "--end", "99999"], "outside the text"),
    (["code", "P01-interview", "limited-digital-knowledge", "--quote", "never said this at all, truly"],
     "not found"),
    (["code", "P01-interview", "limited-digital-knowledge", "--quote", "Interviewer"], "occurs 2 times"),
    (["code", "P01-interview", "no-such-code", "--start", "0", "--end", "5"], "not in the codebook"),
    (["code", "nope", "limited-digital-knowledge", "--start", "0", "--end", "5"], "document nope"),
    (["code", "P01-interview", "limited-digital-knowledge"], "either --start and --end, or --quote"),
    (["uncode", "42"], "coding 42"),
])
def test_bad_coding_input_is_one_line_exit_2(study: Path, run: Run, args: list[str], message: str) -> None:
    result = run(*args, expect=2)
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert as_json(run("codings", "--format", "json")) == []


def test_codings_import_jsonl_and_csv(study: Path, run: Run) -> None:
    rows = [{"doc": "P01-interview", "code": "barriers/cost-and-connectivity", "quote": "Data packages are expensive"},
            {"doc": "P01-interview", "code": "outcomes/new-code", "quote": "Now I post every day.", "coder": "budi"}]
    path = study / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = run("codings", "import", path).stdout
    assert "2 codings added" in out and "1 codes created" in out
    assert run("codings", "import", path).stdout.count("0 codings added") == 1
    coded = as_json(run("codings", "--format", "json"))
    assert {(r["coder"], r["code"]) for r in coded} == {("ana", "barriers/cost-and-connectivity"),
                                                       ("budi", "outcomes/new-code")}
    csv_path = study / "c.csv"
    csv_path.write_text("doc,code,start,end\nP01-interview,barriers,0,11\n", encoding="utf-8")
    run("codings", "import", csv_path, "--coder", "carla")
    assert as_json(run("codings", "--coder", "carla", "--format", "json"))[0]["text"] == "Interviewer"


def test_codings_import_bad_row_changes_nothing(study: Path, run: Run) -> None:
    path = study / "bad.jsonl"
    path.write_text('{"doc": "P01-interview", "code": "barriers", "start": 0, "end": 5}\nnot json\n')
    result = run("codings", "import", path, expect=2)
    assert "bad.jsonl:2: not valid JSON" in result.stderr
    path.write_text('{"doc": "P01-interview", "code": "barriers", "start": 0, "end": 5}\n'
                    '{"doc": "ghost", "code": "barriers", "start": 0, "end": 5}\n')
    assert "document ghost" in run("codings", "import", path, expect=2).stderr
    assert as_json(run("codings", "--format", "json")) == []


def test_codebook_list_rename_merge_export(study: Path, run: Run, tmp_path: Path) -> None:
    listed = as_json(run("codebook", "list", "--format", "json"))
    assert [c["path"] for c in listed][:3] == ["barriers", "barriers/limited-digital-knowledge",
                                               "barriers/cost-and-connectivity"]
    assert set(listed[0]) == {"path", "name", "parent", "description", "color", "shortcut", "count"}
    assert "0 codes added, 0 updated" in run("codebook", "import", study / "codebook.yaml").stdout
    run("code", "P01-interview", "cost-and-connectivity", "--quote", "Data packages are expensive")
    run("codebook", "rename", "barriers/cost-and-connectivity", "barriers/cost")
    run("codebook", "merge", "barriers/cost", "barriers/limited-digital-knowledge")
    assert as_json(run("codings", "--format", "json"))[0]["code"] == "barriers/limited-digital-knowledge"
    for suffix in ("yaml", "json", "qdc", "md"):
        run("codebook", "export", "-o", tmp_path / f"out.{suffix}")
        assert (tmp_path / f"out.{suffix}").stat().st_size > 50


def test_cases_import_attaches_attributes(study: Path, run: Run) -> None:
    table = study / "people.csv"
    table.write_text("participant_id,district,age\nP01,Sleman,34\nP02,Bantul,41\n", encoding="utf-8")
    run("cases", "import", table, "--key", "participant_id")
    cases = as_json(run("cases", "list", "--format", "json"))
    assert cases[0] == {"case": "P01", "documents": 1, "district": "Sleman", "age": "34"}
    table.write_text("participant_id,x\nP01,1\nP01,2\n", encoding="utf-8")
    assert "appears twice" in run("cases", "import", table, "--key", "participant_id", expect=2).stderr
    assert "no column 'id'" in run("cases", "import", table, "--key", "id", expect=2).stderr


def test_bad_files_exit_2_and_change_nothing(study: Path, run: Run, db: Path) -> None:
    (study / "empty.txt").write_text("")
    (study / "blob.docx").write_bytes(b"PK\x03\x04 broken zip")
    (study / "data.bin").write_bytes(b"\x00\x01\x02")
    for name in ("empty.txt", "blob.docx", "data.bin"):
        result = run("import", study / name, expect=2)
        assert name in result.stderr and result.stderr.count("\n") == 1
    assert len(as_json(run("docs", "--format", "json"))) == 1
    bad_db = study / "x.db"
    bad_db.write_text("not sqlite")
    from click.testing import CliRunner

    from themecoder.cli import cli

    result = CliRunner().invoke(cli, ["-p", str(bad_db), "docs"])
    assert result.exit_code == 2 and "not a themecoder project" in result.stderr


def test_folder_import_lists_bad_files_and_keeps_good(tmp_path: Path, run: Run, db: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Field note. The trainer arrived late.\n\nWe started at ten.")
    (folder / "sub" / "b.md").write_text("Interviewer: Hello?\nAni: Hi. I sell batik.\n")
    (folder / "sub" / "c.txt").write_bytes(b"")
    result = run("import", folder, expect=2)
    assert "c.txt" in result.stderr and result.stdout.count("imported") == 2
    kinds = {d["name"]: d["kind"] for d in as_json(run("docs", "--format", "json"))}
    assert kinds == {"a": "observation", "b": "interview"}
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_survey_answers_never_deduplicated(tmp_path: Path, run: Run) -> None:
    table = tmp_path / "survey.csv"
    rows = "".join(f"R{n},Nothing,{n % 2}\n" for n in range(600))
    table.write_text("rid,answer,cohort\n" + rows, encoding="utf-8")
    run("import", table, "--text-column", "answer", "--case-column", "rid", "--attr-columns", "cohort")
    docs = as_json(run("docs", "--format", "json"))
    assert len(docs) == 600 and {d["kind"] for d in docs} == {"survey"}
    assert run("import", table, "--text-column", "answer", "--case-column", "rid").stdout.count("skipped") == 600
    assert "no column 'q9'" in run("import", table, "--text-column", "q9", expect=2).stderr.replace('"', "'")


def test_indonesian_sentences(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "P02-wawancara.txt"
    path.write_text("Pewawancara: Bagaimana penjualan Ibu?\nIbu Sari: Naik banyak. Saya senang sekali!\n")
    run("import", path, "--lang", "id")
    shown = as_json(run("show", "P02-wawancara", "--format", "json"))
    assert [shown["text"][s["start"]:s["end"]] for s in shown["sentences"]] == [
        "Bagaimana penjualan Ibu?", "Naik banyak.", "Saya senang sekali!"]
    assert "spaCy has no language" in run("import", path, "--lang", "xx-bogus", expect=2).stderr
