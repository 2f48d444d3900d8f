"""Open-ended survey answers from CSV and XLSX tables: one document per answer."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest

from themecoder.core.errors import InputError
from themecoder.io import read_document

ROWS = [
    ["respondent", "district", "age", "What was hardest?"],
    ["R01", "Bandung", "34", "Nothing"],
    ["R02", "Bogor", "41", "Nothing"],
    ["R03", "Bandung", "29", ""],
    ["R04", "Depok", "52", 'The cost of data, and "slow" signal;\nsometimes no signal'],
    ["R05", "Bogor", "38", "  Nothing  "],
]


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding="utf-8") -> Path:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_one_document_per_answer_never_deduplicated(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "endline.csv", ROWS)
    documents = read_document(
        path, text_column="What was hardest?", case_column="respondent",
        attr_columns=["district", "age"],
    )  # fmt: skip
    assert [d.text for d in documents] == [
        "Nothing",
        "Nothing",
        'The cost of data, and "slow" signal;\nsometimes no signal',
        "Nothing",
    ]
    assert [d.name for d in documents] == [
        "endline-R01",
        "endline-R02",
        "endline-R04",
        "endline-R05",
    ]
    assert [d.case for d in documents] == ["R01", "R02", "R04", "R05"]
    assert documents[2].attributes == {"district": "Depok", "age": "52"}
    assert len({d.import_key for d in documents}) == 4
    nothing = hashlib.sha256(b"Nothing").hexdigest()
    assert documents[0].import_key == f"endline:1:{nothing}"
    assert documents[3].import_key == f"endline:5:{nothing}"
    assert all(d.kind == "survey" and d.source_format == "csv" for d in documents)
    assert all(d.turns == [type(d.turns[0])(0, len(d.text))] for d in documents)
    assert documents[0].warnings == [f"{path}: 1 empty answers skipped (rows 3)"]
    assert documents[1].warnings == []


def test_six_hundred_identical_answers_are_six_hundred_documents(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", [["answer"]] + [["Nothing"]] * 600)
    documents = read_document(path, text_column="answer")
    assert len(documents) == 600
    assert len({d.import_key for d in documents}) == 600
    assert documents[599].name == "big-600"
    assert read_document(path, text_column="answer")[7].import_key == documents[7].import_key


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(tmp_path / "d.csv", ROWS, delimiter=delimiter)
    documents = read_document(path, text_column="what was hardest?", case_column="Respondent")
    assert [d.case for d in documents] == ["R01", "R02", "R04", "R05"]
    assert documents[0].meta["delimiter"] == delimiter


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    rows = [["id", "jawaban"], ["1", "Harga kuota mahal – café"], ["2", "Tidak ada"]]
    path = write_csv(tmp_path / "id.csv", rows, encoding=encoding)
    documents = read_document(path, text_column="jawaban", case_column="id")
    assert [d.text for d in documents] == ["Harga kuota mahal – café", "Tidak ada"]
    warned = [w for d in documents for w in d.warnings]
    assert warned == ([f"{path}: not UTF-8, read as Windows-1252"] if encoding == "cp1252" else [])


def test_group_by_case_joins_a_respondents_answers(tmp_path: Path) -> None:
    rows = [["id", "q"], ["A", "First answer"], ["B", "Other"], ["A", "Second answer"]]
    path = write_csv(tmp_path / "multi.csv", rows)
    grouped = read_document(path, text_column="q", case_column="id", group_by_case=True)
    assert [(d.name, d.text) for d in grouped] == [
        ("multi-A", "First answer\n\nSecond answer"),
        ("multi-B", "Other"),
    ]
    first = grouped[0]
    assert [first.text[t.start : t.end] for t in first.turns] == ["First answer", "Second answer"]
    per_row = read_document(path, text_column="q", case_column="id")
    assert [d.name for d in per_row] == ["multi-A-1", "multi-B", "multi-A-3"]


def test_xlsx_first_sheet_numbers_and_dates(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "score", "when", "answer"])
    sheet.append([101, 4.0, dt.datetime(2024, 5, 12), "Posting on Instagram 📈"])
    sheet.append([102, 3.5, dt.date(2024, 5, 13), 42])
    sheet.append([103, None, None, None])
    workbook.create_sheet("other").append(["ignored"])
    path = tmp_path / "survey.xlsx"
    workbook.save(path)
    documents = read_document(path, text_column="answer", case_column="id",
                              attr_columns=["score", "when"])  # fmt: skip
    assert [(d.name, d.text, d.case) for d in documents] == [
        ("survey-101", "Posting on Instagram 📈", "101"),
        ("survey-102", "42", "102"),
    ]
    assert documents[0].attributes == {"score": "4", "when": "2024-05-12"}
    assert documents[1].attributes == {"score": "3.5", "when": "2024-05-13"}
    assert documents[0].source_format == "xlsx"
    assert documents[0].warnings == [f"{path}: 1 empty answers skipped (rows 3)"]


def test_missing_columns_name_the_columns_that_exist(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", ROWS)
    with pytest.raises(InputError, match=r"s\.csv: no column 'answer'; columns are: 'respondent'"):
        read_document(path, text_column="answer")
    with pytest.raises(InputError, match=r"s\.csv: no column 'who'"):
        read_document(path, text_column="age", case_column="who")
    with pytest.raises(InputError, match=r"s\.csv: a survey table needs a text column; columns"):
        read_document(path)
    with pytest.raises(InputError, match=r"s\.csv: grouping answers by case needs a case column"):
        read_document(path, text_column="age", group_by_case=True)


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty file"), (b"\n\n  \n", "empty file"), (b"answer\n\n,\n", "no answers")],
)
def test_empty_tables_are_refused(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=rf"e\.csv: {problem}"):
        read_document(path, text_column="answer")


def test_a_binary_file_named_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"\x00\x01\x02binary\x00")
    with pytest.raises(InputError, match=r"data\.csv: binary file"):
        read_document(path, text_column="answer")
